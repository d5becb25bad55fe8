/**
 * The engine on each Django of the matrix (3.2 + psycopg2 from Debian; 4.2 and 5.2 + psycopg 3
 * from pinned virtualenvs): the example app regenerates with the preset's defaults, its seed
 * loads, Django then has no migration to apply, and --verify passes.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { afterAll, describe, expect, test } from "@jest/globals";
import { copyExample, createDatabase, removeTempDirs, targetServer, tempDir } from "../helpers";
import { DJANGO_MATRIX, envFor, pgseedCli, requireDjango } from "../djangoMatrix";

afterAll(removeTempDirs);

/** The probe cache's files with their inodes: a rewrite (a probe ran) gives a new inode. */
const probeCacheEntries = (cache: string) => {
  const dir = path.join(cache, "django-probe");
  return fs.readdirSync(dir).map((f) => `${f}:${fs.statSync(path.join(dir, f)).ino}`);
};

describe.each(DJANGO_MATRIX)("examples/django-blog on Django $name", (row) => {
  test("regenerate, load, `manage.py migrate` has nothing to apply, --verify passes", async () => {
    requireDjango(row);
    const app = copyExample("django-blog");
    const env = { ...envFor(row), PGSEED_CACHE: tempDir("pgseed-cache-") };
    const regen = await pgseedCli(["regenerate", "--quiet"], app, env);
    expect(regen.stderr).toBe("");
    expect(regen.code).toBe(0);
    // Writing the seed into the app folder (and migrate's bytecode) leaves the probe's cache valid:
    // the check a pre-commit hook runs next reads it instead of starting Python.
    const entry = probeCacheEntries(env.PGSEED_CACHE);
    expect(entry).toHaveLength(1);
    expect(await pgseedCli(["check", "--quiet"], app, env)).toMatchObject({ code: 0, stderr: "" });
    expect(probeCacheEntries(env.PGSEED_CACHE)).toEqual(entry);

    const server = await targetServer();
    try {
      const db = await createDatabase(server);
      const load = await pgseedCli(["load", "--url", db.url, "--quiet"], app, env);
      expect(load.stderr).toBe("");
      expect(load.code).toBe(0);
      const version = await execa(
        "python3",
        ["-c", "import django, sys; print(django.get_version()); print(sys.executable)"],
        { cwd: app, env, extendEnv: false },
      );
      expect(version.stdout.split("\n")[0]).toMatch(
        new RegExp(`^${row.name.replace(".", "\\.")}\\.`),
      );
      const migrate = await execa("python3", ["manage.py", "migrate", "--noinput", "-v", "2"], {
        cwd: app,
        env: { ...env, ...server.env, PGDATABASE: db.name, DATABASE_URL: db.url },
        extendEnv: false,
        all: true,
      });
      expect(migrate.all).toContain("No migrations to apply.");
      expect(migrate.all).not.toMatch(/Applying \w+\.\d{4}/);
    } finally {
      await server.stop();
    }

    const verify = await pgseedCli(["regenerate", "--verify", "--force", "--quiet"], app, env);
    expect(verify.stderr).toBe("");
    expect(verify.code).toBe(0);
  });
});

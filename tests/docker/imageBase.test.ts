/**
 * Issue 21, item 8: a base image older than the seed's pg_dump is pulled again before a
 * pre-seeded image is built, and refused, naming both versions and the fix, when it stays too old
 * to read the seed (its psql rejects \restrict), before any build container exists. The real
 * engine; the base is the offline postgres:15 with the psql of a minor before 15.14 (no registry
 * is reachable here, so the pull fails as it would offline).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli, copyExample, removeTempDirs, requirePostgres, sqlAppArgs } from "../helpers";
import { docker, oldPsqlImage, requireDockerImage } from "./engine";

const OLD_BASE = "pgseed-test/postgres:15-old-version";

/** postgres:15 whose psql rejects \restrict and says it is 15.10, as one cached before 15.14. */
async function oldBaseImage(): Promise<string> {
  const from = await oldPsqlImage();
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-oldbase-"));
  try {
    fs.writeFileSync(
      path.join(ctx, "psql"),
      '#!/bin/sh\ncase "$1" in --version|-V) echo "psql (PostgreSQL) 15.10"; exit 0;; esac\nexec /usr/lib/postgresql/15/bin/psql "$@"\n',
      { mode: 0o755 },
    );
    fs.writeFileSync(path.join(ctx, "Dockerfile"), `FROM ${from}\nCOPY psql /usr/local/bin/psql\n`);
    const r = await docker(["build", "-q", "-t", OLD_BASE, ctx], {
      env: { DOCKER_BUILDKIT: "0" },
      all: true,
    });
    if (r.exitCode !== 0) throw new Error(`building ${OLD_BASE} failed:\n${r.all}`);
    return OLD_BASE;
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
  }
}

beforeAll(() => {
  requirePostgres();
  requireDockerImage();
});
afterAll(() => removeTempDirs());

test("a base older than the seed's pg_dump is pulled again; still too old, it is refused before any build", async () => {
  const base = await oldBaseImage();
  const app = copyExample("sql-app");
  const custom = [...sqlAppArgs(app), "--image", base];
  expect(await cli(["regenerate", ...custom, "--quiet"])).toMatchObject({ code: 0 });
  const seedVersion = /^-- postgres: (\S+)$/m.exec(
    fs.readFileSync(path.join(app, "seed-db.sql"), "utf8"),
  )![1];
  const tag = `pgseed-test/oldbase-${process.pid}`;
  const r = await cli(["image", "--tag", tag, ...custom]);
  expect(r.stderr).toContain(
    `pgseed: ${base} has psql 15.10, older than the pg_dump ${seedVersion} that made the seed: pulling it again`,
  );
  expect(r.stderr).toContain(
    `pgseed: error: image ${base} has psql 15.10, older than the pg_dump ${seedVersion} that made the seed, and its psql rejects the seed's \\restrict lines (docker pull failed at `,
  );
  expect(r.stderr).toContain(
    `fix: pull a newer ${base} where a registry is reachable (docker pull ${base}), or set the image to PostgreSQL 15.14 or later`,
  );
  expect(r.code).toBe(2);
  expect(r.stderr).not.toContain("loading seed-db.sql"); // refused before any build container
  const images = await docker(["images", "--quiet", "--filter", `reference=${tag}`]);
  expect(images.stdout).toBe("");
}, 300000);

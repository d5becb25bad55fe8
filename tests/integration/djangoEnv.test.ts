/**
 * Settings that read the environment (examples/django-wild: DATABASE_URL's form decides
 * INSTALLED_APPS, as in wagtail's demo project; DJANGO_EXTRA_APPS adds apps). The probe and the
 * migrate command see pgseed's environment, never the user's: the fingerprint and `check` are the
 * same with the user's DATABASE_URL unset, postgres://… or postgresql://…, with the probe cache
 * empty or warm; the env and databaseUrlScheme settings change them, as part of the fingerprint.
 * Each on the Django versions of the matrix.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { copyExample, removeTempDirs, tempDir } from "../helpers";
import { DJANGO_MATRIX, envFor, pgseedCli, requireDjango } from "../djangoMatrix";

afterAll(removeTempDirs);

const USER_URLS = [
  undefined,
  "postgres://ada:secret@db.example.com:5432/wild",
  "postgresql://ada:secret@db.example.com:5432/wild",
];

/** The row's environment with the user's DATABASE_URL as given (undefined: unset). */
function userEnv(base: Record<string, string>, url: string | undefined): Record<string, string> {
  const env = { ...base };
  delete env.DATABASE_URL;
  if (url) env.DATABASE_URL = url;
  return env;
}

describe.each(DJANGO_MATRIX)("settings that read the environment, on Django $name", (row) => {
  test("DATABASE_URL is pgseed's, postgres:// for the django preset: fingerprint and check are the same whatever the user's, cache empty or warm", async () => {
    requireDjango(row);
    const app = copyExample("django-wild");
    const cache = tempDir("pgseed-cache-");
    const base = { ...envFor(row), PGSEED_CACHE: cache };
    const regen = await pgseedCli(["regenerate", "--quiet"], app, userEnv(base, USER_URLS[2]));
    expect(regen.stderr).toBe("");
    expect(regen.code).toBe(0);
    // The settings saw postgres:// in the migrate as in the probe: the branch's app is migrated.
    const seed = fs.readFileSync(path.join(app, "seed-db.sql"), "utf8");
    expect(seed).toContain("CREATE TABLE public.pgonly_marker (");
    const fingerprint = /^-- fingerprint: (\S+)$/m.exec(seed)![1];
    for (const url of USER_URLS) {
      for (const cacheState of ["empty", "warm"]) {
        if (cacheState === "empty")
          fs.rmSync(path.join(cache, "django-probe"), { recursive: true });
        const env = userEnv(base, url);
        const fp = await pgseedCli(["fingerprint"], app, env);
        expect({ url, cacheState, fp: fp.stdout, code: fp.code }).toEqual({
          url,
          cacheState,
          fp: fingerprint,
          code: 0,
        });
        expect(await pgseedCli(["check", "--quiet"], app, env)).toMatchObject({ code: 0 });
      }
    }
  });

  test("databaseUrlScheme postgresql takes the settings' other branch: another fingerprint, and a seed without it", async () => {
    requireDjango(row);
    const app = copyExample("django-wild");
    const env = { ...envFor(row), PGSEED_CACHE: tempDir("pgseed-cache-") };
    const postgres = await pgseedCli(["fingerprint"], app, env);
    const other = ["--database-url-scheme", "postgresql"];
    const postgresql = await pgseedCli(["fingerprint", ...other], app, env);
    expect(postgresql.code).toBe(0);
    expect(postgresql.stdout).not.toBe(postgres.stdout);
    const regen = await pgseedCli(["regenerate", "--quiet", ...other], app, env);
    expect(regen).toMatchObject({ code: 0, stderr: "" });
    const seed = fs.readFileSync(path.join(app, "seed-db.sql"), "utf8");
    expect(seed).toContain("CREATE TABLE public.accounts_apitoken (");
    expect(seed).not.toContain("pgonly_marker");
    // The same setting from the project file: the same fingerprint.
    fs.writeFileSync(path.join(app, "pgseed.json"), '{"databaseUrlScheme": "postgresql"}\n');
    expect((await pgseedCli(["fingerprint"], app, env)).stdout).toBe(postgresql.stdout);
  });

  test("what the settings branch on comes from the env setting; the user's own variable is not seen, and named", async () => {
    requireDjango(row);
    const app = copyExample("django-wild");
    const env = { ...envFor(row), PGSEED_CACHE: tempDir("pgseed-cache-") };
    const plain = await pgseedCli(["fingerprint"], app, env);
    const extra = "DJANGO_EXTRA_APPS=django.contrib.sessions";
    const given = await pgseedCli(["fingerprint", "--env", extra], app, env);
    expect(given.code).toBe(0);
    expect(given.stdout).not.toBe(plain.stdout);
    // A table in the project file is the same setting.
    fs.writeFileSync(
      path.join(app, "pgseed.json"),
      '{"env": {"DJANGO_EXTRA_APPS": "django.contrib.sessions"}}\n',
    );
    expect((await pgseedCli(["fingerprint"], app, env)).stdout).toBe(given.stdout);
    const regen = await pgseedCli(["regenerate", "--quiet"], app, env);
    expect(regen).toMatchObject({ code: 0, stderr: "" });
    expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
      "CREATE TABLE public.django_session (",
    );
    fs.rmSync(path.join(app, "pgseed.json"));
    // In the user's own environment only: not seen (the fingerprint of no setting), and said once,
    // when the probe runs.
    const mine = { ...env, DJANGO_EXTRA_APPS: "django.contrib.sessions" };
    fs.rmSync(path.join(env.PGSEED_CACHE, "django-probe"), { recursive: true });
    const hidden = await pgseedCli(["fingerprint"], app, mine);
    expect(hidden.stdout).toBe(plain.stdout);
    expect(hidden.stderr).toMatch(
      /^pgseed: warning: DJANGO_EXTRA_APPS is set in your environment, which the project does not see here [^\n]*--env DJANGO_EXTRA_APPS=/,
    );
  });

  test("settings that need a variable only the user's environment has fail naming it, never its value", async () => {
    requireDjango(row);
    const app = copyExample("django-wild");
    const settings = path.join(app, "wildsite", "settings.py");
    fs.writeFileSync(
      settings,
      fs
        .readFileSync(settings, "utf8")
        .replace(/^SECRET_KEY = .*$/m, 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]'),
    );
    const env = {
      ...envFor(row),
      PGSEED_CACHE: tempDir("pgseed-cache-"),
      DJANGO_SECRET_KEY: "s3cr3t-value-of-the-user",
    };
    const r = await pgseedCli(["fingerprint"], app, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Django could not load this project's migrations[^]*KeyError/);
    expect(r.stderr).toMatch(
      /fix: DJANGO_SECRET_KEY is set in your environment, which the project does not see here [^\n]*--env DJANGO_SECRET_KEY=…/,
    );
    expect(r.stderr).not.toContain("s3cr3t-value-of-the-user");
    const given = await pgseedCli(
      ["fingerprint", "--env", "DJANGO_SECRET_KEY=not-a-secret"],
      app,
      env,
    );
    expect(given).toMatchObject({ code: 0, stderr: "" });
  });
});

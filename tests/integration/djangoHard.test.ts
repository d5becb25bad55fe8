/**
 * The hard layout (examples/django-hard): manage.py in app/, the lock file at the repository
 * root, DATABASES written out in the settings, a third-party app with migrations outside the
 * app folder. A decoy PostgreSQL listens where the settings point, holding the user's rows:
 * regenerate must migrate pgseed's own server and leave the decoy exactly as it was.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, test } from "@jest/globals";
import {
  passwordRole,
  query,
  removeTempDirs,
  requirePostgres,
  targetServer,
  tempDir,
} from "../helpers";
import type { LocalCluster } from "../../seed/servers/cluster";
import { DJANGO_MATRIX, envFor, hardLayout, pgseedCli, requireDjango } from "../djangoMatrix";

afterAll(removeTempDirs);

/** Every table of the decoy's user database with its rows, in a stable order. */
async function decoyState(url: string): Promise<unknown> {
  const tables = await query(
    url,
    "SELECT schemaname || '.' || tablename AS t FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
  );
  const out: Record<string, unknown> = {};
  for (const { t } of tables) out[t] = await query(url, `SELECT * FROM ${t} ORDER BY 1`);
  return out;
}

/**
 * A decoy like the user's own database: role and database from the settings, a table of user rows.
 */
async function startDecoy(): Promise<{ server: LocalCluster; url: string }> {
  requirePostgres();
  const server = await targetServer();
  const roleUrl = await passwordRole(server, "hardshop", "hardshop-password");
  await query(server.url, "CREATE DATABASE hardshop OWNER hardshop");
  const u = new URL(roleUrl);
  u.pathname = "/hardshop";
  const url = u.toString();
  await query(
    url,
    "CREATE TABLE customers (id int PRIMARY KEY, email text NOT NULL); INSERT INTO customers VALUES (1, 'ada@example.com'), (2, 'linus@example.com')",
  );
  return { server, url };
}

describe.each(DJANGO_MATRIX)("django-hard on Django $name", (row) => {
  test("regenerate with the preset's defaults migrates pgseed's server, not the database in the settings", async () => {
    requireDjango(row);
    const decoy = await startDecoy();
    try {
      const before = await decoyState(decoy.url);
      const root = hardLayout(tempDir(), decoy.server.port);
      const env = {
        ...envFor(row),
        PYTHONPATH: path.join(root, "vendor"),
        PGSEED_CACHE: tempDir("pgseed-cache-"),
      };
      const r = await pgseedCli(["regenerate", "--quiet"], path.join(root, "app"), env);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const seed = fs.readFileSync(path.join(root, "app", "seed-db.sql"), "utf8");
      for (const table of [
        "shop_product",
        "shop_product_tags",
        "taglite_tag",
        "taglite_taggeditem",
        "auth_user",
        "django_content_type",
      ]) {
        expect(seed).toContain(`CREATE TABLE public.${table} (`);
      }
      expect(seed).toMatch(
        /COPY public\.django_migrations[^\n]*\n(?:[^\n]*\n)*?\d+\ttaglite\t0002_tag_slug_taggeditem\t/,
      );
      expect(await decoyState(decoy.url)).toEqual(before);
    } finally {
      await decoy.server.stop();
    }
  });

  test("the guard: a migrate command that connects elsewhere fails with exit 1 naming DATABASE_URL/PG*, and no seed is written", async () => {
    requireDjango(row);
    const decoy = await startDecoy();
    try {
      const root = hardLayout(tempDir(), decoy.server.port);
      const app = path.join(root, "app");
      const env = {
        ...envFor(row),
        PYTHONPATH: path.join(root, "vendor"),
        PGSEED_CACHE: tempDir("pgseed-cache-"),
      };
      // Not `python3 manage.py migrate …` (which pgseed runs through its runner): Django reads the
      // settings, so it migrates the decoy.
      const r = await pgseedCli(
        ["regenerate", "--migrate-command", "cd . && python3 manage.py migrate --noinput"],
        app,
        env,
      );
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("the migrate command created nothing in pgseed's server");
      expect(r.stderr).toContain("DATABASE_URL/PG*");
      expect(fs.existsSync(path.join(app, "seed-db.sql"))).toBe(false);
      // A plain psql against another database: the custom preset is guarded too.
      const c = await pgseedCli(
        [
          "regenerate",
          "--preset",
          "custom",
          "--migrations",
          "**/migrations/*.py",
          "--migrate-command",
          `psql "$DECOY_URL" -c 'SELECT 1'`,
        ],
        app,
        { ...env, DECOY_URL: decoy.url },
      );
      expect(c.code).toBe(1);
      expect(c.stderr).toContain("DATABASE_URL/PG*");
      expect(fs.existsSync(path.join(app, "seed-db.sql"))).toBe(false);
    } finally {
      await decoy.server.stop();
    }
  });
});

/**
 * An app whose AppConfig.ready() writes to the settings' database at start-up (as projects that
 * warm a cache or read a setting from a table do), tolerating an empty database.
 */
function addPinger(app: string): void {
  fs.mkdirSync(path.join(app, "pinger"));
  fs.writeFileSync(path.join(app, "pinger", "__init__.py"), "");
  fs.writeFileSync(
    path.join(app, "pinger", "apps.py"),
    `from django.apps import AppConfig
from django.db import ProgrammingError, connection


class PingerConfig(AppConfig):
    name = "pinger"

    def ready(self):
        try:
            with connection.cursor() as cursor:
                cursor.execute("INSERT INTO customers VALUES (99, 'ready@pinger')")
        except ProgrammingError:
            pass  # a database not migrated yet
`,
  );
  const settings = path.join(app, "hardsite", "settings.py");
  fs.writeFileSync(
    settings,
    fs.readFileSync(settings, "utf8").replace('    "shop",\n', '    "shop",\n    "pinger",\n'),
  );
}

describe.each(DJANGO_MATRIX)("an AppConfig.ready() that queries, on Django $name", (row) => {
  test("the probe never reaches the settings' database; the project still fingerprints, with a warning naming the app", async () => {
    requireDjango(row);
    const decoy = await startDecoy();
    try {
      const before = await decoyState(decoy.url);
      const root = hardLayout(tempDir(), decoy.server.port);
      const app = path.join(root, "app");
      addPinger(app);
      const env = {
        ...envFor(row),
        PYTHONPATH: path.join(root, "vendor"),
        PGSEED_CACHE: tempDir("pgseed-cache-"),
      };
      const fp = await pgseedCli(["fingerprint"], app, env);
      expect(await decoyState(decoy.url)).toEqual(before);
      expect(fp.stderr).toMatch(
        /^pgseed: warning: pinger's ready\(\) queried the database, which the graph probe never reaches \(OperationalError: [^\n]*\); the migration graph was read without the rest of that ready\(\)$/,
      );
      expect(fp.code).toBe(0);
      expect(fp.stdout).toMatch(/^sha256:[0-9a-f]{64}$/);
      // The migrate runs it too, against pgseed's empty server: the decoy stays as it was.
      const regen = await pgseedCli(["regenerate", "--quiet"], app, env);
      expect(regen.stderr).toBe("");
      expect(regen.code).toBe(0);
      expect(await decoyState(decoy.url)).toEqual(before);
    } finally {
      await decoy.server.stop();
    }
  });
});

describe("python/pgseed_django.py", () => {
  const execa = require("execa") as typeof import("execa");
  const runner = path.resolve(__dirname, "..", "..", "python");
  const py = (code: string, env: Record<string, string> = {}) =>
    execa(
      "/usr/bin/python3",
      [
        "-c",
        `import sys, json; sys.path.insert(0, ${JSON.stringify(runner)}); import pgseed_django as p\n${code}`,
      ],
      { reject: false, env, extendEnv: false },
    );

  test("replaces every connection parameter of the alias and drops OPTIONS that redirect, for the alias --database names", async () => {
    const r = await py(`
dbs = {"default": {"ENGINE": "django.db.backends.postgresql", "HOST": "db.example.com", "PORT": "6432", "NAME": "prod", "USER": "u", "PASSWORD": "x",
                   "OPTIONS": {"service": "prod", "passfile": "/p", "sslmode": "require", "connect_timeout": 5}, "CONN_MAX_AGE": 60},
       "other": {"ENGINE": "django.db.backends.sqlite3", "NAME": "x.db"}}
env = {"PGHOST": "127.0.0.1", "PGPORT": "5999", "PGDATABASE": "postgres", "PGUSER": "postgres", "PGPASSWORD": "pw"}
print(json.dumps([p.point_at_pgseed(dbs, "default", env), p.point_at_pgseed(dbs, "other", env), p.database_alias(["--noinput", "--database", "other"]), p.database_alias(["--database=x"]), p.database_alias([])]))`);
    expect(r.stderr).toBe("");
    const [def, other, a1, a2, a3] = JSON.parse(r.stdout);
    expect(def).toEqual({
      ENGINE: "django.db.backends.postgresql",
      HOST: "127.0.0.1",
      PORT: "5999",
      NAME: "postgres",
      USER: "postgres",
      PASSWORD: "pw",
      OPTIONS: { connect_timeout: 5 },
      CONN_MAX_AGE: 60,
    });
    expect(other.ENGINE).toBe("django.db.backends.postgresql"); // sqlite in dev settings: the seed is PostgreSQL
    expect([a1, a2, a3]).toEqual(["other", "x", "default"]);
  });

  test("a missing alias, a manage.py without DJANGO_SETTINGS_MODULE and missing PG* fail with a fix", async () => {
    const alias = await py(`p.point_at_pgseed({"default": {}}, "replica", {})`);
    expect(alias.exitCode).toBe(2);
    expect(alias.stderr).toMatch(
      /DATABASES has no alias 'replica'\nfix: pass --database with one of: default/,
    );
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "manage.py"), "import sys\n");
    const noSettings = await execa(
      "/usr/bin/python3",
      [path.join(runner, "pgseed_django.py"), "probe"],
      { cwd: dir, reject: false, extendEnv: false, env: { PATH: "/usr/bin:/bin" } },
    );
    expect(noSettings.exitCode).toBe(4);
    expect(noSettings.stderr).toMatch(
      /manage.py has no os.environ.setdefault\("DJANGO_SETTINGS_MODULE", \.\.\.\) line\nfix: set DJANGO_SETTINGS_MODULE/,
    );
    const noEnv = await execa(
      "/usr/bin/python3",
      [path.join(runner, "pgseed_django.py"), "migrate"],
      { cwd: dir, reject: false, extendEnv: false, env: { PATH: "/usr/bin:/bin" } },
    );
    expect(noEnv.exitCode).toBe(2);
    expect(noEnv.stderr).toMatch(
      /PGHOST, PGPORT, PGDATABASE not set.*\nfix: run this through pgseed regenerate/,
    );
  });

  test("the CLI turns a settings error into one message with a fix (exit 2), naming the probe", async () => {
    const root = hardLayout(tempDir());
    const r = await pgseedCli(["fingerprint"], path.join(root, "app"), {
      ...envFor(DJANGO_MATRIX[0]),
      PGSEED_CACHE: tempDir("pgseed-cache-"),
    }); // no PYTHONPATH: taglite is missing
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /Django could not load this project's migrations[^\n]*\n(?:.*\n)*.*No module named 'taglite'\n  fix: /,
    );
  });
});

test("a manage.py that sets up sys.path itself (cookiecutter-django style) is run as it is, for the probe and the migrate", async () => {
  const row = requireDjango(DJANGO_MATRIX[2]);
  // nothing listens on port 1: only pgseed's server can be migrated
  const root = hardLayout(tempDir(), 1);
  const app = path.join(root, "app");
  fs.mkdirSync(path.join(app, "apps"));
  fs.renameSync(path.join(app, "shop"), path.join(app, "apps", "shop"));
  const manage = path.join(app, "manage.py");
  fs.writeFileSync(
    manage,
    fs
      .readFileSync(manage, "utf8")
      .replace(
        "def main():\n",
        'def main():\n    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "apps"))\n',
      ),
  );
  const env = {
    ...envFor(row),
    PYTHONPATH: path.join(root, "vendor"),
    PGSEED_CACHE: tempDir("pgseed-cache-"),
  };
  const r = await pgseedCli(["regenerate", "--quiet"], app, env);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
    "CREATE TABLE public.shop_product (",
  );
});

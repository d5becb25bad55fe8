/**
 * The engine end to end through the real CLI: real PostgreSQL 15, real Django migrations,
 * real pg_dump/psql. Each test works on a temp copy of an example app.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { LocalCluster } from "../../seed/servers/cluster";
import {
  cli,
  copyExample,
  createDatabase,
  djangoPython,
  leftovers,
  query,
  removeTempDirs,
  requirePostgres,
  ROOT,
  targetServer,
  tempDir,
  sqlAppArgs,
} from "../helpers";

let server: LocalCluster;
let python: string;

beforeAll(async () => {
  requirePostgres();
  python = await djangoPython();
  server = await targetServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const read = (file: string) => fs.readFileSync(file);

async function regenerated(appDir: string, extra: string[] = []): Promise<string> {
  const r = await cli(["regenerate", "--app-dir", appDir, ...extra]);
  expect(r).toMatchObject({ code: 0 });
  return path.join(appDir, "seed-db.sql");
}

describe("django example", () => {
  let app: string;
  let seed: string;
  beforeAll(async () => {
    app = copyExample("django-blog");
    seed = await regenerated(app);
  });

  test("regenerate prints one line per step with its duration", async () => {
    const r = await cli(["regenerate", "--force", "--app-dir", app]);
    expect(r.code).toBe(0);
    for (const step of ["server start", "migrate", "normalize", "dump", "server stop", "write"]) {
      expect(r.stderr).toMatch(new RegExp(`pgseed: ${step} +\\d+\\.\\d\\d s`));
    }
  });

  test("the seed loads into a fresh database; migrate then has nothing to apply; the data migration rows are there", async () => {
    const db = await createDatabase(server);
    const load = await cli(["load", "--url", db.url, "--seed", seed]);
    expect(load).toMatchObject({ code: 0 });
    expect(load.stderr).toContain("postgresql://postgres:****@"); // URLs are printed masked
    const migrate = await execa(python, ["manage.py", "migrate"], {
      cwd: app,
      env: { ...server.env, PGDATABASE: db.name, PYTHONDONTWRITEBYTECODE: "1" },
    });
    expect(migrate.stdout).toContain("No migrations to apply.");
    const rows = await query(db.url, "SELECT name, slug FROM blog_category ORDER BY id");
    expect(rows).toEqual([
      { name: "General", slug: "general" },
      { name: "Technology", slug: "technology" },
      { name: "Travel", slug: "travel" },
    ]);
    const [marker] = await query(
      db.url,
      "SELECT obj_description('public'::regnamespace, 'pg_namespace') AS m",
    );
    expect(marker.m).toBe(
      `pgseed ${fs.readFileSync(seed, "utf8").split("\n")[1].slice("-- fingerprint: ".length)}`,
    );
  });

  test("a second regenerate with nothing changed does nothing and starts no server", async () => {
    const before = read(seed);
    const r = await cli(["regenerate", "--app-dir", app, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ regenerated: false, steps: [] });
    expect(read(seed).equals(before)).toBe(true);
  });

  test("two clones at different absolute paths give byte-identical seeds, and --verify passes", async () => {
    const other = copyExample("django-blog", path.join(tempDir("pgseed-elsewhere-"), "deeper"));
    const otherSeed = await regenerated(other, ["--verify"]);
    expect(read(otherSeed).equals(read(seed))).toBe(true);
  });

  test("a CRLF copy of the migrations has the same fingerprint", async () => {
    const crlf = copyExample("django-blog");
    for (const dir of ["blog/migrations", "posts/migrations"]) {
      for (const f of fs.readdirSync(path.join(crlf, dir)).filter((n) => n.endsWith(".py"))) {
        const file = path.join(crlf, dir, f);
        fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(/\n/g, "\r\n"));
      }
    }
    const [a, b] = await Promise.all([
      cli(["fingerprint", "--app-dir", app]),
      cli(["fingerprint", "--app-dir", crlf]),
    ]);
    expect(a.stdout).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(b.stdout).toBe(a.stdout);
  });

  test("loading into a non-empty database is refused and changes nothing", async () => {
    const db = await createDatabase(server);
    await query(db.url, "CREATE TABLE keep_me (id int); INSERT INTO keep_me VALUES (42)");
    const r = await cli(["load", "--url", db.url, "--seed", seed]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /database "t\d+_\d+" is not empty \(it has public.keep_me[\s\S]*fix: load into an empty database/,
    );
    expect(
      await query(db.url, "SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'"),
    ).toEqual([{ n: 1 }]);
  });

  test("a truncated seed is refused before anything is loaded", async () => {
    const truncated = path.join(tempDir(), "seed-db.sql");
    const bytes = read(seed);
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const db = await createDatabase(server);
    const r = await cli(["load", "--url", db.url, "--seed", truncated]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/truncated or tampered[\s\S]*nothing was loaded/);
    expect(
      await query(
        db.url,
        "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace",
      ),
    ).toEqual([{ n: 0 }]);
  });
});

describe("clone", () => {
  test("loads the template once, creates N databases from it, reuses it, and drops only what pgseed made", async () => {
    const app = copyExample("django-blog", undefined, true);
    const args = ["clone", "--url", server.url, "--app-dir", app, "--prefix", "workers", "--json"];
    const first = await cli([...args, "--count", "3"]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      template: "workers_template",
      databases: ["workers_1", "workers_2", "workers_3"],
      templateLoaded: true,
    });
    for (const db of ["workers_1", "workers_2", "workers_3"]) {
      const url = server.url.replace(/\/postgres$/, `/${db}`);
      expect(await query(url, "SELECT count(*)::int AS n FROM blog_category")).toEqual([{ n: 3 }]);
    }
    const again = await cli([...args, "--count", "2"]);
    expect(JSON.parse(again.stdout)).toMatchObject({
      databases: ["workers_1", "workers_2"],
      templateLoaded: false,
    });

    // Django's test runner copies the template (TEST.TEMPLATE) instead of migrating from scratch.
    const django = await execa(python, ["manage.py", "test", "-v", "2", "--noinput"], {
      cwd: app,
      env: {
        ...server.env,
        PGSEED_TEST_TEMPLATE: "workers_template",
        PYTHONDONTWRITEBYTECODE: "1",
      },
      all: true,
    });
    expect(django.all).toMatch(/Running migrations:\s+No migrations to apply\./);
    expect(django.all).toMatch(/Ran 1 test[\s\S]*\nOK/);

    await query(server.url, "CREATE DATABASE mine_1");
    const refused = await cli([
      "clone",
      "--url",
      server.url,
      "--app-dir",
      app,
      "--prefix",
      "mine",
      "--count",
      "1",
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /database "mine_1" exists and was not made by pgseed; it is left as it is/,
    );
    expect(
      await query(server.url, "SELECT datname FROM pg_database WHERE datname LIKE 'mine%'"),
    ).toEqual([{ datname: "mine_1" }]);
  });
});

describe("check", () => {
  let pristine: string;
  beforeAll(async () => {
    pristine = copyExample("django-blog");
    await regenerated(pristine);
  });
  const EMPTY_MIGRATION =
    "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = [('blog', '0004_author_bio_rename_blog_title')]\n    operations = []\n";

  test.each<[string, (mig: (f: string) => string, app: string) => void, RegExp]>([
    [
      "touching a migration",
      (mig) => fs.appendFileSync(mig("0001_initial.py"), "\n# touched\n"),
      /is stale: the migrations or recipe changed/,
    ],
    [
      "adding a migration",
      (mig) => fs.writeFileSync(mig("0005_noop.py"), EMPTY_MIGRATION),
      /is stale/,
    ],
    ["removing a migration", (mig) => fs.rmSync(mig("0005_noop.py")), /is stale/],
    [
      "renaming a migration",
      (mig) => fs.renameSync(mig("0005_noop.py"), mig("0005_nothing.py")),
      /is stale/,
    ],
    [
      "editing the seed by hand",
      (_m, app) => fs.appendFileSync(path.join(app, "seed-db.sql"), "DROP TABLE blog_blog;\n"),
      /is tampered or truncated/,
    ],
    [
      "deleting the seed",
      (_m, app) => fs.rmSync(path.join(app, "seed-db.sql")),
      /seed-db.sql is missing/,
    ],
  ])(
    "%s makes check exit 1 and name the reason; after regenerate it exits 0",
    async (what, change, reason) => {
      const app = path.join(tempDir(), "app");
      fs.cpSync(pristine, app, { recursive: true });
      const mig = (f: string) => path.join(app, "blog", "migrations", f);
      const check = () => cli(["check", "--app-dir", app]);
      if (what === "removing a migration" || what === "renaming a migration") {
        fs.writeFileSync(mig("0005_noop.py"), EMPTY_MIGRATION);
        expect(await cli(["regenerate", "--app-dir", app, "--quiet"])).toMatchObject({ code: 0 });
      }
      expect(await check()).toMatchObject({ code: 0 });
      change(mig, app);
      const stale = await check();
      expect(stale.code).toBe(1);
      expect(stale.stderr).toMatch(reason);
      expect(await cli(["regenerate", "--app-dir", app, "--quiet"])).toMatchObject({ code: 0 });
      expect(await check()).toMatchObject({ code: 0 });
    },
  );
});

describe("failures leave the previous seed and nothing else behind", () => {
  test("a failing migrate command: non-zero exit naming the command, its exit code and its last lines", async () => {
    const app = copyExample("django-blog");
    const seed = await regenerated(app);
    const before = read(seed);
    const running = leftovers();
    fs.writeFileSync(
      path.join(app, "posts", "migrations", "0006_broken.py"),
      "from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = [('posts', '0005_post_constraints_sql')]\n    operations = [migrations.RunSQL('SELECT * FROM no_such_table')]\n",
    );
    const r = await cli(["regenerate", "--app-dir", app]);
    expect(r.code).toBe(1);
    // The command as it ran: the default `python3 manage.py migrate --noinput`, under the
    // interpreter that has Django, through pgseed's runner (which points Django at its server).
    const runner = path.join(ROOT, "python", "pgseed_django.py");
    expect(r.stderr).toContain(
      `migrate command \`${python} ${runner} migrate --manage manage.py --noinput\` failed with exit code 1; last output:\n`,
    );
    expect(r.stderr).toContain('relation "no_such_table" does not exist');
    expect(r.stderr).toMatch(/previous seed is untouched/);
    expect(read(seed).equals(before)).toBe(true);
    expect(fs.readdirSync(app).filter((n) => n.includes("seed-db.sql"))).toEqual(["seed-db.sql"]);
    expect(leftovers()).toEqual(running);
  });

  test("a migrate command that is not found exits 1 and says so", async () => {
    const app = copyExample("sql-app");
    const r = await cli(["regenerate", ...sqlAppArgs(app, "no-such-tool up")]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /exit code 127[\s\S]*not found[\s\S]*fix: command not found; check --migrate-command/,
    );
    expect(fs.existsSync(path.join(app, "seed-db.sql"))).toBe(false);
  });

  test("a major-version mismatch between the local binaries and --postgres-version is a clear error", async () => {
    const app = copyExample("django-blog");
    const r = await cli([
      "regenerate",
      "--app-dir",
      app,
      "--postgres-version",
      "16",
      "--pg-bin",
      "/usr/lib/postgresql/15/bin",
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /major version mismatch: the seed must be made by PostgreSQL 16, but the local binaries are \/usr\/lib\/postgresql\/15\/bin \(PostgreSQL 15\.\d+\)/,
    );
    expect(r.stderr).toMatch(
      /fix: install them \(Debian: apt-get install -y postgresql-16; elsewhere the PostgreSQL apt\/yum repositories\) or pass --pg-bin DIR, or set --postgres-version/,
    );
  });
});

describe("volatile rows", () => {
  /** An app whose post_migrate hook writes now(), like django-guardian's AnonymousUser. */
  function stampApp(): string {
    const app = copyExample("django-blog");
    const stamp = path.join(app, "stamp");
    fs.mkdirSync(path.join(stamp, "migrations"), { recursive: true });
    fs.writeFileSync(path.join(stamp, "__init__.py"), "");
    fs.writeFileSync(path.join(stamp, "migrations", "__init__.py"), "");
    fs.writeFileSync(
      path.join(stamp, "models.py"),
      "from django.db import models\n\nclass Stamp(models.Model):\n    name = models.CharField(max_length=20)\n    created = models.DateTimeField()\n",
    );
    fs.writeFileSync(
      path.join(stamp, "apps.py"),
      [
        "from django.apps import AppConfig",
        "from django.db.models.signals import post_migrate",
        "from django.db.models.functions import Now",
        "",
        "# The database's clock: pgseed pins Python's, not PostgreSQL's now().",
        "def stamp(sender, **kwargs):",
        "    from .models import Stamp",
        "    Stamp.objects.get_or_create(name='anonymous', defaults={'created': Now()})",
        "",
        "class StampConfig(AppConfig):",
        "    name = 'stamp'",
        "    default_auto_field = 'django.db.models.BigAutoField'",
        "    def ready(self):",
        "        post_migrate.connect(stamp, sender=self)",
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(stamp, "migrations", "0001_initial.py"),
      [
        "from django.db import migrations, models",
        "",
        "class Migration(migrations.Migration):",
        "    initial = True",
        "    dependencies = []",
        "    operations = [migrations.CreateModel(name='Stamp', fields=[",
        "        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),",
        "        ('name', models.CharField(max_length=20)),",
        "        ('created', models.DateTimeField()),",
        "    ])]",
        "",
      ].join("\n"),
    );
    const settings = path.join(app, "blogsite", "settings.py");
    fs.writeFileSync(
      settings,
      fs
        .readFileSync(settings, "utf8")
        .replace('"posts",', '"posts",\n    "stamp.apps.StampConfig",'),
    );
    return app;
  }

  test("--verify fails naming the table and column a post_migrate hook fills with now(); --normalize-sql fixes it", async () => {
    const app = stampApp();
    const failed = await cli(["regenerate", "--app-dir", app, "--verify"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/--verify: two regenerations from scratch gave different dumps/);
    expect(failed.stderr).toMatch(/table public.stamp_stamp, column\(s\) created/);
    expect(failed.stderr).toMatch(/fix: add statements that pin these values/);
    expect(fs.existsSync(path.join(app, "seed-db.sql"))).toBe(false);

    fs.writeFileSync(
      path.join(app, "normalize.sql"),
      "UPDATE stamp_stamp SET created = '2000-01-01 00:00:00+00';\n",
    );
    const ok = await cli([
      "regenerate",
      "--app-dir",
      app,
      "--verify",
      "--normalize-sql",
      "normalize.sql",
    ]);
    expect(ok.stderr).not.toMatch(/error/);
    expect(ok.code).toBe(0);
    expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
      "anonymous\t2000-01-01 00:00:00+00",
    );
  });
});

describe("custom preset: plain SQL files applied by psql", () => {
  test("regenerate, load, and the tool then has nothing to apply", async () => {
    const app = copyExample("sql-app");
    const args = sqlAppArgs(app);
    expect(await cli(["regenerate", ...args])).toMatchObject({ code: 0 });
    expect(await cli(["check", ...args])).toMatchObject({ code: 0 });
    const db = await createDatabase(server);
    expect(await cli(["load", "--url", db.url, "--app-dir", app])).toMatchObject({ code: 0 });
    const again = await execa("sh", ["migrate.sh"], {
      cwd: app,
      env: { ...server.env, PGDATABASE: db.name },
    });
    expect(again.stdout).toContain("No migrations to apply.");
    fs.appendFileSync(
      path.join(app, "migrations", "006_insert_reference_data.sql"),
      "\n-- edited\n",
    );
    const stale = await cli(["check", ...args]);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(/is stale/);
  });
});

/**
 * The user's own libpq variables never redirect pgseed. A PGSERVICE (with its service file)
 * overrides the PG* variables pgseed hands to psql, pg_dump and the migrate command, so before
 * they were removed a regenerate migrated and dumped the service's database ("prod"). Here a
 * decoy server plays prod, with rows of its own. Likewise a second Django alias in the settings
 * (a "legacy" database): the runner migrates pgseed's server and points every other alias nowhere.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalCluster } from "../../seed/servers/cluster";
import {
  cli,
  copyExample,
  createDatabase,
  djangoPython,
  query,
  removeTempDirs,
  targetServer,
  tempDir,
  sqlAppArgs,
} from "../helpers";

let decoy: LocalCluster;
let target: LocalCluster;
let serviceEnv: Record<string, string>;
const decoyTables = async () =>
  (
    await query(
      decoy.url,
      "SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
    )
  )[0].t;

beforeAll(async () => {
  decoy = await targetServer();
  target = await targetServer();
  await query(
    decoy.url,
    "CREATE TABLE customer_secrets (card text); INSERT INTO customer_secrets VALUES ('4111-1111-1111-1111')",
  );
  const file = path.join(tempDir(), "pg_service.conf");
  const u = new URL(decoy.url);
  fs.writeFileSync(
    file,
    `[prod]\nhost=${u.hostname}\nport=${u.port}\nuser=${decodeURIComponent(u.username)}\ndbname=${u.pathname.slice(1)}\n`,
  );
  serviceEnv = {
    PGSERVICEFILE: file,
    PGSERVICE: "prod",
    PGHOSTADDR: "127.0.0.1",
    PGOPTIONS: "-c search_path=nowhere",
  };
});
afterAll(async () => {
  await decoy?.stop();
  await target?.stop();
  removeTempDirs();
});

test("regenerate with PGSERVICE/PGHOSTADDR/PGOPTIONS set: pgseed's server is migrated and dumped, the service's database is untouched", async () => {
  const app = copyExample("sql-app");
  const r = await cli(["regenerate", "--force", ...sqlAppArgs(app), "--quiet"], app, serviceEnv);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  const seed = fs.readFileSync(path.join(app, "seed-db.sql"), "utf8");
  expect(seed).toContain("CREATE TABLE public.schema_migrations");
  expect(seed).not.toContain("customer_secrets");
  expect(await decoyTables()).toBe("customer_secrets");
});

test("load --url with PGSERVICE set loads the --url database; without --url it is refused, naming PGSERVICE", async () => {
  const app = copyExample("sql-app");
  expect(await cli(["regenerate", ...sqlAppArgs(app), "--quiet"], app)).toMatchObject({ code: 0 });
  const db = await createDatabase(target);
  const r = await cli(["load", "--url", db.url, "--app-dir", app, "--quiet"], app, serviceEnv);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(await query(db.url, "SELECT count(*)::int AS n FROM schema_migrations")).toEqual([
    { n: expect.any(Number) },
  ]);
  expect(await decoyTables()).toBe("customer_secrets");

  const refused = await cli(["load", "--app-dir", app], app, serviceEnv);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(
    /PGSERVICE=prod is set, but pgseed does not read service files[\s\S]*fix: pass --url/,
  );
  expect(await decoyTables()).toBe("customer_secrets");
});

test("django: a data migration writing through another alias of the settings fails loudly; that database is untouched", async () => {
  await djangoPython();
  const app = copyExample("django-blog");
  const u = new URL(decoy.url);
  const settings = path.join(app, "blogsite", "settings.py");
  const legacy = `    "legacy": {"ENGINE": "django.db.backends.postgresql", "HOST": "${u.hostname}", "PORT": "${u.port}", "USER": "${decodeURIComponent(u.username)}", "NAME": "${u.pathname.slice(1)}"},\n}\n`;
  fs.writeFileSync(
    settings,
    fs.readFileSync(settings, "utf8").replace(/\n    \}\n\}\n/, `\n    },\n${legacy}`),
  );
  fs.writeFileSync(
    path.join(app, "posts", "migrations", "0006_legacy_write.py"),
    [
      "from django.db import connections, migrations",
      "",
      "",
      "def write_legacy(apps, schema_editor):",
      '    with connections["legacy"].cursor() as c:',
      '        c.execute("CREATE TABLE leaked_from_pgseed (id int)")',
      "",
      "",
      "class Migration(migrations.Migration):",
      '    dependencies = [("posts", "0005_post_constraints_sql")]',
      "    operations = [migrations.RunPython(write_legacy, migrations.RunPython.noop)]",
      "",
    ].join("\n"),
  );
  const r = await cli(["regenerate", "--app-dir", app, "--preset", "django", "--force"], app);
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/nonexistent\/pgseed-migrates-one-database-only/);
  expect(await decoyTables()).toBe("customer_secrets");
});

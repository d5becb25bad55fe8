/**
 * `pgseed migrate` on real PostgreSQL 15 with examples/sql-app (plain SQL files applied by
 * migrate.sh, which records applied files in schema_migrations): a live database seeded at an
 * older fingerprint is brought forward by its migrations, and never loses a row.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { LocalCluster } from "../../seed/servers/cluster";
import { migrateDatabase, MigrateOptions } from "../../seed/database/migrate";
import { instanceStatus } from "../../seed/database/status";
import { PgseedError } from "../../seed/core/errors";
import { advisoryLock, LOCK_CLASS, lockKey } from "../../seed/database/advisoryLock";
import {
  cli,
  copyExample,
  createDatabase,
  lockWaiters,
  query,
  removeTempDirs,
  requirePostgres,
  ROOT as ROOT_DIR,
  targetServer,
} from "../helpers";

const CUSTOM = [
  "--preset",
  "custom",
  "--migrations",
  "migrations/*.sql",
  "--migrate-command",
  "sh migrate.sh",
];
const NEW_MIGRATION = "ALTER TABLE products ADD COLUMN note text NOT NULL DEFAULT 'none';\n";
const USER_ROWS = `
  INSERT INTO products (category_id, sku, name, price_cents) VALUES (1, 'BK-1', 'A book', 1200), (2, 'EL-1', 'A lamp', 4500);
  INSERT INTO stock_levels (product_id, warehouse_id, quantity) SELECT id, 1, 7 FROM products;
  INSERT INTO categories (code, name) VALUES ('toys', 'Toys');`;
const ROWS =
  "SELECT p.sku, p.name, p.price_cents, s.quantity, c.code FROM products p JOIN stock_levels s ON s.product_id = p.id JOIN categories c ON c.id = p.category_id ORDER BY p.sku";

let server: LocalCluster;
let app: string; // the example, with 007 added after the first seed
let seedA: string; // a copy of the seed before 007
let fpA: string;
let fpB: string;

const fingerprintOf = (seed: string) =>
  fs.readFileSync(seed, "utf8").split("\n")[1].replace("-- fingerprint: ", "");
const marker = async (url: string) =>
  (await query(url, "SELECT obj_description('public'::regnamespace, 'pg_namespace') AS m"))[0].m;
const columns = async (url: string, table: string) =>
  (
    await query(
      url,
      `SELECT column_name FROM information_schema.columns WHERE table_name = '${table}' ORDER BY ordinal_position`,
    )
  ).map((r) => r.column_name);
const opts = (url: string, extra: Partial<MigrateOptions> = {}): MigrateOptions => ({
  url,
  settings: { appDir: app, migrateTimeoutSeconds: 60, preset: "custom" },
  command: "sh migrate.sh",
  fingerprint: fpB,
  ...extra,
});

const migrateLock = (database: string) => ({
  cls: LOCK_CLASS.migrate,
  key: lockKey(`migrate ${database}`),
});

/** Another pgseed's migrate of `database` in progress: holds its lock until open(). */
async function holdMigrateLock(url: string, database: string) {
  const { Client } = require("pg") as typeof import("pg");
  const c = new Client({ connectionString: url, application_name: "gate" });
  await c.connect();
  const release = await advisoryLock(c, LOCK_CLASS.migrate, `migrate ${database}`, {
    waitSeconds: 1,
    what: "gate",
  });
  const { pid } = (await c.query("SELECT pg_backend_pid() AS pid")).rows[0];
  return {
    pid: pid as number,
    open: async () => {
      await release();
      await c.end();
    },
  };
}

/** A database loaded from the old seed, with rows a user wrote since. */
async function liveDatabase(): Promise<{ url: string; rows: any[] }> {
  const db = await createDatabase(server);
  expect(await cli(["load", "--url", db.url, "--seed", seedA])).toMatchObject({ code: 0 });
  await query(db.url, USER_ROWS);
  return { url: db.url, rows: await query(db.url, ROWS) };
}

beforeAll(async () => {
  requirePostgres();
  server = await targetServer();
  app = copyExample("sql-app");
  expect(await cli(["regenerate", "--app-dir", app, ...CUSTOM])).toMatchObject({ code: 0 });
  seedA = path.join(path.dirname(app), "seed-A.sql");
  fs.copyFileSync(path.join(app, "seed-db.sql"), seedA);
  fpA = fingerprintOf(seedA);
  fs.writeFileSync(path.join(app, "migrations", "007_add_product_note.sql"), NEW_MIGRATION);
  expect(await cli(["regenerate", "--app-dir", app, ...CUSTOM])).toMatchObject({ code: 0 });
  fpB = fingerprintOf(path.join(app, "seed-db.sql"));
  expect(fpB).not.toBe(fpA);
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

describe("migrateDatabase (engine)", () => {
  test("brings a live database forward: new column, every row kept, marker moved; a second run is a no-op", async () => {
    const db = await liveDatabase();
    expect(await instanceStatus(db.url, fpB)).toMatchObject({ marker: fpA, state: "stale" });
    const lines: string[] = [];
    const r = await migrateDatabase(opts(db.url, { log: (l) => lines.push(l) }));
    expect(r).toMatchObject({ from: fpA, to: fpB, migrated: true, adopted: false });
    expect(await columns(db.url, "products")).toContain("note");
    expect(await query(db.url, ROWS)).toEqual(db.rows);
    expect(
      (await query(db.url, "SELECT count(*)::int AS n FROM products WHERE note = 'none'"))[0].n,
    ).toBe(2);
    expect(await marker(db.url)).toBe(`pgseed ${fpB}`);
    expect(await instanceStatus(db.url, fpB)).toMatchObject({ marker: fpB, state: "current" });

    const again = await migrateDatabase(opts(db.url, { log: (l) => lines.push(l) }));
    expect(again).toMatchObject({ from: fpB, migrated: false });
    expect(lines.at(-1)).toMatch(/already at sha256:.*nothing to do/);
    expect(await query(db.url, ROWS)).toEqual(db.rows);
  });

  test("a database without a pgseed marker is refused and left unchanged; --adopt migrates and marks it", async () => {
    const db = await createDatabase(server);
    await query(
      db.url,
      "CREATE TABLE mine (id int); INSERT INTO mine VALUES (1); COMMENT ON SCHEMA public IS 'someone else''s'",
    );
    expect(await instanceStatus(db.url, fpB)).toMatchObject({ marker: null, state: "unseeded" });
    const refused = await migrateDatabase(opts(db.url)).catch((e) => e);
    expect(refused).toBeInstanceOf(PgseedError);
    expect(refused.exitCode).toBe(1);
    expect(refused.message).toMatch(
      /was not seeded by pgseed \(its schema comment is "someone else's"\); nothing was changed\n  fix: .*--adopt/,
    );
    expect(await marker(db.url)).toBe("someone else's");
    expect(
      await query(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
    ).toEqual([{ tablename: "mine" }]);

    const adopted = await migrateDatabase(opts(db.url, { adopt: true }));
    expect(adopted).toMatchObject({ from: null, migrated: true, adopted: true });
    expect(await marker(db.url)).toBe(`pgseed ${fpB}`);
    expect(await columns(db.url, "products")).toContain("note");
    expect(await query(db.url, "SELECT id FROM mine")).toEqual([{ id: 1 }]);
  });

  test("a failing migration leaves the marker and the rows as they were, and says which command failed how", async () => {
    const broken = copyExample("sql-app");
    fs.writeFileSync(
      path.join(broken, "migrations", "007_broken.sql"),
      "ALTER TABLE products ADD COLUMN note text;\nALTER TABLE no_such_table ADD COLUMN x int;\n",
    );
    const db = await liveDatabase();
    const err = await migrateDatabase(
      opts(db.url, { settings: { appDir: broken, migrateTimeoutSeconds: 60, preset: "custom" } }),
    ).catch((e) => e);
    expect(err).toBeInstanceOf(PgseedError);
    expect(err.exitCode).toBe(1);
    expect(err.message).toMatch(
      /migrate command `sh migrate.sh` failed with exit code 3; last output:\n/,
    );
    expect(err.message).toContain('relation "no_such_table" does not exist');
    expect(err.message).toContain("the database's marker is unchanged");
    expect(await marker(db.url)).toBe(`pgseed ${fpA}`);
    expect(await query(db.url, ROWS)).toEqual(db.rows);
    expect(await columns(db.url, "products")).not.toContain("note"); // the file ran in one transaction
  });

  test("two migrates at once on one database: one migrates, the other waits and finds nothing to do", async () => {
    const db = await liveDatabase();
    const database = new URL(db.url).pathname.slice(1);
    // Both arrive while another pgseed (a stand-in) holds the database's migrate lock.
    const gate = await holdMigrateLock(db.url, database);
    const events: string[] = [];
    const runs = ["a", "b"].map((who) =>
      migrateDatabase(opts(db.url, { log: (l) => events.push(`${who}: ${l}`) })),
    );
    await lockWaiters(server.url, migrateLock(database), 2, runs);
    await gate.open();
    const [a, b] = await Promise.all(runs);
    expect([a.migrated, b.migrated].sort()).toEqual([false, true]);
    const [x, y] = a.migrated ? ["a", "b"] : ["b", "a"];
    // The order of events: both wait; then one migrates, and only after it is done does the other
    // get the lock and find the marker moved.
    const waiting = (who: string) =>
      `${who}: another pgseed is migrating ${database} (user postgres (gate) from 127.0.0.1, pid ${gate.pid}); waiting for it`;
    expect(events.slice(0, 2).sort()).toEqual([waiting("a"), waiting("b")]);
    expect(events.slice(2).map((e) => e.replace(/ \S+…/g, " …"))).toEqual([
      `${x}: migrating ${database} from … to …`,
      `${x}: ${database} is at …`,
      `${y}: ${database} was brought to … by another pgseed meanwhile; nothing to do`,
    ]);
    expect(
      await query(
        db.url,
        "SELECT count(*)::int AS n FROM schema_migrations WHERE version = '007_add_product_note'",
      ),
    ).toEqual([{ n: 1 }]);
    expect(await query(db.url, ROWS)).toEqual(db.rows);
    expect(await marker(db.url)).toBe(`pgseed ${fpB}`);
  });

  test("the migrate policy's container healthcheck accepts a migrated instance's new marker; reseed's wants its own", async () => {
    const { healthcheckCommand } = await import("../../deploy/instances");
    const db = await liveDatabase();
    await migrateDatabase(opts(db.url));
    const u = new URL(db.url);
    const healthy = async (cmd: string, dbName = u.pathname.slice(1)) =>
      (
        await execa("sh", ["-c", cmd], {
          reject: false,
          env: {
            PATH: `/usr/lib/postgresql/15/bin:${process.env.PATH}`,
            PGPORT: u.port,
            POSTGRES_USER: u.username,
            POSTGRES_DB: dbName,
            POSTGRES_PASSWORD: decodeURIComponent(u.password),
          },
        })
      ).exitCode === 0;
    expect(await healthy(healthcheckCommand(undefined))).toBe(true);
    expect(await healthy(healthcheckCommand(fpB))).toBe(true);
    expect(await healthy(healthcheckCommand(fpA))).toBe(false);
    const empty = await createDatabase(server);
    expect(await healthy(healthcheckCommand(undefined), empty.name)).toBe(false);
  });

  test("InstanceMigration's create/update (migrateInstance) migrates a live instance and returns once it is current", async () => {
    const { migrateInstance } = await import("../../components/instanceMigrationOps");
    const db = await liveDatabase();
    const inputs = {
      url: db.url,
      fingerprint: fpB,
      settings: {
        appDir: path.basename(app),
        preset: "custom",
        migrations: ["migrations/*.sql"],
        migrateCommand: "sh migrate.sh",
      },
      waitSeconds: 10,
    };
    expect(await migrateInstance(inputs, path.dirname(app))).toMatchObject({
      from: fpA,
      migrated: true,
      fingerprint: fpB,
    });
    expect(await query(db.url, ROWS)).toEqual(db.rows);
    expect(await migrateInstance(inputs, path.dirname(app))).toMatchObject({
      from: fpB,
      migrated: false,
    });
    const gone = await migrateInstance(
      { ...inputs, url: "postgresql://postgres@127.0.0.1:1/app", waitSeconds: 2 },
      path.dirname(app),
    ).catch((e) => e);
    expect(gone.message).toMatch(
      /did not become reachable within 2s \(it is unreachable: cannot connect .*connection refused\)/,
    );
  });

  test("an instance on an ssh:// Docker host is migrated through an SSH forward (real sshd on 127.0.0.1)", async () => {
    const sshd = "/usr/sbin/sshd";
    if (!fs.existsSync(sshd))
      throw new Error(
        "this test needs the OpenSSH server binary (run: apt-get install -y --no-install-recommends openssh-server; its service is not started)",
      );
    const { migrateInstance } = await import("../../components/instanceMigrationOps");
    const dir = fs.mkdtempSync(path.join(path.dirname(app), "ssh-"));
    for (const k of ["host", "client"])
      await execa("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(dir, k)]);
    fs.copyFileSync(path.join(dir, "client.pub"), path.join(dir, "authorized_keys"));
    fs.mkdirSync("/run/sshd", { recursive: true });
    const port = 20000 + (process.pid % 20000);
    const daemon = execa(
      sshd,
      [
        "-D",
        "-e",
        "-f",
        "/dev/null",
        "-p",
        String(port),
        "-h",
        path.join(dir, "host"),
        "-o",
        "ListenAddress=127.0.0.1",
        "-o",
        `AuthorizedKeysFile=${path.join(dir, "authorized_keys")}`,
        "-o",
        "StrictModes=no",
        "-o",
        "PidFile=none",
        "-o",
        "PasswordAuthentication=no",
        "-o",
        "KbdInteractiveAuthentication=no",
        "-o",
        "UsePAM=no",
        "-o",
        "AllowTcpForwarding=yes",
        "-o",
        "PermitRootLogin=prohibit-password",
      ],
      { reject: false, all: true },
    );
    const saved = process.env.PGSEED_SSH_COMMAND;
    process.env.PGSEED_SSH_COMMAND = `ssh -F /dev/null -i ${path.join(dir, "client")} -o UserKnownHostsFile=${path.join(dir, "known_hosts")} -o StrictHostKeyChecking=accept-new`;
    try {
      const db = await liveDatabase();
      // The URL names the remote host, which this machine cannot resolve: only the forward reaches
      // it.
      const u = new URL(db.url);
      u.hostname = "db1.pgseed.invalid";
      const user = require("os").userInfo().username;
      const inputs = {
        url: u.toString(),
        fingerprint: fpB,
        waitSeconds: 15,
        tunnel: `ssh://${user}@127.0.0.1:${port}`,
        tunnelTarget: "127.0.0.1",
        settings: {
          appDir: path.basename(app),
          preset: "custom",
          migrations: ["migrations/*.sql"],
          migrateCommand: "sh migrate.sh",
        },
      };
      expect(await migrateInstance(inputs, path.dirname(app))).toMatchObject({
        from: fpA,
        migrated: true,
      });
      expect(await marker(db.url)).toBe(`pgseed ${fpB}`);
      expect(await query(db.url, ROWS)).toEqual(db.rows);
      const noSshd = await migrateInstance(
        { ...inputs, tunnel: "ssh://nobody@127.0.0.1:1", waitSeconds: 5 },
        path.dirname(app),
      ).catch((e) => e);
      expect(noSshd.message).toMatch(
        /cannot open an SSH forward to postgresql:\/\/postgres:\*\*\*\*@db1\.pgseed\.invalid:\d+\/\S+ through ssh:\/\/nobody@127\.0\.0\.1:1: .*refused/,
      );
    } finally {
      if (saved === undefined) delete process.env.PGSEED_SSH_COMMAND;
      else process.env.PGSEED_SSH_COMMAND = saved;
      daemon.kill("SIGTERM");
      await daemon;
    }
  });

  test("status of an unreachable instance says so", async () => {
    const s = await instanceStatus("postgresql://postgres@127.0.0.1:1/app", fpB);
    expect(s).toMatchObject({ state: "unreachable", marker: null });
    expect(s.problem).toMatch(/connection refused/);
  });
});

describe("pgseed migrate and pgseed status (CLI)", () => {
  const appArgs = () => ["--app-dir", app, ...CUSTOM];

  test("migrate --url: exit 0, new column, rows kept, marker moved; again: a no-op; status says current, then stale for an old one", async () => {
    const db = await liveDatabase();
    const stale = await liveDatabase();
    const before = await cli(["status", "--url", db.url, "--url", stale.url, ...appArgs()]);
    expect(before.code).toBe(1);
    expect(before.stdout.split("\n")).toEqual([
      `current fingerprint ${fpB}`,
      expect.stringMatching(
        /^postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/t\d+_\d+  stale: at sha256:[0-9a-f]{12}…, current is sha256:[0-9a-f]{12}…/,
      ),
      expect.stringMatching(/  stale: /),
    ]);

    const r = await cli(["migrate", "--url", db.url, ...appArgs()]);
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(new RegExp(`\\*\\*\\*\\*@.*  migrated to ${fpB}$`));
    expect(r.stderr).toMatch(/pgseed: migrating t\d+_\d+ from sha256:.{12}… to sha256:.{12}…/);
    expect(`${r.stdout}${r.stderr}`).not.toContain(
      decodeURIComponent(new URL(db.url).password) + "@",
    );
    expect(await columns(db.url, "products")).toContain("note");
    expect(await query(db.url, ROWS)).toEqual(db.rows);
    expect(await marker(db.url)).toBe(`pgseed ${fpB}`);

    const again = await cli(["migrate", "--url", db.url, "--json", ...appArgs()]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ from: fpB, to: fpB, migrated: false });

    const after = await cli([
      "status",
      "--url",
      db.url,
      "--url",
      stale.url,
      "--json",
      ...appArgs(),
    ]);
    expect(after.code).toBe(1);
    expect(JSON.parse(after.stdout).instances.map((i: any) => i.state)).toEqual([
      "current",
      "stale",
    ]);
    const one = await cli(["status", "--url", db.url, ...appArgs()]);
    expect(one.code).toBe(0);
  });

  test("migrate refuses a database without a marker (exit 1, unchanged); --adopt takes it", async () => {
    const db = await createDatabase(server);
    const r = await cli(["migrate", "--url", db.url, ...appArgs()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^pgseed: target .*\npgseed: error: database "t\d+_\d+" was not seeded by pgseed \(its schema public carries no pgseed marker\); nothing was changed\n  fix: .*--adopt/,
    );
    expect(
      await query(db.url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"),
    ).toEqual([]);
    const adopted = await cli(["migrate", "--url", db.url, "--adopt", ...appArgs()]);
    expect(adopted.code).toBe(0);
    expect(await marker(db.url)).toBe(`pgseed ${fpB}`);
  });

  test("--adopt with a command that migrates another database: exit 1, the target keeps no marker (it was not migrated)", async () => {
    const db = await createDatabase(server);
    const elsewhere = await createDatabase(server);
    const args = appArgs().map((a) =>
      a === "sh migrate.sh" ? `PGDATABASE=${elsewhere.name} sh migrate.sh` : a,
    );
    const r = await cli(["migrate", "--url", db.url, "--adopt", ...args]);
    expect(r.stderr).toMatch(
      /the migrate command created nothing in database "t\d+_\d+": it probably connected somewhere else[\s\S]*the database's marker is unchanged/,
    );
    expect(r.code).toBe(1);
    expect(String(await marker(db.url))).not.toMatch(/^pgseed/);
  });

  test("a failing migrate exits 1 naming the command, its exit code and last lines; marker and rows as they were", async () => {
    const broken = copyExample("sql-app");
    fs.writeFileSync(
      path.join(broken, "migrations", "007_broken.sql"),
      "SELECT no_such_function();\n",
    );
    const db = await liveDatabase();
    const r = await cli(["migrate", "--url", db.url, "--app-dir", broken, ...CUSTOM]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /pgseed: error: migrate command `sh migrate.sh` failed with exit code 3; last output:\n(    \| .*\n)+  fix: fix the migration, then run again \(the database's marker is unchanged\)/,
    );
    expect(r.stderr).toContain("no_such_function");
    expect(r.stderr).not.toContain("    at ");
    expect(await marker(db.url)).toBe(`pgseed ${fpA}`);
    expect(await query(db.url, ROWS)).toEqual(db.rows);
  });

  test("two pgseed migrate at once on one database: both exit 0, one migrates, the other waits and finds nothing to do", async () => {
    const db = await liveDatabase();
    const database = new URL(db.url).pathname.slice(1);
    const gate = await holdMigrateLock(db.url, database);
    const runs = ["run-a", "run-b"].map((name) =>
      cli(["migrate", "--url", db.url, ...appArgs()], ROOT_DIR, { PGAPPNAME: name }),
    );
    const queued = await lockWaiters(server.url, migrateLock(database), 2, runs);
    expect(queued.map((s) => s.application_name)).toEqual(["run-a", "run-b"]);
    await gate.open();
    const results = await Promise.all(runs);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    const migrated = results.filter((r) => /migrated to /.test(r.stdout));
    const waited = results.filter((r) => /already at /.test(r.stdout));
    expect([migrated.length, waited.length]).toEqual([1, 1]);
    // Each waited for the gate first; the one that did not migrate found the marker moved only
    // once it had the lock (its line says "meanwhile", after its "waiting").
    const lines = (r: { stderr: string }, re: RegExp) =>
      r.stderr.split("\n").flatMap((l, i) => (re.test(l) ? [i] : []));
    const WAIT = new RegExp(
      `another pgseed is migrating ${database} \\(user postgres \\(gate\\) .*; waiting for it`,
    );
    const [m] = migrated;
    const [w] = waited;
    expect([lines(m, WAIT).length, lines(m, /^pgseed: migrating /).length]).toEqual([1, 1]);
    expect(lines(m, WAIT)[0]).toBeLessThan(lines(m, /^pgseed: migrating /)[0]);
    const MEANWHILE = /was brought to .* by another pgseed meanwhile; nothing to do/;
    expect([lines(w, WAIT).length, lines(w, MEANWHILE).length]).toEqual([1, 1]);
    expect(lines(w, WAIT)[0]).toBeLessThan(lines(w, MEANWHILE)[0]);
    expect(w.stderr).not.toMatch(/pgseed: migrating /);
    expect(
      await query(
        db.url,
        "SELECT count(*)::int AS n FROM schema_migrations WHERE version = '007_add_product_note'",
      ),
    ).toEqual([{ n: 1 }]);
    expect(await query(db.url, ROWS)).toEqual(db.rows);
  });

  test("status --stack reads the stack's instances (ports basePort + i), password from PGPASSWORD", async () => {
    const db = await liveDatabase();
    const u = new URL(db.url);
    const name = u.pathname.slice(1);
    const project = path.dirname(app);
    fs.writeFileSync(path.join(project, "Pulumi.yaml"), "name: statustest\nruntime: nodejs\n");
    fs.writeFileSync(
      path.join(project, "Pulumi.st.yaml"),
      [
        "config:",
        "  pgseed:appDir: sql-app",
        "  pgseed:preset: custom",
        "  pgseed:migrations: ['migrations/*.sql']",
        "  pgseed:migrateCommand: sh migrate.sh",
        "  pgseed:instances: 2",
        `  pgseed:basePort: ${u.port}`,
        `  pgseed:dbUser: ${u.username}`,
        `  pgseed:dbName: ${name}`,
        "",
      ].join("\n"),
    );
    const r = await cli(["status", "--stack", "st", "--json"], project, {
      PGPASSWORD: decodeURIComponent(u.password),
    });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.fingerprint).toBe(fpB);
    expect(out.instances.map((i: any) => [i.url, i.state, i.marker])).toEqual([
      [`postgresql://${u.username}@127.0.0.1:${u.port}/${name}`, "stale", fpA],
      [`postgresql://${u.username}@127.0.0.1:${Number(u.port) + 1}/${name}`, "unreachable", null],
    ]);
  });

  test("django: pgseed migrate runs manage.py migrate through the preset's runner against the given database", async () => {
    const django = copyExample("django-blog");
    expect(await cli(["regenerate", "--app-dir", django])).toMatchObject({ code: 0 });
    const db = await createDatabase(server);
    expect(await cli(["load", "--url", db.url, "--app-dir", django])).toMatchObject({ code: 0 });
    await query(db.url, "INSERT INTO blog_category (name, slug) VALUES ('Mine', 'mine')");
    const before = await query(db.url, "SELECT name, slug FROM blog_category ORDER BY id");
    // Current seed: nothing to do.
    const noop = await cli(["migrate", "--url", db.url, "--app-dir", django]);
    expect(noop).toMatchObject({ code: 0 });
    expect(noop.stdout).toMatch(/already at sha256:/);
    fs.writeFileSync(
      path.join(django, "blog", "migrations", "0005_pgseed_extra.py"),
      'from django.db import migrations\n\nclass Migration(migrations.Migration):\n    dependencies = [("blog", "0004_author_bio_rename_blog_title")]\n    operations = [migrations.RunSQL("CREATE TABLE pgseed_extra (id int)", "DROP TABLE pgseed_extra")]\n',
    );
    // The app's settings read PG* variables; a stray PGDATABASE must not redirect the migrate.
    const r = await cli(["migrate", "--url", db.url, "--app-dir", django], ROOT_DIR, {
      PGDATABASE: "postgres",
      DATABASE_URL: "postgresql://nobody@127.0.0.1:1/elsewhere",
    });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/migrated to sha256:/);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM pgseed_extra")).toEqual([{ n: 0 }]);
    expect(
      await query(db.url, "SELECT name FROM django_migrations WHERE name = '0005_pgseed_extra'"),
    ).toEqual([{ name: "0005_pgseed_extra" }]);
    expect(await query(db.url, "SELECT name, slug FROM blog_category ORDER BY id")).toEqual(before);
    expect(await marker(db.url)).toMatch(/^pgseed sha256:/);
    expect(await marker(db.url)).not.toBe(
      `pgseed ${fs.readFileSync(path.join(django, "seed-db.sql"), "utf8").split("\n")[1].slice(16)}`,
    );
  });

  test("--url twice is refused for every command but status", async () => {
    const r = await cli([
      "migrate",
      "--url",
      "postgresql://a@127.0.0.1:1/x",
      "--url",
      "postgresql://b@127.0.0.1:1/y",
      ...appArgs(),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/pgseed: error: --url given 2 times\n  fix: pass one --url/);
  });
});

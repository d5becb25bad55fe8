/**
 * Shared test servers: parallel CI jobs run `pgseed clone` with one prefix against one real
 * PostgreSQL at once. They take turns on an advisory lock; every output is one line per problem,
 * never a stack trace.
 */
import * as path from "path";
import { LocalCluster } from "../../seed/servers/cluster";
import {
  cli,
  createDatabase,
  lockWaiters,
  query,
  removeTempDirs,
  requirePostgres,
  ROOT,
  targetServer,
} from "../helpers";

const SEED = path.join(ROOT, "examples", "django-blog", "seed-db.sql");
const MIGRATIONS = "SELECT app, name FROM django_migrations ORDER BY app, name";
let server: LocalCluster;
let seedMigrations: any[];

const urlOf = (db: string) => {
  const u = new URL(server.url);
  u.pathname = `/${db}`;
  return u.toString();
};
const noStack = (r: { stdout: string; stderr: string }) =>
  expect(`${r.stdout}\n${r.stderr}`).not.toContain("    at ");

beforeAll(async () => {
  requirePostgres();
  server = await targetServer();
  // The seed's own django_migrations, from a plain load of the committed seed.
  const db = await createDatabase(server);
  expect(await cli(["load", "--url", db.url, "--seed", SEED])).toMatchObject({ code: 0 });
  seedMigrations = await query(db.url, MIGRATIONS);
  expect(seedMigrations.length).toBeGreaterThan(10);
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

/**
 * Samples, until stopped, which run holds the clone lock of `prefix` and which runs have a session
 * at work (running a statement other than waiting for that lock, or connected to one of the
 * prefix's databases). Runs are told apart by their application_name (PGAPPNAME).
 */
function watchCloneWork(prefix: string) {
  const { LOCK_CLASS, lockKey } =
    require("../../seed/database/advisoryLock") as typeof import("../../seed/database/advisoryLock");
  const samples: Array<{ holder: string | null; working: string[] }> = [];
  let stopped = false;
  const sql = `SELECT
      (SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid)
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ${LOCK_CLASS.clone}::bigint::oid
          AND l.objid = ${lockKey(prefix)}::bigint::oid AND l.objsubid = 2) AS holder,
      ARRAY(SELECT DISTINCT application_name FROM pg_stat_activity
        WHERE pid <> pg_backend_pid() AND application_name LIKE 'clone-run-%'
          AND (datname LIKE '${prefix}%' OR (state = 'active'
               AND query NOT LIKE '%pg_advisory_lock(%' AND query NOT LIKE '%pg_try_advisory_lock(%'))
        ORDER BY 1) AS working`;
  const done = (async () => {
    const { Client } = require("pg") as typeof import("pg");
    const c = new Client({ connectionString: server.url, application_name: "watcher" });
    await c.connect();
    try {
      while (!stopped) {
        samples.push((await c.query(sql)).rows[0]);
        await new Promise((r) => setTimeout(r, 5));
      }
    } finally {
      await c.end();
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return samples;
    },
  };
}

test("four clones of one prefix at once take turns on the lock: all exit 0, one loads the template, no run works while another holds it", async () => {
  const { advisoryLock, LOCK_CLASS, lockKey } = await import("../../seed/database/advisoryLock");
  const { Client } = require("pg") as typeof import("pg");
  // A stand-in for another pgseed holding the prefix, so that all four surely arrive together.
  const gate = new Client({ connectionString: server.url, application_name: "gate" });
  await gate.connect();
  try {
    const open = await advisoryLock(gate, LOCK_CLASS.clone, "same", {
      waitSeconds: 1,
      what: "gate",
    });
    const args = ["clone", "--url", server.url, "--seed", SEED, "--prefix", "same", "--count", "2"];
    const names = [1, 2, 3, 4].map((i) => `clone-run-${i}`);
    const runs = names.map((name) => cli(args, ROOT, { PGAPPNAME: name }));
    const queued = await lockWaiters(
      server.url,
      { cls: LOCK_CLASS.clone, key: lockKey("same") },
      4,
      runs,
    );
    expect(queued.map((s) => s.application_name).sort()).toEqual(names);
    // Waiting, none has touched the server yet.
    expect(
      await query(server.url, "SELECT datname FROM pg_database WHERE datname LIKE 'same%'"),
    ).toEqual([]);
    const watcher = watchCloneWork("same");
    await open();
    const results = await Promise.all(runs);
    const samples = await watcher.stop();

    // Every session seen at work belonged to the run holding the lock at that moment.
    const overlaps = samples.filter((s) => s.working.some((w) => w !== s.holder));
    expect(overlaps).toEqual([]);
    expect(samples.filter((s) => s.working.length > 0).length).toBeGreaterThan(0);
    for (const r of results) {
      noStack(r);
      expect(r.stderr).toMatch(
        /another pgseed is cloning --prefix same \(user postgres \(gate\) from 127\.0\.0\.1, pid \d+\); waiting for it/,
      );
    }
    expect(results.map((r) => r.code)).toEqual([0, 0, 0, 0]);
    expect(
      results.filter((r) =>
        r.stderr.includes("loaded the seed into template database same_template"),
      ),
    ).toHaveLength(1);
  } finally {
    await gate.end();
  }
  for (const db of ["same_template", "same_1", "same_2"]) {
    expect(await query(urlOf(db), MIGRATIONS)).toEqual(seedMigrations);
  }
  const dbs = await query(
    server.url,
    "SELECT datname FROM pg_database WHERE datname LIKE 'same%' ORDER BY 1",
  );
  expect(dbs.map((d) => d.datname)).toEqual(["same_1", "same_2", "same_template"]);
});

test("a clone whose database is in use says by whom, in one line, and leaves it alone", async () => {
  const { Client } = require("pg") as typeof import("pg");
  const holder = new Client({
    connectionString: urlOf("same_1"),
    application_name: "pytest-worker-7",
  });
  await holder.connect();
  try {
    const r = await cli([
      "clone",
      "--url",
      server.url,
      "--seed",
      SEED,
      "--prefix",
      "same",
      "--count",
      "2",
    ]);
    noStack(r);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /pgseed: error: cannot replace "same_1": database "same_1" is in use by user postgres \(pytest-worker-7\) from 127\.0\.0\.1, pid \d+\n/,
    );
    expect(r.stderr).toContain("  fix: ");
    expect(await holder.query(MIGRATIONS).then((q) => q.rows)).toEqual(seedMigrations);
  } finally {
    await holder.end();
  }
});

test("leftovers of a killed run (a template mid-load, a clone still under its reserved name) are taken back; a database pgseed did not make is not", async () => {
  const { stagingName } = await import("../../seed/database/clone");
  const fp = require("fs")
    .readFileSync(SEED, "utf8")
    .split("\n")[1]
    .slice("-- fingerprint: ".length);
  // A run killed during the template's load: the template says it is loading.
  await query(server.url, "CREATE DATABASE killed_template");
  await query(server.url, `COMMENT ON DATABASE killed_template IS 'pgseed loading ${fp}'`);
  // A run killed between a clone's CREATE DATABASE and its mark: the copy is still under the
  // reserved name it is created with (renamed to killed_1 with its mark, in one transaction).
  const staging = stagingName("killed_1");
  await query(server.url, `CREATE DATABASE ${staging}`);
  expect(await cli(["load", "--url", urlOf(staging), "--seed", SEED])).toMatchObject({ code: 0 });
  const args = ["clone", "--url", server.url, "--seed", SEED, "--prefix", "killed", "--count", "2"];
  const r = await cli(args);
  noStack(r);
  expect(r).toMatchObject({
    code: 0,
    stderr: expect.stringContaining("loaded the seed into template database killed_template"),
  });
  for (const db of ["killed_template", "killed_1", "killed_2"])
    expect(await query(urlOf(db), MIGRATIONS)).toEqual(seedMigrations);
  const left = `SELECT count(*)::int AS n FROM pg_database WHERE datname = '${staging}'`;
  expect(await query(server.url, left)).toEqual([{ n: 0 }]);
  // Someone's own database under a clone's name, with no comment and no marker, is left alone.
  await query(server.url, "DROP DATABASE killed_2");
  await query(server.url, "CREATE DATABASE killed_2");
  await query(urlOf("killed_2"), "CREATE TABLE precious (id int)");
  const refused = await cli(args);
  noStack(refused);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toMatch(
    /pgseed: error: database "killed_2" exists and was not made by pgseed; it is left as it is/,
  );
  expect(await query(urlOf("killed_2"), "SELECT count(*)::int AS n FROM precious")).toEqual([
    { n: 0 },
  ]);
});

test("a lock held too long: the waiter gives up after its wait with one line naming the holder", async () => {
  const { advisoryLock, LOCK_CLASS, lockKey } = await import("../../seed/database/advisoryLock");
  const { Client } = require("pg") as typeof import("pg");
  const [holder, waiter] = [
    new Client({ connectionString: server.url, application_name: "ci-job-17" }),
    new Client({ connectionString: server.url }),
  ];
  await Promise.all([holder.connect(), waiter.connect()]);
  try {
    await advisoryLock(holder, LOCK_CLASS.clone, "slow", {
      waitSeconds: 1,
      what: "--prefix slow on this server",
    });
    const told: string[] = [];
    const gaveUp = advisoryLock(waiter, LOCK_CLASS.clone, "slow", {
      waitSeconds: 2,
      what: "--prefix slow on this server",
      onWait: (h) => told.push(h),
    }).catch((e) => e);
    // The order of events: it is told who holds the lock, queues behind it, then gives up.
    const queued = await lockWaiters(
      server.url,
      { cls: LOCK_CLASS.clone, key: lockKey("slow") },
      1,
      [gaveUp],
    );
    expect(queued.map((s) => s.pid)).toEqual([(waiter as any).processID]);
    expect(told).toHaveLength(1);
    const err = await gaveUp;
    expect(told).toEqual([
      expect.stringMatching(/^user postgres \(ci-job-17\) from 127\.0\.0\.1, pid \d+$/),
    ]);
    expect(err.message).toMatch(
      /^--prefix slow on this server is still locked after 2s by user postgres \(ci-job-17\) from 127\.0\.0\.1, pid \d+\n  fix: /,
    );
    // Another name is another lock; the holder's session ending frees it.
    await (
      await advisoryLock(waiter, LOCK_CLASS.clone, "other", { waitSeconds: 1, what: "x" })
    )();
  } finally {
    await Promise.all([holder.end(), waiter.end()]);
  }
});

test("a server refusal (no CREATEDB privilege) is one line with a fix, not an internal error", async () => {
  await query(server.url, "CREATE ROLE nocreate LOGIN");
  const u = new URL(server.url);
  u.username = "nocreate";
  const r = await cli([
    "clone",
    "--url",
    u.toString(),
    "--seed",
    SEED,
    "--prefix",
    "denied",
    "--count",
    "1",
  ]);
  noStack(r);
  expect(r.stderr).not.toContain("internal error");
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(
    /pgseed: error: the PostgreSQL server refused: permission denied to create database \[SQLSTATE 42501\]\n  fix: /,
  );
});

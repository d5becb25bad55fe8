/**
 * Faults, concurrency, atomic loading and secrets, against real PostgreSQL. After every fault the
 * previous seed is byte-identical, no temp file is left beside it, and no postgres process or
 * throwaway cluster folder is left.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { LocalCluster } from "../../seed/servers/cluster";
import { renderSeed, wrapDump } from "../oracle/seedText";
import { healthcheckCommand } from "../../deploy/instances";
import {
  cli,
  copyExample,
  createDatabase,
  leftovers,
  lockWaiters,
  passwordRole,
  query,
  removeTempDirs,
  requirePostgres,
  ROOT,
  targetServer,
  tempDir,
} from "../helpers";

const ARGS = (app: string, command = "sh migrate.sh") => [
  "--app-dir",
  app,
  "--preset",
  "custom",
  "--migrations",
  "migrations/*.sql",
  "--migrate-command",
  command,
];
const PASSWORD = "Kn0wn-Pa55word-for-tests";

let server: LocalCluster;
let pristine: string; // sql-app with a fresh seed

beforeAll(async () => {
  requirePostgres();
  server = await targetServer();
  pristine = copyExample("sql-app");
  expect(await cli(["regenerate", ...ARGS(pristine), "--quiet"])).toMatchObject({ code: 0 });
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

/** A fresh copy of the seeded app, and a check that a fault left it exactly as it was. */
function seededApp(): { app: string; seed: string; unchanged: () => void } {
  const app = path.join(tempDir(), "app");
  fs.cpSync(pristine, app, { recursive: true });
  const seed = path.join(app, "seed-db.sql");
  const bytes = fs.readFileSync(seed);
  const names = fs.readdirSync(app).sort();
  const running = leftovers();
  return {
    app,
    seed,
    unchanged: () => {
      expect(fs.readFileSync(seed).equals(bytes)).toBe(true);
      expect(fs.readdirSync(app).sort()).toEqual(names); // no temp file, no lock file
      expect(leftovers()).toEqual(running);
    },
  };
}

/** Pids of the processes below root (at any depth) whose command line is exactly args. */
function descendantsRunning(root: number, args: string): number[] {
  const rows = execa
    .sync("ps", ["-eo", "pid=,ppid=,args="])
    .stdout.split("\n")
    .flatMap((l) => {
      const m = /^\s*(\d+)\s+(\d+)\s(.*)$/.exec(l);
      return m ? [{ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }] : [];
    });
  const parent = new Map(rows.map((r) => [r.pid, r.ppid]));
  const below = (pid: number) => {
    for (let p = parent.get(pid); p; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  return rows.filter((r) => r.args === args && below(r.pid)).map((r) => r.pid);
}

/** Running, that is: neither gone nor a zombie waiting for init to reap it. */
function alive(pid: number): boolean {
  const state = execa
    .sync("ps", ["-o", "stat=", "-p", String(pid)], { reject: false })
    .stdout.trim();
  return state !== "" && !state.startsWith("Z");
}

describe("faults", () => {
  test.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
    ["SIGHUP", 129],
  ] as const)(
    "%s during regenerate: exit %i, previous seed intact, nothing left behind",
    async (signal, code) => {
      const { app, unchanged } = seededApp();
      const child = execa(
        "node",
        [path.join(ROOT, "bin", "pgseed"), "regenerate", "--force", ...ARGS(app, "sleep 31.5")],
        { reject: false },
      );
      // Wait until this pgseed's migrate command runs (the server is up), then interrupt: never
      // before.
      let sleeping: number[] = [];
      for (let i = 0; i < 400 && sleeping.length === 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        sleeping = descendantsRunning(child.pid!, "sleep 31.5");
      }
      child.kill(sleeping.length ? signal : "SIGTERM");
      const r = await child;
      expect(sleeping).toHaveLength(1);
      expect(r.exitCode).toBe(code);
      expect(r.stderr).toContain(`${signal} received; cleaning up`);
      expect(alive(sleeping[0])).toBe(false);
      unchanged();
    },
  );

  test("SIGTERM during --verify's second build: the first build's staged seed is removed too", async () => {
    const { app, unchanged } = seededApp();
    const flag = path.join(tempDir(), "first-build-done");
    // The first build migrates; the second sleeps until it is interrupted (the flag lives outside
    // the app).
    const command = `if [ -e ${flag} ]; then exec sleep 32.5; fi; touch ${flag}; sh migrate.sh`;
    const child = execa(
      "node",
      [
        path.join(ROOT, "bin", "pgseed"),
        "regenerate",
        "--force",
        "--verify",
        ...ARGS(app, command),
      ],
      { reject: false },
    );
    let sleeping: number[] = [];
    for (let i = 0; i < 600 && sleeping.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      sleeping = descendantsRunning(child.pid!, "sleep 32.5");
    }
    child.kill("SIGTERM");
    const r = await child;
    expect(sleeping).toHaveLength(1);
    expect(r.exitCode).toBe(143);
    unchanged(); // no .seed-db.sql.*.tmp beside the seed
  });

  test("pg_dump failing: exit 1 with pg_dump's message", async () => {
    const { app, unchanged } = seededApp();
    const bin = tempDir();
    // the server runs as an unprivileged account when the tests run as root
    fs.chmodSync(bin, 0o755);
    for (const tool of ["initdb", "postgres", "psql"])
      fs.symlinkSync(`/usr/lib/postgresql/15/bin/${tool}`, path.join(bin, tool));
    fs.writeFileSync(
      path.join(bin, "pg_dump"),
      "#!/bin/sh\necho 'pg_dump: error: injected failure' >&2\nexit 1\n",
      { mode: 0o755 },
    );
    const r = await cli(["regenerate", "--force", ...ARGS(app), "--pg-bin", bin]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /pg_dump failed with exit code 1:[\s\S]*injected failure[\s\S]*the previous seed is untouched/,
    );
    unchanged();
  });

  test("the disk filling while the seed is written: exit 2, previous seed intact, no temp file", async () => {
    const mount = tempDir();
    const m = await execa("mount", ["-t", "tmpfs", "-o", "size=96k", "tmpfs", mount], {
      reject: false,
    });
    if (m.exitCode !== 0)
      throw new Error(`this test needs root to mount a small tmpfs: ${m.stderr}`);
    try {
      const app = path.join(mount, "app");
      fs.cpSync(pristine, app, { recursive: true });
      // A new migration whose rows make the next seed larger than the space left.
      fs.writeFileSync(
        path.join(app, "migrations", "007_bulk.sql"),
        "CREATE TABLE bulk AS SELECT g AS id, repeat('x', 100) AS filler FROM generate_series(1, 3000) g;\n",
      );
      const seed = path.join(app, "seed-db.sql");
      const before = fs.readFileSync(seed);
      const running = leftovers();
      const r = await cli(["regenerate", ...ARGS(app)]);
      expect(r.stderr).toMatch(
        /cannot write seed .*seed-db.sql: ENOSPC[\s\S]*fix: free some disk space and run again \(the previous seed is untouched\)/,
      );
      expect(r.code).toBe(2);
      expect(fs.readFileSync(seed).equals(before)).toBe(true);
      expect(fs.readdirSync(app).filter((n) => n.startsWith("."))).toEqual([]);
      expect(leftovers()).toEqual(running);
    } finally {
      await execa("umount", [mount], { reject: false });
    }
  });
});

describe("concurrency", () => {
  test("8 regenerates at once: one does the work, the others reuse it, all exit 0, the seed is whole", async () => {
    const app = copyExample("sql-app");
    const runs = await Promise.all(
      Array.from({ length: 8 }, () => cli(["regenerate", "--json", ...ARGS(app)])),
    );
    expect(runs.map((r) => r.code)).toEqual(Array(8).fill(0));
    const results = runs.map((r) => JSON.parse(r.stdout));
    expect(results.filter((r) => r.regenerated)).toHaveLength(1);
    expect(new Set(results.map((r) => r.sha256)).size).toBe(1);
    expect(await cli(["check", ...ARGS(app)])).toMatchObject({ code: 0 });
    expect(fs.readdirSync(app).filter((n) => n.startsWith("."))).toEqual([]);
  });

  test('two loads into one database at once: one wins, the other waits and fails with "already seeded", never a mix', async () => {
    const db = await createDatabase(server);
    const seed = path.join(pristine, "seed-db.sql");
    // The seed's own guard: the advisory lock its transaction takes before anything loads.
    const key = Number(/pg_advisory_xact_lock\((\d+)\)/.exec(fs.readFileSync(seed, "utf8"))![1]);
    // Held here until both loads are past psql's empty-database check and queued on that guard, so
    // that they are surely concurrent.
    const { Client } = require("pg") as typeof import("pg");
    const gate = new Client({ connectionString: db.url });
    await gate.connect();
    await gate.query("SELECT pg_advisory_lock($1)", [key]);
    const runs = [1, 2].map(() => cli(["load", "--url", db.url, "--seed", seed]));
    try {
      await lockWaiters(db.url, { bigint: key }, 2, runs);
    } finally {
      await gate.end();
    }
    const results = await Promise.all(runs);
    expect(results.map((r) => r.code).sort()).toEqual([0, 1]);
    const loser = results.find((r) => r.code === 1)!;
    expect(loser.stderr).toMatch(
      /\npgseed: error: database "[^"]+" is already seeded \(pgseed sha256:[0-9a-f]{64}\); nothing was loaded\n {2}fix: load into an empty database \(createdb a new one\), or bring this one to the current seed with `pgseed migrate`$/,
    );
    expect(loser.stderr).not.toMatch(/is not empty/);
    expect(await query(db.url, "SELECT count(*)::int AS n FROM categories")).toEqual([{ n: 3 }]);
    const single = await createDatabase(server);
    expect(await cli(["load", "--url", single.url, "--seed", seed])).toMatchObject({ code: 0 });
    const objects =
      "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace ORDER BY 1";
    expect(await query(db.url, objects)).toEqual(await query(single.url, objects));
  });
});

describe("atomic loading", () => {
  /** The pristine seed with a failing statement half-way, under a valid header. */
  function brokenSeed(): string {
    const text = fs.readFileSync(path.join(pristine, "seed-db.sql"), "utf8");
    const fp = text.split("\n")[1].slice("-- fingerprint: ".length);
    const sql = text.split("\n").slice(4).join("\n");
    const dump = sql.slice(
      sql.indexOf("--\n-- PostgreSQL database dump"),
      sql.lastIndexOf("COMMENT ON SCHEMA public"),
    );
    const half = dump.indexOf("CREATE TABLE", dump.length / 2);
    const file = path.join(tempDir(), "broken.sql");
    fs.writeFileSync(
      file,
      renderSeed(
        wrapDump(`${dump.slice(0, half)}SELECT 1/0;\n${dump.slice(half)}`, fp),
        fp,
        "15.18",
      ),
    );
    return file;
  }
  const relations = (url: string) =>
    query(
      url,
      "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace",
    );

  test("a seed that fails half-way leaves the target database as it was", async () => {
    const db = await createDatabase(server);
    const r = await cli(["load", "--url", db.url, "--seed", brokenSeed()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("division by zero");
    expect(r.stderr).toMatch(/the database is unchanged \(the seed loads in one transaction\)/);
    expect(await relations(db.url)).toEqual([{ n: 0 }]);
  });

  test("the container init path (psql -v ON_ERROR_STOP=1, as the official image runs it) cannot pass the healthcheck half-seeded", async () => {
    const role = "seed_owner";
    const url = await passwordRole(server, role, PASSWORD);
    const healthy = async (dbName: string, fingerprint: string) => {
      const r = await execa("sh", ["-c", healthcheckCommand(fingerprint)], {
        reject: false,
        env: {
          POSTGRES_USER: role,
          POSTGRES_DB: dbName,
          POSTGRES_PASSWORD: PASSWORD,
          PGPORT: String(server.port),
        },
      });
      return r.exitCode === 0;
    };
    const initLoad = (dbName: string, file: string) =>
      execa(
        "psql",
        [
          "-X",
          "-q",
          "-v",
          "ON_ERROR_STOP=1",
          "-h",
          "127.0.0.1",
          "-U",
          role,
          "-d",
          dbName,
          "-f",
          file,
        ],
        {
          reject: false,
          env: { PGPORT: String(server.port), PGPASSWORD: PASSWORD },
        },
      );
    const fp = fs
      .readFileSync(path.join(pristine, "seed-db.sql"), "utf8")
      .split("\n")[1]
      .slice("-- fingerprint: ".length);

    const bad = `hc_bad_${process.pid}`;
    await query(server.url, `CREATE DATABASE ${bad} OWNER ${role}`);
    expect((await initLoad(bad, brokenSeed())).exitCode).not.toBe(0);
    expect(await relations(url.replace(/\/postgres$/, `/${bad}`))).toEqual([{ n: 0 }]);
    expect(await healthy(bad, fp)).toBe(false);

    const good = `hc_good_${process.pid}`;
    await query(server.url, `CREATE DATABASE ${good} OWNER ${role}`);
    expect((await initLoad(good, path.join(pristine, "seed-db.sql"))).exitCode).toBe(0);
    expect(await healthy(good, fp)).toBe(true);
    expect(await healthy(good, `sha256:${"0".repeat(64)}`)).toBe(false); // seeded from another fingerprint
  });
});

describe("secrets", () => {
  test("a known password appears nowhere: CLI output and JSON, errors, the seed", async () => {
    const url = await passwordRole(server, "secret_user", PASSWORD);
    const db = await createDatabase(server);
    await query(server.url, `ALTER DATABASE ${db.name} OWNER TO secret_user`);
    const target = url.replace(/\/postgres$/, `/${db.name}`);
    const seed = path.join(pristine, "seed-db.sql");
    const runs = [
      await cli(["load", "--url", target, "--seed", seed]),
      await cli(["load", "--url", target, "--seed", seed]), // refused: not empty
      await cli(["load", "--url", target, "--seed", seed, "--json", "--force"]), // fails inside psql
      await cli(["clone", "--url", target, "--seed", seed, "--count", "2", "--prefix", "sec"]),
      await cli([
        "clone",
        "--url",
        target,
        "--seed",
        seed,
        "--count",
        "1",
        "--prefix",
        "sec",
        "--json",
      ]),
      await cli(["load", "--url", target.replace(PASSWORD, "wrong"), "--seed", seed]),
    ];
    expect(runs.map((r) => r.code)).toEqual([0, 1, 1, 0, 0, 2]);
    for (const r of runs) expect(r.stdout + r.stderr).not.toContain(PASSWORD);
    expect(runs[3].stdout).toContain("postgresql://secret_user:****@127.0.0.1");
    expect(fs.readFileSync(seed, "utf8")).not.toContain(PASSWORD);
  });

  test("the migrate command's own output is masked in errors", async () => {
    const app = copyExample("sql-app");
    const r = await cli([
      "regenerate",
      ...ARGS(app, `echo "connecting to postgresql://app:${PASSWORD}@db:5432/app" >&2; exit 1`),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("postgresql://app:****@db:5432/app");
    expect(r.stderr).not.toContain(PASSWORD);
  });
});

/** Shared test fixtures: temp copies of the examples, the real CLI, real throwaway servers. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { startLocalCluster, LocalCluster } from "../seed/servers/cluster";
import { tempBase } from "../seed/servers/host";
import { findPgBin } from "../seed/servers/pgBin";
import { findDjangoPython } from "../seed/presets/django";

export const ROOT = path.resolve(__dirname, "..");
export const PG_MAJOR = 15;

/** Fails with a message naming what is missing, instead of skipping. */
export function requirePostgres(): void {
  try {
    findPgBin(PG_MAJOR);
  } catch (err) {
    throw new Error(
      `these tests need PostgreSQL ${PG_MAJOR} server binaries: ${(err as Error).message}\n(run: apt-get install -y postgresql-${PG_MAJOR}, or bash .ci/run)`,
    );
  }
}

export async function djangoPython(): Promise<string> {
  try {
    return await findDjangoPython(ROOT);
  } catch (err) {
    throw new Error(`these tests need Django: ${(err as Error).message}`);
  }
}

const tempDirs: string[] = [];

/**
 * This test file's own folder for throwaway servers and the engine's initdb cache (PGSEED_TMP,
 * read by the engine and inherited by every CLI run), so leak checks and cache assertions see
 * only what this file made. In RAM where the engine keeps its cache; removeTempDirs removes it.
 */
export const TEST_TMP = (() => {
  let base = os.tmpdir();
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    base = "/dev/shm";
  } catch {
    // no RAM disk: the engine runs initdb each time, on disk
  }
  const dir = fs.mkdtempSync(path.join(base, "pgseed-tests-"));
  fs.chmodSync(dir, 0o755); // as root the server runs as another account, which must reach it
  process.env.PGSEED_TMP = dir;
  tempDirs.push(dir);
  return dir;
})();

export function tempDir(prefix = "pgseed-test-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/** A copy of examples/<name> in a fresh temp folder, without caches or the committed seed. */
export function copyExample(name: string, into = tempDir(), keepSeed = false): string {
  const dest = path.join(into, name);
  fs.cpSync(path.join(ROOT, "examples", name), dest, {
    recursive: true,
    filter: (src) =>
      !src.includes("__pycache__") && (keepSeed || !/seed-db\.sql(\.gz)?$/.test(src)),
  });
  return dest;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(
  args: string[],
  cwd = ROOT,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const r = await execa("node", [path.join(ROOT, "bin", "pgseed"), ...args], {
    cwd,
    reject: false,
    env,
  });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/** A real server to load seeds into; databases are created per test. */
export async function targetServer(): Promise<LocalCluster> {
  requirePostgres();
  return startLocalCluster(findPgBin(PG_MAJOR));
}

let dbCounter = 0;
export async function createDatabase(server: LocalCluster): Promise<{ name: string; url: string }> {
  const name = `t${process.pid}_${++dbCounter}`;
  await query(server.url, `CREATE DATABASE ${name}`);
  const u = new URL(server.url);
  u.pathname = `/${name}`;
  return { name, url: u.toString() };
}

export async function query(url: string, sql: string): Promise<any[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/**
 * This file's throwaway clusters and their postgres processes still around (a cleanup path leaks
 * if any): those under the engine's temp base (TEST_TMP), not other runs' on the machine. A
 * folder it cannot read throws (an empty answer would turn every leak check off).
 */
export function leftovers(): { dirs: string[]; processes: string[] } {
  const base = tempBase();
  const dirs = fs
    .readdirSync(base)
    .filter((n) => /^pgseed-[A-Za-z0-9]{6}$/.test(n))
    .map((n) => path.join(base, n));
  const ps = execa.sync("ps", ["-eo", "args="]).stdout; // throws rather than see no process
  const processes = ps
    .split("\n")
    .filter(
      (l) =>
        l.includes(` -D ${base}/pgseed-`) && /postgres .*-D \S*pgseed-[A-Za-z0-9]{6}\/data/.test(l),
    );
  return { dirs, processes };
}

/**
 * A role that must authenticate with a password over TCP (scram), on a throwaway server whose
 * superuser `postgres` stays trusted for test setup.
 */
export async function passwordRole(
  server: LocalCluster,
  role: string,
  password: string,
): Promise<string> {
  fs.writeFileSync(
    path.join(server.dir, "data", "pg_hba.conf"),
    "local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n",
  );
  await query(server.url, `CREATE ROLE ${role} LOGIN CREATEDB PASSWORD '${password}'`);
  await query(server.url, "SELECT pg_reload_conf()");
  // The reload is asynchronous: wait for its effect, the server asking this role for a password.
  for (let asked = false; !asked;) {
    const c = new Client({
      host: "127.0.0.1",
      port: server.port,
      user: role,
      database: "postgres",
    });
    try {
      await c.connect();
      await c.end();
    } catch (err) {
      if (!/password/.test((err as Error).message)) throw err;
      asked = true;
    }
  }
  const u = new URL(server.url);
  u.username = role;
  u.password = password;
  return u.toString();
}

/** File names and contents of a folder tree, to prove that nothing on disk changed. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else
        out[path.relative(dir, p)] = require("crypto")
          .createHash("sha256")
          .update(fs.readFileSync(p))
          .digest("hex");
    }
  };
  walk(dir);
  return out;
}

/** A throwaway server's pg_dump as one string (the engine only streams it). */
export async function dumpText(
  server: { dumpStream(options: readonly string[]): Promise<NodeJS.ReadableStream> },
  options: readonly string[],
): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of await server.dumpStream(options)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * An advisory lock as pg_locks shows it: the two-int4 form pgseed's session locks use
 * (LOCK_CLASS, lockKey), or a single bigint key (a seed's load guard).
 */
export type AdvisoryLockId = { cls: number; key: number } | { bigint: number };

const lockWhere = (id: AdvisoryLockId) =>
  "cls" in id
    ? `l.classid = ${id.cls}::bigint::oid AND l.objid = ${id.key}::bigint::oid AND l.objsubid = 2`
    : `l.classid = ${Math.floor(id.bigint / 2 ** 32)}::bigint::oid AND l.objid = ${id.bigint % 2 ** 32}::bigint::oid AND l.objsubid = 1`;

export interface LockSession {
  pid: number;
  application_name: string;
  granted: boolean;
}

/** Sessions holding (granted) or queued for (not granted) an advisory lock, on any database. */
export async function lockSessions(url: string, id: AdvisoryLockId): Promise<LockSession[]> {
  return query(
    url,
    `SELECT l.pid, a.application_name, l.granted FROM pg_locks l JOIN pg_stat_activity a USING (pid)
      WHERE l.locktype = 'advisory' AND ${lockWhere(id)} ORDER BY l.granted DESC, a.application_name`,
  );
}

/**
 * Waits for the event "`count` sessions are queued for this lock" (pg_locks, not granted): proof
 * that they wait rather than go ahead. Fails, saying what never happened, when one of `running`
 * (the processes expected to queue) ends first, or after a minute.
 */
export async function lockWaiters(
  url: string,
  id: AdvisoryLockId,
  count: number,
  running: Array<Promise<unknown>> = [],
): Promise<LockSession[]> {
  let ended: string | undefined;
  running.forEach((p, i) =>
    p.then(
      (r) => (ended ??= `process ${i + 1} ended first: ${JSON.stringify(r).slice(0, 2000)}`),
      (e) => (ended ??= `process ${i + 1} failed first: ${e}`),
    ),
  );
  const deadline = Date.now() + 60000;
  for (;;) {
    const waiting = (await lockSessions(url, id)).filter((s) => !s.granted);
    if (waiting.length >= count) return waiting;
    if (ended || Date.now() > deadline)
      throw new Error(
        `expected ${count} sessions queued for the advisory lock, saw ${waiting.length}: ${ended ?? "a minute passed"}`,
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * A name of each lock-file kind pgseed promises to count (README, docs), by ecosystem: the
 * lock-file tests write each one (a glob such as requirements*.txt by two of its names).
 */
export const LOCK_FILE_EXAMPLES = {
  python: [
    "requirements.txt",
    "requirements-dev.txt",
    "poetry.lock",
    "Pipfile.lock",
    "uv.lock",
    "pdm.lock",
  ],
  node: ["package-lock.json", "yarn.lock", "pnpm-lock.yaml"],
} as const;

/**
 * A repository (a folder with .git) holding an app two folders down, `<repo>/services/app`, and
 * the folder outside it: where lock files above the app dir count up to, and where they stop.
 */
export function appInRepository(): { outside: string; repo: string; middle: string; app: string } {
  const outside = tempDir("pgseed-repo-");
  const repo = path.join(outside, "repo");
  const middle = path.join(repo, "services");
  const app = path.join(middle, "app");
  fs.mkdirSync(path.join(repo, ".git"), { recursive: true });
  fs.mkdirSync(app, { recursive: true });
  return { outside, repo, middle, app };
}

/**
 * Settings flags of examples/sql-app (a copy at `app`): the custom preset, its SQL migrations and
 * a migrate command (default: its migrate.sh).
 */
export const sqlAppArgs = (app: string, command = "sh migrate.sh") => [
  ...["--app-dir", app, "--preset", "custom", "--migrations", "migrations/*.sql"],
  ...["--migrate-command", command],
];

/**
 * Bench servers. "shm": the engine's startThrowawayServer (data on /dev/shm where writable).
 * "disk": the same server settings with the data folder under os.tmpdir() (the engine has no
 * base-dir parameter, so the bench starts this one itself with initdb + pg_ctl).
 * Both hand out fresh empty databases and drop them again.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { PgBin, startThrowawayServer, serverAccount, freePort } from "../seed/postgres";
import { registerCleanup } from "../seed/cleanup";
import { urlFor } from "../seed/connect";

export interface BenchServer {
  name: string;
  url: string;
  /** seconds: initdb, then start until ready */
  initSeconds?: number;
  startSeconds: number;
  createDb(name: string): Promise<{ url: string; seconds: number }>;
  dropDb(...names: string[]): Promise<void>;
  stop(): Promise<void>;
}

export const now = () => Number(process.hrtime.bigint()) / 1e9;
const ident = (n: string) => `"${n.replace(/"/g, '""')}"`;

async function withAdmin(url: string): Promise<{ client: Client; stop: () => Promise<void> }> {
  const client = new Client({ connectionString: url });
  client.on("error", () => undefined);
  await client.connect();
  return { client, stop: () => client.end().catch(() => undefined) };
}

async function wrap(name: string, url: string, startSeconds: number, stopServer: () => Promise<void>, initSeconds?: number): Promise<BenchServer> {
  const admin = await withAdmin(url);
  return {
    name,
    url,
    startSeconds,
    initSeconds,
    async createDb(db) {
      const t = now();
      await admin.client.query(`CREATE DATABASE ${ident(db)}`);
      return { url: urlFor(url, db), seconds: now() - t };
    },
    async dropDb(...dbs) {
      for (const db of dbs) await admin.client.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`);
    },
    async stop() {
      await admin.stop();
      await stopServer();
    },
  };
}

/** The engine's throwaway server (RAM-backed where possible). */
export async function startShmServer(bin: PgBin): Promise<BenchServer> {
  const t = now();
  const srv = await startThrowawayServer(bin);
  return wrap(`shm (${srv.dir})`, srv.url, now() - t, () => srv.stop());
}

/** Same flags as the engine's server, data folder under `base` (default: os.tmpdir(), on disk). */
export async function startServerIn(bin: PgBin, base = os.tmpdir()): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(base, "pgseed-bench-"));
  const data = path.join(dir, "data");
  const account = serverAccount();
  const as = account ? { uid: account.uid, gid: account.gid } : {};
  if (account) fs.chownSync(dir, account.uid, account.gid);
  const pgCtl = path.join(bin.dir, "pg_ctl");
  let started = false;
  const cleanup = registerCleanup(async () => {
    if (started) await execa(pgCtl, ["-D", data, "-m", "immediate", "stop"], { ...as, reject: false });
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const stop = async () => {
    cleanup.run();
    await cleanup.done;
  };
  try {
    let t = now();
    await execa(path.join(bin.dir, "initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-N"], { ...as, env: { LC_ALL: "C" } });
    const initSeconds = now() - t;
    const port = await freePort();
    const opts = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_wal_senders=0 -c wal_level=minimal -c autovacuum=off`;
    t = now();
    started = true;
    await execa(pgCtl, ["-D", data, "-w", "-l", path.join(dir, "log"), "-o", opts, "start"], { ...as, env: { LC_ALL: "C" } });
    const startSeconds = now() - t;
    return await wrap(`disk (${dir})`, `postgresql://postgres:pgseed@127.0.0.1:${port}/postgres`, startSeconds, stop, initSeconds);
  } catch (err) {
    await stop();
    throw err;
  }
}

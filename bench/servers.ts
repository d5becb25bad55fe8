/**
 * Bench servers: the engine's own startLocalCluster, with its data on /dev/shm ("shm") or under
 * os.tmpdir() ("disk"). Both hand out fresh empty databases and drop them again.
 */
import * as os from "os";
import { Client } from "pg";
import { startLocalCluster } from "../seed/servers/cluster";
import { PgBin } from "../seed/servers/pgBin";
import { urlFor } from "../seed/core/libpq";

export interface BenchServer {
  name: string;
  url: string;
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

async function wrap(
  name: string,
  url: string,
  startSeconds: number,
  stopServer: () => Promise<void>,
): Promise<BenchServer> {
  const admin = await withAdmin(url);
  return {
    name,
    url,
    startSeconds,
    async createDb(db) {
      const t = now();
      await admin.client.query(`CREATE DATABASE ${ident(db)}`);
      return { url: urlFor(url, db), seconds: now() - t };
    },
    async dropDb(...dbs) {
      for (const db of dbs)
        await admin.client.query(`DROP DATABASE IF EXISTS ${ident(db)} WITH (FORCE)`);
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
  const srv = await startLocalCluster(bin);
  return wrap(`shm (${srv.dir})`, srv.url, now() - t, () => srv.stop());
}

/**
 * The engine's server with its data folder under `base` (default: os.tmpdir(), on disk; initdb runs
 * each time there).
 */
export async function startServerIn(bin: PgBin, base = os.tmpdir()): Promise<BenchServer> {
  const t = now();
  const srv = await startLocalCluster(bin, { baseDir: base });
  return wrap(`disk (${srv.dir})`, srv.url, now() - t, () => srv.stop());
}

/**
 * PostgreSQL session advisory locks: how pgseed processes on different machines that share one
 * server take turns (clones of one prefix, migrates of one database). The lock lives as long as
 * the connection that took it, so a killed pgseed never leaves it behind.
 */
import * as crypto from "crypto";
import type { Client } from "pg";
import { PgseedError } from "../core/errors";

/**
 * First key of the two-int4 form: one per kind of work, so pgseed's locks never meet an app's own.
 */
export const LOCK_CLASS = {
  clone: 0x70677301,
  migrate: 0x70677302,
  /** Taken by pgseed-testdb (python/pgseed-testdb) around its template work; reserved here. */
  testTemplates: 0x70677303,
} as const;

/** Pure: the second key, a stable non-negative int4 from a name (same on every machine). */
export const lockKey = (name: string) =>
  crypto.createHash("sha256").update(name).digest().readUInt32BE(0) & 0x7fffffff;

/**
 * Who holds the lock now: "user app (application_name) from 10.0.0.5, pid 123", or "" if nobody.
 */
export async function lockHolder(client: Client, cls: number, name: string): Promise<string> {
  const { rows } = await client.query(
    `SELECT a.pid, a.usename, a.application_name, host(a.client_addr) AS addr
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2`,
    [cls, lockKey(name)],
  );
  return rows.map(describeSession).join("; ");
}

/** Pure: one session of pg_stat_activity as a person reads it. */
export function describeSession(r: {
  pid: number;
  usename?: string | null;
  application_name?: string | null;
  addr?: string | null;
}): string {
  const app = r.application_name ? ` (${r.application_name})` : "";
  return `user ${r.usename ?? "?"}${app} from ${r.addr ?? "a local socket"}, pid ${r.pid}`;
}

/**
 * Takes the lock on `client`'s session, waiting at most `waitSeconds`; `onWait` is told who holds
 * it when we have to wait. Returns the release (closing the connection releases it too).
 */
export async function advisoryLock(
  client: Client,
  cls: number,
  name: string,
  opts: { waitSeconds: number; what: string; onWait?: (holder: string) => void },
): Promise<() => Promise<void>> {
  const key = lockKey(name);
  const release = async () => {
    await client.query("SELECT pg_advisory_unlock($1, $2)", [cls, key]).catch(() => undefined);
  };
  const got = (await client.query("SELECT pg_try_advisory_lock($1, $2) AS ok", [cls, key])).rows[0]
    .ok as boolean;
  if (got) return release;
  opts.onWait?.((await lockHolder(client, cls, name)) || "another session");
  await client.query(`SET lock_timeout = '${Math.max(1, Math.round(opts.waitSeconds))}s'`);
  try {
    await client.query("SELECT pg_advisory_lock($1, $2)", [cls, key]);
  } catch (err) {
    if ((err as { code?: string }).code !== "55P03") throw err;
    const holder = (await lockHolder(client, cls, name)) || "another session";
    throw new PgseedError(
      `${opts.what} is still locked after ${opts.waitSeconds}s by ${holder}`,
      "wait for that pgseed to finish, or end its session (SELECT pg_terminate_backend(pid))",
    );
  } finally {
    await client.query("RESET lock_timeout").catch(() => undefined);
  }
  return release;
}

/** A pg driver connection to a database, closed after `fn`; failures told as connectError. */
import type { Client as PgClient } from "pg";
import { connectError, libpqEnv } from "../core/libpq";

/**
 * TLS as the URL's sslmode asks (libpq's names): require encrypts without checking the certificate,
 * verify-ca and verify-full check it too; none of them (or disable, allow, prefer): no TLS.
 */
function sslOf(url: string): false | { rejectUnauthorized: boolean } {
  const mode = new URL(url).searchParams.get("sslmode");
  if (mode === "require") return { rejectUnauthorized: false };
  return mode === "verify-ca" || mode === "verify-full" ? { rejectUnauthorized: true } : false;
}

/**
 * A connected client, or the driver's own error (callers that poll a starting server retry on it).
 */
export async function connectClient(url: string, timeoutMs = 10000): Promise<PgClient> {
  const env = libpqEnv(url);
  const { Client } = require("pg") as typeof import("pg"); // loaded only by the commands that talk SQL
  const client = new Client({
    host: env.PGHOST,
    port: Number(env.PGPORT),
    user: env.PGUSER,
    password: env.PGPASSWORD,
    database: env.PGDATABASE,
    connectionTimeoutMillis: timeoutMs,
    ssl: sslOf(url),
  });
  client.on("error", () => undefined); // a server going away mid-query surfaces through the query
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw err;
  }
  return client;
}

/** Runs `fn` on a connection to `url`, closed afterwards whatever happens. */
export async function withClient<T>(
  url: string,
  fn: (c: PgClient) => Promise<T>,
  timeoutMs?: number,
): Promise<T> {
  let client: PgClient;
  try {
    client = await connectClient(url, timeoutMs);
  } catch (err) {
    throw connectError(url, `${(err as { code?: string }).code ?? ""} ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

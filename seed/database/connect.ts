/** A pg driver connection to a user's database, closed after `fn`; failures told as connectError. */
import type { Client as PgClient } from "pg";
import { connectError, libpqEnv } from "../core/libpq";

export async function withClient<T>(url: string, fn: (c: PgClient) => Promise<T>): Promise<T> {
  const env = libpqEnv(url);
  const { Client } = require("pg") as typeof import("pg"); // loaded only by the commands that talk SQL
  const client = new Client({ host: env.PGHOST, port: Number(env.PGPORT), user: env.PGUSER, password: env.PGPASSWORD, database: env.PGDATABASE, connectionTimeoutMillis: 10000 });
  client.on("error", () => undefined); // a server going away mid-query surfaces through the query
  try {
    await client.connect();
  } catch (err) {
    throw connectError(url, `${(err as { code?: string }).code ?? ""} ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

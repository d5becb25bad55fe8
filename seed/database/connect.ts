/**
 * A pg driver connection to a database, closed after `fn`; failures told as connectError. The
 * URL's libpq parameters reach the driver as they reach psql: sslmode (with libpq's fallbacks),
 * its certificate files, options, application_name and connect_timeout.
 */
import * as fs from "fs";
import type { ConnectionOptions } from "tls";
import type { Client as PgClient, ClientConfig } from "pg";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { connectError } from "../core/connectErrors";
import { libpqDefaults, parseUrl, Connection } from "../core/libpq";

type Ssl = false | ConnectionOptions;

/** Servers that answered "no SSL" to prefer: later connections go plain at once. */
const withoutSsl = new Set<string>();

/**
 * Pure (but for reading the named certificate files): the driver's TLS settings to try in turn,
 * as libpq's sslmode means them. A socket never uses SSL (libpq does not either); prefer (libpq's
 * default) tries SSL, then plain; allow the other way round; require encrypts without checking
 * the certificate (unless a root certificate is named: then as verify-ca).
 */
export function sslAttempts(conn: Connection): Ssl[] {
  const mode = conn.sslmode ?? "prefer";
  if (conn.host?.startsWith("/") || mode === "disable") return [false];
  const read = (file?: string) => {
    try {
      return file ? fs.readFileSync(file, "utf8") : undefined;
    } catch (err) {
      throw new PgseedError(
        `cannot read the certificate file ${file}: ${(err as Error).message}`,
        "check sslrootcert, sslcert and sslkey (in the URL, or PGSSLROOTCERT, PGSSLCERT, PGSSLKEY)",
        EXIT_USAGE,
      );
    }
  };
  const files = { ca: read(conn.sslrootcert), cert: read(conn.sslcert), key: read(conn.sslkey) };
  const checked = mode === "verify-full" || mode === "verify-ca" || Boolean(files.ca);
  const tls: ConnectionOptions = {
    ...Object.fromEntries(Object.entries(files).filter(([, v]) => v !== undefined)),
    rejectUnauthorized: checked,
    ...(mode === "verify-full" ? {} : { checkServerIdentity: () => undefined }),
  };
  if (mode === "allow") return [false, tls];
  if (mode === "prefer")
    return withoutSsl.has(`${conn.host}:${conn.port}`) ? [false] : [tls, false];
  return [tls];
}

/** The attempt failed for a reason the next sslmode attempt may not meet (libpq retries these). */
const sslRefusal = (err: unknown) =>
  /SSL|TLS|EPROTO|no encryption/i.test(String((err as Error)?.message));

/**
 * A connected client, or the driver's own error (callers that poll a starting server retry on it).
 */
export async function connectClient(url: string, timeoutMs = 10000): Promise<PgClient> {
  const conn = libpqDefaults(parseUrl(url));
  const { Client } = require("pg") as typeof import("pg"); // loaded only by the commands that talk SQL
  const config: ClientConfig = {
    host: conn.host,
    port: Number(conn.port),
    user: conn.user,
    password: conn.password,
    database: conn.dbname,
    // The driver falls back to the user's PGOPTIONS and PGAPPNAME when these are empty: a space
    // is no option at all to the server, and "pgseed" names our sessions in pg_stat_activity.
    options: conn.options || " ",
    application_name: conn.application_name || "pgseed",
    connectionTimeoutMillis: conn.connect_timeout ? Number(conn.connect_timeout) * 1000 : timeoutMs,
  };
  const attempts = sslAttempts(conn);
  for (let i = 0; ; i++) {
    const client = new Client({ ...config, ssl: attempts[i] });
    client.on("error", () => undefined); // a server going away mid-query surfaces through the query
    try {
      await client.connect();
      return client;
    } catch (err) {
      await client.end().catch(() => undefined);
      if (i + 1 >= attempts.length || !sslRefusal(err)) throw err;
      if (/does not support SSL/.test((err as Error).message))
        withoutSsl.add(`${conn.host}:${conn.port}`);
    }
  }
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
    if (err instanceof PgseedError) throw err; // the URL or a certificate file, not the server
    throw connectError(url, `${(err as { code?: string }).code ?? ""} ${(err as Error).message}`);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

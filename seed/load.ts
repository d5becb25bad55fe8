/**
 * Load: a seed into an empty database, the way the official image does (psql, ON_ERROR_STOP, as
 * the connecting user), all-or-nothing (the seed carries its own BEGIN/COMMIT). Refuses what would
 * go wrong: a non-empty database, a seed whose content does not match its header, a seed made by
 * a newer major than the server.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import execa from "execa";
import { Client, ClientConfig } from "pg";
import { PgseedError, EXIT_USAGE, maskUrls } from "./errors";
import { readSeed, majorOf, isGzipPath, ParsedSeed } from "./seedFile";
import { findPgBin } from "./postgres";

export interface Target {
  url: string;
}

/** Splits a URL into what libpq takes from the environment, so no password reaches argv. */
export function libpqEnv(url: string): Record<string, string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PgseedError(`--url is not a valid URL: ${maskUrls(url)}`, "use postgresql://user:password@host:port/dbname", EXIT_USAGE);
  }
  if (!/^postgres(ql)?:$/.test(u.protocol)) throw new PgseedError(`--url must start with postgresql://, got ${u.protocol}//`, "use postgresql://user:password@host:port/dbname", EXIT_USAGE);
  const env: Record<string, string> = {
    PGHOST: u.searchParams.get("host") ?? (decodeURIComponent(u.hostname.replace(/^\[|\]$/g, "")) || "localhost"),
    PGPORT: u.port || u.searchParams.get("port") || "5432",
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || "postgres",
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}

export function clientConfig(env: Record<string, string>): ClientConfig {
  return { host: env.PGHOST, port: Number(env.PGPORT), user: env.PGUSER, password: env.PGPASSWORD, database: env.PGDATABASE, connectionTimeoutMillis: 10000 };
}

/** A connection error told plainly, with the URL's password masked. */
export function connectError(url: string, err: Error & { code?: string }): PgseedError {
  const where = maskUrls(url);
  const byCode: Record<string, [string, string]> = {
    ECONNREFUSED: ["connection refused", "start the server, or check host and port"],
    ENOTFOUND: ["host not found", "check the host name"],
    ETIMEDOUT: ["connection timed out", "check the host, port and firewall"],
    ENOENT: ["no server socket there", "check the host (socket folder) and port"],
    "28P01": ["password authentication failed", "check the user and password in --url"],
    "28000": ["the server refused this user", "check the user in --url and pg_hba.conf"],
    "3D000": ["the database does not exist", "create it first (createdb), or name an existing one"],
  };
  const [what, fix] = byCode[err.code ?? ""] ?? [err.message.split("\n")[0], "check --url"];
  return new PgseedError(`cannot connect to ${where}: ${what}`, fix, EXIT_USAGE);
}

export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client(clientConfig(libpqEnv(url)));
  client.on("error", () => undefined); // a server going away mid-query surfaces through the query
  try {
    await client.connect();
  } catch (err) {
    throw connectError(url, err as Error);
  }
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Up to 5 user objects of the connected database (empty list: the database is empty). */
export async function userObjects(client: Client): Promise<string[]> {
  const { rows } = await client.query(`
    SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
    UNION ALL
    SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL
    SELECT 'schema ' || nspname FROM pg_namespace
     WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp)'
    UNION ALL
    SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
    LIMIT 5`);
  return rows.map((r) => r.name as string);
}

/** The seed after its header checks: it must be intact. */
export function readIntactSeed(seedPath: string): ParsedSeed {
  const seed = readSeed(seedPath);
  if (!seed) throw new PgseedError(`seed ${seedPath} does not exist`, "run `pgseed regenerate` first, or pass --seed FILE", EXIT_USAGE);
  if (!seed.parsed.contentOk) {
    throw new PgseedError(`seed ${seedPath} is truncated or tampered: its content hash does not match its header; nothing was loaded`, "regenerate it with `pgseed regenerate --force`");
  }
  return seed.parsed;
}

/** Runs a seed file through psql into the database of `env`. */
export async function psqlLoad(seedPath: string, env: Record<string, string>, psql: string): Promise<void> {
  const gz = isGzipPath(seedPath);
  const child = execa(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", gz ? "-" : seedPath], {
    env: { ...env, PGCONNECT_TIMEOUT: "10" },
    reject: false,
    stdout: "ignore",
    input: gz ? fs.createReadStream(seedPath).pipe(zlib.createGunzip()) : undefined,
  });
  const r = await child;
  if (r.exitCode !== 0) {
    throw new PgseedError(
      `loading ${path.basename(seedPath)} failed (psql exit ${r.exitCode}); the database is unchanged (the seed loads in one transaction):\n    | ${maskUrls(r.stderr).trim().split("\n").slice(-8).join("\n    | ")}`,
      "see psql's message above",
    );
  }
}

/** psql of the seed's major when installed (client = server version), else the one on PATH. */
export function psqlFor(major: number): string {
  try {
    return path.join(findPgBin(major).dir, "psql");
  } catch {
    return "psql";
  }
}

export interface LoadResult {
  fingerprint: string;
  database: string;
  serverVersion: string;
}

export async function loadSeed(opts: { url: string; seedPath: string; force?: boolean }): Promise<LoadResult> {
  const seed = readIntactSeed(opts.seedPath);
  const env = libpqEnv(opts.url);
  const seedMajor = majorOf(seed.header.postgres);
  const serverVersion = await withClient(opts.url, async (client) => {
    const version = ((await client.query("SHOW server_version")).rows[0].server_version as string).split(" ")[0];
    if (majorOf(version) < seedMajor) {
      throw new PgseedError(
        `the seed was made by PostgreSQL ${seed.header.postgres}, newer than the server (${version}); it may not load`,
        `regenerate the seed with --postgres-version ${majorOf(version)}, or upgrade the server`,
      );
    }
    if (!opts.force) {
      const objects = await userObjects(client);
      if (objects.length) {
        throw new PgseedError(`database "${env.PGDATABASE}" is not empty (it has ${objects.join(", ")}…); nothing was loaded`, "load into an empty database (createdb a new one), or pass --force to load on top");
      }
    }
    return version;
  });
  await psqlLoad(opts.seedPath, env, psqlFor(seedMajor));
  return { fingerprint: seed.header.fingerprint, database: env.PGDATABASE, serverVersion };
}

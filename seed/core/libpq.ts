/**
 * Connecting to a user's database: a URL split into libpq variables (no password in argv), and
 * connection failures told plainly, with the URL's password masked, whether they come from the
 * pg driver or from psql.
 */
import { PgseedError, EXIT_USAGE, maskUrls } from "./errors";

/**
 * What libpq (psql, pg_dump, psycopg) reads from the environment: PG*, pgseed's own PGSEED_* aside.
 */
const isLibpqVar = (name: string) => name.startsWith("PG") && !name.startsWith("PGSEED_");

/**
 * The environment of a child that connects where pgseed says: the user's libpq variables and
 * DATABASE_URL removed first (a PGSERVICE, PGHOSTADDR or PGOPTIONS would override or redirect
 * what pgseed sets), then `connection`. Pass it with execa's extendEnv: false.
 */
export function connectionEnv(
  connection: Record<string, string>,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(base))
    if (value !== undefined && !isLibpqVar(name) && name !== "DATABASE_URL") env[name] = value;
  return { ...env, ...connection };
}

/** Splits a URL into what libpq takes from the environment, so no password reaches argv. */
export function libpqEnv(url: string): Record<string, string> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new PgseedError(
      `--url is not a valid URL: ${maskUrls(url)}`,
      "use postgresql://user:password@host:port/dbname",
      EXIT_USAGE,
    );
  }
  if (!/^postgres(ql)?:$/.test(u.protocol))
    throw new PgseedError(
      `--url must start with postgresql://, got ${u.protocol}//`,
      "use postgresql://user:password@host:port/dbname",
      EXIT_USAGE,
    );
  const decodeURIComponent = (part: string) => {
    try {
      return globalThis.decodeURIComponent(part);
    } catch {
      throw new PgseedError(
        `--url has a bad %-escape in its user, password or database: ${maskUrls(url)}`,
        "write a literal % as %25 (and other special characters %-encoded)",
        EXIT_USAGE,
      );
    }
  };
  const env: Record<string, string> = {
    PGHOST:
      u.searchParams.get("host") ??
      (decodeURIComponent(u.hostname.replace(/^\[|\]$/g, "")) || "localhost"),
    PGPORT: u.port || u.searchParams.get("port") || "5432",
    PGDATABASE:
      decodeURIComponent(u.pathname.slice(1)) || decodeURIComponent(u.username) || "postgres",
  };
  if (u.username) env.PGUSER = decodeURIComponent(u.username);
  if (u.password) env.PGPASSWORD = decodeURIComponent(u.password);
  return env;
}

/** The same URL naming another database on the server. */
export function urlFor(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

/**
 * Why a connection failed → what to say and what to do. Keys: driver error codes and psql's texts.
 */
const CONNECT_FAILURES: Array<[RegExp, string, string]> = [
  [
    /ECONNREFUSED|Connection refused/,
    "connection refused",
    "start the server, or check host and port",
  ],
  [/ENOTFOUND|could not translate host name/, "host not found", "check the host name"],
  [/ETIMEDOUT|timeout expired/, "connection timed out", "check the host, port and firewall"],
  [
    /ENOENT|No such file or directory/,
    "no server socket there",
    "check the host (socket folder) and port",
  ],
  [
    /28P01|password authentication failed/,
    "password authentication failed",
    "check the user and password in --url",
  ],
  [
    /28000|no pg_hba.conf entry|role ".*" does not exist/,
    "the server refused this user",
    "check the user in --url and pg_hba.conf",
  ],
  [
    /3D000|database ".*" does not exist/,
    "the database does not exist",
    "create it first (createdb), or name an existing one",
  ],
];

export function connectError(url: string, reason: string): PgseedError {
  const found = CONNECT_FAILURES.find(([re]) => re.test(reason));
  const [what, fix] = found ? [found[1], found[2]] : [reason.split("\n")[0], "check --url"];
  return new PgseedError(`cannot connect to ${maskUrls(url)}: ${what}`, fix, EXIT_USAGE);
}

/**
 * The database a command acts on, chosen as psql chooses it: --url (or a URL given as DBNAME),
 * else DATABASE_URL, else the libpq variables; whatever these leave out comes from the libpq
 * variables, then libpq's compiled defaults (the Unix socket, port 5432, the OS user, a database
 * named after the user). A DBNAME argument names the database, as psql's, pg_dump's and
 * createdb's does.
 */
import { usageError } from "../seed/core/errors";
import {
  formatUrl,
  libpqDefaults,
  parseUrl,
  CompiledDefaults,
  Connection,
  LIBPQ_PARAMS,
} from "../seed/core/libpq";

export interface Target {
  url: string;
  /** Where it came from, for the line printed before anything is written. */
  from: string;
}

const isUrl = (s: string) => /^postgres(ql)?:\/\//.test(s);

/**
 * Variables that would send psql elsewhere and that pgseed does not pass on (it hands its
 * children the target as PG* alone): without a URL, refused rather than ignored.
 */
const REDIRECTING: Record<string, string> = {
  PGSERVICE: "pgseed does not read service files",
  PGHOSTADDR: "pgseed does not connect by host address",
};

export function resolveTarget(
  given: { url?: string; database?: string },
  env: NodeJS.ProcessEnv,
  compiled?: CompiledDefaults,
): Target {
  let database = given.database;
  let url = given.url;
  let from = "--url";
  if (database && isUrl(database)) {
    if (url) throw usageError("two databases given: a URL argument and --url", "give one");
    [url, database, from] = [database, undefined, "the URL argument"];
  }
  if (!url && env.DATABASE_URL) [url, from] = [env.DATABASE_URL, "DATABASE_URL"];
  if (!url) {
    for (const [name, why] of Object.entries(REDIRECTING))
      if (env[name])
        throw usageError(
          `${name}=${env[name]} is set, but ${why}`,
          "pass --url postgresql://user@host:port/dbname (or DATABASE_URL) for the database to use",
        );
    from = "the libpq variables";
  }
  const conn = url ? parseUrl(url, from) : {};
  if (database) {
    // DATABASE_URL is the app's own setting, not a choice made here: DBNAME names another
    // database on its server.
    if (conn.dbname && from === "--url")
      throw usageError(
        `two databases given: ${database}, and ${conn.dbname} in --url`,
        "give the database once: DBNAME, or in the URL",
      );
    conn.dbname = database;
  }
  const full = libpqDefaults(conn, env, compiled);
  return { url: formatUrl(full), from: describeSources(from, conn, env) };
}

/** Pure: "--url; PGPASSWORD; libpq's default host, port" for the printed target line. */
function describeSources(from: string, conn: Connection, env: NodeJS.ProcessEnv): string {
  const main: (keyof typeof LIBPQ_PARAMS)[] = ["host", "port", "user", "password", "dbname"];
  const missing = main.filter((p) => !conn[p]);
  const fromEnv = missing.filter((p) => env[LIBPQ_PARAMS[p]]).map((p) => LIBPQ_PARAMS[p]);
  const defaults = missing.filter((p) => p !== "password" && !env[LIBPQ_PARAMS[p]]);
  return [
    ...(from === "the libpq variables" ? [] : [from]),
    ...fromEnv,
    ...(defaults.length ? [`libpq's default ${defaults.join(", ")}`] : []),
  ].join("; ");
}

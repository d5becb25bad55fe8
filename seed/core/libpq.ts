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

/** Where a password can come from, said whenever one is missing or wrong. */
const PASSWORD_FIX =
  "put the password in the URL (--url postgresql://USER:PASSWORD@HOST:PORT/DB, or DATABASE_URL), or set PGPASSWORD; a stack's: `pulumi stack output instanceUrls --show-secrets`";

/**
 * Why a connection failed → what to say and what to do, and whether the server answered (it then
 * refused us: a wrong password, no such database, TLS required) or not (nothing listens, no route).
 * Keys: driver error codes, the driver's and the server's texts (psql prints the server's too).
 * First match wins: the specific before the general.
 */
const CONNECT_FAILURES: Array<{
  re: RegExp;
  what: (user: string, m: RegExpExecArray) => string;
  fix: string;
  answered: boolean;
}> = [
  {
    // The driver asked for a password it was not given (scram, md5); psql says fe_sendauth.
    re: /client password must be a string|no password supplied/,
    what: (user) => `authentication failed for user "${user}": no password was given`,
    fix: PASSWORD_FIX,
    answered: true,
  },
  {
    re: /password authentication failed for user "([^"]*)"|28P01/,
    what: (user, m) => `password authentication failed for user "${m[1] ?? user}"`,
    fix: `check the user and password in --url (${PASSWORD_FIX})`,
    answered: true,
  },
  {
    re: /no pg_hba\.conf entry for .*no encryption/,
    what: () => "the server accepts only encrypted (TLS) connections from this host",
    fix: "add sslmode=require to the URL (postgresql://…/DB?sslmode=require)",
    answered: true,
  },
  {
    re: /server does not support SSL/,
    what: () => "the server does not accept TLS connections",
    fix: "drop sslmode from the URL (or sslmode=prefer), or turn ssl on in the server",
    answered: true,
  },
  {
    re: /certificate|CERT_|SELF_SIGNED/,
    what: (_u, m) => `the server's TLS certificate was not accepted (${m[0]})`,
    fix: "use sslmode=require (encrypts, checks no certificate), or give the server a certificate this machine trusts",
    answered: true,
  },
  {
    re: /28000|no pg_hba\.conf entry/,
    what: (user) => `the server refused user "${user}" from this host (pg_hba.conf)`,
    fix: "check the user in --url, and the server's pg_hba.conf",
    answered: true,
  },
  {
    re: /role "([^"]*)" does not exist/,
    what: (_u, m) => `role "${m[1]}" does not exist`,
    fix: "check the user in --url",
    answered: true,
  },
  {
    re: /3D000|database ".*" does not exist/,
    what: () => "the database does not exist",
    fix: "create it first (createdb), or name an existing one",
    answered: true,
  },
  {
    re: /57P03|the database system is (starting up|shutting down|in recovery mode)/,
    what: () => "the server is starting up or shutting down",
    fix: "wait until it is up, then run again",
    answered: false,
  },
  {
    re: /53300|too many clients|remaining connection slots/,
    what: () => "the server has no connection slot free",
    fix: "close some connections, or raise max_connections",
    answered: true,
  },
  {
    re: /ECONNREFUSED|Connection refused/,
    what: () => "connection refused",
    fix: "start the server, or check host and port",
    answered: false,
  },
  {
    re: /ENOTFOUND|EAI_AGAIN|could not translate host name/,
    what: () => "host not found",
    fix: "check the host name",
    answered: false,
  },
  {
    re: /EHOSTUNREACH|ENETUNREACH|No route to host|Network is unreachable/,
    what: () => "host unreachable (no route to it)",
    fix: "check the host address and this machine's network",
    answered: false,
  },
  {
    re: /ETIMEDOUT|timeout expired|connection timeout/,
    what: () => "connection timed out",
    fix: "check the host, port and firewall",
    answered: false,
  },
  {
    re: /ENOENT|No such file or directory/,
    what: () => "no server socket there",
    fix: "check the host (socket folder) and port",
    answered: false,
  },
];

/** A connection that failed: `what` and `fix` as said, and whether the server answered. */
export class ConnectError extends PgseedError {
  constructor(
    url: string,
    readonly what: string,
    fix: string,
    readonly answered: boolean,
  ) {
    super(`cannot connect to ${maskUrls(url)}: ${what}`, fix, EXIT_USAGE);
  }
}

export function connectError(url: string, reason: string): ConnectError {
  let user = "";
  try {
    user = decodeURIComponent(new URL(url).username);
  } catch {
    // not a URL: the reason says the rest
  }
  user ||= process.env.PGUSER || process.env.USER || "";
  for (const f of CONNECT_FAILURES) {
    const m = f.re.exec(reason);
    if (m) return new ConnectError(url, f.what(user, m), f.fix, f.answered);
  }
  return new ConnectError(url, reason.trim().split("\n")[0], "check --url", false);
}

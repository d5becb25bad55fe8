/**
 * Connecting to a user's database the way libpq does: a postgresql:// URL parsed as libpq parses
 * it, libpq's defaults filled in (the Unix socket, 5432, the OS user, a database named after the
 * user), and the result handed to psql and the migrate command as PG* variables (no password in
 * argv). Connection failures are told plainly, with the URL's password masked, whether they come
 * from the pg driver or from psql.
 */
import * as fs from "fs";
import * as os from "os";
import { PgseedError, EXIT_USAGE, maskUrls } from "./errors";

/**
 * Every libpq parameter pgseed passes on, with the variable libpq reads it from. A URL parameter
 * outside this list is refused, never silently dropped.
 */
export const LIBPQ_PARAMS = {
  host: "PGHOST",
  port: "PGPORT",
  user: "PGUSER",
  password: "PGPASSWORD",
  dbname: "PGDATABASE",
  sslmode: "PGSSLMODE",
  sslrootcert: "PGSSLROOTCERT",
  sslcert: "PGSSLCERT",
  sslkey: "PGSSLKEY",
  options: "PGOPTIONS",
  application_name: "PGAPPNAME",
  connect_timeout: "PGCONNECT_TIMEOUT",
} as const;
export type LibpqParam = keyof typeof LIBPQ_PARAMS;
/** A connection as libpq's parameters; a socket's host is its folder (it starts with /). */
export type Connection = Partial<Record<LibpqParam, string>>;
const PARAMS = Object.keys(LIBPQ_PARAMS) as LibpqParam[];
/** The URL's own parts; the rest go in its query string. */
const URL_PARTS: readonly LibpqParam[] = ["host", "port", "user", "password", "dbname"];
export const SSL_MODES = ["disable", "allow", "prefer", "require", "verify-ca", "verify-full"];
/** libpq's compiled default port (DEF_PGPORT); no distribution changes it. */
export const DEFAULT_PORT = "5432";

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

const URL_FORM = "use postgresql://user:password@host:port/dbname?sslmode=…";
const urlError = (what: string, problem: string, url: string, fix = URL_FORM) =>
  new PgseedError(`${what} ${problem}: ${maskUrls(url)}`, fix, EXIT_USAGE);

/** libpq's URI grammar: scheme, user:password@ (to the first @), host or [v6], :port, /dbname. */
const URI_RE =
  /^postgres(?:ql)?:\/\/(?:([^@/?#]*)@)?(\[[^\]/?#]*\]|[^:/?#]*)(?::([^/?#]*))?(?:\/([^?#]*))?(?:\?([^#]*))?$/;

/**
 * Pure: a postgresql:// URL as libpq reads it (`what` names it in errors: --url, DATABASE_URL).
 * Only what the URL says; libpqDefaults fills the rest.
 */
export function parseUrl(url: string, what = "--url"): Connection {
  const scheme = /^([A-Za-z][\w+.-]*):\/\//.exec(url)?.[1];
  if (scheme && !/^postgres(ql)?$/.test(scheme))
    throw urlError(what, "must start with postgresql://", `${scheme}://…`);
  const m = URI_RE.exec(url);
  if (!m) throw urlError(what, "is not a valid URL", url);
  const decode = (part: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      throw urlError(what, "has a bad %-escape", url, "write a literal % as %25");
    }
  };
  const [, userinfo, host, port, dbname, query] = m;
  const conn: Connection = {};
  const set = (param: LibpqParam, value: string | undefined) => {
    if (value) conn[param] = decode(value);
  };
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(":");
    set("user", colon < 0 ? userinfo : userinfo.slice(0, colon));
    if (colon >= 0) set("password", userinfo.slice(colon + 1));
  }
  set("host", host.replace(/^\[(.*)\]$/, "$1"));
  set("port", port);
  set("dbname", dbname);
  for (const pair of (query ?? "").split("&").filter(Boolean)) {
    const eq = pair.indexOf("=");
    const name = decode(eq < 0 ? pair : pair.slice(0, eq));
    if (!(PARAMS as string[]).includes(name))
      throw urlError(
        what,
        `has the parameter ${name}, which pgseed does not pass on`,
        url,
        `remove it; pgseed passes on ${PARAMS.join(", ")}`,
      );
    conn[name as LibpqParam] = decode(eq < 0 ? "" : pair.slice(eq + 1));
  }
  return conn;
}

/**
 * Pure: a connection as a URL libpq, psycopg and SQLAlchemy read alike; a socket folder goes in
 * the query (postgresql://user@/db?host=/run/postgresql), as libpq's documentation writes it.
 */
export function formatUrl(conn: Connection): string {
  const enc = (v: string) => encodeURIComponent(v);
  const socket = conn.host?.startsWith("/");
  const host = !conn.host || socket ? "" : conn.host.includes(":") ? `[${conn.host}]` : conn.host;
  const auth =
    conn.user || conn.password
      ? `${enc(conn.user ?? "")}${conn.password ? `:${enc(conn.password)}` : ""}@`
      : "";
  const port = conn.port && !socket ? `:${conn.port}` : "";
  const query = PARAMS.filter(
    (p) => conn[p] && (!URL_PARTS.includes(p) || (socket && (p === "host" || p === "port"))),
  ).map((p) => `${p}=${enc(conn[p]!).replace(/%2F/g, "/")}`);
  const db = conn.dbname ? enc(conn.dbname) : "";
  return `postgresql://${auth}${host}${port}/${db}${query.length ? `?${query.join("&")}` : ""}`;
}

/** The same URL naming another database on the server. */
export function urlFor(url: string, db: string): string {
  return formatUrl({ ...parseUrl(url), dbname: db });
}

/** Pure: what each value must be; the problem names the parameter and its variable. */
function checkConnection(conn: Connection): void {
  const bad = (param: LibpqParam, rule: string, example: string) =>
    new PgseedError(
      `${param} ${JSON.stringify(conn[param])} (URL parameter ${param}, or ${LIBPQ_PARAMS[param]}) ${rule}`,
      `use e.g. ${param}=${example}`,
      EXIT_USAGE,
    );
  if (conn.host?.includes(",")) throw bad("host", "names several hosts; pgseed takes one", "db1");
  if (conn.port && !(/^\d+$/.test(conn.port) && +conn.port >= 1 && +conn.port <= 65535))
    throw bad("port", "is not a port number (1-65535)", "5432");
  if (conn.sslmode && !SSL_MODES.includes(conn.sslmode))
    throw bad("sslmode", `is not one of ${SSL_MODES.join(", ")}`, "require");
  if (conn.connect_timeout && !/^\d+$/.test(conn.connect_timeout))
    throw bad("connect_timeout", "is not a whole number of seconds", "10");
}

/** libpq's compiled-in defaults that need a look at the machine; tests pass their own. */
export interface CompiledDefaults {
  socketDir: () => string;
  user: () => string;
}

/**
 * What libpq connects to: each parameter the connection leaves out comes from its variable in
 * `env` (PGHOST, PGUSER, PGSSLMODE, …; empty counts as unset), else from libpq's compiled
 * default: the Unix socket folder, port 5432, the OS user, a database named after the user.
 * `env` {}: the compiled defaults alone (a URL the engine is given is complete as it is).
 */
export function libpqDefaults(
  conn: Connection,
  env: NodeJS.ProcessEnv = {},
  compiled: CompiledDefaults = { socketDir: defaultSocketDir, user: osUser },
): Connection & { host: string; port: string; user: string; dbname: string } {
  const out: Connection = { ...conn };
  for (const p of PARAMS) if (!out[p] && env[LIBPQ_PARAMS[p]]) out[p] = env[LIBPQ_PARAMS[p]];
  const host = out.host || compiled.socketDir();
  const user = out.user || compiled.user();
  const full = { ...out, host, port: out.port || DEFAULT_PORT, user, dbname: out.dbname || user };
  checkConnection(full);
  return full;
}

/** The OS user's name: libpq's default user (it reads the password database too). */
function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    throw new PgseedError(
      "cannot find the name of the OS user, libpq's default user",
      "set PGUSER, or give the user in the URL",
      EXIT_USAGE,
    );
  }
}

let socketDir: string | undefined;
/**
 * libpq's compiled default socket folder (DEFAULT_PGSOCKET_DIR: /var/run/postgresql on Debian and
 * Ubuntu, /tmp upstream and on Homebrew). libpq has no call that tells it, and guessing from the
 * folders that exist can pick one psql does not use; so ask psql (the libpq it is built on): a
 * connection to port 1 of the default socket fails with a message naming the socket's path.
 * Debian's psql binaries first (its /usr/bin/psql is a Perl wrapper, 4x slower to start), then
 * psql on PATH; without any, the Debian folder when it exists, else /tmp.
 */
export function defaultSocketDir(): string {
  if (socketDir) return socketDir;
  const debian = "/usr/lib/postgresql";
  const versions = fs.existsSync(debian) ? fs.readdirSync(debian).sort().reverse() : [];
  const { spawnSync } = require("child_process") as typeof import("child_process");
  for (const psql of [...versions.map((v) => `${debian}/${v}/bin/psql`), "psql"]) {
    const probe = spawnSync(psql, ["-X", "-w", "-c", ""], {
      env: connectionEnv({ PGPORT: "1", PGUSER: "pgseed", PGDATABASE: "pgseed" }),
      encoding: "utf8",
      timeout: 10000,
    });
    socketDir = /socket "(\/[^"]*)\/\.s\.PGSQL\.1"/.exec(probe.stderr ?? "")?.[1];
    if (socketDir) return socketDir;
  }
  socketDir = fs.existsSync("/var/run/postgresql") ? "/var/run/postgresql" : "/tmp";
  return socketDir;
}

/**
 * A URL as the PG* variables of psql, pg_dump and the migrate command (no password in argv),
 * libpq's compiled defaults filled in.
 */
export function libpqEnv(url: string): Record<string, string> {
  const conn: Connection = libpqDefaults(parseUrl(url));
  const env: Record<string, string> = {};
  for (const p of PARAMS) if (conn[p]) env[LIBPQ_PARAMS[p]] = conn[p]!;
  return env;
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

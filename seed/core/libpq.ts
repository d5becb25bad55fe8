/**
 * Connecting to a user's database the way libpq does: a postgresql:// URL parsed as libpq parses
 * it, libpq's defaults filled in (the Unix socket, 5432, the OS user, a database named after the
 * user), and the result handed to psql and the migrate command as PG* variables (no password in
 * argv). How a failed connection is told: connectErrors.ts.
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

/**
 * Connection failures told plainly, with the URL's password masked, whether they come from the pg
 * driver or from psql: what failed, what to do, and whether the server answered.
 */
import { PgseedError, EXIT_USAGE, maskUrls } from "./errors";

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

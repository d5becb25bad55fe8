/**
 * Exit codes scripts can rely on (documented in the README):
 * 0 success; 1 the operation ran and failed (stale seed, migrate failed, load refused);
 * 2 usage, settings or I/O errors (nothing was attempted).
 */
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/**
 * An error meant for a person: one line naming the problem, then how to fix it. URL passwords are
 * masked here, once, for every path an error takes (CLI, Pulumi's logs, tests).
 */
export class PgseedError extends Error {
  constructor(
    message: string,
    readonly fix: string,
    readonly exitCode: number = EXIT_FAILED,
  ) {
    super(maskUrls(fix ? `${message}\n  fix: ${fix}` : message));
    this.name = "PgseedError";
  }
}

export function usageError(message: string, fix: string): PgseedError {
  return new PgseedError(message, fix, EXIT_USAGE);
}

/** Masks the password of any postgres URL inside a text, so errors and logs never carry it. */
export function maskUrls(text: string): string {
  return text.replace(/(postgres(?:ql)?:\/\/[^:/@\s]*:)([^@\s]*)@/g, "$1****@");
}

/** What to do about a server error, by SQLSTATE (exact code first, then its two-letter class). */
const SERVER_FIXES: Record<string, string> = {
  "23505": "another pgseed may be doing the same thing on this server; run again",
  "40P01": "another session took the same objects (deadlock); run again",
  "42501":
    "grant the connecting user the privilege named above (clone needs CREATEDB), or connect as the owner",
  "53100": "free disk space on the database server",
  "53300": "too many connections to the server: close some, or raise max_connections",
  "55006": "close the other connections to that database, then run again",
  "55P03": "another session holds the lock; wait for it, then run again",
  "57P01": "the server was shut down or the session terminated; start it and run again",
  "57014":
    "the statement was cancelled (statement_timeout or a cancel); run again, or raise the timeout",
  "28": "check the user and password in --url",
  "3D": "check the database name in --url",
  "42": "the server refused a statement pgseed sent; check the server's major version and the user's privileges",
  "53": "the server is out of resources; see its log",
  "57": "the server stopped this session; see its log, then run again",
  "58": "the server had a system error; see its log",
  XX: "the server reported an internal error; see its log",
};

/**
 * A pg driver error (it carries a SQLSTATE `code` and a `severity`), or a connection the server
 * dropped, as the one-line PgseedError form with a fix; undefined for anything else (a bug).
 */
export function serverError(err: unknown): PgseedError | undefined {
  const e = err as { code?: unknown; severity?: unknown; message?: unknown; detail?: unknown };
  if (!e || typeof e !== "object" || typeof e.message !== "string") return undefined;
  if (
    typeof e.code === "string" &&
    /^[0-9A-Z]{5}$/.test(e.code) &&
    typeof e.severity === "string"
  ) {
    const fix =
      SERVER_FIXES[e.code] ?? SERVER_FIXES[e.code.slice(0, 2)] ?? "see the server's message above";
    const detail = typeof e.detail === "string" && e.detail ? ` (${e.detail.split("\n")[0]})` : "";
    return new PgseedError(
      `the PostgreSQL server refused: ${e.message.split("\n")[0]}${detail} [SQLSTATE ${e.code}]`,
      fix,
    );
  }
  if (
    /Connection terminated|ECONNRESET|Client has encountered a connection error/.test(
      `${e.code ?? ""} ${e.message}`,
    )
  ) {
    return new PgseedError(
      `the PostgreSQL server closed the connection: ${e.message.split("\n")[0]}`,
      "check that the server is up (it may have restarted), then run again",
    );
  }
  return undefined;
}

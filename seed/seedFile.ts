/**
 * The seed file: a self-describing header, then plain SQL that loads in one transaction and ends
 * with a marker a live database can be asked for. Optionally gzip with no timestamp.
 * Pure functions, except readSeed/writeFileAtomic at the edge.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { PgseedError, EXIT_USAGE } from "./errors";
import { SEED_FORMAT_VERSION } from "./fingerprint";

export interface SeedHeader {
  format: number;
  fingerprint: string;
  postgres: string;
  content: string;
}

export const sha256 = (data: Buffer | string) => `sha256:${crypto.createHash("sha256").update(data).digest("hex")}`;

/**
 * The marker: a comment on schema `public`. It travels with CREATE DATABASE … TEMPLATE, adds no
 * object to the app's schema, and is written last inside the transaction, so it exists only if
 * the whole seed loaded. Ask a live database:
 *   SELECT obj_description('public'::regnamespace, 'pg_namespace');  -- 'pgseed sha256:…'
 */
export const MARKER_QUERY = "SELECT obj_description('public'::regnamespace, 'pg_namespace')";
const MARKER_PREFIX = "pgseed ";
export const markerText = (fingerprint: string) => `${MARKER_PREFIX}${fingerprint}`;
/** The fingerprint a marker names, or undefined when the text is no pgseed marker. */
export function parseMarker(text: string | null | undefined): string | undefined {
  const m = /^pgseed (sha256:[0-9a-f]{64})$/.exec(text ?? "");
  return m?.[1];
}

/** A seed made by a newer major than the server: one message and one fix wherever it is found. */
export function newerSeedProblem(seedVersion: string, serverVersion: string): { message: string; fix: string } {
  return {
    message: `the seed was made by PostgreSQL ${seedVersion}, newer than the server (${serverVersion}); it may not load`,
    fix: `regenerate the seed with --postgres-version ${Math.floor(majorOf(serverVersion)) || "<server major>"}, or upgrade the server`,
  };
}

/**
 * Loads start with this guard: concurrent loads into one database queue on an advisory lock, and
 * the loser finds the marker and fails cleanly instead of colliding half-way.
 */
const LOAD_GUARD = `DO $pgseed$
BEGIN
  PERFORM pg_advisory_xact_lock(8675309);
  IF obj_description('public'::regnamespace, 'pg_namespace') LIKE '${MARKER_PREFIX}sha256:%' THEN
    RAISE EXCEPTION 'pgseed: this database is already seeded (%): load a seed only into an empty database',
      obj_description('public'::regnamespace, 'pg_namespace');
  END IF;
END
$pgseed$;`;

/** Wraps a pg_dump body so it loads all-or-nothing, once, and leaves the marker. */
export function wrapDump(dump: string, fingerprint: string): string {
  return `BEGIN;\n${LOAD_GUARD}\n\n${dump.trimEnd()}\n\nCOMMENT ON SCHEMA public IS '${markerText(fingerprint)}';\n\nCOMMIT;\n`;
}

export function renderHeader(h: Omit<SeedHeader, "format">): string {
  return [
    `-- pgseed seed v${SEED_FORMAT_VERSION}`,
    `-- fingerprint: ${h.fingerprint}`,
    `-- postgres: ${h.postgres}`,
    `-- content: ${h.content}`,
    "",
  ].join("\n");
}

/** The whole seed text for a wrapped SQL body. */
export function renderSeed(sql: string, fingerprint: string, postgres: string): string {
  return renderHeader({ fingerprint, postgres, content: sha256(sql) }) + sql;
}

/** gzip output with no name and mtime 0 (Node's default), so equal SQL gives equal bytes. */
export const isGzipPath = (file: string) => file.endsWith(".gz");
export const encodeSeed = (file: string, text: string): Buffer =>
  isGzipPath(file) ? zlib.gzipSync(text, { level: 9 }) : Buffer.from(text, "utf8");

export interface ParsedSeed {
  header: SeedHeader;
  sql: string;
  contentOk: boolean;
}

/** Parses a seed's text; throws when it is not a pgseed seed at all. */
export function parseSeed(text: string, file: string): ParsedSeed {
  const lines = text.split("\n", 4);
  const m = [
    /^-- pgseed seed v(\d+)$/.exec(lines[0] ?? ""),
    /^-- fingerprint: (sha256:[0-9a-f]{64})$/.exec(lines[1] ?? ""),
    /^-- postgres: (\S+)$/.exec(lines[2] ?? ""),
    /^-- content: (sha256:[0-9a-f]{64})$/.exec(lines[3] ?? ""),
  ];
  if (m.some((x) => !x)) {
    throw new PgseedError(
      `${file} is not a pgseed seed (its first 4 lines are not the pgseed header)`,
      "regenerate it with `pgseed regenerate`",
    );
  }
  const headerLength = lines.reduce((n, l) => n + l.length + 1, 0);
  const sql = text.slice(headerLength);
  const header = { format: Number(m[0]![1]), fingerprint: m[1]![1], postgres: m[2]![1], content: m[3]![1] };
  return { header, sql, contentOk: sha256(sql) === header.content };
}

/** Reads a seed file (gzip or plain). undefined when it does not exist. */
export function readSeed(file: string): { bytes: Buffer; parsed: ParsedSeed } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR") throw new PgseedError(`seed path ${file} is a folder`, "point --seed at a file name such as seed-db.sql", EXIT_USAGE);
    throw new PgseedError(`cannot read seed ${file}: ${(err as Error).message}`, "check the path and its permissions", EXIT_USAGE);
  }
  let text: string;
  try {
    text = isGzipPath(file) ? zlib.gunzipSync(bytes).toString("utf8") : bytes.toString("utf8");
  } catch {
    throw new PgseedError(`${file} is not valid gzip (truncated or corrupt)`, "regenerate it with `pgseed regenerate`");
  }
  return { bytes, parsed: parseSeed(text, file) };
}

/** Major version of a PostgreSQL version string ("15.18", "9.6.24", "16beta1"). */
export function majorOf(version: string): number {
  const [a, b] = version.split(/[.a-z]/);
  return Number(a) < 10 ? Number(`${a}.${b}`) : Number(a);
}

/**
 * Writes bytes so that readers see either the old file or the new one, never a mix: a temp file
 * in the same folder, fsync, rename, fsync of the folder. The temp file is removed on any failure.
 */
export function writeFileAtomic(file: string, bytes: Buffer): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, "wx", 0o644);
    // writeSync may write less than asked (a filling disk does so before failing): loop.
    for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.renameSync(tmp, file);
  } catch (err) {
    if (fd !== undefined) fs.closeSync(fd);
    fs.rmSync(tmp, { force: true });
    throw writeError(file, err as NodeJS.ErrnoException);
  }
  try {
    const dirFd = fs.openSync(dir, "r");
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename already happened.
  }
}

export function writeError(file: string, err: NodeJS.ErrnoException): PgseedError {
  const fixes: Record<string, string> = {
    ENOENT: "create the folder first, or point --seed into an existing folder",
    EACCES: "make the folder writable, or point --seed elsewhere",
    EROFS: "the folder is on a read-only file system; point --seed elsewhere",
    ENOSPC: "free some disk space and run again (the previous seed is untouched)",
    EISDIR: "point --seed at a file name such as seed-db.sql",
  };
  const detail = err.code && !err.message.startsWith(err.code) ? `${err.code} ${err.message}` : err.message;
  return new PgseedError(`cannot write seed ${file}: ${detail}`, fixes[err.code ?? ""] ?? "check the path and free space", EXIT_USAGE);
}

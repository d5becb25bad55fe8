/**
 * The seed file: a self-describing header, then plain SQL that loads in one transaction and ends
 * with a marker a live database can be asked for. Optionally gzip with no timestamp.
 * Pure functions, except readSeed/writeFileAtomic at the edge.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { pipeline } from "stream/promises";
import type { Readable } from "stream";
import { PgseedError, EXIT_USAGE } from "./errors";
import { registerCleanup, Registration } from "./cleanup";
import { SEED_FORMAT_VERSION, SeedInputs } from "./fingerprint";

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
export function wrapDump(dump: string, fingerprint: string, inputs?: SeedInputs): string {
  const { prefix, suffix } = wrapParts(fingerprint, inputs);
  return `${prefix}${dump.trimEnd()}${suffix}`;
}

/** What wrapDump puts before and after the dump body (writeSeedStream writes the same bytes). */
export const wrapParts = (fingerprint: string, inputs?: SeedInputs) => ({
  prefix: `${inputs ? inputsLine(inputs) : ""}BEGIN;\n${LOAD_GUARD}\n\n`,
  suffix: `\n\nCOMMENT ON SCHEMA public IS '${markerText(fingerprint)}';\n\nCOMMIT;\n`,
});

/**
 * The body's first line records what the seed was made from (the recipe's hash and each input's
 * content hash), so a later regenerate can tell which migrations were only added. A comment:
 * psql and the official image skip it.
 */
const INPUTS_PREFIX = "-- pgseed inputs: ";
export const inputsLine = (inputs: SeedInputs) => `${INPUTS_PREFIX}${JSON.stringify(inputs)}\n`;

/** Pure: the inputs a seed body records, or undefined (a seed made before pgseed recorded them). */
export function parseInputs(body: string): SeedInputs | undefined {
  if (!body.startsWith(INPUTS_PREFIX)) return undefined;
  try {
    const value = JSON.parse(body.slice(INPUTS_PREFIX.length, body.indexOf("\n")));
    return typeof value?.recipe === "string" && value.files && typeof value.files === "object" ? (value as SeedInputs) : undefined;
  } catch {
    return undefined;
  }
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
  const { header, headerLength } = parseHeader(text, file);
  const sql = text.slice(headerLength);
  return { header, sql, contentOk: sha256(sql) === header.content };
}

/** The 4-line header at the start of `text` (the whole seed or only its first bytes) and its length. */
export function parseHeader(text: string, file: string): { header: SeedHeader; headerLength: number } {
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
  const header = { format: Number(m[0]![1]), fingerprint: m[1]![1], postgres: m[2]![1], content: m[3]![1] };
  return { header, headerLength };
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
  let plain: Buffer = bytes;
  try {
    if (isGzipPath(file)) plain = zlib.gunzipSync(bytes);
  } catch {
    throw new PgseedError(`${file} is not valid gzip (truncated or corrupt)`, "regenerate it with `pgseed regenerate`");
  }
  try {
    text = plain.toString("utf8");
  } catch {
    // Past V8's longest string (~512 MB): readers of any size use scanSeed.
    throw new PgseedError(`${file} is too big to read whole (${plain.length} bytes)`, "use a command that streams it (pgseed check, load)");
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

// ---- Streaming: seeds of any size in bounded memory (regenerate writes, check and load read) ----

const CHUNK = 1 << 20;
/** Stands in the header for the content hash until the body has been hashed (same width). */
const CONTENT_PLACEHOLDER = `sha256:${"0".repeat(64)}`;

/** Bytes that trimEnd may remove (ASCII whitespace) or that may belong to a non-ASCII character. */
const mayTrim = (b: number) => b >= 0x80 || b === 0x20 || (b >= 0x09 && b <= 0x0d);

/**
 * `dump.trimEnd()` over a stream of bytes: a run at the end that trimEnd might remove is held back
 * until something else follows, and trimmed as a string at the end. The held run starts after an
 * ASCII byte (a character boundary), so the result equals trimEnd of the whole decoded text.
 */
export class TrimEnd {
  private held: Buffer[] = [];
  push(chunk: Buffer): Buffer[] {
    let i = chunk.length;
    while (i > 0 && mayTrim(chunk[i - 1])) i--;
    if (i === 0) {
      this.held.push(chunk);
      return [];
    }
    const out = [...this.held, chunk.subarray(0, i)];
    this.held = i < chunk.length ? [chunk.subarray(i)] : [];
    return out;
  }
  end(): Buffer {
    return Buffer.from(Buffer.concat(this.held).toString("utf8").trimEnd(), "utf8");
  }
}

/** A temp file beside `file` (same folder, so the rename is atomic), hidden, unique. */
const tempBeside = (file: string, tag: string) =>
  path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}${tag}.tmp`);

async function writeAll(fh: fs.promises.FileHandle, buf: Buffer, position: number | null = null): Promise<void> {
  // write may write less than asked (a filling disk does so before failing): loop.
  for (let off = 0; off < buf.length; ) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off, position === null ? null : position + off);
    off += bytesWritten;
  }
}

/** A seed written beside its final path, not yet renamed into place. */
export interface StagedSeed {
  /** The plain seed (header patched): the final file for a .sql seed, gzip's input for .gz. */
  tmp: string;
  /** Removes tmp on a signal (SIGINT during --verify's second build, say); cancelled once it is renamed or discarded. */
  guard: Registration;
  /** sha256 of the SQL after the header (the header's content: line). */
  content: string;
  /** Size of the plain seed. */
  bytes: number;
}

/**
 * Writes the seed of a pg_dump output stream to a temp file beside `file`: the header with a
 * placeholder of the same width, the wrapped dump (hashed as it passes), then the content hash
 * patched in place at its offset. The bytes equal encodeSeed(renderSeed(wrapDump(…))) of the whole
 * text (tests/unit/seedFile.test.ts). The temp file is removed on any failure; write errors come
 * back as writeError, errors of the dump stream (pg_dump failing) as they are.
 */
export async function writeSeedStream(
  file: string,
  dump: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  seed: { fingerprint: string; postgres: string; inputs?: SeedInputs },
): Promise<StagedSeed> {
  const tmp = tempBeside(file, ".sql");
  const guard = registerCleanup(() => fs.rmSync(tmp, { force: true }));
  const header = renderHeader({ fingerprint: seed.fingerprint, postgres: seed.postgres, content: CONTENT_PLACEHOLDER });
  const contentAt = Buffer.byteLength(header) - 1 - 64; // the hex ends right before the header's last newline
  const { prefix, suffix } = wrapParts(seed.fingerprint, seed.inputs);
  const hash = crypto.createHash("sha256");
  let fh: fs.promises.FileHandle | undefined;
  let bytes = 0;
  let batch: Buffer[] = [];
  let batched = 0;
  const flush = async () => {
    const buf = Buffer.concat(batch);
    batch = [];
    batched = 0;
    await writeAll(fh!, buf);
    bytes += buf.length;
  };
  // Batched into writes of about 1 MiB: fewer round trips to the thread pool than pg_dump's 64 KiB reads.
  const put = async (buf: Buffer, hashed = true) => {
    if (hashed) hash.update(buf);
    batch.push(buf);
    batched += buf.length;
    if (batched >= CHUNK) await flush();
  };
  try {
    fh = await fs.promises.open(tmp, "wx", 0o644);
    await put(Buffer.from(header), false);
    await put(Buffer.from(prefix));
    const trim = new TrimEnd();
    for await (const chunk of dump) for (const part of trim.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk)) await put(part);
    await put(trim.end());
    await put(Buffer.from(suffix));
    await flush();
    const content = `sha256:${hash.digest("hex")}`;
    await writeAll(fh, Buffer.from(content.slice("sha256:".length)), contentAt);
    await fh.sync();
    await fh.close();
    fh = undefined;
    return { tmp, guard, content, bytes };
  } catch (err) {
    // A dump we stop reading must not stay blocked on a full pipe (pg_dump would never exit).
    (dump as Partial<Readable>).destroy?.();
    await fh?.close().catch(() => undefined);
    await fs.promises.rm(tmp, { force: true });
    guard.cancel();
    throw err instanceof PgseedError ? err : writeError(file, err as NodeJS.ErrnoException);
  }
}

/** Removes a staged seed that will not be used (--verify's second dump, a failure). */
export async function discardSeed(staged: StagedSeed): Promise<void> {
  await fs.promises.rm(staged.tmp, { force: true });
  staged.guard.cancel();
}

/**
 * Puts a staged seed in place as `file`: gzip first (streamed, level 9, no mtime: the bytes of
 * gzipSync) for a .gz seed, fsync, rename, fsync of the folder. The temp files are removed on any
 * failure. Returns what SeedInfo reports: sha256 and size of the file as written.
 */
export async function commitSeed(staged: StagedSeed, file: string): Promise<{ sha256: string; bytes: number }> {
  const gz = isGzipPath(file);
  const out = gz ? tempBeside(file, ".gz") : staged.tmp;
  const outGuard = gz ? registerCleanup(() => fs.rmSync(out, { force: true })) : undefined;
  let written: { sha256: string; bytes: number };
  try {
    // The file hash covers the patched header, so it needs a pass of its own (page cache, ~1.7 GB/s).
    written = gz ? await gzipFile(staged.tmp, out) : await hashFile(staged.tmp);
    await fs.promises.rename(out, file);
  } catch (err) {
    await fs.promises.rm(out, { force: true });
    throw err instanceof PgseedError ? err : writeError(file, err as NodeJS.ErrnoException);
  } finally {
    if (gz) await fs.promises.rm(staged.tmp, { force: true });
    staged.guard.cancel(); // renamed into place, or removed
    outGuard?.cancel();
  }
  try {
    const dirFd = fs.openSync(path.dirname(file), "r");
    fs.fsyncSync(dirFd);
    fs.closeSync(dirFd);
  } catch {
    // Some file systems refuse fsync on a folder; the rename already happened.
  }
  return written;
}

async function hashFile(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { sha256: `sha256:${hash.digest("hex")}`, bytes };
}

async function gzipFile(src: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  const fh = await fs.promises.open(dest, "wx", 0o644);
  try {
    await pipeline(fs.createReadStream(src, { highWaterMark: CHUNK }), zlib.createGzip({ level: 9 }), async (gzipped: AsyncIterable<Buffer>) => {
      for await (const chunk of gzipped) {
        hash.update(chunk);
        bytes += chunk.length;
        await writeAll(fh, chunk);
      }
    });
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: `sha256:${hash.digest("hex")}`, bytes };
}

/** What one streamed read of a seed file tells (the file never held whole). */
export interface SeedScan {
  header: SeedHeader;
  /** The SQL after the header hashes to the header's content: line. */
  contentOk: boolean;
  /** sha256 and size of the file's bytes as stored (gzip included); sha256 only when asked (ScanOptions.fileHash). */
  sha256?: string;
  bytes: number;
}

/** Opens a seed for reading: undefined when it does not exist; unreadable paths are usage errors (as readSeed). */
async function openSeed(file: string): Promise<fs.ReadStream | undefined> {
  try {
    if ((await fs.promises.stat(file)).isDirectory()) throw Object.assign(new Error(`EISDIR: ${file}`), { code: "EISDIR" });
    const fh = await fs.promises.open(file, "r");
    return fh.createReadStream({ highWaterMark: CHUNK });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR") throw new PgseedError(`seed path ${file} is a folder`, "point --seed at a file name such as seed-db.sql", EXIT_USAGE);
    throw new PgseedError(`cannot read seed ${file}: ${(err as Error).message}`, "check the path and its permissions", EXIT_USAGE);
  }
}

const notGzip = (file: string) => new PgseedError(`${file} is not valid gzip (truncated or corrupt)`, "regenerate it with `pgseed regenerate`");
/** The header is 4 short lines: a file with no header in its first 64 KiB is no seed. */
const HEAD_LIMIT = 64 * 1024;

/**
 * Reads a seed as a stream: its plain text (gunzipped for .gz) goes to `onText` chunk by chunk,
 * header included, as psql would read it; the header is parsed from the first bytes; the SQL after
 * it and the file's own bytes are hashed as they pass. undefined when the file does not exist.
 */
export async function scanSeed(file: string, opts: ScanOptions = {}): Promise<SeedScan | undefined> {
  const { onText, stopAfterHeader = false, fileHash: wantFileHash = true } = opts;
  const raw = await openSeed(file);
  if (!raw) return undefined;
  const gz = isGzipPath(file);
  const fileHash = crypto.createHash("sha256");
  let bytes = 0;
  const stored = (chunk: Buffer) => {
    if (wantFileHash) fileHash.update(chunk);
    bytes += chunk.length;
  };
  let text: NodeJS.ReadableStream = raw;
  if (gz) {
    raw.on("data", (c) => stored(c as Buffer));
    text = raw.pipe(zlib.createGunzip({ chunkSize: 256 * 1024 }));
    raw.on("error", (err) => (text as zlib.Gunzip).destroy(err)); // pipe() does not pass read errors on
  }
  const content = crypto.createHash("sha256");
  let head: Buffer[] = [];
  let header: SeedHeader | undefined;
  /** Parses the header from the first bytes; false while its 4th newline has not arrived. */
  const takeHeader = (atEnd: boolean): Buffer | false => {
    const joined = Buffer.concat(head);
    const lines = joined.subarray(0, HEAD_LIMIT).toString("latin1").split("\n", 5); // latin1: one char per byte
    if (lines.length < 5 && joined.length < HEAD_LIMIT && !atEnd) return false;
    header = parseHeader(joined.subarray(0, HEAD_LIMIT).toString("utf8"), file).header;
    content.update(joined.subarray(Math.min(joined.length, lines.slice(0, 4).join("\n").length + 1)));
    head = [];
    return joined;
  };
  let stopped = false;
  try {
    for await (const c of text) {
      const chunk = c as Buffer;
      if (!gz) stored(chunk);
      if (header) {
        content.update(chunk);
        if ((await onText?.(chunk)) === false) {
          stopped = true;
          break;
        }
        continue;
      }
      head.push(chunk);
      const first = takeHeader(false);
      if (first === false) continue;
      if (stopAfterHeader) break;
      if ((await onText?.(first)) === false) {
        stopped = true;
        break;
      }
    }
    if (!header) {
      const first = takeHeader(true) as Buffer; // a file shorter than a header: parseHeader says what it is
      if (!stopAfterHeader) await onText?.(first);
    }
  } catch (err) {
    if (err instanceof PgseedError) throw err;
    const code = String((err as NodeJS.ErrnoException).code ?? "");
    if (gz && (code.startsWith("Z_") || code.startsWith("ERR_ZLIB"))) throw notGzip(file);
    throw new PgseedError(`cannot read seed ${file}: ${(err as Error).message}`, "check the path and its permissions", EXIT_USAGE);
  } finally {
    raw.destroy();
  }
  const sha256 = wantFileHash ? `sha256:${fileHash.digest("hex")}` : undefined;
  return { header: header!, contentOk: !stopped && `sha256:${content.digest("hex")}` === header!.content, sha256, bytes };
}

export interface ScanOptions {
  /** Receives the plain text chunk by chunk, header included; returning false ends the read (contentOk then false). */
  onText?: (chunk: Buffer) => Promise<void | boolean> | void | boolean;
  /** End the read once the header is parsed (contentOk, sha256 and bytes then mean nothing). */
  stopAfterHeader?: boolean;
  /** Hash the file's own bytes too (SeedInfo.sha256); default true. A second hash costs ~0.6 s per GB. */
  fileHash?: boolean;
}

/** The header of a seed from its first bytes only (load picks its psql and preflight from it). */
export const readSeedHeader = async (file: string): Promise<SeedHeader | undefined> => (await scanSeed(file, { stopAfterHeader: true }))?.header;

/** The inputs a seed records (its first body line), read from its first bytes only. */
export async function readSeedInputs(file: string): Promise<SeedInputs | undefined> {
  const chunks: Buffer[] = [];
  let newlines = 0;
  await scanSeed(file, {
    fileHash: false,
    onText: (chunk) => {
      chunks.push(chunk);
      for (const byte of chunk) if (byte === 0x0a) newlines++;
      return newlines < 5; // the 4 header lines, then the inputs line
    },
  });
  return parseInputs(Buffer.concat(chunks).toString("utf8").split("\n").slice(4).join("\n"));
}

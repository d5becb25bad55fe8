/**
 * Writing a seed: the dump streams into a temp file beside the seed (never held in memory), is
 * hashed as it passes, and is renamed into place only when whole (gzip first for a .gz seed).
 * Readers see the old seed or the new one, never a mix; temp files go on failure and on signals.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { pipeline } from "stream/promises";
import type { Readable } from "stream";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { registerCleanup, Registration } from "../core/cleanup";
import { StreamHash } from "../core/hash";
import type { SeedInputs } from "../inputs/fingerprint";
import { isGzipPath, renderHeader, wrapParts } from "./format";

export function writeError(file: string, err: NodeJS.ErrnoException): PgseedError {
  const fixes: Record<string, string> = {
    ENOENT: "create the folder first, or point --seed into an existing folder",
    EACCES: "make the folder writable, or point --seed elsewhere",
    EROFS: "the folder is on a read-only file system; point --seed elsewhere",
    ENOSPC: "free some disk space and run again (the previous seed is untouched)",
    EISDIR: "point --seed at a file name such as seed-db.sql",
  };
  const detail =
    err.code && !err.message.startsWith(err.code) ? `${err.code} ${err.message}` : err.message;
  return new PgseedError(
    `cannot write seed ${file}: ${detail}`,
    fixes[err.code ?? ""] ?? "check the path and free space",
    EXIT_USAGE,
  );
}

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
  path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString("hex")}${tag}.tmp`,
  );

async function writeAll(
  fh: fs.promises.FileHandle,
  buf: Buffer,
  position: number | null = null,
): Promise<void> {
  // write may write less than asked (a filling disk does so before failing): loop.
  for (let off = 0; off < buf.length;) {
    const { bytesWritten } = await fh.write(
      buf,
      off,
      buf.length - off,
      position === null ? null : position + off,
    );
    off += bytesWritten;
  }
}

/** A seed written beside its final path, not yet renamed into place. */
export interface StagedSeed {
  /** The plain seed (header patched): the final file for a .sql seed, gzip's input for .gz. */
  tmp: string;
  /**
   * Removes tmp on a signal (SIGINT during --verify's second build, say); cancelled once it is
   * renamed or discarded.
   */
  guard: Registration;
  /** sha256 of the SQL after the header (the header's content: line). */
  content: string;
  /** Size of the plain seed. */
  bytes: number;
}

/**
 * Writes a file in batches of about 1 MiB (fewer round trips to the thread pool than pg_dump's
 * 64 KiB reads), hashing what it is told is content as it passes.
 */
class BatchedWriter {
  bytes = 0;
  private readonly content = crypto.createHash("sha256");
  private batch: Buffer[] = [];
  private batched = 0;
  constructor(private readonly fh: fs.promises.FileHandle) {}
  async put(buf: Buffer, hashed = true): Promise<void> {
    if (hashed) this.content.update(buf);
    this.batch.push(buf);
    this.batched += buf.length;
    if (this.batched >= CHUNK) await this.flush();
  }
  async flush(): Promise<void> {
    const buf = Buffer.concat(this.batch);
    this.batch = [];
    this.batched = 0;
    await writeAll(this.fh, buf);
    this.bytes += buf.length;
  }
  /** "sha256:<hex>" of the content put so far (once). */
  contentHash(): string {
    return `sha256:${this.content.digest("hex")}`;
  }
}

/**
 * Writes the seed of a pg_dump output stream to a temp file beside `file`: the header with a
 * placeholder of the same width, the wrapped dump (hashed as it passes), then the content hash
 * patched in place at its offset. The bytes equal what tests/oracle/seedText.ts renders from the
 * whole text (tests/unit/seedFile.test.ts). The temp file is removed on any failure; write errors
 * come back as writeError, errors of the dump stream (pg_dump failing) as they are.
 */
export async function writeSeedStream(
  file: string,
  dump: AsyncIterable<Buffer | string> | Iterable<Buffer>,
  seed: { fingerprint: string; postgres: string; inputs?: SeedInputs },
): Promise<StagedSeed> {
  const tmp = tempBeside(file, ".sql");
  const guard = registerCleanup(() => fs.rmSync(tmp, { force: true }));
  const header = renderHeader({
    fingerprint: seed.fingerprint,
    postgres: seed.postgres,
    content: CONTENT_PLACEHOLDER,
  });
  // the hex ends right before the header's last newline
  const contentAt = Buffer.byteLength(header) - 1 - 64;
  const { prefix, suffix } = wrapParts(seed.fingerprint, seed.inputs);
  let fh: fs.promises.FileHandle | undefined;
  try {
    fh = await fs.promises.open(tmp, "wx", 0o644);
    const out = new BatchedWriter(fh);
    await out.put(Buffer.from(header), false);
    await out.put(Buffer.from(prefix));
    const trim = new TrimEnd();
    for await (const chunk of dump)
      for (const part of trim.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk))
        await out.put(part);
    await out.put(trim.end());
    await out.put(Buffer.from(suffix));
    await out.flush();
    const content = out.contentHash();
    await writeAll(fh, Buffer.from(content.slice("sha256:".length)), contentAt);
    await fh.sync();
    await fh.close();
    fh = undefined;
    return { tmp, guard, content, bytes: out.bytes };
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
export async function commitSeed(
  staged: StagedSeed,
  file: string,
): Promise<{ sha256: string; bytes: number }> {
  const gz = isGzipPath(file);
  const out = gz ? tempBeside(file, ".gz") : staged.tmp;
  const outGuard = gz ? registerCleanup(() => fs.rmSync(out, { force: true })) : undefined;
  let written: { sha256: string; bytes: number };
  try {
    // The file hash covers the patched header, so it needs a pass of its own (page cache, ~1.7
    // GB/s).
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
  const hash = new StreamHash();
  for await (const chunk of fs.createReadStream(file, { highWaterMark: CHUNK }))
    hash.update(chunk as Buffer);
  return { sha256: hash.digest()!, bytes: hash.bytes };
}

async function gzipFile(src: string, dest: string): Promise<{ sha256: string; bytes: number }> {
  const hash = new StreamHash();
  const fh = await fs.promises.open(dest, "wx", 0o644);
  try {
    await pipeline(
      fs.createReadStream(src, { highWaterMark: CHUNK }),
      zlib.createGzip({ level: 9 }),
      async (gzipped: AsyncIterable<Buffer>) => {
        for await (const chunk of gzipped) {
          hash.update(chunk);
          await writeAll(fh, chunk);
        }
      },
    );
    await fh.sync();
  } finally {
    await fh.close();
  }
  return { sha256: hash.digest()!, bytes: hash.bytes };
}

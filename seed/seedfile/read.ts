/**
 * Reading a seed as a stream (gzip or plain): header, content hash and file hash in one pass,
 * seeds of any size in bounded memory. check, load, clone and regenerate's plan read through here.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as zlib from "zlib";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { StreamHash } from "../core/hash";
import type { SeedInputs } from "../inputs/fingerprint";
import { isGzipPath, parseHeader, parseInputs, SeedHeader } from "./format";

const CHUNK = 1 << 20;

/** What one streamed read of a seed file tells (the file never held whole). */
export interface SeedScan {
  header: SeedHeader;
  /** The SQL after the header hashes to the header's content: line. */
  contentOk: boolean;
  /**
   * sha256 and size of the file's bytes as stored (gzip included); sha256 only when asked
   * (ScanOptions.fileHash).
   */
  sha256?: string;
  bytes: number;
}

const cannotRead = (file: string, err: unknown) =>
  new PgseedError(
    `cannot read seed ${file}: ${(err as Error).message}`,
    "check the path and its permissions",
    EXIT_USAGE,
  );

/**
 * Opens a seed for reading: undefined when it does not exist; unreadable paths are usage errors.
 */
async function openSeed(file: string): Promise<fs.ReadStream | undefined> {
  try {
    if ((await fs.promises.stat(file)).isDirectory())
      throw Object.assign(new Error(`EISDIR: ${file}`), { code: "EISDIR" });
    const fh = await fs.promises.open(file, "r");
    return fh.createReadStream({ highWaterMark: CHUNK });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "EISDIR")
      throw new PgseedError(
        `seed path ${file} is a folder`,
        "point --seed at a file name such as seed-db.sql",
        EXIT_USAGE,
      );
    throw cannotRead(file, err);
  }
}

const notGzip = (file: string) =>
  new PgseedError(
    `${file} is not valid gzip (truncated or corrupt)`,
    "regenerate it with `pgseed regenerate`",
  );
/** The header is 4 short lines: a file with no header in its first 64 KiB is no seed. */
const HEAD_LIMIT = 64 * 1024;

/** The plain text: the header parsed from its first bytes, then the SQL after it hashed. */
class HeaderAndContent {
  header?: SeedHeader;
  private head: Buffer[] = [];
  private readonly content = crypto.createHash("sha256");
  constructor(private readonly file: string) {}

  /**
   * A chunk before the header is known (none at the end of a file shorter than a header): the
   * text so far once the header is parsed, false while its 4th newline has not arrived.
   */
  addHead(chunk: Buffer | undefined, atEnd: boolean): Buffer | false {
    if (chunk) this.head.push(chunk);
    const joined = Buffer.concat(this.head);
    const lines = joined.subarray(0, HEAD_LIMIT).toString("latin1").split("\n", 5); // latin1: one char per byte
    if (lines.length < 5 && joined.length < HEAD_LIMIT && !atEnd) return false;
    this.header = parseHeader(joined.subarray(0, HEAD_LIMIT).toString("utf8"), this.file).header;
    this.content.update(
      joined.subarray(Math.min(joined.length, lines.slice(0, 4).join("\n").length + 1)),
    );
    this.head = [];
    return joined;
  }

  addBody(chunk: Buffer): void {
    this.content.update(chunk);
  }

  /** The SQL after the header hashes to the header's content: line. */
  contentOk(): boolean {
    return `sha256:${this.content.digest("hex")}` === this.header!.content;
  }
}

/**
 * The read loop: each plain-text chunk to the header or the content hash, and to `onText`. True
 * when `onText` ended the read.
 */
async function readText(
  text: NodeJS.ReadableStream,
  seed: HeaderAndContent,
  o: Pick<ScanOptions, "onText" | "stopAfterHeader"> & { stored?: StreamHash },
): Promise<boolean> {
  for await (const c of text) {
    const chunk = c as Buffer;
    o.stored?.update(chunk);
    if (seed.header) {
      seed.addBody(chunk);
      if ((await o.onText?.(chunk)) === false) return true;
      continue;
    }
    const first = seed.addHead(chunk, false);
    if (first === false) continue;
    if (o.stopAfterHeader) return false;
    if ((await o.onText?.(first)) === false) return true;
  }
  if (!seed.header) {
    // a file shorter than a header: parseHeader says what it is
    const first = seed.addHead(undefined, true) as Buffer;
    if (!o.stopAfterHeader) await o.onText?.(first);
  }
  return false;
}

/**
 * Reads a seed as a stream: its plain text (gunzipped for .gz) goes to `onText` chunk by chunk,
 * header included, as psql would read it; the header is parsed from the first bytes; the SQL after
 * it and the file's own bytes are hashed as they pass. undefined when the file does not exist.
 */
export async function scanSeed(
  file: string,
  opts: ScanOptions = {},
): Promise<SeedScan | undefined> {
  const { onText, stopAfterHeader = false, fileHash = true } = opts;
  const raw = await openSeed(file);
  if (!raw) return undefined;
  const gz = isGzipPath(file);
  // The file's bytes as stored (gzip included).
  const stored = new StreamHash(fileHash);
  // A stopped read (header only, or an error) may still get a chunk the stream had queued: the
  // listener goes before the digest, or it would update a finished hash (an uncaught error).
  const storedRaw = (c: unknown) => stored.update(c as Buffer);
  let text: NodeJS.ReadableStream = raw;
  if (gz) {
    raw.on("data", storedRaw);
    text = raw.pipe(zlib.createGunzip({ chunkSize: 256 * 1024 }));
    raw.on("error", (err) => (text as zlib.Gunzip).destroy(err)); // pipe() does not pass read errors on
  }
  const seed = new HeaderAndContent(file);
  let stopped: boolean;
  try {
    stopped = await readText(text, seed, {
      onText,
      stopAfterHeader,
      stored: gz ? undefined : stored,
    });
  } catch (err) {
    if (err instanceof PgseedError) throw err;
    const code = String((err as NodeJS.ErrnoException).code ?? "");
    if (gz && (code.startsWith("Z_") || code.startsWith("ERR_ZLIB"))) throw notGzip(file);
    throw cannotRead(file, err);
  } finally {
    raw.off("data", storedRaw);
    raw.destroy();
  }
  const sha256 = stored.digest();
  return {
    header: seed.header!,
    contentOk: !stopped && seed.contentOk(),
    sha256,
    bytes: stored.bytes,
  };
}

export interface ScanOptions {
  /**
   * Receives the plain text chunk by chunk, header included; returning false ends the read
   * (contentOk then false).
   */
  onText?: (chunk: Buffer) => Promise<void | boolean> | void | boolean;
  /** End the read once the header is parsed (contentOk, sha256 and bytes then mean nothing). */
  stopAfterHeader?: boolean;
  /**
   * Hash the file's own bytes too (SeedInfo.sha256); default true. A second hash costs ~0.6 s per
   * GB.
   */
  fileHash?: boolean;
}

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

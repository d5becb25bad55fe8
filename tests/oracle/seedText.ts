/**
 * Test oracle: the seed file as one string, built the simple way (the engine streams it:
 * seed/seedfile/write.ts). Tests compare the engine's bytes with these, and write seeds by hand.
 */
import * as fs from "fs";
import * as zlib from "zlib";
import { PgseedError } from "../../seed/core/errors";
import { sha256 } from "../../seed/core/hash";
import type { SeedInputs } from "../../seed/inputs/fingerprint";
import {
  isGzipPath,
  parseSeed,
  renderHeader,
  wrapParts,
  ParsedSeed,
} from "../../seed/seedfile/format";

/** Wraps a pg_dump body so it loads all-or-nothing, once, and leaves the marker. */
export function wrapDump(dump: string, fingerprint: string, inputs?: SeedInputs): string {
  const { prefix, suffix } = wrapParts(fingerprint, inputs);
  return `${prefix}${dump.trimEnd()}${suffix}`;
}

/** The whole seed text for a wrapped SQL body. */
export function renderSeed(sql: string, fingerprint: string, postgres: string): string {
  return renderHeader({ fingerprint, postgres, content: sha256(sql) }) + sql;
}

/** gzip (level 9, no name, mtime 0) for a .gz name, as the engine writes it. */
export const encodeSeed = (file: string, text: string): Buffer =>
  isGzipPath(file) ? zlib.gzipSync(text, { level: 9 }) : Buffer.from(text, "utf8");

/** Reads a seed file (gzip or plain). undefined when it does not exist. */
export function readSeed(file: string): { bytes: Buffer; parsed: ParsedSeed } | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw err;
  }
  let text: string;
  let plain: Buffer = bytes;
  try {
    if (isGzipPath(file)) plain = zlib.gunzipSync(bytes);
  } catch {
    throw new PgseedError(
      `${file} is not valid gzip (truncated or corrupt)`,
      "regenerate it with `pgseed regenerate`",
    );
  }
  try {
    text = plain.toString("utf8");
  } catch {
    // Past V8's longest string (~512 MB): readers of any size use scanSeed.
    throw new PgseedError(
      `${file} is too big to read whole (${plain.length} bytes)`,
      "use a command that streams it (pgseed check, load)",
    );
  }
  return { bytes, parsed: parseSeed(text, file) };
}

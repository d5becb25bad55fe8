/** Content hashes as pgseed writes them: "sha256:<hex>". */
import * as crypto from "crypto";
import { usageError } from "./errors";

export const sha256 = (data: Buffer | string) =>
  `sha256:${crypto.createHash("sha256").update(data).digest("hex")}`;

/**
 * The sha256 and size of bytes fed chunk by chunk (a file of any size in bounded memory). Not
 * `hashed`: counted only (a second hash of a large seed costs ~0.6 s per GB).
 */
export class StreamHash {
  bytes = 0;
  private readonly hash = crypto.createHash("sha256");
  constructor(private readonly hashed = true) {}
  update(chunk: Buffer): void {
    if (this.hashed) this.hash.update(chunk);
    this.bytes += chunk.length;
  }
  /** "sha256:<hex>", undefined when not hashed; once (a digest ends the hash). */
  digest(): string | undefined {
    return this.hashed ? `sha256:${this.hash.digest("hex")}` : undefined;
  }
}

/** Pure: the 12 hex digits of a fingerprint that name its image, volumes and templates. */
export function shortFingerprint(fingerprint: string): string {
  const m = /^sha256:([0-9a-f]{12})[0-9a-f]{52}$/.exec(fingerprint);
  if (!m)
    throw usageError(
      `"${fingerprint}" is not a pgseed fingerprint (sha256:<64 hex>)`,
      "regenerate the seed (pgseed regenerate)",
    );
  return m[1];
}

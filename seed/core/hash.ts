/** Content hashes as pgseed writes them: "sha256:<hex>". */
import * as crypto from "crypto";
import { usageError } from "./errors";

export const sha256 = (data: Buffer | string) =>
  `sha256:${crypto.createHash("sha256").update(data).digest("hex")}`;

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

/**
 * The state of a seed on disk, read once: every command that looks at a seed (check, regenerate,
 * load, clone, the SeedDump provider) asks this one function. The file is read as a stream and
 * hashed as it passes, never held whole (seeds of 1 GB and more).
 */
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { SeedHeader } from "./format";
import { scanSeed, SeedScan } from "./read";

export type SeedState = "fresh" | "stale" | "tampered" | "missing" | "invalid";

export interface SeedStatus {
  state: SeedState;
  /** The file's header, hashes and size, when it is a pgseed seed. */
  seed?: SeedScan;
  /** Why it is invalid (not a seed, corrupt gzip). */
  problem?: string;
}

/**
 * `fileHash: false` skips the hash of the file's own bytes (seed.sha256), which only SeedInfo
 * needs.
 * fresh: intact and (when a fingerprint is given) carrying it; stale: intact, another fingerprint;
 * tampered: the content hash does not match the header. Unreadable paths are usage errors.
 */
export async function seedStatus(
  seedPath: string,
  fingerprint?: string,
  opts: { fileHash?: boolean } = {},
): Promise<SeedStatus> {
  let seed;
  try {
    seed = await scanSeed(seedPath, { fileHash: opts.fileHash });
  } catch (err) {
    if ((err as PgseedError).exitCode === EXIT_USAGE) throw err;
    return { state: "invalid", problem: (err as Error).message };
  }
  if (!seed) return { state: "missing" };
  if (!seed.contentOk) return { state: "tampered", seed };
  return {
    state: fingerprint === undefined || seed.header.fingerprint === fingerprint ? "fresh" : "stale",
    seed,
  };
}

export const missingSeed = (seedPath: string) =>
  new PgseedError(
    `seed ${seedPath} does not exist`,
    "run `pgseed regenerate` first, or pass --seed FILE",
    EXIT_USAGE,
  );

/** What load and clone say of a seed whose content does not match its header. */
export const tamperedSeed = (seedPath: string) =>
  new PgseedError(
    `seed ${seedPath} is truncated or tampered: its content hash does not match its header; nothing was loaded`,
    "regenerate it with `pgseed regenerate --force`",
  );

/** The seed to load: it must exist and be intact (one streamed pass over the file). */
export async function intactSeed(seedPath: string): Promise<SeedScan> {
  const status = await seedStatus(seedPath, undefined, { fileHash: false });
  if (status.state === "missing") throw missingSeed(seedPath);
  if (status.state === "invalid")
    throw new PgseedError(status.problem!, "regenerate it with `pgseed regenerate`");
  if (status.state === "tampered") throw tamperedSeed(seedPath);
  return status.seed!;
}

/**
 * The header of the seed to load, from its first bytes: load checks the content as it streams
 * the seed into psql (seed/load.ts), so it need not read the file twice.
 */
export async function seedHeaderToLoad(seedPath: string): Promise<SeedHeader> {
  let scan;
  try {
    scan = await scanSeed(seedPath, { stopAfterHeader: true });
  } catch (err) {
    if ((err as PgseedError).exitCode === EXIT_USAGE) throw err;
    throw new PgseedError((err as Error).message, "regenerate it with `pgseed regenerate`");
  }
  if (!scan) throw missingSeed(seedPath);
  return scan.header;
}

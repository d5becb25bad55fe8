/**
 * The state of a seed on disk, read once: every command that looks at a seed (check, regenerate,
 * load, clone, the SeedDump provider) asks this one function.
 */
import { PgseedError, EXIT_USAGE } from "./errors";
import { readSeed, ParsedSeed } from "./seedFile";

export type SeedState = "fresh" | "stale" | "tampered" | "missing" | "invalid";

export interface SeedStatus {
  state: SeedState;
  /** The file's bytes and parsed content, when it is a pgseed seed. */
  seed?: { bytes: Buffer; parsed: ParsedSeed };
  /** Why it is invalid (not a seed, corrupt gzip). */
  problem?: string;
}

/**
 * fresh: intact and (when a fingerprint is given) carrying it; stale: intact, another fingerprint;
 * tampered: the content hash does not match the header. Unreadable paths are usage errors.
 */
export function seedStatus(seedPath: string, fingerprint?: string): SeedStatus {
  let seed;
  try {
    seed = readSeed(seedPath);
  } catch (err) {
    if ((err as PgseedError).exitCode === EXIT_USAGE) throw err;
    return { state: "invalid", problem: (err as Error).message };
  }
  if (!seed) return { state: "missing" };
  if (!seed.parsed.contentOk) return { state: "tampered", seed };
  return { state: fingerprint === undefined || seed.parsed.header.fingerprint === fingerprint ? "fresh" : "stale", seed };
}

/** The seed to load: it must exist and be intact. */
export function intactSeed(seedPath: string): ParsedSeed {
  const status = seedStatus(seedPath);
  if (status.state === "missing") throw new PgseedError(`seed ${seedPath} does not exist`, "run `pgseed regenerate` first, or pass --seed FILE", EXIT_USAGE);
  if (status.state === "invalid") throw new PgseedError(status.problem!, "regenerate it with `pgseed regenerate`");
  if (status.state === "tampered") {
    throw new PgseedError(`seed ${seedPath} is truncated or tampered: its content hash does not match its header; nothing was loaded`, "regenerate it with `pgseed regenerate --force`");
  }
  return status.seed!.parsed;
}

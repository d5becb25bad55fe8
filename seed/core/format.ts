/** Facts of the seed format that the fingerprint covers: changing either re-seeds everyone. */

/** Bumped when the seed layout changes, so every old seed reads as stale. */
export const SEED_FORMAT_VERSION = 1;

/** pg_dump options of every seed. */
export const DUMP_OPTIONS = [
  "--format=plain",
  "--no-owner",
  "--no-privileges",
  "--encoding=UTF8",
] as const;

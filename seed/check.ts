/** Check: does the seed on disk carry the current fingerprint, intact? Starts no server. */
import * as path from "path";
import type { Settings } from "../config";
import { PgseedError, EXIT_USAGE } from "./errors";
import { computeFingerprint } from "./fingerprint";
import { fingerprintInput } from "./presets";
import { readSeed } from "./seedFile";

export type SeedState = "fresh" | "stale" | "tampered" | "missing" | "invalid";

export interface CheckResult {
  state: SeedState;
  ok: boolean;
  message: string;
  fingerprint: string;
  seedFingerprint?: string;
  seedPath: string;
}

export function checkSeed(settings: Settings): CheckResult {
  const { fingerprint, migrationCount } = computeFingerprint(fingerprintInput(settings));
  const rel = path.relative(process.cwd(), settings.seedPath) || settings.seedPath;
  const base = { fingerprint, seedPath: settings.seedPath };
  let seed;
  try {
    seed = readSeed(settings.seedPath);
  } catch (err) {
    if ((err as PgseedError).exitCode === EXIT_USAGE) throw err;
    return { ...base, state: "invalid", ok: false, message: `${rel}: ${(err as Error).message}` };
  }
  if (!seed) return { ...base, state: "missing", ok: false, message: `${rel} is missing; run \`pgseed regenerate\`` };
  const { header, contentOk } = seed.parsed;
  if (!contentOk) {
    return { ...base, state: "tampered", ok: false, seedFingerprint: header.fingerprint, message: `${rel} is tampered or truncated: its content hash does not match its header; run \`pgseed regenerate --force\`` };
  }
  if (header.fingerprint !== fingerprint) {
    return {
      ...base,
      state: "stale",
      ok: false,
      seedFingerprint: header.fingerprint,
      message: `${rel} is stale: the migrations or recipe changed since it was made (seed ${header.fingerprint.slice(0, 19)}…, now ${fingerprint.slice(0, 19)}…); run \`pgseed regenerate\` and commit it`,
    };
  }
  return { ...base, state: "fresh", ok: true, seedFingerprint: header.fingerprint, message: `${rel} is fresh (${migrationCount} migration files, ${fingerprint})` };
}

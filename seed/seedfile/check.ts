/** Check: does the seed on disk carry the current fingerprint, intact? Starts no server. */
import * as path from "path";
import type { EngineSettings } from "../core/settings";
import { computeFingerprint } from "../inputs/fingerprint";
import { fingerprintInput } from "../inputs/recipe";
import { seedStatus, SeedState } from "./state";

export type { SeedState } from "./state";

export interface CheckResult {
  state: SeedState;
  ok: boolean;
  /** One line: fresh, or what is wrong. */
  message: string;
  /** What to do (all but fresh). */
  fix?: string;
  fingerprint: string;
  seedFingerprint?: string;
  seedPath: string;
}

export async function checkSeed(settings: EngineSettings): Promise<CheckResult> {
  const { fingerprint, migrationCount } = computeFingerprint(fingerprintInput(settings));
  const rel = path.relative(process.cwd(), settings.seedPath) || settings.seedPath;
  const status = await seedStatus(settings.seedPath, fingerprint, { fileHash: false });
  const seedFingerprint = status.seed?.header.fingerprint;
  // An invalid seed's problem is a PgseedError's text: its first line, then its own fix.
  const [problem, problemFix] = (status.problem ?? "").split("\n  fix: ");
  const results: Record<SeedState, [string, string?]> = {
    fresh: [`${rel} is fresh (${migrationCount} migration files, ${fingerprint})`],
    stale: [
      `${rel} is stale: the migrations or recipe changed since it was made (seed ${seedFingerprint?.slice(0, 19)}…, now ${fingerprint.slice(0, 19)}…)`,
      "run `pgseed regenerate` and commit the seed",
    ],
    tampered: [
      `${rel} is tampered or truncated: its content hash does not match its header`,
      "run `pgseed regenerate --force`",
    ],
    missing: [`${rel} is missing`, "run `pgseed regenerate` (and commit the seed)"],
    invalid: [problem, problemFix ?? "run `pgseed regenerate --force`"],
  };
  const [message, fix] = results[status.state];
  return {
    state: status.state,
    ok: status.state === "fresh",
    message,
    ...(fix ? { fix } : {}),
    fingerprint,
    seedFingerprint,
    seedPath: settings.seedPath,
  };
}

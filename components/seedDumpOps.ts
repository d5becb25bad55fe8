/**
 * What the SeedDump provider does, as plain functions over seed/: no Pulumi import, so the
 * serialized provider stays a few lines that load this compiled module (dist/components) by path.
 * Inputs carry project-relative paths, so the state is the same on every machine.
 */
import * as fs from "fs";
import * as path from "path";
import {
  resolveSettings,
  engineValues,
  settingKeys,
  RawSettings,
  Settings,
  SettingKey,
} from "../config";
import type { EngineSettings as Engine } from "../seed/core/settings";
import { regenerate } from "../seed/build/regenerate";
import { scanSeed } from "../seed/seedfile/read";
import { sha256 } from "../seed/core/hash";

/**
 * The settings the engine needs to build a seed (config.ts: scope "engine"); none of them is a
 * secret.
 */
export const ENGINE_KEYS: readonly SettingKey[] = settingKeys("engine");
/** Raw engine settings as SeedDump stores them: plain values, project-relative posix paths. */
export type EngineValues = Partial<Record<SettingKey, string | number | string[]>>;

export interface SeedDumpInputs {
  /** Raw engine settings, paths relative to the project folder (posix). */
  settings: EngineValues;
  /** The fingerprint the program computed at preview time. */
  fingerprint: string;
}

export interface SeedDumpOutputs extends SeedDumpInputs {
  /** Absolute path of the seed on the machine that last ran the provider. */
  path: string;
  sha256: string;
  bytes: number;
  serverVersion: string;
  migrationCount: number;
}

/** Resolved settings → the plain, machine-independent engine inputs of SeedDump. */
export const engineInputs = (s: Settings): EngineValues => engineValues(s);

/** Engine inputs → Settings, with the CLI's validation and messages. */
export function settingsOf(inputs: Pick<SeedDumpInputs, "settings">, projectDir: string): Engine {
  return resolveSettings((inputs.settings ?? {}) as RawSettings, projectDir).engine;
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Preview-time validation: the same errors the CLI prints for the same values. */
export function checkInputs(news: Partial<SeedDumpInputs>, projectDir: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const unknown = Object.keys(news.settings ?? {}).filter(
    (k) => !(ENGINE_KEYS as readonly string[]).includes(k),
  );
  if (unknown.length)
    failures.push({
      property: "settings",
      reason: `SeedDump takes only engine settings; remove ${unknown.join(", ")}`,
    });
  else {
    try {
      settingsOf({ settings: news.settings ?? {} }, projectDir);
    } catch (err) {
      failures.push({ property: "settings", reason: (err as Error).message });
    }
  }
  if (typeof news.fingerprint !== "string" || !/^sha256:[0-9a-f]{64}$/.test(news.fingerprint)) {
    failures.push({
      property: "fingerprint",
      reason: `fingerprint must read sha256:<64 hex>, got ${JSON.stringify(news.fingerprint)}`,
    });
  }
  return failures;
}

export interface FileState {
  exists: boolean;
  sha256?: string;
  bytes?: number;
  /** The fingerprint its header names, when it is a pgseed seed. */
  fingerprint?: string;
  /** Its content hash matches its header (false: edited by hand, or a bad merge). */
  contentOk?: boolean;
}

/** The seed file as it is, read as a stream (a seed of any size stays in bounded memory). */
export async function fileState(file: string): Promise<FileState> {
  let scan;
  try {
    scan = await scanSeed(file);
  } catch {
    // Not a seed, or corrupt gzip: what matters is that its bytes are not what we wrote.
    try {
      const bytes = fs.readFileSync(file);
      return { exists: true, sha256: sha256(bytes), bytes: bytes.length, contentOk: false };
    } catch {
      return { exists: false };
    }
  }
  if (!scan) return { exists: false };
  return {
    exists: true,
    sha256: scan.sha256,
    bytes: scan.bytes,
    fingerprint: scan.header.fingerprint,
    contentOk: scan.contentOk,
  };
}

/** Pure: an intact seed of this fingerprint, made here or by a teammate: nothing to rebuild. */
export const intactSeedOf = (file: FileState, fingerprint: string | undefined): boolean =>
  file.exists &&
  file.contentOk === true &&
  fingerprint !== undefined &&
  file.fingerprint === fingerprint;

export interface SeedDiff {
  changes: boolean;
  /** Always empty: the seed path is stable, so a new seed is an update in place. */
  replaces: string[];
  /** Why, for logs and tests: fingerprint, settings, missing, drifted, pulled. */
  reasons: string[];
}

/**
 * Pure: regenerate when the fingerprint or engine settings changed, or the file is not what we
 * wrote.
 */
export function diffSeed(
  olds: Partial<SeedDumpOutputs>,
  news: SeedDumpInputs,
  file: FileState,
): SeedDiff {
  const reasons: string[] = [];
  if (olds.fingerprint !== news.fingerprint) reasons.push("fingerprint");
  if (stableJson(olds.settings) !== stableJson(news.settings)) reasons.push("settings");
  if (!file.exists) reasons.push("missing");
  // Other bytes than the state's: a teammate's intact seed of this fingerprint ("pulled", taken as
  // is: the state catches up) or anything else ("drifted": rebuilt).
  else if (file.sha256 !== olds.sha256)
    reasons.push(intactSeedOf(file, news.fingerprint) ? "pulled" : "drifted");
  return { changes: reasons.length > 0, replaces: [], reasons };
}

/** JSON with sorted keys, so key order never reads as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]]),
        )
      : v,
  );
}

/**
 * create/update: build the seed (reusing a fresh one unless forced) and report it with the inputs.
 */
export async function regenerateSeed(
  inputs: SeedDumpInputs,
  projectDir: string,
  force = false,
): Promise<SeedDumpOutputs> {
  const settings = settingsOf(inputs, projectDir);
  const r = await regenerate(settings, { force });
  return {
    settings: inputs.settings,
    fingerprint: r.fingerprint,
    path: r.path,
    sha256: r.sha256,
    bytes: r.bytes,
    serverVersion: r.serverVersion,
    migrationCount: r.migrationCount,
  };
}

/** What `fingerprint` reads in the state after a refresh found the seed not to be the state's. */
export const DRIFTED_PREFIX = "drifted: ";

/**
 * update: force a rebuild when the file on disk is not the bytes we wrote (hand edit, bad merge),
 * unless it is an intact seed of the new fingerprint: a teammate's seed that came with a git pull
 * is taken as is (no server, the committed bytes stay). A seed that refresh flagged forces too.
 * Without `fingerprint`, any other bytes force. A file that is no pgseed seed never forces: the
 * update fails naming it (regenerate's notASeed) rather than overwrite what someone put there.
 */
export function updateNeedsForce(
  olds: Partial<SeedDumpOutputs>,
  file: FileState,
  fingerprint?: string,
): boolean {
  if (!file.exists || file.fingerprint === undefined || intactSeedOf(file, fingerprint))
    return false;
  return file.sha256 !== olds.sha256 || (olds.fingerprint ?? "").startsWith(DRIFTED_PREFIX);
}

/** Pure: why the file on disk is not the seed of this state, or undefined when it is. */
export function driftOf(stateFingerprint: string | undefined, file: FileState): string | undefined {
  if (!file.exists) return undefined; // diff sees "missing" by itself
  if (file.contentOk !== true) {
    return file.fingerprint === undefined
      ? "the file is not a pgseed seed (no header, or corrupt gzip)"
      : "its content hash does not match its header (edited by hand?)";
  }
  if (file.fingerprint !== stateFingerprint)
    return `its header names ${file.fingerprint}, not the state's fingerprint`;
  return undefined;
}

/**
 * refresh: the file as it is now. An intact seed of the state's fingerprint is recorded as is
 * (its bytes may differ: a teammate built it). Anything else is flagged: `fingerprint` becomes
 * "drifted: <why>", which no program computes, so the next `pulumi up` updates the seed (and
 * rebuilds it unless it is an intact seed of the current fingerprint) instead of taking the edit
 * as the new state.
 */
export async function readSeedState(
  props: SeedDumpOutputs,
  projectDir: string,
): Promise<SeedDumpOutputs> {
  const file = path.resolve(projectDir, settingsOf(props, projectDir).seedPath);
  const now = await fileState(file);
  const drift = driftOf(props.fingerprint, now);
  return {
    ...props,
    ...(drift ? { fingerprint: `${DRIFTED_PREFIX}${drift}` } : {}),
    path: file,
    sha256: now.sha256 ?? "missing",
    bytes: now.bytes ?? 0,
  };
}

/** Where the seed of these inputs lives on this machine. */
export const seedPathOf = (inputs: SeedDumpInputs, projectDir: string) =>
  settingsOf(inputs, projectDir).seedPath;

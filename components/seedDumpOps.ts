/**
 * What the SeedDump provider does, as plain functions over seed/: no Pulumi import, so the
 * serialized provider stays a few lines that load this compiled module from the installed pgseed
 * (dynamicProvider.ts). Inputs carry paths relative to the Pulumi project, so the state is the
 * same on every machine.
 *
 * The dynamic-provider host forwards only `changes`, `replaces` and `deleteBeforeReplace` of a
 * diff (no detailedDiff), and `pulumi preview --diff` then shows how the inputs changed. So the
 * reasons for a new seed are inputs: `fingerprint`, `files` (each input file's short hash: the
 * migrations added, edited or removed), `settings`, and `seedFile`, which check() sets to what the
 * file on disk is (intact, missing, edited by hand, …).
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
import { computeFingerprint } from "../seed/inputs/fingerprint";
import { fingerprintInput } from "../seed/inputs/recipe";
import { scanSeed } from "../seed/seedfile/read";
import { sha256 } from "../seed/core/hash";
import { pulumiTerms } from "./terms";

/** The settings the engine needs to build a seed (declaration scope "engine"); no secret. */
export const ENGINE_KEYS: readonly SettingKey[] = settingKeys("engine");
/** Raw engine settings as SeedDump stores them: plain values, project-relative posix paths. */
export type EngineValues = Partial<Record<SettingKey, string | number | string[]>>;

export interface SeedDumpInputs {
  /** Raw engine settings, paths relative to the Pulumi project (posix). */
  settings: EngineValues;
  /** The fingerprint the program computed (files only, no server). */
  fingerprint: string;
  /** Each input of the fingerprint (app file, django:<app>/<name>, …) and its short hash. */
  files: Record<string, string>;
  /** What the seed file on disk is, as check() found it (SEED_FILE_STATES). */
  seedFile?: string;
}

export interface SeedDumpOutputs extends SeedDumpInputs {
  /** Absolute path of the seed on the machine that last ran the provider. */
  path: string;
  sha256: string;
  bytes: number;
  serverVersion: string;
  migrationCount: number;
  /** Why refresh found the file not to be this state's seed; "" when it is. */
  drift: string;
}

/** Resolved settings → the machine-independent engine inputs, relative to the Pulumi project. */
export const engineInputs = (s: Settings, project = s.projectDir): EngineValues =>
  engineValues({ ...s, projectDir: project });

/** Engine inputs → Settings, with the CLI's validation and messages. */
export function settingsOf(inputs: Pick<SeedDumpInputs, "settings">, projectDir: string): Engine {
  return resolveSettings((inputs.settings ?? {}) as RawSettings, projectDir).engine;
}

/** Program side: the inputs of a SeedDump for these settings (reads the app's files only). */
export function seedDumpInputs(
  s: Settings,
  project: string,
): SeedDumpInputs & { migrationCount: number } {
  const result = computeFingerprint(fingerprintInput(s.engine));
  const files = Object.fromEntries(
    Object.entries(result.inputs.files).map(([key, digest]) => [key, digest.slice(0, 12)]),
  );
  return {
    settings: engineInputs(s, project),
    fingerprint: result.fingerprint,
    files,
    migrationCount: result.migrationCount,
  };
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/**
 * Pure: the inputs' problems, each in Pulumi terms. Property "" (the resource as a whole): the
 * engine then prints the reason without a dump of the property's value.
 */
export function checkInputs(news: Partial<SeedDumpInputs>, projectDir: string): CheckFailure[] {
  const reasons: string[] = [];
  const unknown = Object.keys(news.settings ?? {}).filter(
    (k) => !(ENGINE_KEYS as readonly string[]).includes(k),
  );
  if (unknown.length)
    reasons.push(`SeedDump takes only engine settings; remove ${unknown.join(", ")}`);
  else {
    try {
      settingsOf({ settings: news.settings ?? {} }, projectDir);
    } catch (err) {
      reasons.push((err as Error).message);
    }
  }
  if (typeof news.fingerprint !== "string" || !/^sha256:[0-9a-f]{64}$/.test(news.fingerprint))
    reasons.push(`fingerprint must read sha256:<64 hex>, got ${JSON.stringify(news.fingerprint)}`);
  return reasons.map((r) => ({ property: "", reason: pulumiTerms(r, "config") }));
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

/**
 * Pure: what the file is, as `seedFile` shows it in a preview's diff. "intact" for a seed of the
 * state's or the program's fingerprint (a new migration shows in `fingerprint` and `files`).
 */
export function seedFileState(file: FileState, fingerprints: Array<string | undefined>): string {
  if (!file.exists) return "missing";
  if (file.contentOk !== true)
    return file.fingerprint === undefined ? "not a pgseed seed" : "edited by hand";
  if (!fingerprints.includes(file.fingerprint))
    return `another seed (${String(file.fingerprint).slice(0, 19)}…)`;
  return "intact";
}

const hereServerProblem = async (s: Engine) => (await import("./previewChecks")).serverProblem(s);

/**
 * check: the inputs with `seedFile` set; when the seed must be built, whether it can be here
 * (`serverProblem`: previewChecks.ts's; tests give their own).
 */
export async function checkSeedDump(
  olds: Partial<SeedDumpInputs> | undefined,
  news: SeedDumpInputs,
  projectDir: string,
  serverProblem: (s: Engine) => Promise<string | undefined> = hereServerProblem,
): Promise<{ inputs: SeedDumpInputs; failures: CheckFailure[] }> {
  const failures = checkInputs(news, projectDir);
  if (failures.length) return { inputs: news, failures };
  const settings = settingsOf(news, projectDir);
  const file = await fileState(settings.seedPath);
  const inputs = { ...news, seedFile: seedFileState(file, [news.fingerprint, olds?.fingerprint]) };
  const problem = intactSeedOf(file, news.fingerprint) ? undefined : await serverProblem(settings);
  if (problem)
    failures.push({
      property: "",
      reason: pulumiTerms(`the seed must be built, but ${problem}`, "config"),
    });
  return { inputs, failures };
}

export interface SeedDiff {
  changes: boolean;
  /** Always empty: the seed path is stable, so a new seed is an update in place. */
  replaces: string[];
  /** Why: fingerprint, files, settings, missing, drifted, pulled. */
  reasons: string[];
}

/**
 * Pure: regenerate when the fingerprint or engine settings changed, or the file is not what we
 * wrote (or refresh found it so).
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
  else if (olds.drift) reasons.push("drifted");
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
 * Engine errors reach the user in Pulumi terms.
 */
export async function regenerateSeed(
  inputs: SeedDumpInputs,
  projectDir: string,
  force = false,
): Promise<SeedDumpOutputs> {
  const { regenerate } = await import("../seed/build/regenerate");
  try {
    const r = await regenerate(settingsOf(inputs, projectDir), { force });
    return {
      ...inputs,
      fingerprint: r.fingerprint,
      path: r.path,
      sha256: r.sha256,
      bytes: r.bytes,
      serverVersion: r.serverVersion,
      migrationCount: r.migrationCount,
      drift: "",
    };
  } catch (err) {
    throw new Error(pulumiTerms((err as Error).message, "config"));
  }
}

/**
 * update: force a rebuild when the file on disk is not the bytes we wrote (hand edit, bad merge),
 * unless it is an intact seed of the new fingerprint: a teammate's seed that came with a git pull
 * is taken as is (no server, the committed bytes stay). A seed that refresh flagged forces too.
 * Without `fingerprint`, any other bytes force.
 */
export function updateNeedsForce(
  olds: Partial<SeedDumpOutputs>,
  file: FileState,
  fingerprint?: string,
): boolean {
  if (!file.exists || intactSeedOf(file, fingerprint)) return false;
  return file.sha256 !== olds.sha256 || !!olds.drift;
}

/** Pure: why the file on disk is not the seed of this state, or "" when it is. */
export function driftOf(stateFingerprint: string | undefined, file: FileState): string {
  if (!file.exists) return ""; // diff sees "missing" by itself
  if (file.contentOk !== true) {
    return file.fingerprint === undefined
      ? "the file is not a pgseed seed (no header, or corrupt gzip)"
      : "its content hash does not match its header (edited by hand?)";
  }
  if (file.fingerprint !== stateFingerprint)
    return `its header names ${file.fingerprint}, not the state's fingerprint`;
  return "";
}

/**
 * refresh: the file as it is now. An intact seed of the state's fingerprint is recorded as is
 * (its bytes may differ: a teammate built it). Anything else is named in `drift`, so the next
 * `pulumi up` updates the seed (and rebuilds it unless it is an intact seed of the current
 * fingerprint) instead of taking the edit as the new state.
 */
export async function readSeedState(
  props: SeedDumpOutputs,
  projectDir: string,
): Promise<SeedDumpOutputs> {
  const file = path.resolve(projectDir, settingsOf(props, projectDir).seedPath);
  const now = await fileState(file);
  return {
    ...props,
    drift: driftOf(props.fingerprint, now),
    path: file,
    sha256: now.sha256 ?? "missing",
    bytes: now.bytes ?? 0,
  };
}

/** Where the seed of these inputs lives on this machine. */
export const seedPathOf = (inputs: SeedDumpInputs, projectDir: string) =>
  settingsOf(inputs, projectDir).seedPath;

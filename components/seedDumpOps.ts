/**
 * What the SeedDump provider does, as plain functions over seed/: no Pulumi import, so the
 * serialized provider stays a few lines that load this compiled module (dist/components) by path.
 * Inputs carry project-relative paths, so the state is the same on every machine.
 */
import * as fs from "fs";
import * as path from "path";
import { resolveSettings, RawSettings, Settings } from "../config";
import { regenerate } from "../seed/regenerate";
import { sha256 } from "../seed/seedFile";

/** The settings the engine needs to build a seed; none of them is a secret. */
export const ENGINE_KEYS = ["appDir", "preset", "migrations", "migrateCommand", "seed", "postgresVersion", "image", "pgBin", "normalizeSql", "migrateTimeout"] as const;
export type EngineKey = (typeof ENGINE_KEYS)[number];
export type EngineSettings = Partial<Record<EngineKey, string | number | string[]>>;

export interface SeedDumpInputs {
  /** Raw engine settings, paths relative to the project folder (posix). */
  settings: EngineSettings;
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

const posixRelative = (from: string, to: string) => path.relative(from, to).split(path.sep).join("/") || ".";

/** Resolved settings → the plain, machine-independent engine inputs of SeedDump. */
export function engineInputs(s: Settings): EngineSettings {
  const out: EngineSettings = {
    appDir: posixRelative(s.projectDir, s.appDir),
    preset: s.preset,
    migrations: [...s.migrations],
    migrateCommand: s.migrateCommand,
    seed: posixRelative(s.appDir, s.seedPath),
    postgresVersion: s.postgresVersion,
    image: s.image,
    migrateTimeout: s.migrateTimeoutSeconds,
  };
  if (s.pgBin) out.pgBin = path.isAbsolute(s.pgBin) && !s.pgBin.startsWith(s.projectDir) ? s.pgBin : posixRelative(s.projectDir, s.pgBin);
  if (s.normalizeSqlPath) out.normalizeSql = posixRelative(s.appDir, s.normalizeSqlPath);
  return out;
}

/** Engine inputs → Settings, with the CLI's validation and messages. */
export function settingsOf(inputs: Pick<SeedDumpInputs, "settings">, projectDir: string): Settings {
  return resolveSettings((inputs.settings ?? {}) as RawSettings, projectDir);
}

export interface CheckFailure {
  property: string;
  reason: string;
}

/** Preview-time validation: the same errors the CLI prints for the same values. */
export function checkInputs(news: Partial<SeedDumpInputs>, projectDir: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const unknown = Object.keys(news.settings ?? {}).filter((k) => !(ENGINE_KEYS as readonly string[]).includes(k));
  if (unknown.length) failures.push({ property: "settings", reason: `SeedDump takes only engine settings; remove ${unknown.join(", ")}` });
  else {
    try {
      settingsOf({ settings: news.settings ?? {} }, projectDir);
    } catch (err) {
      failures.push({ property: "settings", reason: (err as Error).message });
    }
  }
  if (typeof news.fingerprint !== "string" || !/^sha256:[0-9a-f]{64}$/.test(news.fingerprint)) {
    failures.push({ property: "fingerprint", reason: `fingerprint must read sha256:<64 hex>, got ${JSON.stringify(news.fingerprint)}` });
  }
  return failures;
}

export interface FileState {
  exists: boolean;
  sha256?: string;
  bytes?: number;
}

export function fileState(file: string): FileState {
  try {
    const bytes = fs.readFileSync(file);
    return { exists: true, sha256: sha256(bytes), bytes: bytes.length };
  } catch {
    return { exists: false };
  }
}

export interface SeedDiff {
  changes: boolean;
  /** Always empty: the seed path is stable, so a new seed is an update in place. */
  replaces: string[];
  /** Why, for logs and tests: fingerprint, settings, missing, drifted. */
  reasons: string[];
}

/** Pure: regenerate when the fingerprint or engine settings changed, or the file is not what we wrote. */
export function diffSeed(olds: Partial<SeedDumpOutputs>, news: SeedDumpInputs, file: FileState): SeedDiff {
  const reasons: string[] = [];
  if (olds.fingerprint !== news.fingerprint) reasons.push("fingerprint");
  if (stableJson(olds.settings) !== stableJson(news.settings)) reasons.push("settings");
  if (!file.exists) reasons.push("missing");
  else if (file.sha256 !== olds.sha256) reasons.push("drifted");
  return { changes: reasons.length > 0, replaces: [], reasons };
}

/** JSON with sorted keys, so key order never reads as a change. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
  );
}

/** create/update: build the seed (reusing a fresh one unless forced) and report it with the inputs. */
export async function regenerateSeed(inputs: SeedDumpInputs, projectDir: string, force = false): Promise<SeedDumpOutputs> {
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

/** update: force a rebuild when the file on disk is not the bytes we wrote (hand edit, bad merge). */
export function updateNeedsForce(olds: Partial<SeedDumpOutputs>, file: FileState): boolean {
  return file.exists && file.sha256 !== olds.sha256;
}

/** refresh: the file as it is now, so drift shows as a change of sha256/bytes. */
export function readSeedState(props: SeedDumpOutputs, projectDir: string): SeedDumpOutputs {
  const file = path.resolve(projectDir, settingsOf(props, projectDir).seedPath);
  const now = fileState(file);
  return { ...props, path: file, sha256: now.sha256 ?? "missing", bytes: now.bytes ?? 0 };
}

/** Where the seed of these inputs lives on this machine. */
export const seedPathOf = (inputs: SeedDumpInputs, projectDir: string) => settingsOf(inputs, projectDir).seedPath;

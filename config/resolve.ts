/**
 * Raw values → Settings: coerced by kind, defaults and preset defaults filled in, paths made
 * absolute, every problem found at once (one error, a line each, naming each setting the way the
 * caller's user typed it).
 */
import * as path from "path";
import { usageError } from "../seed/core/errors";
import { EngineSettings, versionProblems } from "../seed/core/settings";
import { presetNames, presetOf } from "../seed/presets";
import { imageRepositoryProblem } from "../seed/image/ref";
import { parseEnvSetting } from "../seed/presets/env";
import type { SeedChangePolicy } from "../deploy/instances";
import {
  declared,
  NETWORKS,
  RENAMED,
  SETTINGS,
  settingKeys,
  SettingKey,
  RawSettings,
  Values,
} from "./declaration";

export type { SeedChangePolicy };

export interface DeploySettings {
  instances: number;
  basePort: number;
  bindAddress: string;
  dockerHosts: string[];
  onSeedChange: SeedChangePolicy;
  network: (typeof NETWORKS)[number];
  dbName: string;
  dbUser: string;
  /** Repository of pre-seeded images, or "". */
  preseededImage: string;
}

export interface CiSettings {
  enabled: boolean;
  repositories: string[];
  runsOn: string[];
  branch: string;
  workflowName: string;
  setupCommand: string;
  testCommand: string;
}

export interface Settings {
  /**
   * The folder the settings are relative to (the Pulumi project, the project file's folder, or
   * cwd).
   */
  projectDir: string;
  engine: EngineSettings;
  deploy: DeploySettings;
  ci: CiSettings;
}

/**
 * How a setting is named in a problem, the way the user wrote it: `--migrate-timeout` for a flag,
 * `pgseed:migrateTimeout (Pulumi.dev.yaml)` for a stack, `migrateTimeout (pgseed.json)`. The
 * default, the bare key, is the Pulumi program's.
 */
export type Label = (key: string) => string;
const bare: Label = (key) => key;

/** Checks one raw value against its declared kind; returns an error text or the value. */
function coerce(
  key: SettingKey,
  value: unknown,
  label: Label,
): { value?: unknown; problem?: string } {
  const { kind, choices } = declared(key);
  const name = label(key);
  // Pulumi config values and YAML scalars may arrive as strings ("3", "true", '["a"]').
  if (kind === "integer") {
    const n = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return Number.isInteger(n)
      ? { value: n }
      : { problem: `${name} must be a whole number, got ${JSON.stringify(value)}` };
  }
  if (kind === "boolean") {
    if (typeof value === "boolean") return { value };
    if (value === "true" || value === "false") return { value: value === "true" };
    return { problem: `${name} must be true or false, got ${JSON.stringify(value)}` };
  }
  if (kind === "array") {
    let v = value;
    if (declared(key).pairs && v && typeof v === "object" && !Array.isArray(v))
      v = Object.entries(v).map(([name, x]) => (typeof x === "object" ? x : `${name}=${x}`));
    if (typeof v === "string") {
      try {
        v = v.trim().startsWith("[") ? JSON.parse(v) : [v];
      } catch {
        return { problem: `${name} must be a list of strings, got ${JSON.stringify(value)}` };
      }
    }
    return Array.isArray(v) && v.every((s) => typeof s === "string")
      ? { value: v }
      : { problem: `${name} must be a list of strings, got ${JSON.stringify(value)}` };
  }
  if (typeof value !== "string")
    return { problem: `${name} must be a string, got ${JSON.stringify(value)}` };
  // The declared default ("": derived) is always allowed.
  if (choices && value !== declared(key).default && !choices().includes(value))
    return { problem: `${name} must be one of ${choices().join(", ")}, got "${value}"` };
  return { value };
}

/** Raw values → coerced values with defaults, and every problem found. */
export function coerceAll(
  raw: RawSettings,
  label: Label = bare,
): { values: Values; problems: string[] } {
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    const name = label(key) === key ? `"${key}"` : label(key);
    if (RENAMED[key]) problems.push(RENAMED[key]);
    else if (!(key in SETTINGS))
      problems.push(`unknown setting ${name}; known: ${settingKeys().join(", ")}`);
  }
  const values = {} as Record<SettingKey, unknown>;
  for (const key of settingKeys()) {
    const fallback = declared(key).default;
    const value = raw[key];
    if (value === undefined || value === null) {
      values[key] = Array.isArray(fallback) ? [...fallback] : fallback;
      continue;
    }
    const { value: ok, problem } = coerce(key, value, label);
    if (problem) problems.push(problem);
    values[key] = problem ? fallback : ok;
  }
  return { values: values as Values, problems };
}

const REPO_RE = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const WORKFLOW_RE = /^[A-Za-z0-9_-]+$/;

/** The engine's part: preset defaults filled in, paths made absolute. */
function engineOf(v: Values, projectDir: string, problems: string[], L: Label): EngineSettings {
  const appDir = path.resolve(projectDir, v.appDir);
  const preset = presetNames().includes(v.preset) ? presetOf(v.preset) : undefined;
  let migrations = v.migrations;
  let derivable = true;
  if (preset && migrations.length === 0) {
    try {
      migrations = preset.defaultMigrations(appDir);
    } catch (err) {
      derivable = false; // its own message says why
      problems.push((err as Error).message.replace(/\n {2}fix: /, "; "));
    }
  }
  if (preset && derivable && migrations.length === 0)
    problems.push(
      `${L("migrations")} is empty: give at least one glob of migration files, e.g. 'migrations/*.sql'`,
    );
  for (const glob of migrations) {
    if (path.isAbsolute(glob) || glob.split("/").includes("..")) {
      problems.push(
        `${L("migrations")}: the glob "${glob}" points outside the app dir (${appDir}); globs are relative to it: set ${L("appDir")} to a folder that contains the migrations`,
      );
    }
  }
  const migrateCommand = v.migrateCommand.trim() || (preset?.defaultMigrateCommand ?? "");
  if (preset && !migrateCommand)
    problems.push(
      `${L("migrateCommand")} is required with ${L("preset")} "${v.preset}": give the command that migrates an empty database, e.g. 'sh migrate.sh'`,
    );
  // The name is what is wrong: a flag's path was made absolute, so say only the name.
  if (!/\.sql(\.gz)?$/.test(v.seed))
    problems.push(
      `${L("seed")} "${path.basename(v.seed)}" must end in .sql or .sql.gz (the postgres image loads only those)`,
    );
  const image = v.image || `postgres:${v.postgresVersion}`;
  problems.push(...versionProblems(v.postgresVersion, image, L));
  if (v.migrateTimeout < 1)
    problems.push(`${L("migrateTimeout")} must be at least 1 second, got ${v.migrateTimeout}`);
  const env = parseEnvSetting(v.env);
  problems.push(...env.problems);
  return {
    appDir,
    preset: v.preset,
    migrations,
    migrateCommand,
    seedPath: path.resolve(appDir, v.seed),
    postgresVersion: v.postgresVersion,
    image,
    engine: v.engine as EngineSettings["engine"],
    pgBin: v.pgBin ? path.resolve(projectDir, v.pgBin) : undefined,
    normalizeSqlPath: v.normalizeSql ? path.resolve(appDir, v.normalizeSql) : undefined,
    migrateTimeoutSeconds: v.migrateTimeout,
    env: env.env,
    databaseUrlScheme: v.databaseUrlScheme,
  };
}

function deployOf(v: Values, problems: string[], L: Label): DeploySettings {
  if (v.instances < 0) problems.push(`${L("instances")} must be 0 or more, got ${v.instances}`);
  const count = Math.max(v.instances, 1);
  if (v.basePort < 1 || v.basePort + count - 1 > 65535) {
    problems.push(
      `${L("basePort")} ${v.basePort} with ${v.instances} instance(s) gives ports outside 1-65535; pick a basePort between 1 and ${65536 - count}`,
    );
  }
  for (const key of ["dbName", "dbUser"] as const) {
    if (!IDENT_RE.test(v[key]))
      problems.push(
        `${L(key)} "${v[key]}" must be a plain identifier (letters, digits, _; at most 63)`,
      );
  }
  const repoProblem = v.preseededImage ? imageRepositoryProblem(v.preseededImage) : undefined;
  if (repoProblem) problems.push(`${L("preseededImage")} "${v.preseededImage}" ${repoProblem}`);
  return {
    instances: v.instances,
    basePort: v.basePort,
    bindAddress: v.bindAddress,
    dockerHosts: v.dockerHosts,
    onSeedChange: v.onSeedChange as SeedChangePolicy,
    network: v.network as DeploySettings["network"],
    dbName: v.dbName,
    dbUser: v.dbUser,
    preseededImage: v.preseededImage,
  };
}

function ciOf(v: Values, problems: string[], L: Label): CiSettings {
  const ci = {
    enabled: v.ciEnabled,
    repositories: v.ciRepositories,
    runsOn: v.ciRunsOn,
    branch: v.ciBranch,
    workflowName: v.ciWorkflowName,
    setupCommand: v.ciSetupCommand,
    testCommand:
      v.ciTestCommand || (presetNames().includes(v.preset) ? presetOf(v.preset).ciTestCommand : ""),
  };
  if (ci.enabled && ci.repositories.length === 0)
    problems.push(
      `${L("ciEnabled")} is true but ${L("ciRepositories")} is empty: list the fleet's repositories (owner/name), or set ciEnabled false`,
    );
  for (const repo of ci.repositories)
    if (!REPO_RE.test(repo))
      problems.push(`${L("ciRepositories")} entry "${repo}" must read owner/name`);
  if (ci.runsOn.length === 0 || ci.runsOn.some((l) => !l.trim()))
    problems.push(
      `${L("ciRunsOn")} must list at least one non-empty runner label, e.g. ["ubuntu-latest"]`,
    );
  if (!WORKFLOW_RE.test(ci.workflowName))
    problems.push(
      `${L("ciWorkflowName")} "${ci.workflowName}" may hold only letters, digits, - and _`,
    );
  if (!ci.branch.trim()) problems.push(`${L("ciBranch")} must not be empty`);
  if (ci.enabled && !ci.testCommand.trim())
    problems.push(
      `${L("ciTestCommand")} is required with ${L("preset")} "${v.preset}" when ${L("ciEnabled")} is true: give the command that runs the tests`,
    );
  return ci;
}

export interface ResolveOptions {
  /** How problems name each setting (default: the bare key). */
  label?: Label;
}

/**
 * Turns raw values into Settings, or throws one error listing every problem with its fix.
 * Paths are resolved against projectDir (appDir, pgBin) and appDir (seed, normalizeSql).
 */
export function resolveSettings(
  raw: RawSettings,
  projectDir: string,
  { label = bare }: ResolveOptions = {},
): Settings {
  const { values, problems } = coerceAll(raw, label);
  const settings = {
    projectDir,
    engine: engineOf(values, projectDir, problems, label),
    deploy: deployOf(values, problems, label),
    ci: ciOf(values, problems, label),
  };
  if (problems.length) {
    throw usageError(
      `invalid settings:\n  - ${problems.join("\n  - ")}`,
      "correct the values above (flags, the project file, or Pulumi.<stack>.yaml / pulumi config set)",
    );
  }
  return settings;
}

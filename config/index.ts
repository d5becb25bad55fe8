/**
 * Settings: one declaration per setting (SETTINGS), from which the rest derives: the value types,
 * the CLI's flags and help lines, the SeedDump engine inputs, the freshness job's arguments, and
 * the Pulumi.yaml `config:` block (a test keeps it equal). Raw values come from Pulumi config
 * (index.ts), from Pulumi.yaml + Pulumi.<stack>.yaml (CLI --stack), from a project file
 * (pgseed.json, or [tool.pgseed] in pyproject.toml) or from CLI flags; every bad value fails here,
 * clearly, all at once. config.ts builds {engine, deploy, ci}; seed/ never imports it.
 * No Pulumi import: the CLI must start fast and work without Pulumi.
 */
import * as fs from "fs";
import * as path from "path";
import { usageError, PgseedError } from "../seed/core/errors";
import { ENGINES, EngineSettings, versionProblems } from "../seed/core/settings";
import { presetNames, presetOf } from "../seed/presets";
import { imageRepositoryProblem } from "../seed/image/ref";
import { SEED_CHANGE_POLICIES, SeedChangePolicy } from "../deploy/instances";

export type { SeedChangePolicy };

type Kind = "string" | "integer" | "boolean" | "array";
type Scope = "engine" | "deploy" | "ci";

/** A path setting: what its value is relative to, and what its CLI flag is relative to. */
interface PathBase {
  setting: "project" | "app";
  flag: "cwd" | "app";
}

interface Declaration {
  kind: Kind;
  /** engine settings are CLI flags and SeedDump inputs; deploy and ci settings only Pulumi config. */
  scope: Scope;
  description: string;
  /** "" and [] mean: derived (from the preset, the major, …); the description says from what. */
  default?: string | number | boolean | readonly string[];
  secret?: true;
  /** Placeholder in --help (engine settings). */
  arg?: string;
  /** The allowed values, when they are few. */
  choices?: () => readonly string[];
  path?: PathBase;
}

const NETWORKS = ["bridge", "host"] as const;

/** Every setting, once. */
export const SETTINGS = {
  appDir: { kind: "string", scope: "engine", default: ".", arg: "DIR", path: { setting: "project", flag: "cwd" }, description: "App folder: the migrate command runs here and migration globs are rooted here (relative to the project)." },
  preset: { kind: "string", scope: "engine", default: "django", arg: "NAME", choices: presetNames, description: "Migration tool preset (sets the defaults of migrations, migrateCommand, ciTestCommand)." },
  migrations: { kind: "array", scope: "engine", default: [], arg: "GLOB", description: "Globs of migration files, relative to appDir (default: the preset's)." },
  migrateCommand: { kind: "string", scope: "engine", default: "", arg: "CMD", description: "Command that migrates the database named by DATABASE_URL / PG* (default: the preset's)." },
  seed: { kind: "string", scope: "engine", default: "seed-db.sql", arg: "FILE", path: { setting: "app", flag: "cwd" }, description: "Seed file, relative to appDir; a .sql.gz name writes gzip." },
  postgresVersion: { kind: "integer", scope: "engine", default: 15, arg: "N", description: "PostgreSQL major version of the seed and of every instance." },
  image: { kind: "string", scope: "engine", default: "", arg: "REF", description: "Docker image of the instances and the CI service (default postgres:<postgresVersion>)." },
  engine: { kind: "string", scope: "engine", default: "auto", arg: "KIND", choices: () => ENGINES, description: "Where the throwaway server runs: local binaries, the image in docker, or auto (local when its major matches)." },
  pgBin: { kind: "string", scope: "engine", default: "", arg: "DIR", path: { setting: "project", flag: "cwd" }, description: "Folder of the local PostgreSQL binaries (default: found by major version)." },
  normalizeSql: { kind: "string", scope: "engine", default: "", arg: "FILE", path: { setting: "app", flag: "app" }, description: "SQL file, relative to appDir, run before the dump to fix volatile rows (now(), random values)." },
  migrateTimeout: { kind: "integer", scope: "engine", default: 600, arg: "SEC", description: "Seconds the migrate command may run before it is stopped." },
  instances: { kind: "integer", scope: "deploy", default: 1, description: "Seeded PostgreSQL containers per Docker host; 0: none (a seed-only stack)." },
  basePort: { kind: "integer", scope: "deploy", default: 15432, description: "Host port of the first instance; instance i gets basePort + i." },
  bindAddress: { kind: "string", scope: "deploy", default: "127.0.0.1", description: "Host address the instance ports are bound to." },
  dockerHosts: { kind: "array", scope: "deploy", default: [], description: "Docker hosts (e.g. ssh://user@host); empty means the local Docker engine." },
  network: { kind: "string", scope: "deploy", default: "bridge", choices: () => NETWORKS, description: "Container networking: bridge publishes each port on bindAddress; host makes the server bind bindAddress:port itself (engines without a bridge)." },
  onSeedChange: { kind: "string", scope: "deploy", default: "reseed", choices: () => SEED_CHANGE_POLICIES, description: "What a new fingerprint does to existing instances: reseed (new volume), migrate (pgseed migrate, data kept), keep (reported stale)." },
  dbName: { kind: "string", scope: "deploy", default: "app", description: "Database name of each instance (POSTGRES_DB)." },
  dbUser: { kind: "string", scope: "deploy", default: "app", description: "Owner role of each instance (POSTGRES_USER)." },
  preseededImage: { kind: "string", scope: "deploy", default: "", description: "Image repository for pre-seeded images (the seed already in PGDATA: no initdb, no SQL replay at start). The program builds REPO:<short fingerprint> for each new seed; with CI on it pushes it, and the CI postgres service runs it with no restore step. Empty: none." },
  postgresPassword: { kind: "string", scope: "deploy", secret: true, description: "Password of dbUser; generated when unset." },
  ciEnabled: { kind: "boolean", scope: "ci", default: false, description: "Write a GitHub Actions workflow and secrets to each repository of the CI fleet." },
  ciRepositories: { kind: "array", scope: "ci", default: [], description: "Repositories (owner/name) of this CI runner fleet." },
  ciRunsOn: { kind: "array", scope: "ci", default: ["ubuntu-latest"], description: "runs-on labels of the fleet's runners." },
  ciBranch: { kind: "string", scope: "ci", default: "main", description: "Branch the workflow file is committed to." },
  ciWorkflowName: { kind: "string", scope: "ci", default: "pgseed", description: "Workflow file name: .github/workflows/<name>.yml." },
  ciSetupCommand: { kind: "string", scope: "ci", default: "", description: "Shell command run in appDir after checkout, before the seed is restored (install dependencies)." },
  ciTestCommand: { kind: "string", scope: "ci", default: "", description: "Shell command that runs the tests (default: the preset's)." },
} satisfies Record<string, Declaration>;

export type SettingKey = keyof typeof SETTINGS;
export type RawSettings = Partial<Record<SettingKey, unknown>>;
type ValueOf<D> = D extends { kind: "integer" } ? number : D extends { kind: "boolean" } ? boolean : D extends { kind: "array" } ? string[] : string;
/** Coerced values with defaults applied (secrets excluded: they stay Pulumi Outputs). */
export type Values = { [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

const declared = (key: SettingKey): Declaration => SETTINGS[key];
export const settingKeys = (scope?: Scope) => (Object.keys(SETTINGS) as SettingKey[]).filter((k) => !scope || declared(k).scope === scope);
/** Old names that stack files may still carry: the message says what replaced them. */
const RENAMED: Record<string, string> = {
  keepData: "keepData was replaced by onSeedChange: set onSeedChange: keep (keepData: true) or reseed",
  ciPreseededImage: "ciPreseededImage was renamed preseededImage (the program now builds and pushes the image itself): rename the key",
};

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
  /** The folder the settings are relative to (the Pulumi project, the project file's folder, or cwd). */
  projectDir: string;
  engine: EngineSettings;
  deploy: DeploySettings;
  ci: CiSettings;
}

/** camelCase setting → its CLI flag. */
export const flagOf = (key: SettingKey) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Checks one raw value against its declared kind; returns an error text or the value. */
function coerce(key: SettingKey, value: unknown): { value?: unknown; problem?: string } {
  const { kind, choices } = declared(key);
  // Pulumi config values and YAML scalars may arrive as strings ("3", "true", '["a"]').
  if (kind === "integer") {
    const n = typeof value === "string" && /^-?\d+$/.test(value.trim()) ? Number(value) : value;
    return Number.isInteger(n) ? { value: n } : { problem: `${key} must be a whole number, got ${JSON.stringify(value)}` };
  }
  if (kind === "boolean") {
    if (typeof value === "boolean") return { value };
    if (value === "true" || value === "false") return { value: value === "true" };
    return { problem: `${key} must be true or false, got ${JSON.stringify(value)}` };
  }
  if (kind === "array") {
    let v = value;
    if (typeof v === "string") {
      try {
        v = v.trim().startsWith("[") ? JSON.parse(v) : [v];
      } catch {
        return { problem: `${key} must be a list of strings, got ${JSON.stringify(value)}` };
      }
    }
    return Array.isArray(v) && v.every((s) => typeof s === "string")
      ? { value: v }
      : { problem: `${key} must be a list of strings, got ${JSON.stringify(value)}` };
  }
  if (typeof value !== "string") return { problem: `${key} must be a string, got ${JSON.stringify(value)}` };
  if (choices && !choices().includes(value)) return { problem: `${key} must be one of ${choices().join(", ")}, got "${value}"` };
  return { value };
}

/** Raw values → coerced values with defaults, and every problem found. */
export function coerceAll(raw: RawSettings): { values: Values; problems: string[] } {
  const problems: string[] = [];
  for (const key of Object.keys(raw)) {
    if (RENAMED[key]) problems.push(RENAMED[key]);
    else if (!(key in SETTINGS)) problems.push(`unknown setting "${key}" (known: ${settingKeys().join(", ")})`);
  }
  const values = {} as Record<SettingKey, unknown>;
  for (const key of settingKeys()) {
    const fallback = declared(key).default;
    const value = raw[key];
    if (value === undefined || value === null) {
      values[key] = Array.isArray(fallback) ? [...fallback] : fallback;
      continue;
    }
    const { value: ok, problem } = coerce(key, value);
    if (problem) problems.push(problem);
    values[key] = problem ? fallback : ok;
  }
  return { values: values as Values, problems };
}

const REPO_RE = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const WORKFLOW_RE = /^[A-Za-z0-9_-]+$/;

/** The engine's part: preset defaults filled in, paths made absolute. */
function engineOf(v: Values, projectDir: string, problems: string[]): EngineSettings {
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
  if (preset && derivable && migrations.length === 0) problems.push(`migrations is empty: give at least one glob of migration files, e.g. --migrations 'migrations/*.sql'`);
  for (const glob of migrations) {
    if (path.isAbsolute(glob) || glob.split("/").includes("..")) {
      problems.push(`migration glob "${glob}" points outside the app dir: globs are relative to appDir (${appDir}); set appDir to a folder that contains the migrations`);
    }
  }
  const migrateCommand = v.migrateCommand.trim() || (preset?.defaultMigrateCommand ?? "");
  if (preset && !migrateCommand) problems.push(`migrateCommand is required with preset "${v.preset}": give the command that migrates an empty database, e.g. --migrate-command 'sh migrate.sh'`);
  // The name is what is wrong: a flag's path was made absolute, so say only the name.
  if (!/\.sql(\.gz)?$/.test(v.seed)) problems.push(`seed "${path.basename(v.seed)}" must end in .sql or .sql.gz (the postgres image loads only those)`);
  const image = v.image || `postgres:${v.postgresVersion}`;
  problems.push(...versionProblems(v.postgresVersion, image));
  if (v.migrateTimeout < 1) problems.push(`migrateTimeout must be at least 1 second, got ${v.migrateTimeout}`);
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
  };
}

function deployOf(v: Values, problems: string[]): DeploySettings {
  if (v.instances < 0) problems.push(`instances must be 0 or more, got ${v.instances}`);
  const count = Math.max(v.instances, 1);
  if (v.basePort < 1 || v.basePort + count - 1 > 65535) {
    problems.push(`basePort ${v.basePort} with ${v.instances} instance(s) gives ports outside 1-65535; pick a basePort between 1 and ${65536 - count}`);
  }
  for (const key of ["dbName", "dbUser"] as const) {
    if (!IDENT_RE.test(v[key])) problems.push(`${key} "${v[key]}" must be a plain identifier (letters, digits, _; at most 63)`);
  }
  const repoProblem = v.preseededImage ? imageRepositoryProblem(v.preseededImage) : undefined;
  if (repoProblem) problems.push(`preseededImage "${v.preseededImage}" ${repoProblem}`);
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

function ciOf(v: Values, problems: string[]): CiSettings {
  const ci = {
    enabled: v.ciEnabled,
    repositories: v.ciRepositories,
    runsOn: v.ciRunsOn,
    branch: v.ciBranch,
    workflowName: v.ciWorkflowName,
    setupCommand: v.ciSetupCommand,
    testCommand: v.ciTestCommand || (presetNames().includes(v.preset) ? presetOf(v.preset).ciTestCommand : ""),
  };
  if (ci.enabled && ci.repositories.length === 0) problems.push(`ciEnabled is true but ciRepositories is empty: list the fleet's repositories (owner/name), or set ciEnabled false`);
  for (const repo of ci.repositories) if (!REPO_RE.test(repo)) problems.push(`ciRepositories entry "${repo}" must read owner/name`);
  if (ci.runsOn.length === 0 || ci.runsOn.some((l) => !l.trim())) problems.push(`ciRunsOn must list at least one non-empty runner label, e.g. ["ubuntu-latest"]`);
  if (!WORKFLOW_RE.test(ci.workflowName)) problems.push(`ciWorkflowName "${ci.workflowName}" may hold only letters, digits, - and _`);
  if (!ci.branch.trim()) problems.push(`ciBranch must not be empty`);
  if (ci.enabled && !ci.testCommand.trim()) problems.push(`ciTestCommand is required with preset "${v.preset}" when ciEnabled is true: give the command that runs the tests`);
  return ci;
}

/**
 * Turns raw values into Settings, or throws one error listing every problem with its fix.
 * Paths are resolved against projectDir (appDir, pgBin) and appDir (seed, normalizeSql).
 */
export function resolveSettings(raw: RawSettings, projectDir: string): Settings {
  const { values, problems } = coerceAll(raw);
  const settings = { projectDir, engine: engineOf(values, projectDir, problems), deploy: deployOf(values, problems), ci: ciOf(values, problems) };
  if (problems.length) {
    throw usageError(`invalid settings:\n  - ${problems.join("\n  - ")}`, "correct the values above (flags, the project file, or Pulumi.<stack>.yaml / pulumi config set)");
  }
  return settings;
}

const posixRelative = (from: string, to: string) => path.relative(from, to).split(path.sep).join("/") || ".";

/**
 * Resolved engine settings → their raw values, machine independent (paths relative to their base,
 * posix): SeedDump's inputs, and the source of the freshness job's flags.
 */
export function engineValues(s: Settings): Partial<Record<SettingKey, string | number | string[]>> {
  const e = s.engine;
  const out: Partial<Record<SettingKey, string | number | string[]>> = {
    appDir: posixRelative(s.projectDir, e.appDir),
    preset: e.preset,
    migrations: [...e.migrations],
    migrateCommand: e.migrateCommand,
    seed: posixRelative(e.appDir, e.seedPath),
    postgresVersion: e.postgresVersion,
    image: e.image,
    engine: e.engine,
    migrateTimeout: e.migrateTimeoutSeconds,
  };
  if (e.pgBin) out.pgBin = path.isAbsolute(e.pgBin) && !e.pgBin.startsWith(s.projectDir) ? e.pgBin : posixRelative(s.projectDir, e.pgBin);
  if (e.normalizeSqlPath) out.normalizeSql = posixRelative(e.appDir, e.normalizeSqlPath);
  return out;
}

/**
 * Engine values (as engineValues gives them) → CLI arguments that reproduce them when run from
 * the project folder: the freshness job's `pgseed check` arguments.
 */
export function cliArgsOf(values: Partial<Record<SettingKey, string | number | string[]>>): string[] {
  const args: string[] = [];
  for (const key of settingKeys("engine")) {
    const value = values[key];
    if (value === undefined || value === "") continue;
    const base = declared(key).path;
    const asFlag = (v: string) => (base?.setting === "app" && base.flag === "cwd" ? path.posix.join(String(values.appDir ?? "."), v) : v);
    for (const v of Array.isArray(value) ? value : [String(value)]) args.push(`--${flagOf(key)}`, asFlag(v));
  }
  return args;
}

/**
 * CLI flag values → raw settings. Paths given as flags are relative to where the user stands
 * (made absolute here), except those declared relative to the app dir.
 */
export function rawFromFlags(flags: Record<string, unknown>, cwd: string): RawSettings {
  const raw: RawSettings = {};
  for (const key of settingKeys("engine")) {
    const value = flags[flagOf(key)];
    if (value === undefined) continue;
    raw[key] = declared(key).path?.flag === "cwd" && typeof value === "string" ? path.resolve(cwd, value) : value;
  }
  return raw;
}

/** The CLI options of the engine settings, for util.parseArgs. */
export function settingOptions(): Record<string, { type: "string"; multiple?: boolean }> {
  return Object.fromEntries(settingKeys("engine").map((k) => [flagOf(k), declared(k).kind === "array" ? { type: "string", multiple: true } : { type: "string" }]));
}

/** The --help lines of the engine settings. */
export function settingHelpLines(keys: readonly SettingKey[] = settingKeys("engine")): string[] {
  const rows = keys.map((k) => {
    const d = declared(k);
    const choices = d.choices ? ` (${d.choices().join(", ")})` : "";
    const base = d.path?.flag === "cwd" ? " As a flag: relative to the current folder." : "";
    return [`--${flagOf(k)} ${d.arg ?? "VALUE"}`, `${d.description}${choices}${base}`];
  });
  const width = Math.max(...rows.map(([flag]) => flag.length)) + 2;
  return rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`);
}

function readYaml(file: string): Record<string, unknown> {
  try {
    const yaml = require("js-yaml") as typeof import("js-yaml"); // only the CLI's --stack needs it
    const doc = yaml.load(fs.readFileSync(file, "utf8"));
    return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
  } catch (err) {
    throw usageError(`cannot read ${file}: ${(err as Error).message.split("\n")[0]}`, "check that the file exists and is valid YAML");
  }
}

/**
 * Raw settings of a stack, as Pulumi would see them: Pulumi.yaml `config:` defaults, then
 * Pulumi.<stack>.yaml values under the `pgseed:` namespace. Secure (encrypted) values are skipped:
 * the CLI never needs a secret.
 */
export function readStackSettings(projectDir: string, stack: string): RawSettings {
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    const stacks = fs.readdirSync(projectDir).filter((f) => /^Pulumi\..+\.yaml$/.test(f)).map((f) => f.slice(7, -5));
    throw usageError(`stack "${stack}" has no ${path.basename(stackFile)} in ${projectDir}`, `use one of: ${stacks.join(", ") || "(none)"}, or run from the project folder`);
  }
  const project = readYaml(projectFile);
  const raw: RawSettings = {};
  const decls = (project.config ?? {}) as Record<string, { default?: unknown }>;
  for (const [key, decl] of Object.entries(decls)) {
    if (decl && typeof decl === "object" && "default" in decl) raw[key as SettingKey] = decl.default;
  }
  const values = (readYaml(stackFile).config ?? {}) as Record<string, unknown>;
  for (const [fullKey, value] of Object.entries(values)) {
    const [ns, key] = fullKey.includes(":") ? fullKey.split(":", 2) : ["pgseed", fullKey];
    if (ns !== "pgseed") continue; // other providers' config (docker:host, github:owner)
    if (value && typeof value === "object" && "secure" in (value as object)) continue;
    raw[key as SettingKey] = value;
  }
  return raw;
}

export interface ProjectFile {
  file: string;
  raw: RawSettings;
}

/**
 * Settings from a project file, found from `start` upwards: pgseed.json, or a [tool.pgseed] table
 * in pyproject.toml (where Python projects keep tool settings). The nearest folder with either wins.
 */
export function findProjectFile(start: string): ProjectFile | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const json = path.join(dir, "pgseed.json");
    if (fs.existsSync(json)) return { file: json, raw: parseProjectFile(json, fs.readFileSync(json, "utf8")) ?? {} };
    const pyproject = path.join(dir, "pyproject.toml");
    if (fs.existsSync(pyproject)) {
      const raw = parseProjectFile(pyproject, fs.readFileSync(pyproject, "utf8"));
      if (raw) return { file: pyproject, raw };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Pure: the pgseed settings of a project file's text (undefined: a pyproject.toml without [tool.pgseed]). */
export function parseProjectFile(file: string, text: string): RawSettings | undefined {
  const isToml = file.endsWith(".toml");
  let doc: Record<string, unknown>;
  try {
    doc = isToml ? (require("smol-toml") as typeof import("smol-toml")).parse(text) : JSON.parse(text);
  } catch (err) {
    throw usageError(`cannot read ${file}: ${(err as Error).message.split("\n")[0]}`, `fix the ${isToml ? "TOML" : "JSON"} syntax`);
  }
  const section = isToml ? (doc.tool as Record<string, unknown> | undefined)?.pgseed : doc;
  if (section !== undefined && (typeof section !== "object" || section === null || Array.isArray(section))) {
    throw usageError(`${file}: ${isToml ? "[tool.pgseed]" : "the file"} must be a table of settings`, `write settings as key = value, e.g. preset = "django"`);
  }
  return section as RawSettings;
}

/** Settings errors are usage errors; re-exported so callers need one import. */
export { PgseedError };

/**
 * The `config:` block of Pulumi.yaml, derived: every setting with its type, description and
 * default. Secrets are left out: they have no default and are set per stack with
 * `pulumi config set --secret` (the CLI refuses a stack that leaves a typed key with no default unset).
 */
export function pulumiConfigBlock(): Record<string, Record<string, unknown>> {
  const block: Record<string, Record<string, unknown>> = {};
  for (const key of settingKeys()) {
    const d = declared(key);
    if (d.secret) continue;
    block[key] = { type: d.kind, description: d.description, ...(d.kind === "array" ? { items: { type: "string" } } : {}), default: d.default };
  }
  return block;
}

/**
 * The README's settings table, derived: every setting, its CLI flag (engine settings), its
 * default, and whether it is part of the fingerprint (`recipe` lists those: seed/recipe.ts).
 */
export function settingsMarkdown(recipe: readonly string[]): string {
  const code = (v: unknown) => (v === undefined ? "" : "`" + (typeof v === "string" && v !== "" ? v : JSON.stringify(v)) + "`");
  const rows = settingKeys().map((k) => {
    const d = declared(k);
    const flag = d.scope === "engine" ? code(`--${flagOf(k)} ${d.arg ?? ""}`.trim()) : "";
    // "" and [] are shown as declared; the description says what they stand for.
    const fallback = d.secret ? "generated" : code(d.default);
    const choices = d.choices ? ` One of ${d.choices().map(code).join(", ")}.` : "";
    return `| \`${k}\` | ${flag} | ${fallback} | ${recipe.includes(k) ? "yes" : ""} | ${d.description.replace(/\|/g, "\\|")}${choices} |`;
  });
  return ["| setting | CLI flag | default | in the fingerprint | meaning |", "|---|---|---|---|---|", ...rows].join("\n");
}

/**
 * Settings: one typed, validated object shared by the Pulumi program and the pgseed CLI, so the
 * two cannot disagree. Raw values come from Pulumi config (index.ts), from Pulumi.yaml +
 * Pulumi.<stack>.yaml (CLI --stack) or from CLI flags; every bad value fails here, clearly.
 * No Pulumi import: the CLI must start fast and work without Pulumi.
 */
import * as fs from "fs";
import * as path from "path";
import { usageError, PgseedError } from "./seed/errors";

export type Preset = "django" | "custom";
export const PRESETS: readonly Preset[] = ["django", "custom"];

type Kind = "string" | "integer" | "boolean" | "array";
interface Field {
  kind: Kind;
  description: string;
  default?: string | number | boolean | string[];
  secret?: boolean;
}

/**
 * Every setting, once. Pulumi.yaml's `config:` block mirrors this table (a test keeps them equal).
 * Defaults that depend on another setting (preset, postgresVersion) are filled in resolveSettings.
 */
export const SETTINGS_SCHEMA = {
  appDir: { kind: "string", default: ".", description: "App folder: the migrate command runs here and migration globs are rooted here (relative to the project)." },
  preset: { kind: "string", default: "django", description: "Migration tool preset: django or custom." },
  migrations: { kind: "array", description: "Globs of migration files, relative to appDir (django preset: **/migrations/**/*.py)." },
  migrateCommand: { kind: "string", description: "Command that migrates the empty database (django preset: python3 manage.py migrate --noinput)." },
  seed: { kind: "string", default: "seed-db.sql", description: "Seed file, relative to appDir; a .sql.gz name writes gzip." },
  postgresVersion: { kind: "integer", default: 15, description: "PostgreSQL major version of the seed and of every instance." },
  image: { kind: "string", description: "Docker image of the instances and the CI service (default postgres:<postgresVersion>)." },
  pgBin: { kind: "string", description: "Folder of the local PostgreSQL binaries used to build the seed (default: found by major version)." },
  normalizeSql: { kind: "string", description: "SQL file, relative to appDir, run before the dump to fix volatile rows (now(), random values)." },
  migrateTimeout: { kind: "integer", default: 600, description: "Seconds the migrate command may run before it is stopped." },
  instances: { kind: "integer", default: 1, description: "Seeded PostgreSQL containers per Docker host." },
  basePort: { kind: "integer", default: 5432, description: "Host port of the first instance; instance i gets basePort + i." },
  bindAddress: { kind: "string", default: "127.0.0.1", description: "Host address the instance ports are bound to." },
  dockerHosts: { kind: "array", default: [], description: "Docker hosts (e.g. ssh://user@host); empty means the local Docker engine." },
  keepData: { kind: "boolean", default: false, description: "Keep instance volumes when the seed changes (you must then run migrations yourself)." },
  dbName: { kind: "string", default: "app", description: "Database name of each instance (POSTGRES_DB)." },
  dbUser: { kind: "string", default: "app", description: "Owner role of each instance (POSTGRES_USER)." },
  postgresPassword: { kind: "string", secret: true, description: "Password of dbUser; generated when unset." },
  ciEnabled: { kind: "boolean", default: false, description: "Write a GitHub Actions workflow and secrets to each repository of the CI fleet." },
  ciRepositories: { kind: "array", default: [], description: "Repositories (owner/name) of this CI runner fleet." },
  ciRunsOn: { kind: "array", default: ["ubuntu-latest"], description: "runs-on labels of the fleet's runners." },
  ciBranch: { kind: "string", default: "main", description: "Branch the workflow file is committed to." },
  ciWorkflowName: { kind: "string", default: "pgseed", description: "Workflow file name: .github/workflows/<name>.yml." },
  ciSetupCommand: { kind: "string", default: "", description: "Shell command run in appDir after checkout, before the seed is restored (install dependencies)." },
  ciTestCommand: { kind: "string", default: "python manage.py test --noinput", description: "Shell command that runs the tests." },
} satisfies Record<string, Field>;

export type SettingKey = keyof typeof SETTINGS_SCHEMA;
export type RawSettings = Partial<Record<SettingKey, unknown>>;

export interface Settings {
  projectDir: string;
  appDir: string;
  preset: Preset;
  migrations: string[];
  migrateCommand: string;
  seedPath: string;
  postgresVersion: number;
  image: string;
  pgBin?: string;
  normalizeSqlPath?: string;
  migrateTimeoutSeconds: number;
  instances: number;
  basePort: number;
  bindAddress: string;
  dockerHosts: string[];
  keepData: boolean;
  dbName: string;
  dbUser: string;
  ci: {
    enabled: boolean;
    repositories: string[];
    runsOn: string[];
    branch: string;
    workflowName: string;
    setupCommand: string;
    testCommand: string;
  };
}

/** What each preset means when the user does not say otherwise. */
export const PRESET_DEFAULTS: Record<Preset, { migrations: string[]; migrateCommand?: string }> = {
  django: { migrations: ["**/migrations/**/*.py"], migrateCommand: "python3 manage.py migrate --noinput" },
  custom: { migrations: [] },
};

const SUPPORTED_MAJORS = { min: 12, max: 18 };
/** First minor of each major whose pg_dump writes (and whose psql understands) \restrict. */
const RESTRICT_SINCE: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };
const IMAGE_RE = /^(?:[a-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;
const REPO_RE = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const IDENT_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
const WORKFLOW_RE = /^[A-Za-z0-9_-]+$/;

/** Checks one raw value against its declared kind; returns an error text or the value. */
function coerce(key: SettingKey, value: unknown): { value?: unknown; problem?: string } {
  const kind = (SETTINGS_SCHEMA[key] as Field).kind;
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
  return typeof value === "string" ? { value } : { problem: `${key} must be a string, got ${JSON.stringify(value)}` };
}

/**
 * Turns raw values into Settings, or throws one error listing every problem with its fix.
 * Paths are resolved against projectDir (appDir) and appDir (seed, normalizeSql).
 */
export function resolveSettings(raw: RawSettings, projectDir: string): Settings {
  const problems: string[] = [];
  const known = new Set(Object.keys(SETTINGS_SCHEMA));
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) problems.push(`unknown setting "${key}" (known: ${[...known].join(", ")})`);
  }
  const get = <T>(key: SettingKey): T | undefined => {
    const value = raw[key];
    if (value === undefined || value === null) return (SETTINGS_SCHEMA[key] as Field).default as T | undefined;
    const { value: ok, problem } = coerce(key, value);
    if (problem) problems.push(problem);
    return ok as T | undefined;
  };

  const presetRaw = get<string>("preset") ?? "django";
  const preset = (PRESETS as readonly string[]).includes(presetRaw) ? (presetRaw as Preset) : undefined;
  if (!preset) problems.push(`preset must be one of ${PRESETS.join(", ")}, got "${presetRaw}"`);
  // With an unknown preset, its defaults are unknown too: report only the preset.
  const presetDefaults = preset ? PRESET_DEFAULTS[preset] : { migrations: ["?"], migrateCommand: "?" };

  const appDir = path.resolve(projectDir, get<string>("appDir") ?? ".");
  const migrations = get<string[]>("migrations") ?? presetDefaults.migrations;
  if (migrations.length === 0) problems.push(`migrations is empty: give at least one glob of migration files, e.g. --migrations 'migrations/*.sql'`);
  for (const glob of migrations) {
    if (path.isAbsolute(glob) || glob.split("/").includes("..")) {
      problems.push(`migration glob "${glob}" points outside the app dir: globs are relative to appDir (${appDir}); set appDir to a folder that contains the migrations`);
    }
  }
  const migrateCommand = (get<string>("migrateCommand") ?? presetDefaults.migrateCommand ?? "").trim();
  if (!migrateCommand) problems.push(`migrateCommand is required with preset "${preset}": give the command that migrates an empty database, e.g. --migrate-command 'sh migrate.sh'`);

  const seedName = get<string>("seed") ?? "seed-db.sql";
  if (!/\.sql(\.gz)?$/.test(seedName)) problems.push(`seed "${seedName}" must end in .sql or .sql.gz (the postgres image loads only those)`);
  const major = get<number>("postgresVersion") ?? 15;
  if (major < SUPPORTED_MAJORS.min || major > SUPPORTED_MAJORS.max) {
    problems.push(`postgresVersion ${major} is not a supported PostgreSQL major (${SUPPORTED_MAJORS.min}-${SUPPORTED_MAJORS.max})`);
  }
  const image = get<string>("image") ?? `postgres:${major}`;
  if (!IMAGE_RE.test(image)) problems.push(`image "${image}" is not a valid image reference, e.g. postgres:${major} or registry.example.com/postgres:${major}-alpine`);
  const tagMajor = /:(\d+)(?:[.-][^@]*)?(?:@|$)/.exec(image)?.[1];
  if (tagMajor && Number(tagMajor) !== major) {
    problems.push(`image "${image}" is PostgreSQL ${tagMajor} but postgresVersion is ${major}: the seed must be made by the same major as the server; make them equal`);
  }
  const tagMinor = /:(\d+)\.(\d+)(?:[.-][^@]*)?(?:@|$)/.exec(image);
  if (tagMinor && Number(tagMinor[2]) < (RESTRICT_SINCE[major] ?? 0)) {
    problems.push(`image "${image}" predates PostgreSQL ${major}.${RESTRICT_SINCE[major]}, whose pg_dump writes \\restrict lines that older psql (the image's init loader) rejects; use postgres:${major} or ${major}.${RESTRICT_SINCE[major]} or later`);
  }
  const timeout = get<number>("migrateTimeout") ?? 600;
  if (timeout < 1) problems.push(`migrateTimeout must be at least 1 second, got ${timeout}`);

  const instances = get<number>("instances") ?? 1;
  if (instances < 1) problems.push(`instances must be 1 or more, got ${instances}`);
  const basePort = get<number>("basePort") ?? 5432;
  if (basePort < 1 || basePort + Math.max(instances, 1) - 1 > 65535) {
    problems.push(`basePort ${basePort} with ${instances} instance(s) gives ports outside 1-65535; pick a basePort between 1 and ${65536 - Math.max(instances, 1)}`);
  }
  const dbName = get<string>("dbName") ?? "app";
  const dbUser = get<string>("dbUser") ?? "app";
  for (const [key, value] of [["dbName", dbName], ["dbUser", dbUser]] as const) {
    if (!IDENT_RE.test(value)) problems.push(`${key} "${value}" must be a plain identifier (letters, digits, _; at most 63)`);
  }

  const ci = {
    enabled: get<boolean>("ciEnabled") ?? false,
    repositories: get<string[]>("ciRepositories") ?? [],
    runsOn: get<string[]>("ciRunsOn") ?? ["ubuntu-latest"],
    branch: get<string>("ciBranch") ?? "main",
    workflowName: get<string>("ciWorkflowName") ?? "pgseed",
    setupCommand: get<string>("ciSetupCommand") ?? "",
    testCommand: get<string>("ciTestCommand") ?? "",
  };
  if (ci.enabled && ci.repositories.length === 0) problems.push(`ciEnabled is true but ciRepositories is empty: list the fleet's repositories (owner/name), or set ciEnabled false`);
  for (const repo of ci.repositories) if (!REPO_RE.test(repo)) problems.push(`ciRepositories entry "${repo}" must read owner/name`);
  if (ci.runsOn.length === 0 || ci.runsOn.some((l) => !l.trim())) problems.push(`ciRunsOn must list at least one non-empty runner label, e.g. ["ubuntu-latest"]`);
  if (!WORKFLOW_RE.test(ci.workflowName)) problems.push(`ciWorkflowName "${ci.workflowName}" may hold only letters, digits, - and _`);
  if (!ci.branch.trim()) problems.push(`ciBranch must not be empty`);

  const pgBin = get<string>("pgBin");
  const normalizeSql = get<string>("normalizeSql");
  const bindAddress = get<string>("bindAddress") ?? "127.0.0.1";
  const dockerHosts = get<string[]>("dockerHosts") ?? [];
  const keepData = get<boolean>("keepData") ?? false;
  if (problems.length) {
    throw usageError(`invalid settings:\n  - ${problems.join("\n  - ")}`, "correct the values above (flags, or Pulumi.<stack>.yaml / pulumi config set)");
  }
  return {
    projectDir,
    appDir,
    preset: preset!,
    migrations,
    migrateCommand,
    seedPath: path.resolve(appDir, seedName),
    postgresVersion: major,
    image,
    pgBin: pgBin ? path.resolve(projectDir, pgBin) : undefined,
    normalizeSqlPath: normalizeSql ? path.resolve(appDir, normalizeSql) : undefined,
    migrateTimeoutSeconds: timeout,
    instances,
    basePort,
    bindAddress,
    dockerHosts,
    keepData,
    dbName,
    dbUser,
    ci,
  };
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
  const declared = (project.config ?? {}) as Record<string, { default?: unknown }>;
  for (const [key, decl] of Object.entries(declared)) {
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

/** Settings errors are usage errors; re-exported so callers need one import. */
export { PgseedError };

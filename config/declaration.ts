/**
 * Every setting of pgseed, declared once: kind, scope, default, description, flag placeholder,
 * choices, path base, secret. The rest derives from it (config/derived.ts): value types, the CLI's
 * flags and help, SeedDump's inputs, the freshness job's arguments, Pulumi.yaml's `config:` block
 * and the docs table. No Pulumi import: the CLI must start fast and work without Pulumi.
 */
import { ENGINES } from "../seed/core/settings";
import { presetNames } from "../seed/presets";
import { SEED_CHANGE_POLICIES } from "../deploy/instances";
import { URL_SCHEMES } from "../seed/presets/env";

export type Kind = "string" | "integer" | "boolean" | "array";
export type Scope = "engine" | "deploy" | "ci";

/** A path setting: what its value is relative to, and what its CLI flag is relative to. */
interface PathBase {
  setting: "project" | "app";
  flag: "cwd" | "app";
}

export interface Declaration {
  kind: Kind;
  /**
   * engine settings are CLI flags and SeedDump inputs; deploy and ci settings only Pulumi config.
   */
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
  /** An array of NAME=value entries; a project file or stack may give a table instead. */
  pairs?: true;
}

export const NETWORKS = ["bridge", "host"] as const;

/** Every setting, once. */
export const SETTINGS = {
  appDir: {
    kind: "string",
    scope: "engine",
    default: ".",
    arg: "DIR",
    path: { setting: "project", flag: "cwd" },
    description:
      "App folder: the migrate command runs here and migration globs are rooted here (relative to the project).",
  },
  preset: {
    kind: "string",
    scope: "engine",
    default: "django",
    arg: "NAME",
    choices: presetNames,
    description:
      "Migration tool preset (sets the defaults of migrations, migrateCommand, ciTestCommand).",
  },
  migrations: {
    kind: "array",
    scope: "engine",
    default: [],
    arg: "GLOB",
    description: "Globs of migration files, relative to appDir (default: the preset's).",
  },
  migrateCommand: {
    kind: "string",
    scope: "engine",
    default: "",
    arg: "CMD",
    description:
      "Command that migrates the database named by DATABASE_URL / PG* (default: the preset's).",
  },
  env: {
    kind: "array",
    scope: "engine",
    default: [],
    arg: "NAME=VALUE",
    pairs: true,
    description:
      "Variables the project's settings read (NAME=value; a table in a project file), given to the Django probe and the migrate command; Django sees no other of yours but PATH, HOME, locale and the interpreter's (docs/django.md). Part of the fingerprint: no secrets.",
  },
  databaseUrlScheme: {
    kind: "string",
    scope: "engine",
    default: "",
    arg: "SCHEME",
    choices: () => URL_SCHEMES,
    description:
      "Scheme of the DATABASE_URL the probe and the migrate command get (default: the preset's: postgres for django, postgresql for alembic and custom).",
  },
  seed: {
    kind: "string",
    scope: "engine",
    default: "seed-db.sql",
    arg: "FILE",
    path: { setting: "app", flag: "cwd" },
    description: "Seed file, relative to appDir; a .sql.gz name writes gzip.",
  },
  postgresVersion: {
    kind: "integer",
    scope: "engine",
    default: 15,
    arg: "N",
    description: "PostgreSQL major version of the seed and of every instance.",
  },
  image: {
    kind: "string",
    scope: "engine",
    default: "",
    arg: "REF",
    description:
      "Docker image of the instances and the CI service (default postgres:<postgresVersion>).",
  },
  engine: {
    kind: "string",
    scope: "engine",
    default: "auto",
    arg: "KIND",
    choices: () => ENGINES,
    description:
      "Where the throwaway server runs: local binaries, the image in docker, or auto (local when its major matches).",
  },
  pgBin: {
    kind: "string",
    scope: "engine",
    default: "",
    arg: "DIR",
    path: { setting: "project", flag: "cwd" },
    description: "Folder of the local PostgreSQL binaries (default: found by major version).",
  },
  normalizeSql: {
    kind: "string",
    scope: "engine",
    default: "",
    arg: "FILE",
    path: { setting: "app", flag: "app" },
    description:
      "SQL file, relative to appDir, run before the dump to fix volatile rows (now(), random values).",
  },
  migrateTimeout: {
    kind: "integer",
    scope: "engine",
    default: 600,
    arg: "SEC",
    description: "Seconds the migrate command may run before it is stopped.",
  },
  instances: {
    kind: "integer",
    scope: "deploy",
    default: 1,
    description: "Seeded PostgreSQL containers per Docker host; 0: none (a seed-only stack).",
  },
  basePort: {
    kind: "integer",
    scope: "deploy",
    default: 15432,
    description: "Host port of the first instance; instance i gets basePort + i.",
  },
  bindAddress: {
    kind: "string",
    scope: "deploy",
    default: "127.0.0.1",
    description: "Host address the instance ports are bound to.",
  },
  dockerHosts: {
    kind: "array",
    scope: "deploy",
    default: [],
    description: "Docker hosts (e.g. ssh://user@host); empty means the local Docker engine.",
  },
  network: {
    kind: "string",
    scope: "deploy",
    default: "bridge",
    choices: () => NETWORKS,
    description:
      "Container networking: bridge publishes each port on bindAddress; host makes the server bind bindAddress:port itself (engines without a bridge).",
  },
  onSeedChange: {
    kind: "string",
    scope: "deploy",
    default: "reseed",
    choices: () => SEED_CHANGE_POLICIES,
    description:
      "What a new fingerprint does to existing instances: reseed (new volume), migrate (pgseed migrate, data kept), keep (reported stale).",
  },
  dbName: {
    kind: "string",
    scope: "deploy",
    default: "app",
    description: "Database name of each instance (POSTGRES_DB).",
  },
  dbUser: {
    kind: "string",
    scope: "deploy",
    default: "app",
    description: "Owner role of each instance (POSTGRES_USER).",
  },
  preseededImage: {
    kind: "string",
    scope: "deploy",
    default: "",
    description:
      "Image repository for pre-seeded images (the seed already in PGDATA: no initdb, no SQL replay at start). The program builds REPO:<short fingerprint> for each new seed; with CI on it pushes it, and the CI postgres service runs it with no restore step. Empty: none.",
  },
  postgresPassword: {
    kind: "string",
    scope: "deploy",
    secret: true,
    description: "Password of dbUser; generated when unset.",
  },
  ciEnabled: {
    kind: "boolean",
    scope: "ci",
    default: false,
    description: "Write a GitHub Actions workflow and secrets to each repository of the CI fleet.",
  },
  ciRepositories: {
    kind: "array",
    scope: "ci",
    default: [],
    description: "Repositories (owner/name) of this CI runner fleet.",
  },
  ciRunsOn: {
    kind: "array",
    scope: "ci",
    default: ["ubuntu-latest"],
    description: "runs-on labels of the fleet's runners.",
  },
  ciBranch: {
    kind: "string",
    scope: "ci",
    default: "main",
    description: "Branch the workflow file is committed to.",
  },
  ciWorkflowName: {
    kind: "string",
    scope: "ci",
    default: "pgseed",
    description: "Workflow file name: .github/workflows/<name>.yml.",
  },
  ciSetupCommand: {
    kind: "string",
    scope: "ci",
    default: "",
    description:
      "Shell command run in appDir after checkout, before the seed is restored (install dependencies).",
  },
  ciTestCommand: {
    kind: "string",
    scope: "ci",
    default: "",
    description: "Shell command that runs the tests (default: the preset's).",
  },
} satisfies Record<string, Declaration>;

export type SettingKey = keyof typeof SETTINGS;
export type RawSettings = Partial<Record<SettingKey, unknown>>;
type ValueOf<D> = D extends { kind: "integer" }
  ? number
  : D extends { kind: "boolean" }
    ? boolean
    : D extends { kind: "array" }
      ? string[]
      : string;
/** Coerced values with defaults applied (secrets excluded: they stay Pulumi Outputs). */
export type Values = { [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

export const declared = (key: SettingKey): Declaration => SETTINGS[key];
export const settingKeys = (scope?: Scope) =>
  (Object.keys(SETTINGS) as SettingKey[]).filter((k) => !scope || declared(k).scope === scope);
/** Old names that stack files may still carry: the message says what replaced them. */
export const RENAMED: Record<string, string> = {
  keepData:
    "keepData was replaced by onSeedChange: set onSeedChange: keep (keepData: true) or reseed",
  ciPreseededImage:
    "ciPreseededImage was renamed preseededImage (the program now builds and pushes the image itself): rename the key",
};

/** camelCase setting → its CLI flag. */
export const flagOf = (key: SettingKey) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

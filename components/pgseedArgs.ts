/**
 * Pgseed's arguments: pgseed's settings by their config keys (config/declaration.ts; the same as
 * the CLI's flags and `pulumi config set pgseed:<key>`), plus the GitHub token and the folder paths
 * are relative to. This shape is stable: the multi-language package publishes it as a schema.
 *
 * Plain where a value must be known while the program runs: engine settings make the fingerprint
 * (computed at preview), and instances, hosts, policies and CI repositories decide which resources
 * exist. The others are Inputs; a value that is an Output is validated when it resolves, with the
 * same rules and messages as a plain one (validated here, before any resource).
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveSettings, RawSettings, Settings } from "../config";

export interface PgseedArgs {
  /** App folder: the migrate command runs here, migration globs are rooted here (default "."). */
  appDir?: string;
  /** Migration tool preset: django (default), alembic or custom. */
  preset?: string;
  /** Globs of migration files, relative to appDir (default: the preset's). */
  migrations?: string[];
  /** Command that migrates the database named by DATABASE_URL / PG* (default: the preset's). */
  migrateCommand?: string;
  /**
   * Variables the project's settings read (NAME=value), given to the Django probe and the migrate
   * command; part of the fingerprint: no secrets.
   */
  env?: string[];
  /** Scheme of the DATABASE_URL the probe and the migrate command get (default: the preset's). */
  databaseUrlScheme?: string;
  /** Seed file, relative to appDir (default seed-db.sql); a .sql.gz name writes gzip. */
  seed?: string;
  /** PostgreSQL major of the seed and of every instance (default 15). */
  postgresVersion?: number;
  /** Docker image of the instances and the CI service (default postgres:<postgresVersion>). */
  image?: string;
  /** Where the seed's throwaway server runs: auto (default), local or docker. */
  engine?: string;
  /** Folder of the local PostgreSQL binaries (default: found by major version). */
  pgBin?: string;
  /** SQL file, relative to appDir, run before the dump to fix volatile rows. */
  normalizeSql?: string;
  /** Seconds the migrate command may run (default 600). */
  migrateTimeout?: number;
  /** Seeded PostgreSQL containers per Docker host (default 1); 0: none, a seed-only program. */
  instances?: number;
  /** Host port of the first instance; instance i gets basePort + i (default 15432). */
  basePort?: number;
  /** Host address the instance ports are bound to (default 127.0.0.1). */
  bindAddress?: pulumi.Input<string>;
  /** Docker hosts (ssh://user@host, tcp://…); empty (default): the local Docker engine. */
  dockerHosts?: string[];
  /** bridge (default): ports published on bindAddress; host: the server binds it itself. */
  network?: string;
  /** What a new seed does to existing instances: reseed (default), migrate or keep. */
  onSeedChange?: string;
  /** Database name of each instance (default app). */
  dbName?: pulumi.Input<string>;
  /** Owner role of each instance (default app). */
  dbUser?: pulumi.Input<string>;
  /** Password of dbUser, a secret (default: generated when instances or CI need one). */
  postgresPassword?: pulumi.Input<string>;
  /** Image repository of pre-seeded images, REPO:<short fingerprint> per seed (default none). */
  preseededImage?: string;
  /** Write a GitHub Actions workflow and secrets to each repository of the CI fleet. */
  ciEnabled?: boolean;
  /** Repositories (owner/name) of the CI fleet. */
  ciRepositories?: string[];
  /** runs-on labels of the fleet's runners (default ["ubuntu-latest"]). */
  ciRunsOn?: pulumi.Input<string[]>;
  /** Branch the workflow file is committed to (default main). */
  ciBranch?: pulumi.Input<string>;
  /** Workflow file name: .github/workflows/<name>.yml (default pgseed). */
  ciWorkflowName?: string;
  /** Shell command run in appDir after checkout, before the seed is restored. */
  ciSetupCommand?: pulumi.Input<string>;
  /** Shell command that runs the tests (default: the preset's). */
  ciTestCommand?: pulumi.Input<string>;
  /** GitHub token, a secret (default: the GITHUB_TOKEN environment variable). */
  githubToken?: pulumi.Input<string>;
  /** User of the registry the CI runners pull a private service image from (with the password). */
  registryUsername?: pulumi.Input<string>;
  /** Its password or token, a secret, kept as a repository secret of each CI repository. */
  registryPassword?: pulumi.Input<string>;
  /** Folder appDir and pgBin are relative to (default: the Pulumi project's folder). */
  projectDir?: string;
}

/** The arguments typed Input: a plain value is validated at once, an Output when it resolves. */
export const INPUT_KEYS = [
  "bindAddress",
  "dbName",
  "dbUser",
  "ciRunsOn",
  "ciBranch",
  "ciSetupCommand",
  "ciTestCommand",
] as const;
/** Not settings of the declaration (secrets, or where the settings are read from). */
const NOT_SETTINGS = new Set([
  "postgresPassword",
  "githubToken",
  "registryUsername",
  "registryPassword",
  "projectDir",
]);

const isPlain = (v: unknown) =>
  !pulumi.Output.isInstance(v) && !(v && typeof (v as Promise<unknown>).then === "function");

/** The settings among the arguments, with Outputs left out (they are validated as they resolve). */
export function plainSettings(args: PgseedArgs): RawSettings {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args))
    if (!NOT_SETTINGS.has(key) && value !== undefined && isPlain(value)) raw[key] = value;
  return raw as RawSettings;
}

/**
 * The settings with the Inputs' resolved values: the plain ones already passed; these go through
 * the same rules. `fail` turns an engine error into the component's own.
 */
export function settingsWith(
  args: PgseedArgs,
  resolved: Record<string, unknown>,
  projectDir: string,
  fail: (err: unknown) => Error,
): Settings {
  try {
    return resolveSettings({ ...plainSettings(args), ...resolved } as RawSettings, projectDir);
  } catch (err) {
    throw fail(err);
  }
}

/**
 * The settings once every Input has resolved (settingsWith): what the resources that take Input
 * settings are built from.
 */
export function resolvedSettings(
  args: PgseedArgs,
  now: Settings,
  projectDir: string,
  fail: (err: unknown) => Error,
): pulumi.Output<Settings> {
  const pending = INPUT_KEYS.filter((k) => args[k] !== undefined && !isPlain(args[k]));
  if (!pending.length) return pulumi.output(now);
  const values = Object.fromEntries(pending.map((k) => [k, args[k]]));
  return pulumi.output(values).apply((resolved) => settingsWith(args, resolved, projectDir, fail));
}

/**
 * What every command file exports (one Command), what its body is given, and the options every
 * command shares. No heavy import here: `check` and `fingerprint` run on every commit hook.
 */
import { settingKeys, Settings, SettingKey } from "../config";
import { usageError } from "../seed/core/errors";
import { RECIPE_SETTINGS } from "../seed/inputs/recipeSettings";

export interface OptionSpec {
  type: "string" | "boolean";
  multiple?: boolean;
  short?: string;
}

export interface OwnOption extends OptionSpec {
  /** The value's placeholder in help (--count N). */
  arg?: string;
  help: string;
  /** Shown in help as "(default: …)". */
  default?: string;
}

export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface CommandContext {
  /** The flags given, by name (--from-scratch is values["from-scratch"]). */
  values: Record<string, any>;
  /** The arguments after the command's name. */
  args: string[];
  /** Resolved settings (flags over the project file or stack); problems name what was typed. */
  settings: () => Settings;
  /**
   * The database to act on, as psql would choose it (docs/cli.md), printed (password masked)
   * before anything is written.
   */
  target: () => string;
  io: CommandIo;
  /** Step lines on stderr, unless --quiet or --json. */
  log?: (line: string) => void;
  json: (obj: unknown) => void;
}

export interface Command {
  summary: string;
  /** What follows `pgseed <name>` in the usage line. */
  usage: string;
  /** The most arguments it takes after its name (a database name, a command name). */
  maxArgs: number;
  options: Record<string, OwnOption>;
  /** The settings it reads: exactly the setting flags it accepts, and the ones its help shows. */
  settings: readonly SettingKey[];
  /** Paragraphs after the option lists in its help. */
  notes?: readonly string[];
  run(ctx: CommandContext): Promise<number>;
}

/** Options every command takes. */
export const COMMON: Record<string, OwnOption> = {
  stack: { type: "string", arg: "NAME", help: "read settings from Pulumi.yaml + Pulumi.NAME.yaml" },
  quiet: { type: "boolean", help: "no step lines" },
  json: {
    type: "boolean",
    help: "one machine-readable result on stdout (an error too: {error: {message, fix, exitCode}})",
  },
  help: { type: "boolean", short: "h", help: "this help" },
  version: { type: "boolean", help: "print pgseed's version" },
};

/** Every engine setting: what regenerate, check and image read (check: the freshness job's). */
export const ENGINE_SETTINGS = settingKeys("engine");
/** What the fingerprint reads: the recipe (seed/inputs/recipe.ts), the app folder and the seed. */
export const FINGERPRINT_SETTINGS: readonly SettingKey[] = ["appDir", "seed", ...RECIPE_SETTINGS];
/** What load and clone read: where the seed is, and the psql to load it with. */
export const SEED_FILE_SETTINGS: readonly SettingKey[] = ["appDir", "seed", "pgBin"];

/** --url of the commands that write to one database. */
export const URL_OPTION: OwnOption = {
  type: "string",
  arg: "URL",
  help: "postgresql://user@host:port/dbname?sslmode=…&options=…: the database",
};

/** How the commands that take a database choose it, for their help. */
export const DATABASE_NOTE =
  "The database: DBNAME or --url, else $DATABASE_URL, else as psql chooses it: PGHOST, PGPORT, " +
  "PGUSER, PGPASSWORD and PGDATABASE, each defaulting as in libpq (the Unix socket, port 5432, " +
  "the OS user, a database named after the user). It is printed, password masked, before " +
  "anything is written. URL parameters sslmode, sslrootcert, sslcert, sslkey, options, " +
  "application_name, connect_timeout, host and port (a socket folder) are passed on.";

/** Pure: a whole number of 1 or more, given as --name. */
export function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1)
    throw usageError(
      `--${name} must be a whole number of 1 or more, got ${JSON.stringify(value ?? "")}`,
      `pass --${name} N`,
    );
  return n;
}

/** The fingerprint of the migrations and recipe on disk, and the input it is computed from. */
export async function fingerprintNow(settings: Settings) {
  const { computeFingerprint } = await import("../seed/inputs/fingerprint");
  const { fingerprintInput } = await import("../seed/inputs/recipe");
  const input = fingerprintInput(settings.engine);
  return { input, result: computeFingerprint(input) };
}

/** The current fingerprint: what live databases are brought to. */
export async function currentFingerprint(settings: Settings): Promise<string> {
  return (await fingerprintNow(settings)).result.fingerprint;
}

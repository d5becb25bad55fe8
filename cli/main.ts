/**
 * pgseed: the seed engine without Pulumi. Settings come from flags, over a project file
 * (pgseed.json or [tool.pgseed] in pyproject.toml, found upwards from here) or a Pulumi stack's
 * files (--stack), through the same config.ts as the Pulumi program. Each command is one entry
 * of COMMANDS: its options, its help, its body.
 */
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import {
  resolveSettings,
  readStackSettings,
  findProjectFile,
  rawFromFlags,
  settingOptions,
  settingHelpLines,
  RawSettings,
  Settings,
  SettingKey,
} from "../config";
import {
  PgseedError,
  EXIT_USAGE,
  EXIT_FAILED,
  maskUrls,
  usageError,
  serverError,
} from "../seed/core/errors";
import { runAllCleanups } from "../seed/core/cleanup";
import { migrateCommand } from "./commands/migrate";
import { statusCommand } from "./commands/status";
import { imageCommand } from "./commands/image";
import { singleUrl, CommandContext, CommandIo as Out } from "./commands/context";

export type { CommandContext } from "./commands/context";
// Each command loads only the modules it needs (in its body): `check` and `fingerprint` run on
// every commit hook and preview, and execa + pg alone cost ~0.1 s to load.

type OptionSpec = { type: "string" | "boolean"; multiple?: boolean; short?: string };
interface OwnOption extends OptionSpec {
  arg?: string;
  help: string;
}

interface Command {
  summary: string;
  /** Extra words of the usage line. */
  usage: string;
  options: Record<string, OwnOption>;
  /**
   * The settings this command reads, shown in its help (all commands accept every setting flag).
   */
  settings: readonly SettingKey[] | "engine";
  run(ctx: CommandContext): Promise<number>;
}

const URL_OPTION: OwnOption = {
  type: "string",
  arg: "URL",
  help: "target database (default: $DATABASE_URL, else PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)",
};
const SEED_SETTINGS = ["appDir", "seed", "pgBin"] as const;

const COMMANDS: Record<string, Command> = {
  fingerprint: {
    summary: "print the fingerprint of the migrations and recipe (sha256:…)",
    usage: "",
    options: {},
    settings: "engine",
    async run({ settings, values, io, json }) {
      const { computeFingerprint } = await import("../seed/inputs/fingerprint");
      const { fingerprintInput } = await import("../seed/inputs/recipe");
      const input = fingerprintInput(settings().engine);
      const result = computeFingerprint(input);
      if (values.json) json({ ...result, recipe: input.recipe });
      else io.out(result.fingerprint);
      return 0;
    },
  },
  regenerate: {
    summary: "rebuild the seed when the fingerprint changed",
    usage: "",
    options: {
      force: { type: "boolean", help: "regenerate even when the seed is fresh" },
      "from-scratch": {
        type: "boolean",
        help: "migrate an empty server even when the previous seed could be extended",
      },
      verify: {
        type: "boolean",
        help: "also build from scratch and fail, naming rows, if the dumps differ",
      },
    },
    settings: "engine",
    async run({ settings, values, io, log, json }) {
      const { regenerate } = await import("../seed/build/regenerate");
      const result = await regenerate(settings().engine, {
        force: values.force,
        fromScratch: values["from-scratch"],
        verify: values.verify,
        log,
      });
      if (values.json) json(result);
      else if (!values.quiet && result.regenerated)
        io.err(
          `pgseed: wrote ${result.path} (${result.bytes} bytes, ${result.migrationCount} migration files, ${result.fingerprint})`,
        );
      return 0;
    },
  },
  check: {
    summary: "exit 0 if the seed is fresh, 1 if stale, tampered or missing",
    usage: "",
    options: {},
    settings: "engine",
    async run({ settings, values, io, json }) {
      const { checkSeed } = await import("../seed/seedfile/check");
      const result = await checkSeed(settings().engine);
      if (values.json) json(result);
      else if (!values.quiet) (result.ok ? io.out : io.err)(`pgseed: ${result.message}`);
      return result.ok ? 0 : EXIT_FAILED;
    },
  },
  load: {
    summary: "load the seed into an empty database",
    usage: "[--url URL]",
    options: {
      url: URL_OPTION,
      force: { type: "boolean", help: "load into a database that is not empty" },
    },
    settings: SEED_SETTINGS,
    async run({ settings, url, values, log, json }) {
      const target = url();
      const { seedPath, pgBin } = settings().engine;
      const start = Date.now();
      const { loadSeed } = await import("../seed/database/load");
      const result = await loadSeed({ url: target, seedPath, force: values.force, pgBin });
      const seconds = (Date.now() - start) / 1000;
      if (values.json) json({ ...result, seconds });
      else log?.(`loaded ${seedPath} into ${maskUrls(target)} in ${seconds.toFixed(2)} s`);
      return 0;
    },
  },
  clone: {
    summary: "load the seed once into a template, then create N databases from it",
    usage: "[--url URL] --count N",
    options: {
      url: URL_OPTION,
      count: { type: "string", arg: "N", help: "how many databases (PREFIX_1 … PREFIX_N)" },
      prefix: {
        type: "string",
        arg: "P",
        help: "database name prefix (default pgseed_test; template P_template)",
      },
      strategy: {
        type: "string",
        arg: "S",
        help: "CREATE DATABASE strategy: auto (file_copy when the server runs with fsync off or the template is 128 MiB or more, else wal_log), wal_log, file_copy",
      },
    },
    settings: SEED_SETTINGS,
    async run({ settings, url, values, io, log, json }) {
      const target = url();
      const count = positiveInt("count", values.count);
      const { seedPath, pgBin } = settings().engine;
      const { cloneSeed } = await import("../seed/database/clone");
      const result = await cloneSeed({
        url: target,
        seedPath,
        count,
        prefix: values.prefix,
        strategy: values.strategy,
        pgBin,
        log,
      });
      if (values.json) json(result);
      else io.out(result.urls.map(maskUrls).join("\n"));
      return 0;
    },
  },
  migrate: migrateCommand,
  status: statusCommand,
  image: imageCommand,
};

const COMMON: Record<string, OwnOption> = {
  stack: { type: "string", arg: "NAME", help: "read settings from Pulumi.yaml + Pulumi.NAME.yaml" },
  quiet: { type: "boolean", help: "no step lines" },
  json: { type: "boolean", help: "one machine-readable result on stdout" },
  help: { type: "boolean", short: "h", help: "this help" },
};

/** package.json's version: found upwards from here (cli/ under ts-jest, dist/cli/ when built). */
function version(): string {
  const fs = require("fs") as typeof import("fs");
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file))
      return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
    if (path.dirname(dir) === dir) return "unknown";
  }
}

function table(rows: Array<[string, string]>): string[] {
  const width = Math.max(...rows.map(([a]) => a.length)) + 2;
  return rows.map(([a, b]) => `  ${a.padEnd(width)}${b}`);
}
const optionRows = (options: Record<string, OwnOption>) =>
  Object.entries(options).map(([name, o]): [string, string] => [
    `${o.short ? `-${o.short}, ` : ""}--${name}${o.arg ? ` ${o.arg}` : ""}`,
    o.help,
  ]);

export function help(): string {
  return [
    "pgseed: a PostgreSQL seed database that tracks your migrations",
    "",
    "Usage: pgseed <command> [options]        pgseed <command> --help: that command's options",
    "",
    "Commands:",
    ...table(Object.entries(COMMANDS).map(([name, c]) => [name, c.summary])),
    "",
    "Settings (flags win over pgseed.json / [tool.pgseed] in pyproject.toml, or --stack NAME):",
    ...settingHelpLines(),
    "",
    "Options:",
    ...table([...optionRows(COMMON), ["--version", "print the version"]]),
    "",
    "Exit codes: 0 ok; 1 failed (stale seed, migrate failed, load refused); 2 usage or I/O error.",
  ].join("\n");
}

export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  return [
    `pgseed ${name}: ${c.summary}`,
    "",
    `Usage: pgseed ${name}${c.usage ? ` ${c.usage}` : ""} [options]`,
    ...(Object.keys(c.options).length ? ["", "Options:", ...table(optionRows(c.options))] : []),
    "",
    "Settings:",
    ...settingHelpLines(c.settings === "engine" ? undefined : c.settings),
    "",
    "Common:",
    ...table(optionRows(COMMON)),
  ].join("\n");
}

function parserOptions(): Record<string, OptionSpec> {
  const own = Object.values(COMMANDS).flatMap((c) => Object.entries(c.options));
  const options: Record<string, OptionSpec> = { ...settingOptions(), version: { type: "boolean" } };
  for (const [name, o] of [...own, ...Object.entries(COMMON)])
    options[name] = {
      type: o.type,
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.short ? { short: o.short } : {}),
    };
  return options;
}

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1)
    throw usageError(
      `--${name} must be a whole number of 1 or more, got ${JSON.stringify(value ?? "")}`,
      `pass --${name} N`,
    );
  return n;
}

/**
 * Settings: the stack's or the project file's, then the flags; the project's folder is the one they
 * are relative to.
 */
export function settingsFrom(values: Record<string, unknown>, cwd: string): Settings {
  let raw: RawSettings = {};
  let projectDir = cwd;
  if (typeof values.stack === "string") raw = readStackSettings(cwd, values.stack);
  else {
    const found = findProjectFile(cwd);
    if (found) [raw, projectDir] = [found.raw, path.dirname(found.file)];
  }
  return resolveSettings({ ...raw, ...rawFromFlags(values, cwd) }, projectDir);
}

/**
 * The database to act on, as psql would find it: --url, else DATABASE_URL, else the libpq
 * variables.
 */
export function targetUrl(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return flag;
  if (env.DATABASE_URL) return env.DATABASE_URL;
  // pgseed passes its target on to psql and the migrate command as PG* alone: a service would
  // redirect them.
  if (env.PGSERVICE)
    throw usageError(
      `PGSERVICE=${env.PGSERVICE} is set, but pgseed does not read service files`,
      "pass --url postgresql://user@host:port/dbname (or DATABASE_URL) for the database to use",
    );
  if (!env.PGHOST && !env.PGDATABASE) {
    throw usageError(
      "no database given",
      "pass --url postgresql://user@host:port/dbname, or set DATABASE_URL, or PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE (keep the password out of argv: use the variables)",
    );
  }
  const u = new URL("postgresql://localhost");
  const host = env.PGHOST ?? "localhost";
  if (host.startsWith("/")) u.searchParams.set("host", host);
  else u.hostname = host;
  u.port = env.PGPORT ?? "";
  u.username = encodeURIComponent(env.PGUSER ?? "");
  u.password = encodeURIComponent(env.PGPASSWORD ?? "");
  u.pathname = `/${encodeURIComponent(env.PGDATABASE ?? env.PGUSER ?? "postgres")}`;
  return u.toString();
}

async function run(argv: string[], io: Out): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: parserOptions(),
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    // Node's parser adds advice about positionals that does not apply here: keep its first
    // sentence.
    throw usageError(
      (err as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, ""),
      "see `pgseed --help`",
    );
  }
  const values = parsed.values as Record<string, any>;
  const [name, ...extra] = parsed.positionals;
  if (values.version) {
    io.out(version());
    return 0;
  }
  if (!name) {
    io.out(help());
    return values.help ? 0 : EXIT_USAGE;
  }
  const command = COMMANDS[name];
  if (!command)
    throw usageError(
      `unknown command "${name}"`,
      `use one of: ${Object.keys(COMMANDS).join(", ")} (see \`pgseed --help\`)`,
    );
  if (values.help) {
    io.out(commandHelp(name));
    return 0;
  }
  if (extra.length)
    throw usageError(`unexpected argument(s): ${extra.join(" ")}`, `see \`pgseed ${name} --help\``);
  const cwd = process.cwd();
  let settings: Settings | undefined;
  return command.run({
    values,
    settings: () => (settings ??= settingsFrom(values, cwd)),
    url: () => targetUrl(singleUrl(values.url), process.env),
    io,
    log: values.quiet || values.json ? undefined : (line: string) => io.err(`pgseed: ${line}`),
    json: (obj: unknown) => io.out(JSON.stringify(obj, null, 2)),
  });
}

/** Runs the CLI; returns the exit code. Signals tear down servers, locks and temp files first. */
export async function main(
  argv: string[],
  io: Out = { out: (s) => console.log(s), err: (s) => console.error(s) },
): Promise<number> {
  // `on`, not `once`: execa's exit hook kills the process at once if it finds itself the only
  // listener.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    io.err(`pgseed: ${signal} received; cleaning up (the previous seed is untouched)`);
    void runAllCleanups().finally(() => process.exit(128 + os.constants.signals[signal]));
  };
  // SIGHUP too: a closed terminal or dropped ssh session must not leave a server or container
  // running.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, onSignal);
  // A bug must not leave a server, a lock or a temp file behind either.
  const onCrash = (err: unknown) => {
    io.err(`pgseed: internal error: ${maskUrls((err as Error)?.stack ?? String(err))}`);
    void runAllCleanups().finally(() => process.exit(EXIT_USAGE));
  };
  process.on("uncaughtException", onCrash);
  // A closed pipe (`pgseed … | head`) must not kill us before the cleanup runs.
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined);
  try {
    return await run(argv, io);
  } catch (err) {
    // A server's refusal is not a bug: one line and a fix, no stack trace.
    const known = err instanceof PgseedError ? err : serverError(err);
    if (known) {
      io.err(`pgseed: error: ${known.message}`); // already masked
      return known.exitCode;
    }
    io.err(`pgseed: internal error: ${maskUrls((err as Error).stack ?? String(err))}`);
    return EXIT_USAGE;
  } finally {
    await runAllCleanups();
    process.removeListener("SIGINT", onSignal);
    process.removeListener("SIGTERM", onSignal);
    process.removeListener("uncaughtException", onCrash);
  }
}

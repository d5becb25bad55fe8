/**
 * pgseed: the seed engine without Pulumi. Settings come from flags, or from a Pulumi stack's
 * files with --stack, through the same config.ts as the Pulumi program.
 */
import { parseArgs } from "util";
import { resolveSettings, readStackSettings, RawSettings, Settings } from "../config";
import { PgseedError, EXIT_USAGE, EXIT_FAILED, maskUrls, usageError } from "../seed/errors";
import { runAllCleanups } from "../seed/cleanup";
// Each command loads only the modules it needs (below): `check` and `fingerprint` run on every
// commit hook and preview, and execa + pg alone cost ~0.1 s to load.

export const HELP = `pgseed: a PostgreSQL seed database that tracks your migrations

Usage: pgseed <command> [options]

Commands:
  fingerprint   print the fingerprint of the migrations and recipe (sha256:…)
  regenerate    rebuild the seed when the fingerprint changed (--force: always)
  check         exit 0 if the seed is fresh, 1 if stale/tampered/missing
  load          load the seed into an empty database: --url URL
  clone         load once into a template, then create N databases: --url URL --count N

Settings (or --stack NAME to read Pulumi.yaml + Pulumi.NAME.yaml):
  --app-dir DIR            where the migrate command runs (default .)
  --preset django|custom   django: **/migrations/**/*.py, manage.py migrate
  --migrations GLOB        migration files, relative to the app dir (repeatable)
  --migrate-command CMD    command that migrates $DATABASE_URL / PG* variables
  --seed FILE              seed file (default seed-db.sql in the app dir; .sql.gz: gzip)
  --postgres-version N     PostgreSQL major (default 15)
  --pg-bin DIR             local PostgreSQL binaries (default: found by major)
  --normalize-sql FILE     SQL run before the dump to pin volatile rows
  --migrate-timeout SEC    stop the migrate command after SEC seconds (default 600)

Options:
  --verify      regenerate twice and fail, naming rows, if the dumps differ
  --force       regenerate: even when fresh; load: into a non-empty database
  --quiet       no step lines        --json   one machine-readable result
  -h, --help    this help

Exit codes: 0 ok; 1 failed (stale seed, migrate failed, load refused); 2 usage or I/O error.`;

const OPTIONS = {
  "app-dir": { type: "string" },
  preset: { type: "string" },
  migrations: { type: "string", multiple: true },
  "migrate-command": { type: "string" },
  seed: { type: "string" },
  "postgres-version": { type: "string" },
  "pg-bin": { type: "string" },
  "normalize-sql": { type: "string" },
  "migrate-timeout": { type: "string" },
  stack: { type: "string" },
  url: { type: "string" },
  count: { type: "string" },
  prefix: { type: "string" },
  verify: { type: "boolean" },
  force: { type: "boolean" },
  quiet: { type: "boolean" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parse>["values"];
const parse = (argv: string[]) => parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });

/** Flags map onto settings keys; flags win over the stack's values. */
const FLAG_TO_SETTING: Record<string, keyof RawSettings> = {
  "app-dir": "appDir",
  preset: "preset",
  migrations: "migrations",
  "migrate-command": "migrateCommand",
  "postgres-version": "postgresVersion",
  "pg-bin": "pgBin",
  "normalize-sql": "normalizeSql",
  "migrate-timeout": "migrateTimeout",
};

export function settingsFromFlags(values: Values, cwd: string): Settings {
  const raw: RawSettings = values.stack ? readStackSettings(cwd, values.stack) : {};
  for (const [flag, key] of Object.entries(FLAG_TO_SETTING)) {
    const value = values[flag as keyof Values];
    if (value !== undefined) raw[key] = value;
  }
  const settings = resolveSettings(raw, cwd);
  // --seed is relative to where the user stands, like any file argument.
  if (values.seed) settings.seedPath = require("path").resolve(cwd, values.seed);
  if (values.seed && !/\.sql(\.gz)?$/.test(values.seed)) {
    throw usageError(`--seed ${values.seed} must end in .sql or .sql.gz`, "name the seed file like seed-db.sql");
  }
  return settings;
}

function positiveInt(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isInteger(n) || n < 1) throw usageError(`--${name} must be a whole number of 1 or more, got ${JSON.stringify(value ?? "")}`, `pass --${name} N`);
  return n;
}

const requireUrl = (values: Values) => {
  if (!values.url) throw usageError("--url is required", "pass --url postgresql://user:password@host:port/dbname");
  return values.url;
};

type Out = { out: (s: string) => void; err: (s: string) => void };

async function run(argv: string[], io: Out): Promise<number> {
  let parsed;
  try {
    parsed = parse(argv);
  } catch (err) {
    // Node's parser adds advice about positionals that does not apply here: keep its first sentence.
    throw usageError((err as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, ""), "see `pgseed --help`");
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.help || !command) {
    io.out(HELP);
    return command || values.help ? 0 : EXIT_USAGE;
  }
  if (extra.length) throw usageError(`unexpected argument(s): ${extra.join(" ")}`, "see `pgseed --help`");
  const cwd = process.cwd();
  const log = values.quiet || values.json ? undefined : (line: string) => io.err(`pgseed: ${line}`);
  const json = (obj: unknown) => io.out(JSON.stringify(obj, null, 2));

  switch (command) {
    case "fingerprint": {
      const { computeFingerprint } = await import("../seed/fingerprint");
      const { fingerprintInput } = await import("../seed/presets");
      const result = computeFingerprint(fingerprintInput(settingsFromFlags(values, cwd)));
      if (values.json) json(result);
      else io.out(result.fingerprint);
      return 0;
    }
    case "regenerate": {
      const { regenerate } = await import("../seed/regenerate");
      const result = await regenerate(settingsFromFlags(values, cwd), { force: values.force, verify: values.verify, log });
      if (values.json) json(result);
      else if (!values.quiet && result.regenerated) io.err(`pgseed: wrote ${result.path} (${result.bytes} bytes, ${result.migrationCount} migration files, ${result.fingerprint})`);
      return 0;
    }
    case "check": {
      const { checkSeed } = await import("../seed/check");
      const result = checkSeed(settingsFromFlags(values, cwd));
      if (values.json) json(result);
      else if (!values.quiet) (result.ok ? io.out : io.err)(`pgseed: ${result.message}`);
      return result.ok ? 0 : EXIT_FAILED;
    }
    case "load": {
      const url = requireUrl(values);
      const seedPath = settingsFromFlags(values, cwd).seedPath;
      const start = Date.now();
      const { loadSeed } = await import("../seed/load");
      const result = await loadSeed({ url, seedPath, force: values.force });
      if (values.json) json({ ...result, seconds: (Date.now() - start) / 1000 });
      else log?.(`loaded ${seedPath} into ${maskUrls(url)} in ${((Date.now() - start) / 1000).toFixed(2)} s`);
      return 0;
    }
    case "clone": {
      const url = requireUrl(values);
      const count = positiveInt("count", values.count);
      const seedPath = settingsFromFlags(values, cwd).seedPath;
      const { cloneSeed } = await import("../seed/clone");
      const result = await cloneSeed({ url, seedPath, count, prefix: values.prefix, log });
      if (values.json) json(result);
      else io.out(result.urls.map(maskUrls).join("\n"));
      return 0;
    }
    default:
      throw usageError(`unknown command "${command}"`, "use one of: fingerprint, regenerate, check, load, clone (see `pgseed --help`)");
  }
}

/** Runs the CLI; returns the exit code. Signals tear down servers, locks and temp files first. */
export async function main(argv: string[], io: Out = { out: (s) => console.log(s), err: (s) => console.error(s) }): Promise<number> {
  // `on`, not `once`: execa's exit hook kills the process at once if it finds itself the only listener.
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    io.err(`pgseed: ${signal} received; cleaning up (the previous seed is untouched)`);
    void runAllCleanups().finally(() => process.exit(signal === "SIGINT" ? 130 : 143));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
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
    if (err instanceof PgseedError) {
      io.err(`pgseed: error: ${err.message}`); // already masked
      return err.exitCode;
    }
    // A server's refusal is not a bug: one line and a fix, no stack trace.
    const server = require("../seed/errors").serverError(err) as PgseedError | undefined;
    if (server) {
      io.err(`pgseed: error: ${server.message}`);
      return server.exitCode;
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

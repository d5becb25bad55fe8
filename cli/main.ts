/**
 * pgseed: the seed engine without Pulumi. This file reads the command line, runs the command
 * (one per file in cli/commands/), reports its errors (one line, then `fix:`; also as JSON under
 * --json) and tears down on signals. Each command loads what it needs in its body: `check` and
 * `fingerprint` run on every commit hook, and execa + pg alone cost ~0.1 s to load.
 */
import * as os from "os";
import * as path from "path";
import { PgseedError, EXIT_USAGE, maskUrls, usageError, serverError } from "../seed/core/errors";
import { runAllCleanups } from "../seed/core/cleanup";
import type { CommandContext, CommandIo } from "./command";
import { commandNameOf, parseCommand } from "./args";
import { allCommands, commandNamed } from "./registry";
import { settingsFrom } from "./settings";

export type { CommandContext } from "./command";

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

async function run(argv: string[], io: CommandIo): Promise<number> {
  // Help text is rendered only when asked for.
  const help = () => require("./help") as typeof import("./help");
  const { name, ...alone } = commandNameOf(argv, allCommands);
  if (!name) {
    if (!alone.version && !alone.help)
      throw usageError("no command given", help().shortUsage(allCommands()));
    io.out(alone.version ? version() : help().overview(allCommands()));
    return 0;
  }
  const command = commandNamed(name);
  const { values, args } = parseCommand(name, command, argv, allCommands);
  if (values.version || values.help) {
    io.out(values.version ? version() : help().commandHelp(name, command));
    return 0;
  }
  const log = values.quiet || values.json ? undefined : (line: string) => io.err(`pgseed: ${line}`);
  let settings: ReturnType<CommandContext["settings"]> | undefined;
  const ctx: CommandContext = {
    values,
    args,
    settings: () => (settings ??= settingsFrom(values, process.cwd())),
    target: () => {
      const url = typeof values.url === "string" ? values.url : undefined;
      const { resolveTarget } = require("./target") as typeof import("./target");
      const target = resolveTarget({ url, database: args[0] }, process.env);
      log?.(`target ${maskUrls(target.url)} (from ${target.from})`);
      return target.url;
    },
    io,
    log,
    json: (obj: unknown) => io.out(JSON.stringify(obj, null, 2)),
  };
  return command.run(ctx);
}

/** One error: its line and fix on stderr; under --json also an object on stdout. */
function report(err: PgseedError, io: CommandIo, json: boolean): void {
  io.err(`pgseed: error: ${err.message}`); // already masked
  if (!json) return;
  const at = err.message.lastIndexOf("\n  fix: ");
  const message = at < 0 ? err.message : err.message.slice(0, at);
  const fix = err.fix ? maskUrls(err.fix) : undefined;
  io.out(JSON.stringify({ error: { message, fix, exitCode: err.exitCode } }, null, 2));
}

/** Runs the CLI; returns the exit code. Signals tear down servers, locks and temp files first. */
export async function main(
  argv: string[],
  io: CommandIo = { out: (s) => console.log(s), err: (s) => console.error(s) },
): Promise<number> {
  const json = argv.includes("--json");
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
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const signal of signals) process.on(signal, onSignal);
  // A bug must not leave a server, a lock or a temp file behind either.
  const internal = (err: unknown) => {
    const text = maskUrls((err as Error)?.stack ?? String(err));
    io.err(`pgseed: internal error: ${text}`);
    if (json)
      io.out(
        JSON.stringify(
          { error: { message: `internal error: ${text.split("\n")[0]}`, exitCode: EXIT_USAGE } },
          null,
          2,
        ),
      );
  };
  const onCrash = (err: unknown) => {
    internal(err);
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
    if (!known) {
      internal(err);
      return EXIT_USAGE;
    }
    report(known, io, json);
    return known.exitCode;
  } finally {
    await runAllCleanups();
    for (const signal of signals) process.removeListener(signal, onSignal);
    process.removeListener("uncaughtException", onCrash);
  }
}

/**
 * Every command of `pgseed`, in the order help lists them; each lives in cli/commands/<name>.ts.
 * A run loads only its own command's file (`check` runs on every commit hook); help and the
 * error that names another command's flag load them all.
 */
import { usageError } from "../seed/core/errors";
import type { Command } from "./command";
import { nearest } from "./args";

export const COMMAND_NAMES = [
  "fingerprint",
  "regenerate",
  "check",
  "load",
  "clone",
  "migrate",
  "status",
  "image",
  "help",
] as const;

const loadCommand = (name: string): Command =>
  (require(`./commands/${name}`) as Record<string, Command>)[name];

/** Every command by name, in help's order. */
export const allCommands = (): Readonly<Record<string, Command>> =>
  Object.fromEntries(COMMAND_NAMES.map((name) => [name, loadCommand(name)]));

/** The command of that name, or a usage error that lists them (and the nearest, if close). */
export function commandNamed(name: string): Command {
  if ((COMMAND_NAMES as readonly string[]).includes(name)) return loadCommand(name);
  const near = nearest(name, [...COMMAND_NAMES]);
  throw usageError(
    `unknown command "${name}"`,
    `${near ? `did you mean \`pgseed ${near}\`? ` : ""}use one of: ${COMMAND_NAMES.join(", ")} (see \`pgseed help\`)`,
  );
}

/** Every command of `pgseed`, in the order help lists them; each lives in cli/commands/. */
import { usageError } from "../seed/core/errors";
import type { Command } from "./command";
import { nearest } from "./args";
import { fingerprint } from "./commands/fingerprint";
import { regenerate } from "./commands/regenerate";
import { check } from "./commands/check";
import { load } from "./commands/load";
import { clone } from "./commands/clone";
import { migrate } from "./commands/migrate";
import { status } from "./commands/status";
import { image } from "./commands/image";
import { help } from "./commands/help";

export const COMMANDS: Readonly<Record<string, Command>> = {
  fingerprint,
  regenerate,
  check,
  load,
  clone,
  migrate,
  status,
  image,
  help,
};

/** The command of that name, or a usage error that lists them (and the nearest, if close). */
export function commandNamed(name: string): Command {
  if (Object.keys(COMMANDS).includes(name)) return COMMANDS[name];
  const near = nearest(name, Object.keys(COMMANDS));
  throw usageError(
    `unknown command "${name}"`,
    `${near ? `did you mean \`pgseed ${near}\`? ` : ""}use one of: ${Object.keys(COMMANDS).join(", ")} (see \`pgseed help\`)`,
  );
}

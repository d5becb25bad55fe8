/** Django's migrate through pgseed's runner (python/pgseed_django.py). */
import { shellQuote } from "../../core/text";
import { pythonRunner } from "../python";

export const runnerPath = (from = __dirname) => pythonRunner("pgseed_django.py", from);

/**
 * Pure: `<python> [path/]manage.py migrate …` → the same migrate through pgseed's runner, which
 * points the migrated alias at the server in PG* whatever the settings say. Any other command
 * (a custom --migrate-command) is returned as it is.
 */
export function throughRunner(command: string, runner = runnerPath()): string {
  const m = /^(\S+)\s+((?:\S*\/)?manage\.py)\s+migrate(?=\s|$)(.*)$/s.exec(command);
  if (!m || !/python/.test(m[1])) return command;
  return `${m[1]} ${shellQuote(runner)} migrate --manage ${shellQuote(m[2])}${m[3]}`;
}

/**
 * Help text: the overview, and one command's options, settings and defaults, wrapped at 80
 * columns. Settings come from the declaration (config/declaration.ts), defaults included.
 */
import { settingHelpRows } from "../config";
import { COMMON, Command, OwnOption } from "./command";

const WIDTH = 80;
/** The widest left column before a description moves to the next line. */
const MAX_LEFT = 26;

/** Pure: text as lines of at most `width` columns (a longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}

/** Pure: two columns, the right one wrapped; a long left entry puts its text below it. */
function table(rows: Array<[string, string]>): string[] {
  const left = Math.min(Math.max(...rows.map(([a]) => a.length)) + 4, MAX_LEFT);
  return rows.flatMap(([a, b]) => {
    const text = wrap(b, WIDTH - left);
    const pad = " ".repeat(left);
    const first =
      `  ${a}`.length + 2 <= left ? [`  ${a}`.padEnd(left) + (text.shift() ?? "")] : [`  ${a}`];
    return [...first, ...text.map((l) => pad + l)];
  });
}

const optionRows = (options: Record<string, OwnOption>) =>
  Object.entries(options).map(([name, o]): [string, string] => [
    `${o.short ? `-${o.short}, ` : ""}--${name}${o.arg ? ` ${o.arg}` : ""}`,
    `${o.help}${o.multiple ? " (repeatable)" : ""}${o.default ? ` (default: ${o.default})` : ""}`,
  ]);

const paragraph = (text: string) => wrap(text, WIDTH);

const EXIT_CODES =
  "Exit codes: 0 ok; 1 ran and failed (stale seed, migrate failed, load refused); 2 usage, " +
  "settings or I/O error (nothing was attempted).";
const SETTINGS_NOTE =
  "Settings: flags win over a project file (pgseed.json, or [tool.pgseed] in pyproject.toml, " +
  "found upwards from here) or a stack's files (--stack NAME).";

export function overview(commands: Readonly<Record<string, Command>>): string {
  return [
    "pgseed: a PostgreSQL seed database that tracks your migrations",
    "",
    "Usage: pgseed <command> [options]",
    "       pgseed help <command>     its options, settings and their defaults",
    "",
    "Commands:",
    ...table(Object.entries(commands).map(([name, c]) => [name, c.summary])),
    "",
    "Options of every command:",
    ...table(optionRows(COMMON)),
    "",
    ...paragraph(SETTINGS_NOTE),
    "",
    ...paragraph(EXIT_CODES),
  ].join("\n");
}

export function commandHelp(name: string, c: Command): string {
  const sections = [
    Object.keys(c.options).length ? ["Options:", ...table(optionRows(c.options))] : [],
    c.settings.length ? [...paragraph(SETTINGS_NOTE), ...table(settingHelpRows(c.settings))] : [],
    ["Options of every command:", ...table(optionRows(COMMON))],
    ...(c.notes ?? []).map(paragraph),
  ];
  return [
    ...paragraph(`pgseed ${name}: ${c.summary}`),
    "",
    ...wrap(`Usage: pgseed ${name} ${c.usage}`, WIDTH),
    ...sections.filter((s) => s.length).flatMap((s) => ["", ...s]),
  ].join("\n");
}

/** What bare `pgseed` says on stderr: the usage line and the commands. */
export function shortUsage(commands: Readonly<Record<string, Command>>): string {
  return `usage: pgseed <command> [options], <command> one of ${Object.keys(commands).join(", ")}; \`pgseed help\` explains them`;
}

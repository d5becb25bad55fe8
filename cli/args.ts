/**
 * The command line, read strictly: a command takes its own options, the setting flags it reads
 * and the common options, nothing else. An option it does not take is named, with the commands
 * that do take it, or the option meant when it is a near miss.
 */
import { parseArgs } from "util";
import { flagOf, settingOptions } from "../config";
import { usageError } from "../seed/core/errors";
import { COMMON, Command, OptionSpec } from "./command";

type Options = Record<string, OptionSpec>;
const spec = (o: OptionSpec): OptionSpec => ({
  type: o.type,
  ...(o.multiple ? { multiple: true } : {}),
  ...(o.short ? { short: o.short } : {}),
});

/** The options `command` takes: its own, the flags of the settings it reads, the common ones. */
export function acceptedOptions(command: Command): Options {
  const settings = settingOptions();
  const options: Options = {};
  for (const [name, o] of Object.entries({ ...command.options, ...COMMON }))
    options[name] = spec(o);
  for (const key of command.settings) options[flagOf(key)] = settings[flagOf(key)];
  return options;
}

/** Pure: the candidate `word` is a near miss of, if any (one edit in three letters, at most 3). */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length < 2 || candidates.length === 0) return undefined;
  // Loaded only when something was mistyped.
  const { closest, distance } =
    require("fastest-levenshtein") as typeof import("fastest-levenshtein");
  const best = closest(word, candidates as string[]);
  const d = distance(word, best);
  return d > 0 && d <= Math.min(3, Math.max(1, Math.floor(word.length / 3))) ? best : undefined;
}

/**
 * The command's name: the first argument that is neither an option nor the value of one (so
 * `pgseed --stack dev check` works), and whether --help or --version came without one. A scan,
 * not a parse: every command runs it, and the parse of the command's own options follows.
 */
export function commandNameOf(argv: string[], commands: () => Readonly<Record<string, Command>>) {
  if (argv[0] && !argv[0].startsWith("-")) return { name: argv[0] }; // the usual case
  const valued = new Set<string>();
  for (const c of Object.values(commands()))
    for (const [name, o] of Object.entries(acceptedOptions(c)))
      if (o.type === "string") valued.add(`--${name}`);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--") return { name: argv[i + 1] };
    if (!argv[i].startsWith("-")) return { name: argv[i] };
    if (valued.has(argv[i])) i++; // its value follows
  }
  return {
    help: argv.includes("--help") || argv.includes("-h"),
    version: argv.includes("--version"),
  };
}

/**
 * The options the user gave that `command` does not take (as typed), and a single-valued one
 * given twice (it would silently keep the last).
 */
function misused(
  argv: string[],
  options: Options,
): { unknown: string[]; twice?: [string, number] } {
  const { tokens } = parseArgs({
    args: argv,
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const unknown = new Set<string>();
  const counts = new Map<string, number>();
  for (const t of tokens) {
    if (t.kind !== "option") continue;
    const known = options[t.name];
    if (!known) unknown.add(t.rawName.replace(/=.*$/, ""));
    else if (known.type === "string" && !known.multiple)
      counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  }
  return { unknown: [...unknown], twice: [...counts].find(([, n]) => n > 1) };
}

function refuseUnknown(
  name: string,
  typed: string[],
  options: Options,
  commands: Readonly<Record<string, Command>>,
): never {
  const owners = (flag: string) =>
    Object.entries(commands)
      .filter(([, c]) => flag.replace(/^-+/, "") in acceptedOptions(c))
      .map(([n]) => n);
  const described = typed.map((flag) => {
    const others = owners(flag);
    return others.length ? `${flag} (an option of ${others.join(", ")})` : flag;
  });
  const near = typed.flatMap((flag) => {
    const n = nearest(flag.replace(/^-+/, ""), Object.keys(options));
    return n ? [typed.length > 1 ? `--${n} for ${flag}` : `--${n}`] : [];
  });
  const it = typed.length > 1 ? "them" : "it";
  throw usageError(
    `pgseed ${name} does not take ${described.join(", ")}`,
    `${near.length ? `did you mean ${near.join(", ")}? ` : `remove ${it}; `}\`pgseed help ${name}\` lists what it takes`,
  );
}

/** The command's flags and arguments, or a usage error naming what it does not take. */
export function parseCommand(
  name: string,
  command: Command,
  argv: string[],
  commands: () => Readonly<Record<string, Command>>,
): { values: Record<string, any>; args: string[] } {
  const options = acceptedOptions(command);
  const { unknown, twice } = misused(argv, options);
  if (unknown.length) refuseUnknown(name, unknown, options, commands());
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    // Node's parser adds advice about positionals that does not apply here: keep its first
    // sentence.
    throw usageError(
      (err as Error).message.split("\n")[0].replace(/\. To specify a positional.*$/, ""),
      `see \`pgseed help ${name}\``,
    );
  }
  if (twice)
    throw usageError(
      `--${twice[0]} given ${twice[1]} times`,
      `pass one --${twice[0]} (only options shown as repeatable in \`pgseed help ${name}\` take several)`,
    );
  const args = parsed.positionals.slice(1);
  if (args.length > command.maxArgs)
    throw usageError(
      `unexpected argument(s): ${args.slice(command.maxArgs).join(" ")}`,
      `usage: pgseed ${name} ${command.usage} (see \`pgseed help ${name}\`)`,
    );
  return { values: parsed.values as Record<string, any>, args };
}

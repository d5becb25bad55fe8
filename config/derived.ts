/**
 * What derives from the declaration and from resolved settings: SeedDump's machine-independent
 * inputs, the freshness job's `pgseed check` arguments, the CLI's options and help lines, the
 * Pulumi.yaml `config:` block and the docs' settings table.
 */
import * as path from "path";
import { declared, flagOf, settingKeys, SettingKey } from "./declaration";
import type { Settings } from "./resolve";
import { envEntries } from "../seed/presets/env";

const posixRelative = (from: string, to: string) =>
  path.relative(from, to).split(path.sep).join("/") || ".";

/**
 * Resolved engine settings → their raw values, machine independent (paths relative to their base,
 * posix): SeedDump's inputs, and the source of the freshness job's flags.
 */
export function engineValues(s: Settings): Partial<Record<SettingKey, string | number | string[]>> {
  const e = s.engine;
  const out: Partial<Record<SettingKey, string | number | string[]>> = {
    appDir: posixRelative(s.projectDir, e.appDir),
    preset: e.preset,
    migrations: [...e.migrations],
    migrateCommand: e.migrateCommand,
    seed: posixRelative(e.appDir, e.seedPath),
    postgresVersion: e.postgresVersion,
    image: e.image,
    engine: e.engine,
    migrateTimeout: e.migrateTimeoutSeconds,
  };
  if (e.pgBin)
    out.pgBin =
      path.isAbsolute(e.pgBin) && !e.pgBin.startsWith(s.projectDir)
        ? e.pgBin
        : posixRelative(s.projectDir, e.pgBin);
  if (e.normalizeSqlPath) out.normalizeSql = posixRelative(e.appDir, e.normalizeSqlPath);
  // Only when set: SeedDump's inputs (and so its state) stay as they were for everyone else.
  if (Object.keys(e.env ?? {}).length) out.env = envEntries(e.env);
  if (e.databaseUrlScheme) out.databaseUrlScheme = e.databaseUrlScheme;
  return out;
}

/**
 * Engine values (as engineValues gives them) → CLI arguments that reproduce them when run from
 * the project folder: the freshness job's `pgseed check` arguments.
 */
export function cliArgsOf(
  values: Partial<Record<SettingKey, string | number | string[]>>,
): string[] {
  const args: string[] = [];
  for (const key of settingKeys("engine")) {
    const value = values[key];
    if (value === undefined || value === "") continue;
    const base = declared(key).path;
    const asFlag = (v: string) =>
      base?.setting === "app" && base.flag === "cwd"
        ? path.posix.join(String(values.appDir ?? "."), v)
        : v;
    for (const v of Array.isArray(value) ? value : [String(value)])
      args.push(`--${flagOf(key)}`, asFlag(v));
  }
  return args;
}

/** The CLI options of the engine settings, for util.parseArgs. */
export function settingOptions(): Record<string, { type: "string"; multiple?: boolean }> {
  return Object.fromEntries(
    settingKeys("engine").map((k) => [
      flagOf(k),
      declared(k).kind === "array" ? { type: "string", multiple: true } : { type: "string" },
    ]),
  );
}

/**
 * The help rows of engine settings: the flag with its placeholder, and the description with its
 * choices and default ("" and [] stand for a derived default the description names).
 */
export function settingHelpRows(keys: readonly SettingKey[]): Array<[string, string]> {
  return keys.map((k) => {
    const d = declared(k);
    const choices = d.choices ? ` One of: ${d.choices().join(", ")}.` : "";
    const base = d.path?.flag === "cwd" ? " As a flag: relative to the current folder." : "";
    const shown = Array.isArray(d.default) ? d.default.join(", ") : d.default;
    const fallback = shown === undefined || shown === "" ? "" : ` (default: ${shown})`;
    const repeat = d.kind === "array" ? " Repeatable." : "";
    return [
      `--${flagOf(k)} ${d.arg ?? "VALUE"}`,
      `${d.description}${repeat}${choices}${base}${fallback}`,
    ];
  });
}

/**
 * The `config:` block of Pulumi.yaml, derived: every setting with its type, description and
 * default. Secrets are left out: they have no default and are set per stack with
 * `pulumi config set --secret` (the CLI refuses a stack that leaves a typed key with no default
 * unset).
 */
export function pulumiConfigBlock(): Record<string, Record<string, unknown>> {
  const block: Record<string, Record<string, unknown>> = {};
  for (const key of settingKeys()) {
    const d = declared(key);
    if (d.secret) continue;
    block[key] = {
      type: d.kind,
      description: d.description,
      ...(d.kind === "array" ? { items: { type: "string" } } : {}),
      default: d.default,
    };
  }
  return block;
}

/**
 * The README's settings table, derived: every setting, its CLI flag (engine settings), its
 * default, and whether it is part of the fingerprint (`recipe` lists those: seed/recipe.ts).
 */
export function settingsMarkdown(recipe: readonly string[]): string {
  const code = (v: unknown) =>
    v === undefined ? "" : "`" + (typeof v === "string" && v !== "" ? v : JSON.stringify(v)) + "`";
  const rows = settingKeys().map((k) => {
    const d = declared(k);
    const flag = d.scope === "engine" ? code(`--${flagOf(k)} ${d.arg ?? ""}`.trim()) : "";
    // "" and [] are shown as declared; the description says what they stand for.
    const fallback = d.secret ? "generated" : code(d.default);
    const choices = d.choices ? ` One of ${d.choices().map(code).join(", ")}.` : "";
    return `| \`${k}\` | ${flag} | ${fallback} | ${recipe.includes(k) ? "yes" : ""} | ${d.description.replace(/\|/g, "\\|")}${choices} |`;
  });
  return [
    "| setting | CLI flag | default | in the fingerprint | meaning |",
    "|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

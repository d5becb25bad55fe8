/**
 * Where raw settings come from besides Pulumi config: CLI flags, a project file (pgseed.json, or
 * [tool.pgseed] in pyproject.toml, found upwards), and a stack's files (Pulumi.yaml defaults +
 * Pulumi.<stack>.yaml) for the CLI's --stack.
 */
import * as fs from "fs";
import * as path from "path";
import { usageError } from "../seed/core/errors";
import { declared, flagOf, settingKeys, SettingKey, RawSettings } from "./declaration";
import type { Label } from "./resolve";

/**
 * CLI flag values → raw settings. Paths given as flags are relative to where the user stands
 * (made absolute here), except those declared relative to the app dir.
 */
export function rawFromFlags(flags: Record<string, unknown>, cwd: string): RawSettings {
  const raw: RawSettings = {};
  for (const key of settingKeys("engine")) {
    const value = flags[flagOf(key)];
    if (value === undefined) continue;
    raw[key] =
      declared(key).path?.flag === "cwd" && typeof value === "string"
        ? path.resolve(cwd, value)
        : value;
  }
  return raw;
}

function readYaml(file: string): Record<string, unknown> {
  try {
    const yaml = require("js-yaml") as typeof import("js-yaml"); // only the CLI's --stack needs it
    const doc = yaml.load(fs.readFileSync(file, "utf8"));
    return doc && typeof doc === "object" ? (doc as Record<string, unknown>) : {};
  } catch (err) {
    throw usageError(
      `cannot read ${file}: ${(err as Error).message.split("\n")[0]}`,
      "check that the file exists and is valid YAML",
    );
  }
}

/** Raw settings and how a problem names each of them (resolveSettings' label). */
export interface SettingsSource {
  raw: RawSettings;
  label: Label;
}

/** How a setting given as a flag is named: --migrate-timeout. */
export const flagLabel: Label = (key) => `--${flagOf(key as SettingKey)}`;

/**
 * Raw settings of a stack, as Pulumi would see them: Pulumi.yaml `config:` defaults, then
 * Pulumi.<stack>.yaml values under the `pgseed:` namespace. Secure (encrypted) values are skipped:
 * the CLI never needs a secret. A problem names the key where it was set (or would be).
 */
export function readStack(projectDir: string, stack: string): SettingsSource {
  const projectFile = path.join(projectDir, "Pulumi.yaml");
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(stackFile)) {
    const stacks = fs
      .readdirSync(projectDir)
      .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
      .map((f) => f.slice(7, -5));
    throw usageError(
      `stack "${stack}" has no ${path.basename(stackFile)} in ${projectDir}`,
      `use one of: ${stacks.join(", ") || "(none)"}, or run from the project folder`,
    );
  }
  const project = readYaml(projectFile);
  const defaults: RawSettings = {};
  const decls = (project.config ?? {}) as Record<string, { default?: unknown }>;
  for (const [key, decl] of Object.entries(decls)) {
    if (decl && typeof decl === "object" && "default" in decl)
      defaults[key as SettingKey] = decl.default;
  }
  const set: RawSettings = {};
  const values = (readYaml(stackFile).config ?? {}) as Record<string, unknown>;
  for (const [fullKey, value] of Object.entries(values)) {
    const [ns, key] = fullKey.includes(":") ? fullKey.split(":", 2) : ["pgseed", fullKey];
    if (ns !== "pgseed") continue; // other providers' config (docker:host, github:owner)
    if (value && typeof value === "object" && "secure" in (value as object)) continue;
    set[key as SettingKey] = value;
  }
  const label: Label = (key) =>
    !(key in set) && key in defaults
      ? `${key} (the default in Pulumi.yaml)`
      : `pgseed:${key} (${path.basename(stackFile)})`;
  return { raw: { ...defaults, ...set }, label };
}

export function readStackSettings(projectDir: string, stack: string): RawSettings {
  return readStack(projectDir, stack).raw;
}

export interface ProjectFile extends SettingsSource {
  file: string;
}

/** How a project file names a setting: migrateTimeout (pyproject.toml [tool.pgseed]). */
const projectLabel =
  (file: string): Label =>
  (key) =>
    `${key} (${path.basename(file)}${file.endsWith(".toml") ? " [tool.pgseed]" : ""})`;

/**
 * Settings from a project file, found from `start` upwards: pgseed.json, or a [tool.pgseed] table
 * in pyproject.toml (where Python projects keep tool settings). The nearest folder with either
 * wins.
 */
export function findProjectFile(start: string): ProjectFile | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    const json = path.join(dir, "pgseed.json");
    if (fs.existsSync(json)) {
      const raw = parseProjectFile(json, fs.readFileSync(json, "utf8")) ?? {};
      return { file: json, raw, label: projectLabel(json) };
    }
    const pyproject = path.join(dir, "pyproject.toml");
    if (fs.existsSync(pyproject)) {
      const raw = parseProjectFile(pyproject, fs.readFileSync(pyproject, "utf8"));
      if (raw) return { file: pyproject, raw, label: projectLabel(pyproject) };
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Pure: the pgseed settings of a project file's text (undefined: a pyproject.toml without
 * [tool.pgseed]).
 */
export function parseProjectFile(file: string, text: string): RawSettings | undefined {
  const isToml = file.endsWith(".toml");
  let doc: Record<string, unknown>;
  try {
    doc = isToml
      ? (require("smol-toml") as typeof import("smol-toml")).parse(text)
      : JSON.parse(text);
  } catch (err) {
    throw usageError(
      `cannot read ${file}: ${(err as Error).message.split("\n")[0]}`,
      `fix the ${isToml ? "TOML" : "JSON"} syntax`,
    );
  }
  const section = isToml ? (doc.tool as Record<string, unknown> | undefined)?.pgseed : doc;
  if (
    section !== undefined &&
    (typeof section !== "object" || section === null || Array.isArray(section))
  ) {
    throw usageError(
      `${file}: ${isToml ? "[tool.pgseed]" : "the file"} must be a table of settings`,
      `write settings as key = value, e.g. preset = "django"`,
    );
  }
  return section as RawSettings;
}

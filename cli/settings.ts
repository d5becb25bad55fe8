/**
 * The CLI's settings: a stack's files (--stack) or the project file found upwards, then the flags
 * over them. A problem names each setting as the user wrote it: the flag, the stack key and its
 * file, or the project file's key.
 */
import * as path from "path";
import {
  findProjectFile,
  flagLabel,
  rawFromFlags,
  readStack,
  resolveSettings,
  settingKeys,
  Label,
  Settings,
  SettingsSource,
} from "../config";

const ENGINE_KEYS: readonly string[] = settingKeys("engine");

export function settingsFrom(values: Record<string, unknown>, cwd: string): Settings {
  const flags = rawFromFlags(values, cwd);
  let source: SettingsSource | undefined;
  let projectDir = cwd;
  if (typeof values.stack === "string") source = readStack(cwd, values.stack);
  else {
    const found = findProjectFile(cwd);
    if (found) [source, projectDir] = [found, path.dirname(found.file)];
  }
  // A setting given nowhere is named where it would be given: the file in use, else the flag.
  const label: Label = (key) =>
    key in flags
      ? flagLabel(key)
      : source
        ? source.label(key)
        : ENGINE_KEYS.includes(key)
          ? flagLabel(key)
          : key;
  return resolveSettings({ ...source?.raw, ...flags }, projectDir, { label });
}

/**
 * The presets, by name. Adding one: a file in this folder implementing Preset, and its entry
 * here; --help, the settings check and the fingerprint recipe pick it up from this list.
 */
import * as fs from "fs";
import type { Preset } from "./types";
import type { EngineSettings } from "../core/settings";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { django } from "./django";
import { custom } from "./custom";
import { alembic } from "./alembic";
import { projectEnv, ProjectContext } from "./env";

export type { Preset } from "./types";

export const PRESETS: readonly Preset[] = [django, alembic, custom];

export const presetNames = () => PRESETS.map((p) => p.name);

export function presetOf(name: string): Preset {
  const preset = PRESETS.find((p) => p.name === name);
  if (!preset)
    throw new PgseedError(
      `unknown preset "${name}"`,
      `use one of: ${presetNames().join(", ")}`,
      EXIT_USAGE,
    );
  return preset;
}

/** The preset's statements, then the user's --normalize-sql file. Part of the fingerprint. */
export function normalizationSql(
  settings: Pick<EngineSettings, "preset" | "normalizeSqlPath">,
): string {
  let user = "";
  if (settings.normalizeSqlPath) {
    try {
      user = fs.readFileSync(settings.normalizeSqlPath, "utf8").replace(/\r\n/g, "\n"); // part of the fingerprint: CRLF reads as LF
    } catch (err) {
      throw new PgseedError(
        `cannot read --normalize-sql ${settings.normalizeSqlPath}: ${(err as NodeJS.ErrnoException).code}`,
        "pass an existing SQL file (relative to the app dir)",
        EXIT_USAGE,
      );
    }
  }
  return presetOf(settings.preset).normalizeSql + user;
}

/** The migrate command as it runs on this machine. */
export const runnableMigrateCommand = (
  settings: Pick<EngineSettings, "preset" | "migrateCommand"> & ProjectContext,
) => presetOf(settings.preset).runnableCommand(settings.migrateCommand, settings);

/**
 * The migrate command's whole environment (presets/env.ts): the database it migrates, in the
 * preset's DATABASE_URL form, and the `env` setting.
 */
export const migrateEnv = (
  settings: Pick<EngineSettings, "preset"> & ProjectContext,
  connection: { url: string; env: Record<string, string> },
) => projectEnv(presetOf(settings.preset), settings, connection);

/**
 * What of the engine settings shapes the dump, and so goes into the fingerprint: the preset (its
 * statements), the major and target image, the migrate command and the normalization SQL; with
 * the migration and lock files the globs find. Where the seed lives, how long the migrate may
 * take and which server builds it do not change the bytes, so they are left out.
 */
import type { EngineSettings } from "../core/settings";
import { checkAppDir, FingerprintInput } from "./fingerprint";
import { normalizationSql, presetOf } from "../presets";

/** The engine settings the recipe reads (the docs list them as "part of the fingerprint"). */
export const RECIPE_SETTINGS = ["preset", "postgresVersion", "image", "migrateCommand", "normalizeSql", "migrations"] as const;

export function fingerprintInput(settings: EngineSettings): FingerprintInput {
  checkAppDir(settings.appDir); // before a preset probes it
  return {
    appDir: settings.appDir,
    migrations: settings.migrations,
    seedPath: settings.seedPath,
    // django: the migration graph's files, version and app order (a cached probe), lock files above the app dir.
    extras: presetOf(settings.preset).fingerprintExtras(settings.appDir),
    recipe: {
      preset: settings.preset,
      postgresMajor: settings.postgresVersion,
      image: settings.image,
      migrateCommand: settings.migrateCommand,
      normalizeSql: normalizationSql(settings),
    },
  };
}

/**
 * What of the engine settings shapes the dump, and so goes into the fingerprint: the preset (its
 * statements), the major and target image, the migrate command and the normalization SQL; with
 * the migration and lock files the globs find. Where the seed lives, how long the migrate may
 * take and which server builds it do not change the bytes, so they are left out.
 */
import type { EngineSettings } from "../core/settings";
import { lockFileMatcher } from "../core/files";
import { checkAppDir, FingerprintInput } from "./fingerprint";
import { ancestorLockFiles } from "./lockFiles";
import { normalizationSql, presetOf } from "../presets";

/** The engine settings the recipe reads (the docs list them as "part of the fingerprint"). */
export const RECIPE_SETTINGS = [
  "preset",
  "postgresVersion",
  "image",
  "migrateCommand",
  "normalizeSql",
  "migrations",
] as const;

export function fingerprintInput(settings: EngineSettings): FingerprintInput {
  checkAppDir(settings.appDir); // before a preset probes it
  const preset = presetOf(settings.preset);
  const isLockFile = lockFileMatcher(preset.lockFiles.sets);
  // django: the migration graph's files, version and app order (a cached probe).
  const extras = preset.fingerprintExtras(settings.appDir);
  const above = preset.lockFiles.above ? ancestorLockFiles(settings.appDir, isLockFile) : [];
  return {
    appDir: settings.appDir,
    migrations: settings.migrations,
    seedPath: settings.seedPath,
    isLockFile,
    extras: { files: [...extras.files, ...above], migrationCount: extras.migrationCount },
    recipe: {
      preset: settings.preset,
      postgresMajor: settings.postgresVersion,
      image: settings.image,
      migrateCommand: settings.migrateCommand,
      normalizeSql: normalizationSql(settings),
    },
  };
}

/**
 * What of the engine settings shapes the dump, and so goes into the fingerprint: the preset (its
 * statements), the major and target image, the migrate command, the normalization SQL, and what
 * the project's code is given (the env setting, DATABASE_URL's form); with the migration and lock
 * files the globs find. Where the seed lives, how long the migrate may
 * take and which server builds it do not change the bytes, so they are left out.
 */
import type { EngineSettings } from "../core/settings";
import { lockFileMatcher } from "../core/files";
import { checkAppDir, FingerprintInput } from "./fingerprint";
import { ancestorLockFiles } from "./lockFiles";
import { normalizationSql, presetOf } from "../presets";
import { envEntries, schemeOf } from "../presets/env";

export { RECIPE_SETTINGS } from "./recipeSettings";

export function fingerprintInput(settings: EngineSettings): FingerprintInput {
  checkAppDir(settings.appDir); // before a preset probes it
  const preset = presetOf(settings.preset);
  const isLockFile = lockFileMatcher(preset.lockFiles.sets);
  // django: the migration graph's files, version and app order (a cached probe).
  const extras = preset.fingerprintExtras(settings);
  const above = preset.lockFiles.above ? ancestorLockFiles(settings.appDir, isLockFile) : [];
  const env = envEntries(settings.env);
  const scheme = schemeOf(preset, settings);
  return {
    appDir: settings.appDir,
    migrations: settings.migrations,
    seedPath: settings.seedPath,
    isLockFile,
    extras: {
      files: [...extras.files, ...above],
      ordered: extras.ordered,
      migrationCount: extras.migrationCount,
    },
    recipe: {
      preset: settings.preset,
      postgresMajor: settings.postgresVersion,
      image: settings.image,
      migrateCommand: settings.migrateCommand,
      normalizeSql: normalizationSql(settings),
      // Only when set: the recipes of projects that set neither stay as they were.
      env: env.length ? env : undefined,
      databaseUrlScheme: scheme !== preset.databaseUrlScheme ? scheme : undefined,
    },
  };
}

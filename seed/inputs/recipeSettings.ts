/**
 * The engine settings the recipe reads (recipe.ts), on their own so the CLI can list them without
 * loading the presets. The docs mark them "in the fingerprint".
 */
export const RECIPE_SETTINGS = [
  "preset",
  "postgresVersion",
  "image",
  "migrateCommand",
  "normalizeSql",
  "migrations",
  "env",
  "databaseUrlScheme",
] as const;

/** custom: any migration tool; the user names the files and the command. */
import type { Preset } from "./types";

export const custom: Preset = {
  name: "custom",
  summary: "any tool: give --migrations and --migrate-command",
  defaultMigrations: () => [],
  defaultMigrateCommand: "",
  normalizeSql: "",
  runnableCommand: async (command) => command,
  appliesByGraph: false,
  ciTestCommand: "",
  fingerprintExtras: () => ({ files: [], migrationCount: 0 }),
  expectedMigrations: () => undefined,
};

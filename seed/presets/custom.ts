/** custom: any migration tool; the user names the files and the command. */
import type { Preset } from "./types";

export const custom: Preset = {
  name: "custom",
  defaultMigrations: () => [],
  defaultMigrateCommand: "",
  normalizeSql: "",
  runnableCommand: async (command) => command,
  // Any tool: the user's environment as it is (but its database variables), today's URL form.
  databaseUrlScheme: "postgresql",
  inheritsUserEnv: true,
  appliesByGraph: false,
  lockFiles: { sets: ["python", "node"], above: false },
  ciTestCommand: "",
  fingerprintExtras: () => ({ files: [], migrationCount: 0 }),
  expectedMigrations: () => undefined,
};

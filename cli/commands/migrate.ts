/**
 * `pgseed migrate [--url URL] [--adopt]`: brings a live database seeded by pgseed to the current
 * fingerprint with the migrate command (the preset's runnable form, as regenerate runs it).
 */
import type { CommandContext } from "./context";
import { currentFingerprint } from "./context";

export const migrateCommand = {
  summary:
    "bring a live database seeded by pgseed to the current fingerprint with its migrations (rows kept)",
  usage: "[--url URL] [--adopt]",
  options: {
    url: {
      type: "string",
      arg: "URL",
      help: "target database (default: $DATABASE_URL, else PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)",
    },
    adopt: { type: "boolean", help: "migrate a database that has no pgseed marker, then mark it" },
  },
  settings: "engine",
  run: runMigrate,
} as const;

export async function runMigrate({
  values,
  settings,
  url,
  io,
  log,
  json,
}: CommandContext): Promise<number> {
  const s = settings();
  const target = url();
  const { runnableMigrateCommand } = await import("../../seed/presets");
  const { migrateDatabase } = await import("../../seed/database/migrate");
  // Probed while the marker is read; awaited only when there is something to migrate.
  const command = runnableMigrateCommand(s.engine);
  // handled where migrateDatabase awaits it (the probe may fail first, below)
  command.catch(() => undefined);
  const fingerprint = await currentFingerprint(s);
  const result = await migrateDatabase({
    url: target,
    settings: s.engine,
    command,
    fingerprint,
    adopt: Boolean(values.adopt),
    log,
  });
  if (values.json) json(result);
  else if (values.quiet) return 0;
  else
    io.out(
      `${result.url}  ${result.migrated ? `migrated to ${fingerprint}` : `already at ${fingerprint}`}`,
    );
  return 0;
}

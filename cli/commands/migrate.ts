/**
 * `pgseed migrate [DBNAME]`: brings a live database seeded by pgseed to the current fingerprint
 * with the migrate command (the preset's runnable form, as regenerate runs it).
 */
import {
  Command,
  currentFingerprint,
  DATABASE_NOTE,
  FINGERPRINT_SETTINGS,
  URL_OPTION,
} from "../command";

export const migrate: Command = {
  summary:
    "bring a live database seeded by pgseed to the current fingerprint with its migrations (rows kept)",
  usage: "[DBNAME] [--url URL] [--adopt] [options]",
  maxArgs: 1,
  options: {
    url: URL_OPTION,
    adopt: { type: "boolean", help: "migrate a database that has no pgseed marker, then mark it" },
  },
  settings: [...FINGERPRINT_SETTINGS, "migrateTimeout"],
  notes: [DATABASE_NOTE],
  async run({ values, settings, target, io, log, json }) {
    const s = settings();
    const url = target();
    const { runnableMigrateCommand } = await import("../../seed/presets");
    const { migrateDatabase } = await import("../../seed/database/migrate");
    // Probed while the marker is read; awaited only when there is something to migrate.
    const command = runnableMigrateCommand(s.engine);
    // handled where migrateDatabase awaits it (the probe may fail first, below)
    command.catch(() => undefined);
    const fingerprint = await currentFingerprint(s);
    const result = await migrateDatabase({
      url,
      settings: s.engine,
      command,
      fingerprint,
      adopt: Boolean(values.adopt),
      log,
    });
    if (values.json) json(result);
    else if (!values.quiet)
      io.out(
        `${result.url}  ${result.migrated ? `migrated to ${fingerprint}` : `already at ${fingerprint}`}`,
      );
    return 0;
  },
};

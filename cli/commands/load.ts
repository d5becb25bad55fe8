/** `pgseed load [DBNAME]`: the seed into an empty database, all or nothing. */
import { maskUrls } from "../../seed/core/errors";
import { Command, DATABASE_NOTE, SEED_FILE_SETTINGS, URL_OPTION } from "../command";

export const load: Command = {
  summary: "load the seed into an empty database",
  usage: "[DBNAME] [--url URL] [--force] [options]",
  maxArgs: 1,
  options: {
    url: URL_OPTION,
    force: { type: "boolean", help: "load into a database that is not empty" },
  },
  settings: SEED_FILE_SETTINGS,
  notes: [DATABASE_NOTE],
  async run({ settings, target, values, log, json }) {
    const url = target();
    const { seedPath, pgBin } = settings().engine;
    const start = Date.now();
    const { loadSeed } = await import("../../seed/database/load");
    const result = await loadSeed({ url, seedPath, force: values.force, pgBin });
    const seconds = (Date.now() - start) / 1000;
    if (values.json) json({ ...result, url: maskUrls(url), seconds });
    else log?.(`loaded ${seedPath} into ${maskUrls(url)} in ${seconds.toFixed(2)} s`);
    return 0;
  },
};

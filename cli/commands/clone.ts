/** `pgseed clone [DBNAME] --count N`: the seed once into a template, then N databases from it. */
import { maskUrls } from "../../seed/core/errors";
import { Command, DATABASE_NOTE, positiveInt, SEED_FILE_SETTINGS, URL_OPTION } from "../command";

export const clone: Command = {
  summary: "load the seed once into a template, then create N databases from it",
  usage: "[DBNAME] --count N [--prefix P] [--strategy S] [options]",
  maxArgs: 1,
  options: {
    url: URL_OPTION,
    count: { type: "string", arg: "N", help: "how many databases (PREFIX_1 … PREFIX_N)" },
    prefix: {
      type: "string",
      arg: "P",
      help: "database name prefix; the template is P_template",
      default: "pgseed_test",
    },
    strategy: {
      type: "string",
      arg: "S",
      help: "CREATE DATABASE strategy: auto (file_copy when the server runs with fsync off or the template is 128 MiB or more, else wal_log), wal_log, file_copy",
      default: "auto",
    },
  },
  settings: SEED_FILE_SETTINGS,
  notes: [
    "DBNAME (or the URL's database) is the one clone connects to to create the others; " +
      "it is not changed.",
    DATABASE_NOTE,
  ],
  async run({ settings, target, values, io, log, json }) {
    const count = positiveInt("count", values.count);
    const url = target();
    const { seedPath, pgBin } = settings().engine;
    const { cloneSeed } = await import("../../seed/database/clone");
    const result = await cloneSeed({
      url,
      seedPath,
      count,
      prefix: values.prefix,
      strategy: values.strategy,
      pgBin,
      log,
    });
    if (values.json) json(result);
    else io.out(result.urls.map(maskUrls).join("\n"));
    return 0;
  },
};

/** `pgseed regenerate`: rebuild the seed when its fingerprint changed (or --force). */
import { Command, ENGINE_SETTINGS } from "../command";

export const regenerate: Command = {
  summary: "rebuild the seed when the fingerprint changed",
  usage: "[--force] [--from-scratch] [--verify] [options]",
  maxArgs: 0,
  options: {
    force: { type: "boolean", help: "regenerate even when the seed is fresh" },
    "from-scratch": {
      type: "boolean",
      help: "migrate an empty server even when the previous seed could be extended",
    },
    verify: {
      type: "boolean",
      help: "also build from scratch and fail, naming rows, if the dumps differ",
    },
  },
  settings: ENGINE_SETTINGS,
  async run({ settings, values, io, log, json }) {
    const { regenerate: rebuild } = await import("../../seed/build/regenerate");
    const result = await rebuild(settings().engine, {
      force: values.force,
      fromScratch: values["from-scratch"],
      verify: values.verify,
      log,
    });
    if (values.json) json(result);
    else if (!values.quiet && result.regenerated)
      io.err(
        `pgseed: wrote ${result.path} (${result.bytes} bytes, ${result.migrationCount} migration files, ${result.fingerprint})`,
      );
    return 0;
  },
};

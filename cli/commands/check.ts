/**
 * `pgseed check`: is the seed on disk fresh and intact? Starts no server. Exit 1 when stale,
 * tampered, missing or invalid, with an error line and its fix like every other failure.
 */
import { EXIT_FAILED } from "../../seed/core/errors";
import { Command, ENGINE_SETTINGS } from "../command";

export const check: Command = {
  summary: "exit 0 if the seed is fresh, 1 if stale, tampered or missing",
  usage: "[options]",
  maxArgs: 0,
  options: {},
  // The freshness job passes every engine setting (config/derived.ts cliArgsOf).
  settings: ENGINE_SETTINGS,
  async run({ settings, values, io, json }) {
    const { checkSeed } = await import("../../seed/seedfile/check");
    const result = await checkSeed(settings().engine);
    if (values.json) json(result);
    if (!result.ok) io.err(`pgseed: error: ${result.message}\n  fix: ${result.fix}`);
    else if (!values.quiet && !values.json) io.out(`pgseed: ${result.message}`);
    return result.ok ? 0 : EXIT_FAILED;
  },
};

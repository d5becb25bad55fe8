/** `pgseed help [COMMAND]`: the overview, or one command's options, settings and defaults. */
import { Command } from "../command";

export const help: Command = {
  summary: "this overview, or one command's options and settings (as `pgseed COMMAND --help`)",
  usage: "[COMMAND]",
  maxArgs: 1,
  options: {},
  settings: [],
  async run({ args, io }) {
    // The registry lists this command too: it is read when help runs, not when it loads.
    const { allCommands, commandNamed } = require("../registry") as typeof import("../registry");
    const { overview, commandHelp } = require("../help") as typeof import("../help");
    io.out(args[0] ? commandHelp(args[0], commandNamed(args[0])) : overview(allCommands()));
    return 0;
  },
};

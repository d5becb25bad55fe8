/** `pgseed fingerprint`: the fingerprint of the migrations and recipe, nothing written. */
import { Command, FINGERPRINT_SETTINGS, fingerprintNow } from "../command";

export const fingerprint: Command = {
  summary: "print the fingerprint of the migrations and recipe (sha256:…)",
  usage: "[options]",
  maxArgs: 0,
  options: {},
  settings: FINGERPRINT_SETTINGS,
  async run({ settings, values, io, json }) {
    const { input, result } = await fingerprintNow(settings());
    if (values.json) json({ ...result, recipe: input.recipe });
    else io.out(result.fingerprint);
    return 0;
  },
};

/**
 * The engine's messages speak to a CLI user (`--app-dir`, "flags"); a Pulumi user sets the same
 * settings as stack config (`pgseed:appDir`) or as a component's arguments (`appDir`). This is the
 * one place that translates, for the program's errors and the dynamic providers' alike. Pure (no
 * Pulumi import): the providers' ops modules use it too.
 */
import { flagOf, settingKeys, SettingKey } from "../config/declaration";

/** How a message names a setting: as stack config, or as the argument of a component. */
export type Naming = "config" | "args";

const label = (key: SettingKey, naming: Naming) => (naming === "config" ? `pgseed:${key}` : key);

/** Every setting's flag, longest first (so --seed never eats the start of a longer flag). */
const FLAGS: Array<[string, SettingKey]> = settingKeys()
  .map((k): [string, SettingKey] => [`--${flagOf(k)}`, k])
  .sort(([a], [b]) => b.length - a.length);

const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g; // eslint-disable-line no-control-regex

/** The engine's generic last line of a settings error, in each naming. */
const SETTINGS_FIX =
  /correct the values above \(flags, the project file, or Pulumi\.<stack>\.yaml \/ pulumi config set\)/;
const SETTINGS_FIX_PULUMI: Record<Naming, string> = {
  config: "correct the values above: pulumi config set pgseed:<key> <value> for each",
  args: "correct the arguments above",
};

/**
 * Pure: an engine message in Pulumi terms. Flags become the setting's name; a setting named at the
 * head of a problem line ("  - migrateTimeout must …") is named the same way; under config naming
 * the fix line also gives the `pulumi config set` command of the first setting it names. No ANSI.
 */
export function pulumiTerms(text: string, naming: Naming): string {
  let out = text.replace(ANSI, "");
  for (const [flag, key] of FLAGS)
    out = out.replace(new RegExp(`${flag}(?![a-z-])`, "g"), label(key, naming));
  out = out.replace(/^( {2}- )([a-z][A-Za-z]*)(?= )/gm, (whole, head: string, word: string) =>
    (settingKeys() as string[]).includes(word)
      ? `${head}${label(word as SettingKey, naming)}`
      : whole,
  );
  out = out.replace(SETTINGS_FIX, SETTINGS_FIX_PULUMI[naming]);
  if (naming === "config")
    out = out.replace(/^ {2}fix: .*$/m, (line) => {
      const key = /pgseed:([A-Za-z]+)/.exec(line)?.[1];
      return key && !line.includes("pulumi config set")
        ? `${line} (pulumi config set pgseed:${key} …)`
        : line;
    });
  return out;
}

/** Where a component learns how its parent names settings (Pgseed from stack config: "config"). */
export const NAMING = Symbol("pgseed.naming");

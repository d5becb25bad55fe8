/**
 * What a command body gets from cli/main.ts (structurally its CommandContext), so the bodies in
 * this folder need no import of main.ts.
 */
import type { Settings } from "../../config";

export interface CommandIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

export interface CommandContext {
  values: Record<string, any>;
  /** Resolved settings (flags over the project file or stack). */
  settings: () => Settings;
  /** The database of --url, else DATABASE_URL, else the libpq variables. */
  url: () => string;
  io: CommandIo;
  /** Step lines on stderr, unless --quiet or --json. */
  log?: (line: string) => void;
  json: (obj: unknown) => void;
}

/** The fingerprint of the migrations and recipe on disk: what live databases are brought to. */
export async function currentFingerprint(settings: Settings): Promise<string> {
  const { computeFingerprint } = await import("../../seed/inputs/fingerprint");
  const { fingerprintInput } = await import("../../seed/inputs/recipe");
  return computeFingerprint(fingerprintInput(settings.engine)).fingerprint;
}

/** --url is repeatable (for status); every other command takes one. */
export function singleUrl(value: string | string[] | undefined): string | undefined {
  if (!Array.isArray(value)) return value;
  if (value.length > 1) {
    const { usageError } =
      require("../../seed/core/errors") as typeof import("../../seed/core/errors");
    throw usageError(
      `--url given ${value.length} times`,
      "pass one --url (only `pgseed status` takes several)",
    );
  }
  return value[0];
}

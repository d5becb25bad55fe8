/**
 * Pgseed's arguments from the stack's config: `pgseed:<key>` for each setting (Pulumi.<stack>.yaml,
 * `pulumi config set pgseed:<key>`), `pgseed:postgresPassword` and `github:token` as secrets.
 * Raw strings ("3", '["a"]') are fine: the settings' resolution coerces them, with its messages.
 */
import * as pulumi from "@pulumi/pulumi";
import { SETTINGS, settingKeys } from "../config";
import type { PgseedArgs } from "./pgseedArgs";
import { NAMING, Naming } from "./terms";

export function pgseedConfig(): PgseedArgs & { [NAMING]: Naming } {
  const cfg = new pulumi.Config("pgseed");
  const args: Record<string, unknown> = {};
  for (const key of settingKeys()) {
    if ("secret" in SETTINGS[key]) continue; // read below as an Output, never as text
    const value = cfg.get(key);
    if (value !== undefined) args[key] = value;
  }
  // The CLI passes keys no Pulumi.yaml declares through: an old (keepData) or misspelt one is
  // refused with the settings' message, never silently ignored (keepData: true would reseed).
  for (const full of Object.keys(pulumi.runtime.allConfig())) {
    const key = full.startsWith("pgseed:") ? full.slice("pgseed:".length) : undefined;
    if (key && !(key in SETTINGS)) args[key] = cfg.get(key);
  }
  const password = cfg.getSecret("postgresPassword");
  if (password !== undefined) args.postgresPassword = password;
  const token = new pulumi.Config("github").getSecret("token");
  if (token !== undefined) args.githubToken = token;
  return { ...(args as PgseedArgs), [NAMING]: "config" };
}

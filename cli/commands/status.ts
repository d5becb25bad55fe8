/**
 * `pgseed status --url URL (repeatable) | --stack NAME`: per instance, the fingerprint its marker
 * names and whether that is the current one. Read-only. Exit 0 when every instance is current,
 * 1 otherwise (a deploy pipeline can gate on it).
 */
import type { Settings } from "../../config";
import { EXIT_FAILED } from "../../seed/core/errors";
import { Command, currentFingerprint, FINGERPRINT_SETTINGS } from "../command";

/**
 * The stack's instance URLs, as SeededPostgres makes them, without a password (runStatus reads
 * the stack's from `pulumi stack output instanceUrls --show-secrets`; else PGPASSWORD).
 */
export function stackUrls(settings: Settings): string[] {
  // Pure deploy logic, no Pulumi; only --stack without --url needs it.
  const { planInstances, hostOf } =
    require("../../deploy/instances") as typeof import("../../deploy/instances");
  const d = settings.deploy;
  return planInstances(d.instances, d.basePort, d.dockerHosts.length).map((p) => {
    const host = p.hostIndex === undefined ? "127.0.0.1" : hostOf(d.dockerHosts[p.hostIndex]);
    return `postgresql://${encodeURIComponent(d.dbUser)}@${host}:${p.port}/${encodeURIComponent(d.dbName)}`;
  });
}

export const status: Command = {
  summary:
    "per instance: the fingerprint its marker names, and current, stale, unseeded, unreachable or rejected",
  usage: "[--url URL …] [--stack NAME] [options]",
  maxArgs: 0,
  options: {
    url: {
      type: "string",
      multiple: true,
      arg: "URL",
      help: "an instance (repeatable); none: the --stack's instances, else the database $DATABASE_URL or the libpq variables and defaults name, as for load",
    },
  },
  settings: FINGERPRINT_SETTINGS,
  async run({ values, settings, target, io, json }) {
    const given = ([] as string[]).concat(values.url ?? []);
    const s = settings();
    // No --url: the stack's instances, else the database of DATABASE_URL / PG*.
    let urls = given.length ? given : values.stack ? stackUrls(s) : [target()];
    if (!given.length && values.stack && urls.length) {
      // With the password the program gave them (seed/database/stackUrls.ts).
      const { stackInstanceUrls } = await import("../../seed/database/stackUrls");
      const read = await stackInstanceUrls(s.projectDir, values.stack, urls);
      urls = read.urls;
      if (read.note && !process.env.PGPASSWORD) io.err(`pgseed: ${read.note}`);
    }
    const fingerprint = await currentFingerprint(s);
    const { instanceStatus, statusLine } = await import("../../seed/database/status");
    const statuses = await Promise.all(urls.map((u) => instanceStatus(u, fingerprint)));
    if (values.json) json({ fingerprint, instances: statuses });
    else {
      io.out(`current fingerprint ${fingerprint}`);
      for (const st of statuses) io.out(statusLine(st));
    }
    return statuses.every((st) => st.state === "current") ? 0 : EXIT_FAILED;
  },
};

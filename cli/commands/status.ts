/**
 * `pgseed status --url URL (repeatable) | --stack NAME`: per instance, the fingerprint its marker
 * names and whether that is the current one. Read-only. Exit 0 when every instance is current,
 * 1 otherwise (a deploy pipeline can gate on it).
 */
import type { CommandContext } from "./context";
import { currentFingerprint } from "./context";
import type { Settings } from "../../config";
import { EXIT_FAILED } from "../../seed/core/errors";

export const statusCommand = {
  summary:
    "per instance: the fingerprint its marker names, and current, stale, unseeded, unreachable or rejected",
  usage: "--url URL [--url URL …] | --stack NAME",
  options: {
    url: {
      type: "string",
      multiple: true,
      arg: "URL",
      help: "an instance (repeatable); none: the --stack's instances, else $DATABASE_URL / PG*",
    },
  },
  settings: "engine",
  run: runStatus,
} as const;

/**
 * The stack's instance URLs, as SeededPostgres makes them, without a password (runStatus reads
 * the stack's from `pulumi stack output instanceUrls --show-secrets`; else PGPASSWORD).
 */
export function stackUrls(settings: Settings): string[] {
  // Loads @pulumi/docker (~2 s); only --stack without --url pays it.
  const { planInstances, hostOf } =
    require("../../deploy/instances") as typeof import("../../deploy/instances");
  const d = settings.deploy;
  return planInstances(d.instances, d.basePort, d.dockerHosts.length).map((p) => {
    const host = p.hostIndex === undefined ? "127.0.0.1" : hostOf(d.dockerHosts[p.hostIndex]);
    return `postgresql://${encodeURIComponent(d.dbUser)}@${host}:${p.port}/${encodeURIComponent(d.dbName)}`;
  });
}

export async function runStatus({
  values,
  settings,
  url,
  io,
  json,
}: CommandContext): Promise<number> {
  const given = values.url === undefined ? [] : ([] as string[]).concat(values.url);
  const s = settings();
  // No --url: the stack's instances, else the database of DATABASE_URL / PG*.
  let urls = given.length ? given : values.stack ? stackUrls(s) : [url()];
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
}

/**
 * `pgseed image [--tag REF] [--push] [--force]`: the pre-seeded image of the current seed (the
 * target image with PGDATA initialised and seeded: no initdb, no SQL replay at start). Tagged
 * pgseed/<app folder name>:<12 hex of the fingerprint> unless --tag; labelled
 * pgseed.fingerprint=<fingerprint>. The seed must be fresh. The database's owner and name are the
 * deploy settings dbUser and dbName (--stack NAME reads them; default app/app).
 */
import type { CommandContext } from "./context";
import { currentFingerprint } from "./context";

export const imageCommand = {
  summary: "build a Docker image of the target image with the seed already loaded (tag: the short fingerprint)",
  usage: "[--tag REF] [--push] [--force]",
  options: {
    tag: { type: "string", arg: "REF", help: "image repository or repository:tag (default pgseed/<app folder name>:<short fingerprint>)" },
    push: { type: "boolean", help: "docker push the image after building it" },
    force: { type: "boolean", help: "build even when the tag already holds this fingerprint" },
  },
  settings: ["appDir", "seed", "image", "postgresVersion"],
  run: runImage,
} as const;

export async function runImage({ values, settings, io, log, json }: CommandContext): Promise<number> {
  const s = settings();
  const fingerprint = await currentFingerprint(s);
  const { seededImage } = await import("../../seed/image");
  const result = await seededImage({
    engine: s.engine,
    dbUser: s.deploy.dbUser,
    dbName: s.deploy.dbName,
    fingerprint,
    tag: values.tag,
    push: values.push,
    force: values.force,
    log,
  });
  if (values.json) json(result);
  else {
    io.out(result.ref);
    log?.(`${result.reused ? "reused" : "built"} ${result.ref} (${result.id.slice(0, 19)}, ${result.seconds.toFixed(1)} s)${result.pushed ? ", pushed" : ""}`);
  }
  return 0;
}

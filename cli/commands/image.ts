/**
 * `pgseed image [--tag REF] [--push] [--force]`: the pre-seeded image of the current seed (the
 * target image with PGDATA initialised and seeded: no initdb, no SQL replay at start). Tagged
 * pgseed/<app folder name>:<12 hex of the fingerprint> unless --tag; labelled
 * pgseed.fingerprint=<fingerprint>. The seed must be fresh. The database's owner and name are the
 * deploy settings dbUser and dbName (--stack NAME reads them; default app/app).
 */
import { usageError } from "../../seed/core/errors";
import { Command, CommandContext, currentFingerprint, ENGINE_SETTINGS } from "../command";

export const image: Command = {
  summary:
    "build a Docker image of the target image with the seed already loaded (tag: the short fingerprint)",
  usage: "[--tag REF] [--push] [--force] [--copy DB …] [options]",
  maxArgs: 0,
  options: {
    tag: {
      type: "string",
      arg: "REF",
      help: "image repository or repository:tag",
      default: "pgseed/<app folder name>:<short fingerprint>",
    },
    push: { type: "boolean", help: "docker push the image after building it" },
    force: { type: "boolean", help: "build even when the tag already holds this fingerprint" },
    copy: {
      type: "string",
      multiple: true,
      arg: "DB",
      help: "also a database DB copied from the seeded one (repeatable; e.g. test_app for Django's test runner with --keepdb)",
    },
    "db-user": {
      type: "string",
      arg: "NAME",
      help: "owner role of the seeded database, POSTGRES_USER at run",
      default: "the dbUser setting, app",
    },
    "db-name": {
      type: "string",
      arg: "NAME",
      help: "the seeded database, POSTGRES_DB",
      default: "the dbName setting, app",
    },
  },
  // The seed must be fresh: every setting of the fingerprint counts.
  settings: ENGINE_SETTINGS,
  run: runImage,
};

async function runImage({ values, settings, io, log, json }: CommandContext): Promise<number> {
  const s = settings();
  const fingerprint = await currentFingerprint(s);
  const { makePreseededImage } = await import("../../seed/image");
  const result = await makePreseededImage({
    engine: s.engine,
    dbUser: dbNameOption("db-user", values["db-user"]) ?? s.deploy.dbUser,
    dbName: dbNameOption("db-name", values["db-name"]) ?? s.deploy.dbName,
    fingerprint,
    tag: values.tag,
    copies: ([] as string[]).concat(values.copy ?? []).map((d) => dbNameOption("copy", d)!),
    push: values.push,
    force: values.force,
    log,
  });
  if (values.json) json(result);
  else {
    io.out(result.ref);
    log?.(
      `${result.reused ? "reused" : "built"} ${result.ref} (${result.id.slice(0, 19)}, ${result.seconds.toFixed(1)} s)${result.pushed ? ", pushed" : ""}`,
    );
  }
  return 0;
}

/**
 * Pure: a role or database name given as an option (the image's labels and POSTGRES_* hold it as
 * is).
 */
function dbNameOption(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!/^[A-Za-z_][A-Za-z0-9_$-]{0,62}$/.test(value))
    throw usageError(
      `--${flag} "${value}" is not a plain PostgreSQL name`,
      `use letters, digits, _ , $ or - (at most 63), starting with a letter or _`,
    );
  return value;
}

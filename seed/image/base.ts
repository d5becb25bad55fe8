/**
 * The base image a pre-seeded image is built FROM, as new as the seed needs: the image's own init
 * loads the seed with the image's psql, and a psql older than the pg_dump that made the seed may
 * not read it (pg_dump 15.14, 16.10, 17.6 and later write \restrict lines older psql rejects). A
 * base cached before the seed's pg_dump is pulled again before the build, as SeededPostgres pulls
 * its image again for a seed from a newer minor (pullTriggers); one that stays too old is refused
 * before anything is built.
 */
import { docker, ensureImage, ImageInfo, inspectImage, dockerHostOf } from "../core/docker";
import { usageError } from "../core/errors";
import { firstLine } from "../core/text";
import { majorOf, RESTRICT_SINCE } from "../core/version";

/** Pure: "15.10" from an image's PG_VERSION ("15.10-1.pgdg120+1") or from `psql --version`. */
export function versionIn(text: string): string | undefined {
  return /(?:^PG_VERSION=|\(PostgreSQL\) )(\d+(?:\.\d+)?)/m.exec(text)?.[1];
}

/** Pure: -1, 0 or 1 as version a is older than, equal to or newer than b ("15.9" < "15.10"). */
export function compareVersions(a: string, b: string): number {
  const [x, y] = [a, b].map((v) => v.split(".").map(Number));
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d) return Math.sign(d);
  }
  return 0;
}

/** Pure: whether a psql of `psqlVersion` rejects what the pg_dump of `seedVersion` writes. */
export function psqlRejectsSeed(psqlVersion: string, seedVersion: string): boolean {
  const since = RESTRICT_SINCE[Math.floor(majorOf(seedVersion))];
  if (since === undefined) return false;
  const minor = (v: string) => Number(v.split(".")[1] ?? 0);
  return minor(seedVersion) >= since && minor(psqlVersion) < since;
}

/** The version of the psql in an image: its PG_VERSION (official images), else `psql --version`. */
async function psqlVersionOf(image: ImageInfo, ref: string): Promise<string | undefined> {
  const fromEnv = versionIn(image.env.join("\n"));
  if (fromEnv) return fromEnv;
  const r = await docker([
    "run",
    "--rm",
    "--network",
    "none",
    "--entrypoint",
    "psql",
    ref,
    "--version",
  ]);
  return r.exitCode === 0 ? versionIn(r.stdout) : undefined;
}

/**
 * The base image for a seed made by `seedVersion`: pulled when missing, pulled again when its psql
 * is older than the seed's pg_dump; refused when it stays too old to read the seed.
 */
export async function baseForSeed(
  ref: string,
  seedVersion: string,
  fix: string,
  log?: (line: string) => void,
): Promise<ImageInfo> {
  const base = await ensureImage(ref, fix);
  const psql = await psqlVersionOf(base, ref);
  if (!psql || compareVersions(psql, seedVersion) >= 0) return base;
  log?.(
    `${ref} has psql ${psql}, older than the pg_dump ${seedVersion} that made the seed: pulling it again`,
  );
  const pull = await docker(["pull", "--quiet", ref], {
    all: true,
    deadlineSeconds: 600,
    watch: {},
  });
  const now = pull.exitCode === 0 ? await inspectImage(ref) : undefined;
  const newer = now ? await psqlVersionOf(now, ref) : undefined;
  if (now && newer && compareVersions(newer, seedVersion) >= 0) return now;
  const still = newer ?? psql;
  if (!psqlRejectsSeed(still, seedVersion)) return now ?? base;
  const why =
    pull.exitCode === 0
      ? `the image pulled has psql ${still}`
      : `docker pull failed at ${dockerHostOf()}: ${firstLine(pull.all ?? "")}`;
  throw usageError(
    `image ${ref} has psql ${still}, older than the pg_dump ${seedVersion} that made the seed, and its psql rejects the seed's \\restrict lines (${why})`,
    `pull a newer ${ref} where a registry is reachable (docker pull ${ref}), or set the image to PostgreSQL ${Math.floor(majorOf(seedVersion))}.${RESTRICT_SINCE[Math.floor(majorOf(seedVersion))]} or later`,
  );
}

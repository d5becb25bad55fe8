/**
 * A pre-seeded image per fingerprint: the target image with PGDATA already initialised and the
 * seed already loaded, so a container from it runs neither initdb nor the seed's SQL at start.
 *
 * How it is built (buildContainer.ts; docker CLI only, works offline): a container from the
 * target image, with the seed in /docker-entrypoint-initdb.d and PGDATA outside the image's
 * VOLUME, runs the image's own init; the seed's marker answering over TCP means init is over
 * (init listens on the socket only). Then pg_hba is made explicit, the role's throwaway password
 * is dropped, the server is stopped cleanly and the container committed with our entrypoint,
 * PGDATA and labels. The build container is always removed (success, failure, Ctrl-C). Here: an
 * image that already holds the same build is reused (or tagged) instead.
 *
 * Secrets: the build runs with a random password that reaches the container as a file (removed
 * before the server starts), never as an environment variable, so `docker image inspect` shows
 * none; the role is committed with no password at all. At every start the entrypoint applies the
 * runtime POSTGRES_PASSWORD (ALTER ROLE in single-user mode: no socket, no TCP yet).
 */
import { docker, ensureImage, inspectImage, requireEngine } from "../core/docker";
import { firstLine } from "../core/text";
import { usageError } from "../core/errors";
import { baseForSeed } from "./base";
import { BASE_LABEL, COPIES_LABEL, DB_LABEL, FINGERPRINT_LABEL, USER_LABEL } from "./labels";
import { type BuildIdentity, buildInContainer, ContainerBuild } from "./buildContainer";

/** Pure: whether an image's labels say it holds exactly this build. */
export const sameBuild = (labels: Record<string, string>, o: BuildIdentity) =>
  labels[FINGERPRINT_LABEL] === o.fingerprint &&
  labels[BASE_LABEL] === o.baseId &&
  labels[USER_LABEL] === o.dbUser &&
  labels[DB_LABEL] === o.dbName &&
  (labels[COPIES_LABEL] ?? "") === o.copies.join(",");

/** The id of an image that already holds this build, if any. */
async function findTwin(build: BuildIdentity): Promise<string | undefined> {
  const r = await docker([
    "images",
    "--no-trunc",
    "--quiet",
    "--filter",
    `label=${FINGERPRINT_LABEL}=${build.fingerprint}`,
    "--filter",
    `label=${BASE_LABEL}=${build.baseId}`,
  ]);
  for (const id of r.exitCode === 0
    ? [
        ...new Set(
          r.stdout
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      ]
    : []) {
    if (sameBuild((await inspectImage(id))?.labels ?? {}, build)) return id;
  }
  return undefined;
}

export interface BuildOptions extends ContainerBuild {
  /**
   * More databases in the image, each a copy of dbName (e.g. test_app: Django's test runner with
   * --keepdb).
   */
  copies?: string[];
  /** Build even when ref already holds this fingerprint on this base. */
  force?: boolean;
  /** The server version the seed's header records: a base with an older psql is pulled again. */
  seedVersion?: string;
}

export interface BuildResult {
  ref: string;
  id: string;
  fingerprint: string;
  /** true: ref already held this fingerprint on this base image; nothing was built. */
  reused: boolean;
  seconds: number;
}

/**
 * An image that already holds this build, tagged `ref` when it is under another name; undefined:
 * build one.
 */
async function reuse(
  o: BuildOptions,
  build: BuildIdentity,
  existing: { id: string; labels: Record<string, string> } | undefined,
): Promise<string | undefined> {
  if (o.force) return undefined;
  if (existing && sameBuild(existing.labels, build)) {
    o.log?.(
      `${o.ref} already holds ${o.fingerprint.slice(0, 19)}… on ${o.baseImage}: reused (--force rebuilds)`,
    );
    return existing.id;
  }
  // The same seed on the same base under another name (say, before --tag REGISTRY/…): tag that one.
  const twin = await findTwin(build);
  if (!twin) return undefined;
  const tag = await docker(["tag", twin, o.ref], { all: true });
  if (tag.exitCode !== 0)
    throw usageError(
      `docker tag ${twin.slice(0, 19)} ${o.ref} failed: ${firstLine(tag.all ?? "")}`,
      "check the --tag reference",
    );
  o.log?.(
    `${o.ref}: tagged the image that already holds ${o.fingerprint.slice(0, 19)}… on ${o.baseImage} (--force rebuilds)`,
  );
  return twin;
}

/** Builds (or reuses) the pre-seeded image of a seed file. */
export async function buildPreseededImage(o: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const result = (id: string, reused: boolean): BuildResult => ({
    ref: o.ref,
    id,
    fingerprint: o.fingerprint,
    reused,
    seconds: (Date.now() - started) / 1000,
  });
  await requireEngine();
  const fix = `pull it where a registry is reachable (docker pull ${o.baseImage}), or load or tag it locally`;
  const base = o.seedVersion
    ? await baseForSeed(o.baseImage, o.seedVersion, fix, o.log)
    : await ensureImage(o.baseImage, fix);
  const existing = await inspectImage(o.ref);
  const build: BuildIdentity = {
    fingerprint: o.fingerprint,
    baseId: base.id,
    dbUser: o.dbUser,
    dbName: o.dbName,
    copies: [...new Set(o.copies ?? [])].filter((d) => d !== o.dbName),
  };
  const reused = await reuse(o, build, existing);
  if (reused) return result(reused, true);
  const id = await buildInContainer(o, build);
  // The image the tag held before (another fingerprint, or --force): gone unless something uses it.
  if (existing && existing.id !== id) await docker(["rmi", existing.id]);
  return result(id, false);
}

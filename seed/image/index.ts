/**
 * Pre-seeded images: `pgseed image` and the PreseededImage resource build one per fingerprint
 * (build.ts), push it, and remove the one a newer seed replaced.
 */
import * as path from "path";
import { docker, inspectImage } from "../core/docker";
import { PgseedError } from "../core/errors";
import { intactSeed } from "../seedfile/state";
import { buildPreseededImage, BuildResult } from "./build";
import { FINGERPRINT_LABEL } from "./labels";
import { imageRef } from "./ref";

/**
 * Untags a pre-seeded image pgseed built (its label names `fingerprint`); anything else under that
 * reference is left alone. Never forced: an image a container still runs stays (false).
 */
export async function removePreseededImage(ref: string, fingerprint: string): Promise<boolean> {
  const image = await inspectImage(ref);
  if (!image || image.labels[FINGERPRINT_LABEL] !== fingerprint) return false;
  return (await docker(["image", "rm", ref])).exitCode === 0;
}

/**
 * Whether the pre-seeded image `ref` is on the engine: false when it is not, undefined when no
 * engine answers (no verdict).
 */
export async function preseededImagePresent(ref: string): Promise<boolean | undefined> {
  const r = await docker(["image", "inspect", "--format", "{{.Id}}", ref]);
  if (r.exitCode === 0) return true;
  return /Cannot connect|error during connect/i.test(r.stderr) ? undefined : false;
}

/** Pushes the image; a failure is one line naming the reference. */
export async function pushImage(ref: string): Promise<void> {
  const r = await docker(["push", ref], { all: true, deadlineSeconds: 1800, watch: {} });
  if (r.exitCode !== 0) {
    const why =
      (r.all ?? "")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .pop() ?? `exit code ${r.exitCode}`;
    throw new PgseedError(
      `docker push ${ref} failed: ${why}`,
      "log in to its registry (docker login <registry>), or --tag it under a registry you can push to, e.g. --tag registry.example.com/team/app-db",
    );
  }
}

export interface PreseededImageOptions {
  /** Target image, seed and app folder (settings.engine). */
  engine: { image: string; seedPath: string; appDir: string };
  /** Owner role and database of the seeded database (settings.deploy). */
  dbUser: string;
  dbName: string;
  /**
   * Freshness of the seed: the current fingerprint (computeFingerprint), checked against the seed's
   * header.
   */
  fingerprint: string;
  tag?: string;
  copies?: string[];
  push?: boolean;
  force?: boolean;
  log?: (line: string) => void;
}

/** `pgseed image`: the pre-seeded image of the current (fresh) seed, pushed on request. */
export async function makePreseededImage(
  o: PreseededImageOptions,
): Promise<BuildResult & { pushed: boolean }> {
  // Missing, invalid or tampered: the same one-line errors as load.
  const { header } = await intactSeed(o.engine.seedPath);
  const rel = path.relative(process.cwd(), o.engine.seedPath) || o.engine.seedPath;
  if (header.fingerprint !== o.fingerprint) {
    throw new PgseedError(
      `${rel} is stale (seed ${header.fingerprint.slice(0, 19)}…, now ${o.fingerprint.slice(0, 19)}…): an image of it would not be the latest state`,
      "run `pgseed regenerate`, then `pgseed image` again",
    );
  }
  const ref = imageRef({ tag: o.tag, appDir: o.engine.appDir, fingerprint: o.fingerprint });
  const result = await buildPreseededImage({
    baseImage: o.engine.image,
    seedPath: o.engine.seedPath,
    fingerprint: o.fingerprint,
    dbUser: o.dbUser,
    dbName: o.dbName,
    copies: o.copies,
    ref,
    force: o.force,
    log: o.log,
    seedVersion: header.postgres,
  });
  if (o.push) {
    o.log?.(`pushing ${ref}`);
    await pushImage(ref);
  }
  return { ...result, pushed: !!o.push };
}

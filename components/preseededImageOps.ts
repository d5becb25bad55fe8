/**
 * What the PreseededImage provider does, over seed/image.ts: no Pulumi import (the serialized
 * provider loads this compiled module by path, like SeedDump's). Paths are project-relative, so
 * the state is the same on every machine.
 */
import * as path from "path";

export interface PreseededImageInputs {
  /** Image repository (the preseededImage setting); the tag is the short fingerprint. */
  repo: string;
  /** App folder and seed file, relative to the project folder. */
  appDir: string;
  seedPath: string;
  /** The seed's fingerprint and sha256 (SeedDump's outputs): the image follows the seed. */
  fingerprint: string;
  seedSha256: string;
  /** Target image the pre-seeded one is built FROM. */
  baseImage: string;
  /** Owner role of the database in the image. */
  dbUser: string;
  /** Database the seed is loaded into. */
  dbName: string;
  /** More databases copied from dbName (the CI test step's test_<db>). */
  copies: string[];
  /** Push after building: the CI runners pull it. */
  push: boolean;
}

export interface PreseededImageOutputs extends PreseededImageInputs {
  /** REPO:<short fingerprint>. */
  ref: string;
  imageId: string;
}

const BUILD_KEYS: ReadonlyArray<keyof PreseededImageInputs> = [
  "repo",
  "fingerprint",
  "seedSha256",
  "baseImage",
  "dbUser",
  "dbName",
  "copies",
  "push",
];

/**
 * Pure: a new seed, base, database layout or repository builds a new image (an update, never a
 * replace).
 */
export function diffImage(
  olds: Partial<PreseededImageInputs>,
  news: PreseededImageInputs,
): { changes: boolean; changed: string[] } {
  const changed = BUILD_KEYS.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
  return { changes: changed.length > 0, changed };
}

/**
 * Whether the image this state built is still on the local engine. Checked only for a local-only
 * image (push off): a pushed one is pulled from its registry by whoever runs it.
 */
export async function localImageGone(olds: Partial<PreseededImageOutputs>): Promise<boolean> {
  if (olds.push || !olds.ref) return false;
  const { preseededImagePresent } = await import("../seed/image");
  return (await preseededImagePresent(olds.ref)) === false;
}

/** Builds (or reuses) REPO:<short fingerprint> of the seed on disk, pushed on request. */
export async function buildImage(
  inputs: PreseededImageInputs,
  root: string,
): Promise<PreseededImageOutputs> {
  const { makePreseededImage } = await import("../seed/image");
  const abs = (p: string) => path.resolve(root, p);
  const result = await makePreseededImage({
    engine: { image: inputs.baseImage, seedPath: abs(inputs.seedPath), appDir: abs(inputs.appDir) },
    dbUser: inputs.dbUser,
    dbName: inputs.dbName,
    fingerprint: inputs.fingerprint,
    tag: inputs.repo,
    copies: inputs.copies,
    push: inputs.push,
  });
  return { ...inputs, ref: result.ref, imageId: result.id };
}

/**
 * The image of an older state, untagged on this engine once replaced or deleted (images of every
 * seed would pile up, ~100 MB each). Only one pgseed built for that fingerprint; a registry copy
 * stays.
 */
export async function removeOldImage(
  olds: Partial<PreseededImageOutputs>,
  keep?: string,
): Promise<void> {
  if (!olds.ref || !olds.fingerprint || olds.ref === keep) return;
  const { removePreseededImage } = await import("../seed/image");
  await removePreseededImage(olds.ref, olds.fingerprint).catch(() => false);
}

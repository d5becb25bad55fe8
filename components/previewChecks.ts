/**
 * What a preview can check before an update fails on it: that an image is on the Docker engine or
 * can be pulled, and that a seed that must be built has a server to build it on (local PostgreSQL
 * binaries of its major, or Docker). No Pulumi import: SeedDump's provider runs these in its
 * check, SeededPostgres in the program. Each returns an engine message (CLI terms), or undefined.
 */
import type { EngineSettings } from "../seed/core/settings";

/** Seconds `docker manifest inspect` may take to say whether a registry serves an image. */
const MANIFEST_SECONDS = 20;

/**
 * Whether `ref` is on the engine (docker image inspect) or a registry serves it (docker manifest
 * inspect, no layers downloaded); the message names both ways out when neither.
 */
export async function imageProblem(ref: string, usedFor: string): Promise<string | undefined> {
  const { docker, inspectImage, requireEngine, dockerHostOf } = await import("../seed/core/docker");
  const { firstLine } = await import("../seed/core/text");
  const { usageError } = await import("../seed/core/errors");
  try {
    await requireEngine();
  } catch (err) {
    return (err as Error).message;
  }
  if (await inspectImage(ref)) return undefined;
  const manifest = await docker(["manifest", "inspect", ref], {
    all: true,
    deadlineSeconds: MANIFEST_SECONDS,
  }).catch((err: Error) => ({ exitCode: 1, all: err.message.split("\n")[0] }));
  if (manifest.exitCode === 0) return undefined;
  return usageError(
    `image ${ref} (${usedFor}) is not on the Docker engine at ${dockerHostOf()} and cannot be pulled: ${firstLine(String(manifest.all ?? "")) || "no answer"}`,
    `docker pull ${ref} (or docker load -i <file> where no registry is reachable), or set --image to an image the engine has`,
  ).message;
}

/**
 * Whether the seed can be built here: local binaries of its major (engine local, or auto when
 * they are there), else the target image in Docker.
 */
export async function serverProblem(settings: EngineSettings): Promise<string | undefined> {
  const { serverKind } = await import("../seed/servers");
  let kind: string;
  try {
    kind = serverKind({
      major: settings.postgresVersion,
      pgBin: settings.pgBin,
      image: settings.image,
      engine: settings.engine,
    }).name;
    if (kind === "local") {
      const { findPgBin } = await import("../seed/servers/pgBin");
      findPgBin(settings.postgresVersion, settings.pgBin);
      return undefined;
    }
  } catch (err) {
    return (err as Error).message;
  }
  return imageProblem(settings.image, `the seed is built on it`);
}

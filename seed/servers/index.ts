/**
 * Which throwaway server regenerate gets: local binaries when they are of the seed's major,
 * else the target image in Docker when an engine answers (engine auto), or the one asked for.
 */
import type { ServerKind, ServerRequest, ThrowawayServer } from "./types";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { findPgBin } from "./pgBin";
import { localServer } from "./local";

export type { ServerKind, ServerRequest, ThrowawayServer } from "./types";

// Loaded only when asked for: most runs never touch Docker.
const dockerServer = (): ServerKind => require("./docker").dockerServer;

/** The server kind of a request; `auto` tries local binaries first (no daemon, faster start). */
export function serverKind(request: ServerRequest): ServerKind {
  if (request.engine === "local") return localServer;
  if (request.engine === "docker") return dockerServer();
  if (request.pgBin) return localServer; // the user pointed at binaries: use them, or say why not
  try {
    findPgBin(request.major, request.pgBin);
    return localServer;
  } catch (localErr) {
    const docker = dockerServer();
    if (docker.available?.() !== false) return docker;
    throw new PgseedError(
      `no way to run PostgreSQL ${request.major} here: ${(localErr as Error).message.split("\n")[0]}, and no Docker engine answers`,
      `install PostgreSQL ${request.major} (Debian: apt-get install -y postgresql-${request.major}) or pass --pg-bin DIR; or start Docker so --engine docker can run ${request.image}`,
      EXIT_USAGE,
    );
  }
}

export const startServer = (request: ServerRequest): Promise<ThrowawayServer> =>
  serverKind(request).start(request);

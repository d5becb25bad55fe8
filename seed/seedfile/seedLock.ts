/**
 * An advisory lock beside the seed (`.<seed>.lock`, a folder made by proper-lockfile), so
 * concurrent regenerations of one seed take turns: the first does the work, the others wait and
 * then find the seed fresh. The holder refreshes the folder's mtime every few seconds; a lock not
 * refreshed for STALE_MS is taken over. Liveness is read from the file system, never from a pid,
 * so a holder in another container or on another host sharing the folder counts as alive.
 */
import * as path from "path";
import * as lockfile from "proper-lockfile";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { registerCleanup } from "../core/cleanup";

export const lockPathFor = (seedPath: string) =>
  path.join(path.dirname(seedPath), `.${path.basename(seedPath)}.lock`);

/** Long enough that a busy event loop (a large seed being hashed) never loses the lock. */
export const STALE_MS = 30000;
const UPDATE_MS = 5000;
const POLL_MS = 50;

export interface LockOptions {
  /** Tests shorten this; proper-lockfile's floor is 2 s. */
  staleMs?: number;
}

/** Takes the lock, waiting up to timeoutMs; returns the release function. */
export async function acquireLock(
  seedPath: string,
  timeoutMs: number,
  onWait?: () => void,
  options: LockOptions = {},
): Promise<() => void> {
  const lockDir = lockPathFor(seedPath);
  const stale = options.staleMs ?? STALE_MS;
  const start = Date.now();
  let told = false;
  for (;;) {
    try {
      const unlock = await lockfile.lock(seedPath, {
        lockfilePath: lockDir,
        realpath: false, // the seed need not exist yet
        stale,
        update: Math.min(UPDATE_MS, stale / 2),
        retries: 0, // we poll ourselves, to tell the user once and to honour timeoutMs
        // Lost (not refreshed within `stale`, or removed by hand): the seed is still written
        // atomically, so say so rather than crash from a timer.
        onCompromised: (err) =>
          process.stderr.write(
            `pgseed: warning: lost the lock ${lockDir} (${err.message}); another pgseed may regenerate at the same time\n`,
          ),
      });
      const reg = registerCleanup(() => unlock().catch(() => undefined));
      return () => reg.run();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ELOCKED") {
        throw new PgseedError(
          `cannot create lock ${lockDir}: ${(err as Error).message}`,
          `make the seed's folder writable, or remove ${lockDir} if no pgseed is running`,
          EXIT_USAGE,
        );
      }
    }
    if (Date.now() - start > timeoutMs) {
      throw new PgseedError(
        `another pgseed holds ${lockDir} for more than ${Math.round(timeoutMs / 1000)}s`,
        `wait for it, or remove the lock folder if no pgseed is running (a lock not refreshed for ${Math.round(stale / 1000)}s is taken over)`,
        EXIT_USAGE,
      );
    }
    if (!told) onWait?.();
    told = true;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

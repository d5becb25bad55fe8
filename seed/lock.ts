/**
 * An advisory lock beside the seed (`.<seed>.lock`, holding the owner's pid), so concurrent
 * regenerations of one seed take turns: the first does the work, the others wait and then find
 * the seed fresh. A lock whose owner died is taken over.
 */
import * as fs from "fs";
import * as path from "path";
import { PgseedError, EXIT_USAGE } from "./errors";
import { registerCleanup } from "./cleanup";

export const lockPathFor = (seedPath: string) => path.join(path.dirname(seedPath), `.${path.basename(seedPath)}.lock`);

function ownerAlive(lockFile: string): boolean {
  const pid = Number(fs.readFileSync(lockFile, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock, waiting up to timeoutMs; returns the release function. */
export async function acquireLock(seedPath: string, timeoutMs: number, onWait?: () => void): Promise<() => void> {
  const lockFile = lockPathFor(seedPath);
  const start = Date.now();
  let told = false;
  for (;;) {
    try {
      const fd = fs.openSync(lockFile, "wx", 0o644);
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      const reg = registerCleanup(() => fs.rmSync(lockFile, { force: true }));
      return () => reg.run();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") {
        throw new PgseedError(`cannot create lock ${lockFile}: ${(err as Error).message}`, "make the seed's folder writable", EXIT_USAGE);
      }
    }
    try {
      // A lock younger than a second may not hold its pid yet.
      if (Date.now() - fs.statSync(lockFile).mtimeMs > 1000 && !ownerAlive(lockFile)) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
    } catch {
      continue; // released between our open and our look: try again at once
    }
    if (Date.now() - start > timeoutMs) {
      throw new PgseedError(`another pgseed holds ${lockFile} for more than ${Math.round(timeoutMs / 1000)}s`, "wait for it, or remove the lock file if no pgseed is running", EXIT_USAGE);
    }
    if (!told) onWait?.();
    told = true;
    await new Promise((r) => setTimeout(r, 50));
  }
}

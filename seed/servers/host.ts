/**
 * This machine, as throwaway servers need it: RAM-backed temp space, and the unprivileged account
 * a server runs as when pgseed runs as root (postgres refuses root).
 */
import * as fs from "fs";
import * as os from "os";
import { PgseedError, EXIT_USAGE } from "../core/errors";

/**
 * The role every throwaway cluster is initialised with (trust authentication on its own socket).
 */
export const SERVER_USER = "postgres";

/**
 * uid/gid to run the server as: ourselves (undefined), or an unprivileged account when we are root.
 */
export type Account = { uid: number; gid: number } | undefined;

export function serverAccount(passwd = safeRead("/etc/passwd")): Account {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const line = passwd.split("\n").find((l) => l.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(":");
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new PgseedError(
    "running as root and no unprivileged account (postgres or nobody) exists; PostgreSQL refuses to run as root",
    "create one: useradd --system postgres",
    EXIT_USAGE,
  );
}

export function safeRead(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** RAM-backed temp space where there is some: initdb and loads create many files. */
export function tempBase(): string {
  // PGSEED_TMP: a folder of one's own (tests use a private one, so no state is shared).
  if (process.env.PGSEED_TMP) return process.env.PGSEED_TMP;
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
    return "/dev/shm";
  } catch {
    return os.tmpdir();
  }
}

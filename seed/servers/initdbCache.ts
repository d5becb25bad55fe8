/**
 * Empty clusters for throwaway servers. An empty cluster is the same bytes for the same binaries
 * and options, and initdb costs ~0.7 s while a copy costs ~0.07 s: so initdb runs once per
 * binaries into a cache folder on /dev/shm, and every server starts from a copy.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { tail } from "../core/text";
import type { PgBin } from "./pgBin";
import { SERVER_USER, tempBase, Account } from "./host";

export const INITDB_ARGS = [
  "-A",
  "trust",
  "-U",
  SERVER_USER,
  "-E",
  "UTF8",
  "--locale=C",
  "-N",
  "--wal-segsize=1",
];

/** initdb into dataDir as the server account; errors say what to do. */
async function initdb(bin: PgBin, dataDir: string, account: Account): Promise<void> {
  const init = await execa(path.join(bin.dir, "initdb"), ["-D", dataDir, ...INITDB_ARGS], {
    ...(account ?? {}),
    reject: false,
    all: true,
    env: { LC_ALL: "C" },
  });
  if (init.exitCode === 0) return;
  throw new Error(
    `initdb failed (${init.exitCode ?? (init as { shortMessage?: string }).shortMessage}):\n${tail(init.all ?? "")}`,
  );
}

/**
 * An empty cluster is the same bytes for the same binaries and options, and initdb costs ~0.7 s
 * while a copy costs ~0.07 s: so initdb runs once per binaries into a cache folder beside the
 * throwaway servers, and every server starts from a copy. The cache appears whole or not at all
 * (built aside, then renamed into place).
 */
async function pristineCluster(bin: PgBin, account: Account): Promise<string> {
  // Keyed by the real initdb (a --pg-bin of symlinks shares the cache of what it links to).
  const initdbPath = fs.realpathSync(path.join(bin.dir, "initdb"));
  const key = crypto
    .createHash("sha256")
    .update(JSON.stringify([initdbPath, bin.version, INITDB_ARGS, account?.uid]))
    .digest("hex")
    .slice(0, 12);
  const cached = path.join(tempBase(), `pgseed-initdb-${bin.version}-${key}`);
  if (fs.existsSync(path.join(cached, "PG_VERSION"))) return cached;
  const building = fs.mkdtempSync(path.join(tempBase(), "pgseed-initdb-tmp-"));
  try {
    if (account) fs.chownSync(building, account.uid, account.gid);
    await initdb(bin, path.join(building, "data"), account);
    try {
      fs.renameSync(path.join(building, "data"), cached);
    } catch (err) {
      // Another pgseed put its copy in place first: same bytes, use it.
      if (!["EEXIST", "ENOTEMPTY"].includes((err as NodeJS.ErrnoException).code ?? "")) throw err;
    }
    // A minor upgrade leaves the old version's cache unused: free its RAM.
    for (const name of fs.readdirSync(tempBase())) {
      if (
        name.startsWith(`pgseed-initdb-${bin.major}.`) &&
        !name.startsWith(`pgseed-initdb-${bin.version}-`)
      ) {
        fs.rmSync(path.join(tempBase(), name), { recursive: true, force: true });
      }
    }
    return cached;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
}

/**
 * An empty cluster in dataDir. The cache lives only in /dev/shm: RAM, emptied whole at reboot,
 * never thinned by a temp cleaner (a half-deleted cache on disk would fail every start).
 * Elsewhere initdb runs each time.
 */
export async function emptyCluster(bin: PgBin, dataDir: string, account: Account): Promise<void> {
  if (!`${dataDir}/`.startsWith("/dev/shm/") || !`${tempBase()}/`.startsWith("/dev/shm/"))
    return initdb(bin, dataDir, account);
  // cp -a keeps the server account's ownership and the 0700 mode postgres insists on.
  const copy = await execa("cp", ["-a", await pristineCluster(bin, account), dataDir], {
    reject: false,
  });
  if (copy.exitCode !== 0) throw new Error(`copying the initdb cache failed: ${copy.stderr}`);
}

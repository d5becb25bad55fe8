/**
 * Empty clusters for throwaway servers. An empty cluster is the same bytes for the same binaries
 * and options, and initdb costs ~0.7 s while a copy costs ~0.07 s: so initdb runs once per
 * binaries into a cache folder on /dev/shm, and every server starts from a copy.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import * as lockfile from "proper-lockfile";
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
 * The cache of these binaries, options and account: one folder per (binaries, uid), named by the
 * version so a newer minor can prune an older one's.
 */
function cachePath(bin: PgBin, account: Account): string {
  // Keyed by the real initdb (a --pg-bin of symlinks shares the cache of what it links to), and by
  // who we are: another user's cache (mode 0700) is neither readable nor ours to prune.
  const initdbPath = fs.realpathSync(path.join(bin.dir, "initdb"));
  const key = crypto
    .createHash("sha256")
    .update(
      JSON.stringify([initdbPath, bin.version, INITDB_ARGS, account?.uid, process.getuid?.()]),
    )
    .digest("hex")
    .slice(0, 12);
  return path.join(tempBase(), `pgseed-initdb-${bin.version}-${key}`);
}

/**
 * Runs `fn` holding the cache's lock (`<cache>.lock`, proper-lockfile): a copy and a prune of one
 * cache take turns, so a prune never removes a cache while a run copies it. undefined when the
 * lock stayed busy for `waitMs` (a holder killed mid-copy holds it until it goes stale).
 */
async function withCacheLock<T>(
  cached: string,
  waitMs: number,
  fn: () => Promise<T>,
): Promise<T | undefined> {
  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(cached, {
      realpath: false,
      stale: 10000,
      update: 2000,
      retries: waitMs ? { retries: Math.ceil(waitMs / 25), factor: 1, minTimeout: 25 } : 0,
      onCompromised: () => undefined, // the copy or rename under way finishes either way
    });
  } catch {
    return undefined;
  }
  try {
    return await fn();
  } finally {
    await unlock().catch(() => undefined);
  }
}

/**
 * A minor upgrade leaves the old version's cache unused: free its RAM. Only our own caches of this
 * major, each renamed away under its lock (a cache being copied is skipped), then removed: a cache
 * is at its path whole, or not at all.
 */
export async function pruneOtherMinors(bin: PgBin, account: Account): Promise<void> {
  const base = tempBase();
  const other = new RegExp(`^pgseed-initdb-${bin.major}\\.[^-/]+-[0-9a-f]{12}$`);
  const owner = account?.uid ?? process.getuid?.();
  for (const name of fs.readdirSync(base)) {
    if (!other.test(name) || name.startsWith(`pgseed-initdb-${bin.version}-`)) continue;
    const cached = path.join(base, name);
    const trash = path.join(base, `pgseed-initdb-trash-${crypto.randomBytes(6).toString("hex")}`);
    const moved = await withCacheLock(cached, 0, async () => {
      if (fs.statSync(cached).uid !== owner) return false; // another user's
      fs.renameSync(cached, trash);
      return true;
    }).catch(() => false);
    if (moved) fs.rmSync(trash, { recursive: true, force: true });
  }
}

/** initdb aside, then renamed into place whole; a concurrent build that wins first is as good. */
async function buildCache(bin: PgBin, account: Account, cached: string): Promise<void> {
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
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  await pruneOtherMinors(bin, account).catch(() => undefined); // freeing RAM never fails a run
}

/**
 * An empty cluster in dataDir. initdb costs ~0.7 s and a copy ~0.07 s, and an empty cluster is the
 * same bytes for the same binaries and options: so initdb runs once per binaries into a cache
 * folder beside the throwaway servers, and every server starts from a copy, made under the cache's
 * lock. The cache lives only in /dev/shm: RAM, emptied whole at reboot, never thinned by a temp
 * cleaner (a half-deleted cache on disk would fail every start). Elsewhere, or when the cache
 * stays busy or keeps being pruned, initdb runs into dataDir itself.
 */
export async function emptyCluster(bin: PgBin, dataDir: string, account: Account): Promise<void> {
  if (!`${dataDir}/`.startsWith("/dev/shm/") || !`${tempBase()}/`.startsWith("/dev/shm/"))
    return initdb(bin, dataDir, account);
  const cached = cachePath(bin, account);
  // false: no cache (build it, once); undefined: its lock stayed busy (a stale lock: not waited on)
  const copy = () =>
    withCacheLock(cached, 5000, async () => {
      if (!fs.existsSync(path.join(cached, "PG_VERSION"))) return false;
      // cp -a keeps the server account's ownership and the 0700 mode postgres insists on.
      const cp = await execa("cp", ["-a", cached, dataDir], { reject: false });
      if (cp.exitCode !== 0) throw new Error(`copying the initdb cache failed: ${cp.stderr}`);
      return true;
    });
  let copied = await copy();
  if (copied === false) {
    await buildCache(bin, account, cached);
    copied = await copy();
  }
  if (!copied) await initdb(bin, dataDir, account);
}

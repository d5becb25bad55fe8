/**
 * Local PostgreSQL binaries and throwaway servers. A throwaway server lives in a temp folder
 * (RAM-backed /dev/shm where it exists), listens on its own unix socket and 127.0.0.1 only, runs
 * with fsync off, runs as an unprivileged user when we are root (postgres refuses root), and is
 * torn down on success, failure and signals.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { majorOf } from "../core/version";
import { registerCleanup } from "../core/cleanup";
import { freePort } from "../core/net";

export interface PgBin {
  dir: string;
  version: string;
  major: number;
}

function binVersion(dir: string): string | undefined {
  const postgres = path.join(dir, "postgres");
  if (!fs.existsSync(postgres)) return undefined;
  const out = execa.sync(postgres, ["--version"], { reject: false }).stdout;
  return /\(PostgreSQL\) (\S+)/.exec(out)?.[1];
}

function pgConfigBindir(): string | undefined {
  const r = execa.sync("pg_config", ["--bindir"], { reject: false });
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

const binCache = new Map<string, PgBin>();

/**
 * The local binaries of a major: --pg-bin when given (it must be that major), else the first of
 * `pg_config --bindir` and /usr/lib/postgresql/<major>/bin that is that major.
 */
export function findPgBin(major: number, pgBin?: string): PgBin {
  const key = `${major}:${pgBin ?? ""}`;
  const cached = binCache.get(key);
  if (cached) return cached;
  const candidates = pgBin ? [pgBin] : [pgConfigBindir(), `/usr/lib/postgresql/${major}/bin`].filter((d): d is string => !!d);
  const seen: string[] = [];
  for (const dir of candidates) {
    const version = binVersion(dir);
    if (!version) {
      seen.push(`${dir} (no postgres binary)`);
      continue;
    }
    if (majorOf(version) === major) {
      const found = { dir, version, major };
      binCache.set(key, found);
      return found;
    }
    seen.push(`${dir} (PostgreSQL ${version})`);
  }
  const anyMismatch = seen.some((s) => s.includes("(PostgreSQL"));
  throw new PgseedError(
    anyMismatch
      ? `PostgreSQL major version mismatch: the seed must be made by PostgreSQL ${major}, but the local binaries are ${seen.join(", ")}`
      : `PostgreSQL ${major} binaries not found (looked in ${seen.join(", ") || "nothing"})`,
    `install them (Debian: apt-get install -y postgresql-${major}; elsewhere the PostgreSQL apt/yum repositories) or pass --pg-bin DIR` +
      (anyMismatch ? `, or set --postgres-version to the local major if your servers run it` : ""),
    EXIT_USAGE,
  );
}

/** uid/gid to run the server as: ourselves, or an unprivileged account when we are root. */
export function serverAccount(passwd = safeRead("/etc/passwd")): { uid: number; gid: number } | undefined {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const line = passwd.split("\n").find((l) => l.startsWith(`${name}:`));
    if (line) {
      const [, , uid, gid] = line.split(":");
      return { uid: Number(uid), gid: Number(gid) };
    }
  }
  throw new PgseedError("running as root and no unprivileged account (postgres or nobody) exists; PostgreSQL refuses to run as root", "create one: useradd --system postgres", EXIT_USAGE);
}

function safeRead(file: string): string {
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

export interface Connection {
  /** libpq variables and DATABASE_URL, as the migrate command gets them. */
  env: Record<string, string>;
  url: string;
}

export interface ThrowawayServer extends Connection {
  bin: PgBin;
  socketDir: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

const SERVER_USER = "postgres";
const SERVER_DB = "postgres";
// Trust authentication on a private socket and loopback: the password only satisfies tools that insist on one.
const SERVER_PASSWORD = "pgseed";

const tail = (text: string, n = 15) => text.trimEnd().split("\n").slice(-n).join("\n");

/** Waits until the postmaster writes "ready" into its pid file (what pg_ctl -w reads), polling every 5 ms. */
async function waitReady(dataDir: string, child: execa.ExecaChildProcess, log: () => string, timeoutMs = 60000): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const start = Date.now();
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", () => (exited = true));
  for (;;) {
    const lines = safeRead(pidFile).split("\n");
    if (lines[7]?.trim() === "ready") return;
    if (exited) throw new Error(`postgres exited while starting:\n${tail(log())}`);
    if (Date.now() - start > timeoutMs) throw new Error(`postgres was not ready after ${timeoutMs / 1000}s:\n${tail(log())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const INITDB_ARGS = ["-A", "trust", "-U", SERVER_USER, "-E", "UTF8", "--locale=C", "-N", "--wal-segsize=1"];
type Account = ReturnType<typeof serverAccount>;

/** initdb into dataDir as the server account; errors say what to do. */
async function initdb(bin: PgBin, dataDir: string, account: Account): Promise<void> {
  const init = await execa(path.join(bin.dir, "initdb"), ["-D", dataDir, ...INITDB_ARGS], {
    ...(account ?? {}),
    reject: false,
    all: true,
    env: { LC_ALL: "C" },
  });
  if (init.exitCode === 0) return;
  throw new Error(`initdb failed (${init.exitCode ?? (init as { shortMessage?: string }).shortMessage}):\n${tail(init.all ?? "")}`);
}

const runnableBy = new Set<string>();
/** As root the server runs as another account: it must be able to reach and run the binaries. */
async function checkRunnable(bin: PgBin, account: NonNullable<Account>): Promise<void> {
  const key = `${bin.dir}:${account.uid}`;
  if (runnableBy.has(key)) return;
  const r = await execa(path.join(bin.dir, "postgres"), ["--version"], { ...account, reject: false });
  if (r.exitCode !== 0) {
    throw new PgseedError(
      `the PostgreSQL binaries in ${bin.dir} cannot be run by uid ${account.uid}, the unprivileged account pgseed runs the server as when it runs as root`,
      `make ${bin.dir} and its parent folders readable and searchable by others (chmod o+rx), or install the binaries elsewhere`,
      EXIT_USAGE,
    );
  }
  runnableBy.add(key);
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
  const key = crypto.createHash("sha256").update(JSON.stringify([initdbPath, bin.version, INITDB_ARGS, account?.uid])).digest("hex").slice(0, 12);
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
      if (name.startsWith(`pgseed-initdb-${bin.major}.`) && !name.startsWith(`pgseed-initdb-${bin.version}-`)) {
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
async function emptyCluster(bin: PgBin, dataDir: string, account: Account): Promise<void> {
  if (!`${dataDir}/`.startsWith("/dev/shm/") || !`${tempBase()}/`.startsWith("/dev/shm/")) return initdb(bin, dataDir, account);
  // cp -a keeps the server account's ownership and the 0700 mode postgres insists on.
  const copy = await execa("cp", ["-a", await pristineCluster(bin, account), dataDir], { reject: false });
  if (copy.exitCode !== 0) throw new Error(`copying the initdb cache failed: ${copy.stderr}`);
}

/** Starts an empty throwaway server of the given binaries. Always call stop(). */
export async function startThrowawayServer(bin: PgBin, options: { baseDir?: string } = {}): Promise<ThrowawayServer> {
  const account = serverAccount();
  const dir = fs.mkdtempSync(path.join(options.baseDir ?? tempBase(), "pgseed-"));
  let child: execa.ExecaChildProcess | undefined;
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  const unregister = registerCleanup(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGQUIT");
      await Promise.race([child.catch(() => undefined), new Promise((r) => setTimeout(r, 3000).unref())]);
      if (child.exitCode === null) child.kill("SIGKILL");
      await child.catch(() => undefined);
    }
    removeDir();
  });
  const stop = async () => {
    unregister.run();
    await unregister.done;
  };
  try {
    const dataDir = path.join(dir, "data");
    if (account) fs.chownSync(dir, account.uid, account.gid);
    const asServer = account ?? {};
    // Both at once; the account's error, when there is one, is the one that says what to do.
    const settled = await Promise.allSettled([account ? checkRunnable(bin, account) : undefined, emptyCluster(bin, dataDir, account)]);
    for (const r of settled) if (r.status === "rejected") throw r.reason;
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      let output = "";
      child = execa(
        path.join(bin.dir, "postgres"),
        ["-D", dataDir, "-k", dir, "-p", String(port), "-c", "listen_addresses=127.0.0.1",
          "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
          "-c", "max_wal_senders=0", "-c", "wal_level=minimal", "-c", "autovacuum=off"],
        { ...asServer, reject: false, buffer: false, cleanup: true, env: { LC_ALL: "C" } },
      );
      child.stderr?.on("data", (d) => (output += d));
      child.stdout?.on("data", (d) => (output += d));
      try {
        await waitReady(dataDir, child, () => output);
      } catch (err) {
        // Another process may take the free port between our probe and the bind: retry then.
        if (attempt < 5 && /could not (bind|create listen)/i.test(output)) continue;
        throw err;
      }
      const env = {
        PGHOST: "127.0.0.1",
        PGPORT: String(port),
        PGUSER: SERVER_USER,
        PGPASSWORD: SERVER_PASSWORD,
        PGDATABASE: SERVER_DB,
        DATABASE_URL: `postgresql://${SERVER_USER}:${SERVER_PASSWORD}@127.0.0.1:${port}/${SERVER_DB}`,
      };
      return { bin, dir, port, socketDir: dir, env, url: env.DATABASE_URL, stop };
    }
  } catch (err) {
    await stop();
    if (err instanceof PgseedError) throw err;
    throw new PgseedError(`could not start a throwaway PostgreSQL ${bin.version} from ${bin.dir}: ${(err as Error).message}`, "check the binaries with `postgres --version` and free space in " + tempBase());
  }
}

/** Connection options for our own clients (psql, pg_dump): the unix socket, no password. */
export function socketEnv(server: ThrowawayServer): Record<string, string> {
  return { PGHOST: server.socketDir, PGPORT: String(server.port), PGUSER: SERVER_USER, PGDATABASE: SERVER_DB };
}

/**
 * A client program (psql, pg_dump) for a major: from --pg-bin when given, else the local binaries
 * of that major, else the one on PATH (a client-only install).
 */
export function clientBinary(name: "psql" | "pg_dump", major: number, pgBin?: string): string {
  if (pgBin) return path.join(pgBin, name);
  const debian = `/usr/lib/postgresql/${Math.floor(major)}/bin/${name}`;
  try {
    return path.join(findPgBin(Math.floor(major)).dir, name);
  } catch {
    return fs.existsSync(debian) ? debian : name;
  }
}

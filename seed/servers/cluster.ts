/**
 * A throwaway cluster of local PostgreSQL binaries. It lives in a temp folder
 * (RAM-backed /dev/shm where it exists), listens on its own unix socket and 127.0.0.1 only, runs
 * with fsync off, runs as an unprivileged user when we are root (postgres refuses root), and is
 * torn down on success, failure and signals.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { registerCleanup } from "../core/cleanup";
import { freePort } from "../core/net";
import { tail } from "../core/text";
import type { PgBin } from "./pgBin";
import { serverArgs, serverConnection, ServerConnection, THROWAWAY_OPTIONS } from "./types";
import { emptyCluster } from "./initdbCache";
import { safeRead, serverAccount, tempBase, Account, SERVER_USER } from "./host";

const runnableBy = new Set<string>();
/** As root the server runs as another account: it must be able to reach and run the binaries. */
async function checkRunnable(bin: PgBin, account: NonNullable<Account>): Promise<void> {
  const key = `${bin.dir}:${account.uid}`;
  if (runnableBy.has(key)) return;
  const r = await execa(path.join(bin.dir, "postgres"), ["--version"], {
    ...account,
    reject: false,
  });
  if (r.exitCode !== 0) {
    throw new PgseedError(
      `the PostgreSQL binaries in ${bin.dir} cannot be run by uid ${account.uid}, the unprivileged account pgseed runs the server as when it runs as root`,
      `make ${bin.dir} and its parent folders readable and searchable by others (chmod o+rx), or install the binaries elsewhere`,
      EXIT_USAGE,
    );
  }
  runnableBy.add(key);
}

export interface LocalCluster extends ServerConnection {
  bin: PgBin;
  socketDir: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

const SERVER_DB = "postgres";
// Trust authentication on a private socket and loopback: the password only satisfies tools that
// insist on one.
const SERVER_PASSWORD = "pgseed";

/**
 * Waits until the postmaster writes "ready" into its pid file (what pg_ctl -w reads), polling every
 * 5 ms.
 */
async function waitReady(
  dataDir: string,
  child: execa.ExecaChildProcess,
  log: () => string,
  timeoutMs = 60000,
): Promise<void> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  const start = Date.now();
  let exited = false;
  child.once("exit", () => (exited = true));
  child.once("error", () => (exited = true));
  for (;;) {
    const lines = safeRead(pidFile).split("\n");
    if (lines[7]?.trim() === "ready") return;
    if (exited) throw new Error(`postgres exited while starting:\n${tail(log())}`);
    if (Date.now() - start > timeoutMs)
      throw new Error(`postgres was not ready after ${timeoutMs / 1000}s:\n${tail(log())}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A postgres process on the cluster in `dir`, ready, on a free port (a port lost to another process
 * between probe and bind is retried).
 */
async function launch(
  bin: PgBin,
  dir: string,
  account: Account,
  onChild: (child: execa.ExecaChildProcess) => void,
): Promise<number> {
  const dataDir = path.join(dir, "data");
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    let output = "";
    const args = [
      "-D",
      dataDir,
      "-k",
      dir,
      "-p",
      String(port),
      ...serverArgs(["listen_addresses=127.0.0.1", ...THROWAWAY_OPTIONS]),
    ];
    const child = execa(path.join(bin.dir, "postgres"), args, {
      ...(account ?? {}),
      reject: false,
      buffer: false,
      cleanup: true,
      env: { LC_ALL: "C" },
    });
    onChild(child);
    child.stderr?.on("data", (d) => (output += d));
    child.stdout?.on("data", (d) => (output += d));
    try {
      await waitReady(dataDir, child, () => output);
      return port;
    } catch (err) {
      if (attempt < 5 && /could not (bind|create listen)/i.test(output)) continue;
      throw err;
    }
  }
}

/** Starts an empty throwaway server of the given binaries. Always call stop(). */
export async function startLocalCluster(
  bin: PgBin,
  options: { baseDir?: string } = {},
): Promise<LocalCluster> {
  const account = serverAccount();
  const dir = fs.mkdtempSync(path.join(options.baseDir ?? tempBase(), "pgseed-"));
  let child: execa.ExecaChildProcess | undefined;
  const cleanup = registerCleanup(async () => {
    if (child && child.exitCode === null) {
      child.kill("SIGQUIT");
      await Promise.race([
        child.catch(() => undefined),
        new Promise((r) => setTimeout(r, 3000).unref()),
      ]);
      if (child.exitCode === null) child.kill("SIGKILL");
      await child.catch(() => undefined);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const stop = async () => {
    cleanup.run();
    await cleanup.done;
  };
  try {
    if (account) fs.chownSync(dir, account.uid, account.gid);
    // Both at once; the account's error, when there is one, is the one that says what to do.
    const settled = await Promise.allSettled([
      account ? checkRunnable(bin, account) : undefined,
      emptyCluster(bin, path.join(dir, "data"), account),
    ]);
    for (const r of settled) if (r.status === "rejected") throw r.reason;
    const port = await launch(bin, dir, account, (c) => (child = c));
    const connection = serverConnection({
      host: "127.0.0.1",
      port,
      user: SERVER_USER,
      password: SERVER_PASSWORD,
      database: SERVER_DB,
    });
    return { bin, dir, port, socketDir: dir, ...connection, stop };
  } catch (err) {
    await stop();
    if (err instanceof PgseedError) throw err;
    throw new PgseedError(
      `could not start a throwaway PostgreSQL ${bin.version} from ${bin.dir}: ${(err as Error).message}`,
      "check the binaries with `postgres --version` and free space in " + tempBase(),
    );
  }
}

/** Connection options for our own clients (psql, pg_dump): the unix socket, no password. */
export function socketEnv(server: LocalCluster): Record<string, string> {
  return {
    PGHOST: server.socketDir,
    PGPORT: String(server.port),
    PGUSER: SERVER_USER,
    PGDATABASE: SERVER_DB,
  };
}

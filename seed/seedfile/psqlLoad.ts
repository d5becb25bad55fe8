/**
 * A seed file through one psql, streamed: the way every load goes (pgseed load and clone, the
 * throwaway server's incremental build, locally or through `docker exec`). The seed is read as a
 * stream, hashed as it goes to psql's stdin, and never held whole. It runs in one transaction (its
 * BEGIN … COMMIT), and its last bytes, the marker and that COMMIT, are held back until the whole
 * file has been hashed: a truncated or tampered seed never sends them, and psql is killed instead,
 * so its open transaction rolls back and nothing loads (killing rather than sending ROLLBACK: a
 * seed cut inside COPY data would take a ROLLBACK line as a row). When psql fails first (a
 * refusal, an SQL error) the rest of the file is still hashed, so a damaged seed is reported as
 * such.
 */
import * as path from "path";
import { spawn, ChildProcess } from "child_process";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { connectError } from "../core/connectErrors";
import { connectionEnv, libpqEnv } from "../core/libpq";
import { tail } from "../core/text";
import { newerSeedProblem } from "./format";
import { scanSeed } from "./read";
import { missingSeed, tamperedSeed } from "./state";

/**
 * How a preflight statement (database/load.ts) tells psqlLoad that it refused: `RAISE EXCEPTION
 * '<this>: …'`.
 */
export const PREFLIGHT_REFUSAL = "pgseed refused";

/**
 * What psql's failure means: a connection problem, a preflight refusal, or the seed failing (rolled
 * back).
 */
function psqlFailure(
  url: string,
  seedPath: string,
  seedVersion: string,
  exitCode: number | null,
  stderr: string,
): PgseedError {
  const refused = new RegExp(`ERROR:\\s+${PREFLIGHT_REFUSAL}: (.*)`).exec(stderr)?.[1];
  const newer = /^newer seed: (\S+)/.exec(refused ?? "");
  if (newer) {
    const { message, fix } = newerSeedProblem(seedVersion, newer[1]);
    return new PgseedError(message, fix);
  }
  if (refused)
    return new PgseedError(
      refused,
      "load into an empty database (createdb a new one), or pass --force to load on top",
    );
  // The seed's own guard (format.ts): a concurrent or repeated load into a seeded database.
  const seeded =
    /ERROR:\s+pgseed: this database is already seeded \((pgseed sha256:[0-9a-f]{64})\)/.exec(
      stderr,
    );
  if (seeded) {
    return new PgseedError(
      `database "${libpqEnv(url).PGDATABASE}" is already seeded (${seeded[1]}); nothing was loaded`,
      "load into an empty database (createdb a new one), or bring this one to the current seed with `pgseed migrate`",
    );
  }
  if (exitCode === 2 && /psql: error: /.test(stderr)) return connectError(url, stderr);
  return new PgseedError(
    `loading ${path.basename(seedPath)} failed (psql exit ${exitCode}); the database is unchanged (the seed loads in one transaction):\n${tail(stderr, 8)}`,
    "see psql's message above",
  );
}

/**
 * A running psql fed through stdin: `send` waits for the pipe to drain, `closed` resolves with its
 * exit code.
 */
interface PsqlProcess {
  child: ChildProcess;
  send(buf: Buffer): Promise<void>;
  closed: Promise<number | null>;
  stderr(): string;
}

function startPsql(url: string, psql: string | readonly string[], args: string[]): PsqlProcess {
  // psql: its path, or a command that runs it (docker exec -i <container> psql <connection>).
  const [command, ...prefix] = typeof psql === "string" ? [psql] : psql;
  const child = spawn(command, [...prefix, ...args], {
    env: connectionEnv({ ...libpqEnv(url), PGCONNECT_TIMEOUT: "10" }),
    stdio: ["pipe", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-65536)));
  const stdin = child.stdin!;
  stdin.on("error", () => undefined); // EPIPE once psql has stopped: its exit code tells why
  let exited = false;
  const closed = new Promise<number | null>((resolve, reject) => {
    child.on("error", (err) => {
      exited = true;
      reject(
        new PgseedError(
          `cannot run ${command}: ${err.message}`,
          "install the PostgreSQL client (apt-get install -y postgresql-client)",
          EXIT_USAGE,
        ),
      );
    });
    child.on("close", (code) => {
      exited = true;
      resolve(code);
    });
  });
  closed.catch(() => undefined); // awaited by the caller
  const send = async (buf: Buffer) => {
    if (exited || stdin.write(buf)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        stdin.off("drain", done);
        child.off("close", done);
        resolve();
      };
      stdin.on("drain", done);
      child.on("close", done);
    });
  };
  return { child, send, closed, stderr: () => stderr };
}

/**
 * The end of the seed held back from psql until the content hash is known: it holds the final
 * COMMIT.
 */
const HOLD_BACK = 4096;

/** Passes chunks on, always keeping the last HOLD_BACK bytes or more back until release(). */
class HoldBack {
  private held: Buffer = Buffer.alloc(0);
  constructor(private readonly send: (buf: Buffer) => Promise<void>) {}
  async push(chunk: Buffer): Promise<void> {
    if (chunk.length >= HOLD_BACK) {
      const previous = this.held;
      this.held = chunk;
      if (previous.length) await this.send(previous);
      return;
    }
    // small chunks (rare): keep the last HOLD_BACK bytes
    this.held = Buffer.concat([this.held, chunk]);
    if (this.held.length >= 2 * HOLD_BACK) {
      const cut = this.held.length - HOLD_BACK;
      const previous = this.held.subarray(0, cut);
      this.held = Buffer.from(this.held.subarray(cut));
      await this.send(previous);
    }
  }
  release = () => this.send(this.held);
}

/**
 * Runs `preflight` then the seed at `seedPath` through one psql into the database of `url` (see the
 * file comment). `signal` ends it early (psql killed: nothing loads), failing with its reason.
 */
export async function psqlLoad(
  url: string,
  seedPath: string,
  seedVersion: string,
  psql: string | readonly string[],
  preflight = "",
  options: { signal?: AbortSignal } = {},
): Promise<void> {
  const { signal } = options;
  if (signal?.aborted) throw signal.reason;
  const proc = startPsql(url, psql, [
    "-X",
    "-q",
    "-v",
    "ON_ERROR_STOP=1",
    ...(preflight ? ["-c", preflight] : []),
    "-f",
    "-",
  ]);
  const abort = async (err: PgseedError | unknown): Promise<never> => {
    proc.child.kill("SIGKILL"); // its open transaction rolls back: nothing was committed
    await proc.closed.catch(() => undefined);
    throw signal?.aborted ? signal.reason : err;
  };
  const onAbort = () => proc.child.kill("SIGKILL");
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await loadThrough(proc, seedPath, abort);
    const code = await proc.closed;
    if (signal?.aborted) throw signal.reason;
    if (code !== 0) throw psqlFailure(url, seedPath, seedVersion, code, proc.stderr());
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

/** The seed into psql's stdin, its end held back until its content hash is known. */
async function loadThrough(
  proc: PsqlProcess,
  seedPath: string,
  abort: (err: unknown) => Promise<never>,
): Promise<void> {
  const held = new HoldBack(proc.send);
  const scan = await scanSeed(seedPath, {
    onText: (chunk) => held.push(chunk),
    fileHash: false,
  }).catch(abort);
  if (!scan) return abort(missingSeed(seedPath));
  if (!scan.contentOk) return abort(tamperedSeed(seedPath));
  await held.release();
  proc.child.stdin!.end();
}

/**
 * Load: a seed into an empty database, the way the official image does (psql, ON_ERROR_STOP, as
 * the connecting user), all-or-nothing (the seed carries its own BEGIN/COMMIT). Refuses what would
 * go wrong: a non-empty database, a seed whose content does not match its header, a seed made by
 * a newer major than the server. One psql process does the checks and the load: no driver to
 * load, no second connection.
 */
import * as path from "path";
import { spawn } from "child_process";
import { PgseedError, EXIT_USAGE, maskUrls } from "../core/errors";
import { newerSeedProblem } from "../seedfile/format";
import { scanSeed } from "../seedfile/read";
import { majorOf } from "../core/version";
import { seedHeaderToLoad, tamperedSeed } from "../seedfile/state";
import { clientBinary } from "../servers/cluster";
import { connectError, connectionEnv, libpqEnv } from "../core/libpq";

/** User objects of the connected database, at most 5, as one text (NULL: the database is empty). */
export const USER_OBJECTS_SQL = `SELECT string_agg(name, ', ') FROM (
    SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_(toast|temp)'
    UNION ALL
    SELECT 'function ' || n.nspname || '.' || p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
     WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')
    UNION ALL
    SELECT 'schema ' || nspname FROM pg_namespace
     WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema') AND nspname !~ '^pg_(toast|temp)'
    UNION ALL
    SELECT 'extension ' || extname FROM pg_extension WHERE extname <> 'plpgsql'
    LIMIT 5) o`;

const REFUSED = "pgseed refused";

/** Pure: the statements psql runs before the seed; a refusal stops psql before anything loads. */
export function preflightSql(seedVersion: string, checkEmpty: boolean): string {
  const minVersionNum = Math.floor(majorOf(seedVersion)) * 10000;
  return `DO $pgseed$
DECLARE objects text;
BEGIN
  IF current_setting('server_version_num')::int < ${minVersionNum} THEN
    RAISE EXCEPTION '${REFUSED}: newer seed: %', split_part(current_setting('server_version'), ' ', 1);
  END IF;
${checkEmpty ? `  ${USER_OBJECTS_SQL.replace(/\n/g, "\n  ")} INTO objects;
  IF objects IS NOT NULL THEN
    RAISE EXCEPTION '${REFUSED}: database "%" is not empty (it has %…); nothing was loaded', current_database(), objects;
  END IF;
` : ""}END
$pgseed$;`;
}

/** What psql's failure means: a connection problem, our own refusal, or the seed failing (rolled back). */
function psqlFailure(url: string, seedPath: string, seedVersion: string, exitCode: number | null, stderr: string): PgseedError {
  const refused = new RegExp(`ERROR:\\s+${REFUSED}: (.*)`).exec(stderr)?.[1];
  const newer = /^newer seed: (\S+)/.exec(refused ?? "");
  if (newer) {
    const { message, fix } = newerSeedProblem(seedVersion, newer[1]);
    return new PgseedError(message, fix);
  }
  if (refused) return new PgseedError(refused, "load into an empty database (createdb a new one), or pass --force to load on top");
  if (exitCode === 2 && /psql: error: /.test(stderr)) return connectError(url, stderr);
  return new PgseedError(
    `loading ${path.basename(seedPath)} failed (psql exit ${exitCode}); the database is unchanged (the seed loads in one transaction):\n    | ${maskUrls(stderr).trim().split("\n").slice(-8).join("\n    | ")}`,
    "see psql's message above",
  );
}

/** The end of the seed held back from psql until the content hash is known: it holds the final COMMIT. */
const HOLD_BACK = 4096;

/**
 * Runs `preflight` then the seed through one psql into the database of `url`, in one pass: the
 * seed is read as a stream, hashed as it goes to psql's stdin, and never held whole. The seed runs
 * in one transaction (its BEGIN … COMMIT), and its last bytes, the marker and that COMMIT, are held
 * back until the whole file has been hashed: a truncated or tampered seed (hash mismatch) never
 * sends them, and psql is killed instead, so its open transaction rolls back and nothing loads
 * (killing rather than sending ROLLBACK: a seed cut inside COPY data would take a ROLLBACK line as
 * a row). When psql fails first (a refusal, an SQL error) the rest of the file is still hashed, so
 * a damaged seed is reported as such.
 */
export async function psqlLoad(url: string, seedPath: string, seedVersion: string, psql: string | readonly string[], preflight = ""): Promise<void> {
  // psql: its path, or a command that runs it (docker exec -i <container> psql <connection>).
  const [command, ...prefix] = typeof psql === "string" ? [psql] : psql;
  const args = [...prefix, "-X", "-q", "-v", "ON_ERROR_STOP=1", ...(preflight ? ["-c", preflight] : []), "-f", "-"];
  const child = spawn(command, args, {
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
      reject(new PgseedError(`cannot run ${command}: ${err.message}`, "install the PostgreSQL client (apt-get install -y postgresql-client)", EXIT_USAGE));
    });
    child.on("close", (code) => {
      exited = true;
      resolve(code);
    });
  });
  closed.catch(() => undefined); // awaited below
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
  // Held back: the last chunk read (at least HOLD_BACK bytes); sent once the next one arrives.
  let held: Buffer = Buffer.alloc(0);
  const onText = async (chunk: Buffer) => {
    if (chunk.length >= HOLD_BACK) {
      const previous = held;
      held = chunk;
      if (previous.length) await send(previous);
      return;
    }
    held = Buffer.concat([held, chunk]); // small chunks (rare): keep the last HOLD_BACK bytes
    if (held.length >= 2 * HOLD_BACK) {
      const cut = held.length - HOLD_BACK;
      const previous = held.subarray(0, cut);
      held = Buffer.from(held.subarray(cut));
      await send(previous);
    }
  };
  let scan;
  try {
    scan = await scanSeed(seedPath, { onText, fileHash: false });
  } catch (err) {
    child.kill("SIGKILL"); // a read or gzip error half-way: nothing was committed
    await closed.catch(() => undefined);
    throw err;
  }
  if (!scan) {
    child.kill("SIGKILL");
    await closed.catch(() => undefined);
    throw new PgseedError(`seed ${seedPath} does not exist`, "run `pgseed regenerate` first, or pass --seed FILE", EXIT_USAGE);
  }
  if (!scan.contentOk) {
    child.kill("SIGKILL");
    await closed.catch(() => undefined);
    throw tamperedSeed(seedPath);
  }
  await send(held);
  stdin.end();
  const code = await closed;
  if (code !== 0) throw psqlFailure(url, seedPath, seedVersion, code, stderr);
}

export interface LoadResult {
  fingerprint: string;
  database: string;
}

export async function loadSeed(opts: { url: string; seedPath: string; force?: boolean; pgBin?: string }): Promise<LoadResult> {
  // The header only: psqlLoad checks the content hash as it streams the seed.
  const header = await seedHeaderToLoad(opts.seedPath);
  const env = libpqEnv(opts.url);
  const psql = clientBinary("psql", majorOf(header.postgres), opts.pgBin);
  await psqlLoad(opts.url, opts.seedPath, header.postgres, psql, preflightSql(header.postgres, !opts.force));
  return { fingerprint: header.fingerprint, database: env.PGDATABASE };
}

/**
 * Load: a seed into an empty database, the way the official image does (psql, ON_ERROR_STOP, as
 * the connecting user), all-or-nothing (the seed carries its own BEGIN/COMMIT). Refuses what would
 * go wrong: a non-empty database, a seed whose content does not match its header, a seed made by
 * a newer major than the server. One psql process does the checks and the load: no driver to
 * load, no second connection.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { spawn } from "child_process";
import { PgseedError, EXIT_USAGE, maskUrls } from "./errors";
import { majorOf, isGzipPath, newerSeedProblem } from "./seedFile";
import { intactSeed } from "./seedState";
import { clientBinary } from "./postgres";
import { connectError, libpqEnv } from "./connect";

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

/** Runs `preflight` then the seed through one psql into the database of `url`. */
export function psqlLoad(url: string, seedPath: string, seedVersion: string, psql: string, preflight = ""): Promise<void> {
  const gz = isGzipPath(seedPath);
  const args = ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...(preflight ? ["-c", preflight] : []), "-f", gz ? "-" : seedPath];
  return new Promise((resolve, reject) => {
    const child = spawn(psql, args, {
      env: { ...process.env, ...libpqEnv(url), PGCONNECT_TIMEOUT: "10" },
      stdio: [gz ? "pipe" : "ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    if (gz) fs.createReadStream(seedPath).pipe(zlib.createGunzip()).pipe(child.stdin!).on("error", () => undefined);
    child.on("error", (err) => reject(new PgseedError(`cannot run ${psql}: ${err.message}`, "install the PostgreSQL client (apt-get install -y postgresql-client)", EXIT_USAGE)));
    child.on("close", (code) => (code === 0 ? resolve() : reject(psqlFailure(url, seedPath, seedVersion, code, stderr))));
  });
}

export interface LoadResult {
  fingerprint: string;
  database: string;
}

export async function loadSeed(opts: { url: string; seedPath: string; force?: boolean; pgBin?: string }): Promise<LoadResult> {
  const seed = intactSeed(opts.seedPath);
  const env = libpqEnv(opts.url);
  const psql = clientBinary("psql", majorOf(seed.header.postgres), opts.pgBin);
  await psqlLoad(opts.url, opts.seedPath, seed.header.postgres, psql, preflightSql(seed.header.postgres, !opts.force));
  return { fingerprint: seed.header.fingerprint, database: env.PGDATABASE };
}

/**
 * Load: a seed into an empty database, the way the official image does (psql, ON_ERROR_STOP, as
 * the connecting user), all-or-nothing (the seed carries its own BEGIN/COMMIT). Refuses what would
 * go wrong: a non-empty database, a seed whose content does not match its header, a seed made by
 * a newer major than the server. One psql process does the checks and the load: no driver to
 * load, no second connection.
 */
import { majorOf } from "../core/version";
import { libpqEnv } from "../core/libpq";
import { seedHeaderToLoad } from "../seedfile/state";
import { psqlLoad, PREFLIGHT_REFUSAL } from "../seedfile/psqlLoad";
import { clientBinary } from "../servers/pgBin";

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

/** Pure: the statements psql runs before the seed; a refusal stops psql before anything loads. */
export function preflightSql(seedVersion: string, checkEmpty: boolean): string {
  const minVersionNum = Math.floor(majorOf(seedVersion)) * 10000;
  return `DO $pgseed$
DECLARE objects text;
BEGIN
  IF current_setting('server_version_num')::int < ${minVersionNum} THEN
    RAISE EXCEPTION '${PREFLIGHT_REFUSAL}: newer seed: %', split_part(current_setting('server_version'), ' ', 1);
  END IF;
${
  checkEmpty
    ? `  ${USER_OBJECTS_SQL.replace(/\n/g, "\n  ")} INTO objects;
  IF objects IS NOT NULL THEN
    RAISE EXCEPTION '${PREFLIGHT_REFUSAL}: database "%" is not empty (it has %…); nothing was loaded', current_database(), objects;
  END IF;
`
    : ""
}END
$pgseed$;`;
}

export interface LoadResult {
  fingerprint: string;
  database: string;
}

export async function loadSeed(opts: {
  url: string;
  seedPath: string;
  force?: boolean;
  pgBin?: string;
}): Promise<LoadResult> {
  // The header only: psqlLoad checks the content hash as it streams the seed.
  const header = await seedHeaderToLoad(opts.seedPath);
  const env = libpqEnv(opts.url);
  const psql = clientBinary("psql", majorOf(header.postgres), opts.pgBin);
  await psqlLoad(
    opts.url,
    opts.seedPath,
    header.postgres,
    psql,
    preflightSql(header.postgres, !opts.force),
  );
  return { fingerprint: header.fingerprint, database: env.PGDATABASE };
}

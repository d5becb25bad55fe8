/**
 * After the migrate command: did it migrate pgseed's server? A command that connected somewhere
 * else (settings with a written-out host, a hard-coded URL) leaves our server empty, and the
 * seed would be empty or the error misleading. Run before normalize and dump; nothing is
 * written when it fails.
 */
import { PgseedError } from "../core/errors";
import type { ThrowawayServer } from "../servers/types";
import type { ExpectedMigration } from "../presets/types";

export type { ExpectedMigration };

const SYSTEM = `n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_toast%' AND n.nspname NOT LIKE 'pg\\_temp%'`;

/**
 * Objects a migration can create outside the system schemas (relations, types, functions, schemas,
 * extensions).
 */
export const CREATED_OBJECTS_SQL = [
  `SELECT (SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE ${SYSTEM})`,
  `+ (SELECT count(*) FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE ${SYSTEM} AND t.typtype IN ('d', 'e', 'r', 'm'))`,
  `+ (SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE ${SYSTEM})`,
  `+ (SELECT count(*) FROM pg_namespace n WHERE ${SYSTEM} AND n.nspname <> 'public')`,
  `+ (SELECT count(*) FROM pg_extension WHERE extname <> 'plpgsql')`,
].join(" ");

/** Pure: the expected migrations that django_migrations (rows "app/name") does not hold. */
export function missingMigrations(
  expected: ExpectedMigration[],
  applied: Iterable<string>,
): string[] {
  const have = new Set(applied);
  return expected
    .filter(
      (m) =>
        !have.has(`${m.app}/${m.name}`) &&
        !(m.replaces?.length && m.replaces.every(([a, n]) => have.has(`${a}/${n}`))),
    )
    .map((m) => `${m.app}/${m.name}`);
}

type Queryable = Pick<ThrowawayServer, "query">;

export interface GuardOptions {
  /** Where the command should have migrated, for the messages (default "pgseed's server"). */
  where?: string;
  /** What is left as it was, for the messages (default "the previous seed is untouched"). */
  untouched?: string;
  /**
   * The server held the previous seed before the command ran (an incremental regenerate): it
   * may rightly have nothing to apply, so only the plan is checked.
   */
  fromSeed?: boolean;
}

/**
 * Fails (exit 1) when the migrate command created nothing in an empty server; with `expected`
 * (django: the probe's plan), also when django_migrations lacks a migration of the plan.
 */
export async function assertMigrated(
  server: Queryable,
  expected?: ExpectedMigration[],
  options: GuardOptions = {},
): Promise<void> {
  const where = options.where ?? "pgseed's server";
  const untouched = options.untouched ?? "the previous seed is untouched";
  const created = options.fromSeed ? 1 : Number((await server.query(CREATED_OBJECTS_SQL)).trim());
  if (!created) {
    throw new PgseedError(
      `the migrate command created nothing in ${where}: it probably connected somewhere else (settings or a URL of its own)`,
      `make it read DATABASE_URL/PG* (the django and alembic presets' default commands do this by themselves: an env.py or settings file that builds its own URL defeats it); ${untouched}`,
    );
  }
  if (!expected) return;
  const table = (await server.query("SELECT to_regclass('django_migrations') IS NOT NULL")).trim();
  if (table !== "t") {
    throw new PgseedError(
      `the migrate command left no django_migrations table in ${where}: Django's migrate did not run against it`,
      `make the command run \`manage.py migrate\` with the connection in DATABASE_URL/PG* (or use the preset's default command); ${untouched}`,
    );
  }
  const rows = (await server.query("SELECT app || '/' || name FROM django_migrations"))
    .split("\n")
    .filter(Boolean);
  const missing = missingMigrations(expected, rows);
  if (missing.length) {
    const shown =
      missing.slice(0, 5).join(", ") + (missing.length > 5 ? `, … (${missing.length} in all)` : "");
    throw new PgseedError(
      `the migrate command left ${missing.length} migration${missing.length === 1 ? "" : "s"} of the plan unapplied in ${where}: ${shown}`,
      `run \`manage.py migrate\` for every app (no app label or target, the right --database), against DATABASE_URL/PG*; ${untouched}`,
    );
  }
}

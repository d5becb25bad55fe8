/**
 * Migrate: brings a live database that pgseed seeded to the current fingerprint by running the
 * migrate command against it (never by re-seeding: every row stays), then moves its marker.
 * One migrate per database at a time, across machines: a session advisory lock, held on its own
 * connection for the whole run. The marker moves only after the command succeeded, so a failure
 * or a crash leaves the database marked as it was, and the next run simply tries again.
 */
import type { Client } from "pg";
import { PgseedError, maskUrls } from "../core/errors";
import { MARKER_QUERY, markerText, parseMarker } from "../seedfile/format";
import { withClient } from "./connect";
import { libpqEnv } from "../core/libpq";
import { advisoryLock, LOCK_CLASS } from "./advisoryLock";
import { runMigrateCommand } from "../build/migrateProcess";
import { assertMigrated } from "../build/guard";
import { migrateEnv, presetOf } from "../presets";
import type { ProjectContext } from "../presets/env";

export interface MigrateOptions {
  url: string;
  /** EngineSettings, or what migrate reads of it (no env or databaseUrlScheme: the preset's). */
  settings: { migrateTimeoutSeconds: number; preset: string } & ProjectContext;
  /**
   * The migrate command as it runs on this machine: the preset's runnableCommand(), as regenerate
   * runs it. A promise is awaited only when there is something to migrate (the interpreter probe
   * costs more than a no-op).
   */
  command: string | Promise<string>;
  /** The current fingerprint (the one the seed of these migrations carries). */
  fingerprint: string;
  /** Migrate a database that has no pgseed marker, then mark it. */
  adopt?: boolean;
  /**
   * How long to wait for another migrate of the same database (default: the migrate timeout + 60
   * s).
   */
  lockWaitSeconds?: number;
  log?: (line: string) => void;
}

export interface MigrateResult {
  /** The URL, password masked. */
  url: string;
  database: string;
  /** Fingerprint the marker named before (null: no pgseed marker). */
  from: string | null;
  to: string;
  /** false: it was already at `to` (or another pgseed brought it there while we waited). */
  migrated: boolean;
  adopted: boolean;
  seconds: number;
}

const short = (fp: string | null) => (fp ? `${fp.slice(0, 19)}…` : "no marker");

/** The database's schema comment and the fingerprint it names (undefined: not a pgseed marker). */
export async function readMarker(
  client: Client,
): Promise<{ text: string | null; fingerprint?: string }> {
  const text = (await client.query(`${MARKER_QUERY} AS marker`)).rows[0].marker as string | null;
  return { text, fingerprint: parseMarker(text) };
}

/** Pure: a database that no pgseed marker names is not ours to migrate, unless adopted. */
export function unmarkedRefusal(database: string, text: string | null): PgseedError {
  // "standard public schema" is the comment every new database gets.
  const what =
    text && text !== "standard public schema"
      ? `its schema comment is ${JSON.stringify(text.slice(0, 60))}`
      : "its schema public carries no pgseed marker";
  return new PgseedError(
    `database "${database}" was not seeded by pgseed (${what}); nothing was changed`,
    "if it was made by these migrations, run again with --adopt (it is then migrated and marked)",
  );
}

/**
 * A query's rows as psql -At prints them ("|" between columns, t/f for booleans): the form the
 * guard reads on a throwaway server, here over the live database's own session.
 */
const rowsAsText = (client: Client) => async (sql: string) =>
  (await client.query({ text: sql, rowMode: "array" })).rows
    .map((r: unknown[]) =>
      r.map((v) => (v === true ? "t" : v === false ? "f" : String(v ?? ""))).join("|"),
    )
    .join("\n");

/**
 * Under the database's lock, the marker read again at `now`: the migrate command, the check that
 * it migrated this database (not one its settings name), then the marker moved.
 */
async function migrateAndMark(
  client: Client,
  opts: MigrateOptions,
  env: ReturnType<typeof libpqEnv>,
  now: { fingerprint?: string },
): Promise<void> {
  const database = env.PGDATABASE;
  opts.log?.(
    `migrating ${database} from ${short(now.fingerprint ?? null)} to ${short(opts.fingerprint)}`,
  );
  await runMigrateCommand({
    command: await opts.command,
    cwd: opts.settings.appDir,
    env: migrateEnv(opts.settings, { url: opts.url, env }),
    timeoutSeconds: opts.settings.migrateTimeoutSeconds,
    untouched: "the database's marker is unchanged",
    log: opts.log,
  });
  await assertMigrated(
    { query: rowsAsText(client) },
    presetOf(opts.settings.preset).expectedMigrations(opts.settings),
    {
      where: `database "${database}"`,
      untouched: "the database's marker is unchanged",
    },
  );
  await client.query(`COMMENT ON SCHEMA public IS '${markerText(opts.fingerprint)}'`);
  opts.log?.(`${database} is at ${short(opts.fingerprint)}${now.fingerprint ? "" : " (adopted)"}`);
}

export async function migrateDatabase(opts: MigrateOptions): Promise<MigrateResult> {
  const start = Date.now();
  if (typeof opts.command !== "string") opts.command.catch(() => undefined); // handled where it is awaited
  const env = libpqEnv(opts.url);
  const database = env.PGDATABASE;
  const result = (from: string | null, migrated: boolean, adopted = false): MigrateResult => ({
    url: maskUrls(opts.url),
    database,
    from,
    to: opts.fingerprint,
    migrated,
    adopted,
    seconds: (Date.now() - start) / 1000,
  });

  return withClient(opts.url, async (client) => {
    const before = await readMarker(client);
    if (before.fingerprint === opts.fingerprint) {
      opts.log?.(`${database} is already at ${short(opts.fingerprint)}; nothing to do`);
      return result(before.fingerprint, false);
    }
    if (!before.fingerprint && !opts.adopt) throw unmarkedRefusal(database, before.text);

    // Advisory locks are per database: this key serializes migrates of this database only.
    const release = await advisoryLock(client, LOCK_CLASS.migrate, `migrate ${database}`, {
      waitSeconds: opts.lockWaitSeconds ?? opts.settings.migrateTimeoutSeconds + 60,
      what: `database "${database}"`,
      onWait: (holder) =>
        opts.log?.(`another pgseed is migrating ${database} (${holder}); waiting for it`),
    });
    try {
      // Whoever held the lock may have done our work.
      const now = await readMarker(client);
      if (now.fingerprint === opts.fingerprint) {
        opts.log?.(
          `${database} was brought to ${short(opts.fingerprint)} by another pgseed meanwhile; nothing to do`,
        );
        return result(now.fingerprint, false);
      }
      if (!now.fingerprint && !opts.adopt) throw unmarkedRefusal(database, now.text);
      await migrateAndMark(client, opts, env, now);
      return result(now.fingerprint ?? null, true, !now.fingerprint);
    } finally {
      await release();
    }
  });
}

/**
 * Clone: load the seed once into a template database, then create N databases from it with
 * CREATE DATABASE … TEMPLATE (a copy of files: no SQL replayed), the way Django's TEST.TEMPLATE
 * and parallel test workers want them. Every database pgseed makes carries the seed's marker as
 * its database comment; only such databases are ever dropped, and never while in use.
 */
import type { Client } from "pg";
import { PgseedError, EXIT_USAGE, maskUrls } from "../core/errors";
import { MARKER_QUERY, parseMarker, markerText, newerSeedProblem } from "../seedfile/format";
import { majorOf } from "../core/version";
import { withClient } from "./connect";
import { urlFor } from "../core/libpq";
import { psqlLoad } from "../seedfile/psqlLoad";
import { intactSeed } from "../seedfile/state";
import { clientBinary } from "../servers/pgBin";
import { advisoryLock, describeSession, LOCK_CLASS } from "./advisoryLock";

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;
const NAME_RE = /^[a-z_][a-z0-9_]{0,50}$/;
/**
 * At most this many CREATE DATABASE at once: each is one connection, and the machine may have 2
 * cores.
 */
const PARALLEL = 4;
/** How long a clone waits for another pgseed cloning the same prefix on this server. */
const LOCK_WAIT_SECONDS = 600;

export type CloneStrategy = "auto" | "wal_log" | "file_copy";
export const CLONE_STRATEGIES: CloneStrategy[] = ["auto", "wal_log", "file_copy"];
/**
 * With fsync on, FILE_COPY's two checkpoints (0.6-1.4 s on this disk) cost more than WAL_LOG's
 * copy of a small template; for larger ones the file copy wins (bench/peers-results.md: WAL_LOG
 * faster at 9-27 MiB, even at 81-160 MiB, FILE_COPY 1.1-4x faster from 295 MiB). With fsync off
 * (throwaway and CI servers) checkpoints are cheap and FILE_COPY was faster at every size.
 */
export const FILE_COPY_FROM_BYTES = 128 * 2 ** 20;

/**
 * The STRATEGY clause of CREATE DATABASE … TEMPLATE ("" = none: servers before 15 copy files,
 * the only way they have). Pure: the server's major, its fsync setting and the template's size in.
 */
export function chooseStrategy(
  requested: CloneStrategy,
  major: number,
  fsync: boolean,
  templateBytes: number,
): "" | "WAL_LOG" | "FILE_COPY" {
  if (!CLONE_STRATEGIES.includes(requested)) {
    throw new PgseedError(
      `--strategy "${requested}" is not one of ${CLONE_STRATEGIES.join(", ")}`,
      "pass --strategy auto (the default), wal_log or file_copy",
      EXIT_USAGE,
    );
  }
  if (major < 15) {
    if (requested === "wal_log")
      throw new PgseedError(
        `--strategy wal_log needs PostgreSQL 15 or later; this server is ${major}`,
        "drop --strategy (before 15 every copy is a file copy)",
        EXIT_USAGE,
      );
    return "";
  }
  if (requested === "wal_log") return "WAL_LOG";
  if (requested === "file_copy") return "FILE_COPY";
  return !fsync || templateBytes >= FILE_COPY_FROM_BYTES ? "FILE_COPY" : "WAL_LOG";
}

/** Sessions connected to a database, as one text ("" when none). */
async function usersOf(admin: Client, db: string): Promise<string> {
  const { rows } = await admin.query(
    "SELECT pid, usename, application_name, host(client_addr) AS addr FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [db],
  );
  return rows.map(describeSession).join("; ");
}

/** Runs a statement on `db`; "in use by other users" (55006) becomes one line naming them. */
async function whileUnused(admin: Client, db: string, action: string, sql: string): Promise<void> {
  try {
    await admin.query(sql);
  } catch (err) {
    if ((err as { code?: string }).code !== "55006") throw err;
    const who = (await usersOf(admin, db)) || "another session";
    throw new PgseedError(
      `cannot ${action}: database "${db}" is in use by ${who}`,
      `close those connections (or stop their tests) and run again, or choose another --prefix`,
    );
  }
}

/** Existing databases among `names` → their comment (null: none). */
async function existing(admin: Client, names: string[]): Promise<Map<string, string | null>> {
  const { rows } = await admin.query(
    "SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = ANY($1)",
    [names],
  );
  return new Map(rows.map((r) => [r.datname as string, r.comment as string | null]));
}

/**
 * pgseed made it: its comment is ours (a marker, or "pgseed loading …" while a template loads),
 * or it has no comment and its schema carries a seed's marker (a clone whose run was killed
 * between its CREATE DATABASE and its COMMENT).
 */
async function madeByPgseed(url: string, db: string, comment: string | null): Promise<boolean> {
  if (comment?.startsWith("pgseed ")) return true;
  if (comment !== null) return false;
  try {
    return (
      parseMarker(
        await withClient(
          urlFor(url, db),
          async (c) => (await c.query(`${MARKER_QUERY} AS m`)).rows[0].m,
        ),
      ) !== undefined
    );
  } catch {
    return false;
  }
}

/** Drops a database only if pgseed made it. */
async function dropOurs(
  admin: Client,
  url: string,
  db: string,
  comment: string | null,
): Promise<void> {
  if (!(await madeByPgseed(url, db, comment))) {
    throw new PgseedError(
      `database "${db}" exists and was not made by pgseed; it is left as it is`,
      "choose another --prefix, or drop it yourself",
      EXIT_USAGE,
    );
  }
  await whileUnused(admin, db, `replace "${db}"`, `DROP DATABASE ${ident(db)}`);
}

export interface CloneResult {
  fingerprint: string;
  template: string;
  databases: string[];
  /** Connection URLs of the clones, passwords masked. */
  urls: string[];
  templateLoaded: boolean;
  /**
   * The CREATE DATABASE strategy the clones were made with ("" : the server's only one, before 15).
   */
  strategy: string;
}

export async function cloneSeed(opts: {
  url: string;
  seedPath: string;
  count: number;
  prefix?: string;
  pgBin?: string;
  strategy?: CloneStrategy;
  log?: (line: string) => void;
}): Promise<CloneResult> {
  const prefix = opts.prefix ?? "pgseed_test";
  if (!NAME_RE.test(prefix))
    throw new PgseedError(
      `--prefix "${prefix}" must be lower-case letters, digits and _ (at most 50)`,
      "pass e.g. --prefix test_app",
      EXIT_USAGE,
    );
  const seed = await intactSeed(opts.seedPath);
  const marker = markerText(seed.header.fingerprint);
  const template = `${prefix}_template`;
  const databases = Array.from({ length: opts.count }, (_, i) => `${prefix}_${i + 1}`);
  let templateLoaded = false;
  let strategy = "";
  chooseStrategy(opts.strategy ?? "auto", 15, true, 0); // a bad --strategy fails before any work

  // One pgseed at a time per prefix and server: parallel CI jobs sharing a test server otherwise
  // race to create the same template and clones. Held on the admin session until the clones exist.
  await withClient(opts.url, async (admin) => {
    const release = await advisoryLock(admin, LOCK_CLASS.clone, prefix, {
      waitSeconds: LOCK_WAIT_SECONDS,
      what: `--prefix ${prefix} on this server`,
      onWait: (holder) =>
        opts.log?.(`another pgseed is cloning --prefix ${prefix} (${holder}); waiting for it`),
    });
    const version = (
      (await admin.query("SHOW server_version")).rows[0].server_version as string
    ).split(" ")[0];
    if (majorOf(version) < majorOf(seed.header.postgres)) {
      const { message, fix } = newerSeedProblem(seed.header.postgres, version);
      throw new PgseedError(message, fix);
    }
    const found = await existing(admin, [template, ...databases]);
    // Refuse before doing any work if a name is taken by a database pgseed did not make.
    for (const [db, comment] of found)
      if (!(await madeByPgseed(opts.url, db, comment)))
        await dropOurs(admin, opts.url, db, comment);
    // The template is reused while it carries this seed's marker: a clone then costs one copy.
    if (found.get(template) !== marker) {
      if (found.has(template)) await dropOurs(admin, opts.url, template, found.get(template)!);
      await admin.query(`CREATE DATABASE ${ident(template)} TEMPLATE template0`);
      // Ours from the start: a run killed during the load leaves a template the next run may drop.
      await admin.query(
        `COMMENT ON DATABASE ${ident(template)} IS ${literal(`pgseed loading ${seed.header.fingerprint}`)}`,
      );
      try {
        await psqlLoad(
          urlFor(opts.url, template),
          opts.seedPath,
          seed.header.postgres,
          clientBinary("psql", majorOf(seed.header.postgres), opts.pgBin),
        );
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${ident(template)}`);
        throw err;
      }
      await admin.query(`COMMENT ON DATABASE ${ident(template)} IS ${literal(marker)}`);
      templateLoaded = true;
      opts.log?.(`loaded the seed into template database ${template}`);
    }
    for (const db of databases)
      if (found.has(db)) await dropOurs(admin, opts.url, db, found.get(db)!);
    const {
      rows: [s],
    } = await admin.query(
      "SELECT current_setting('fsync') AS fsync, pg_database_size($1) AS bytes",
      [template],
    );
    strategy = chooseStrategy(
      opts.strategy ?? "auto",
      majorOf(version),
      s.fsync === "on",
      Number(s.bytes),
    );
    const clause = strategy ? ` STRATEGY ${strategy}` : "";

    // Copies in parallel, one connection each (a connection runs one CREATE DATABASE at a time).
    const queue = [...databases];
    const worker = () =>
      withClient(opts.url, async (c) => {
        for (let db = queue.shift(); db; db = queue.shift()) {
          await whileUnused(
            c,
            template,
            `copy template "${template}" into "${db}"`,
            `CREATE DATABASE ${ident(db)} TEMPLATE ${ident(template)}${clause}`,
          );
          await c.query(`COMMENT ON DATABASE ${ident(db)} IS ${literal(marker)}`);
        }
      });
    // The first failure stops the others (no copy starts once the run has failed), and the lock is
    // released only when none is still copying.
    const workers = Array.from({ length: Math.min(PARALLEL, databases.length) }, () =>
      worker().catch((err) => {
        queue.length = 0;
        throw err;
      }),
    );
    const settled = await Promise.allSettled(workers);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
    if (failed) throw failed.reason;
    await release();
  });
  return {
    fingerprint: seed.header.fingerprint,
    template,
    databases,
    urls: databases.map((db) => maskUrls(urlFor(opts.url, db))),
    templateLoaded,
    strategy,
  };
}

/**
 * Clone: load the seed once into a template database, then create N databases from it with
 * CREATE DATABASE … TEMPLATE (a copy of files: no SQL replayed), the way Django's TEST.TEMPLATE
 * and parallel test workers want them. Every database clone makes carries clone's mark as its
 * database comment from the moment it has its name (ownership.ts); only such databases are ever
 * dropped, and never while in use.
 */
import type { Client } from "pg";
import { PgseedError, EXIT_USAGE, maskUrls } from "../core/errors";
import { sha256 } from "../core/hash";
import { ident, literal } from "../core/text";
import { newerSeedProblem } from "../seedfile/format";
import { majorOf } from "../core/version";
import { withClient } from "./connect";
import { urlFor } from "../core/libpq";
import { ownershipComment, parseOwnership } from "./ownership";
import { psqlLoad } from "../seedfile/psqlLoad";
import { intactSeed } from "../seedfile/state";
import { clientBinary } from "../servers/pgBin";
import { advisoryLock, describeSession, LOCK_CLASS } from "./advisoryLock";

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

/** Runs a statement about `db`; "in use by other users" (55006) becomes one line naming them. */
async function whileUnused(
  admin: Client,
  db: string,
  action: string,
  sql: string | (() => Promise<void>),
): Promise<void> {
  try {
    await (typeof sql === "string" ? admin.query(sql) : sql());
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

/** Clone made it: its comment is clone's mark (a clone, a template, or a template mid-load). */
const clonesOwn = (comment: string | null) =>
  ["clone", "loading"].includes(parseOwnership(comment)?.kind ?? "");

/**
 * The name a database is created under before it has its mark: `CREATE DATABASE` cannot share a
 * transaction with its COMMENT, so the copy gets its mark and its real name in one transaction
 * after (see createMarked). A run killed in between leaves only this name, reserved for pgseed
 * (NAMEDATALEN-safe), which the next run of the same prefix drops.
 */
export const stagingName = (db: string) => `pgseed_new_${sha256(db).slice(7, 23)}`;

/** `CREATE DATABASE db …` that appears under its name only with its mark already set. */
async function createMarked(
  c: Client,
  db: string,
  create: (name: string) => string,
  comment: string,
): Promise<void> {
  const staging = stagingName(db);
  await c.query(create(staging));
  try {
    await c.query(
      `COMMENT ON DATABASE ${ident(staging)} IS ${literal(comment)}; ALTER DATABASE ${ident(staging)} RENAME TO ${ident(db)}`,
    );
  } catch (err) {
    await c.query(`DROP DATABASE IF EXISTS ${ident(staging)}`).catch(() => undefined);
    throw err;
  }
}

/** Drops a database only if clone made it. */
async function dropOurs(admin: Client, db: string, comment: string | null): Promise<void> {
  if (!clonesOwn(comment)) {
    const whose =
      parseOwnership(comment)?.kind === "template"
        ? "it is a template of pgseed's pytest plugin"
        : "its comment carries no mark of `pgseed clone`: a database loaded with `pgseed load`, or copied, is never dropped";
    throw new PgseedError(
      `database "${db}" exists and was not made by pgseed; it is left as it is (${whose})`,
      `choose another --prefix, or drop it yourself (DROP DATABASE ${ident(db)}) if it is not needed`,
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

export interface CloneOptions {
  url: string;
  seedPath: string;
  count: number;
  prefix?: string;
  pgBin?: string;
  strategy?: CloneStrategy;
  log?: (line: string) => void;
}

/** One clone run: the seed, its mark, and the names it creates. */
interface CloneRun {
  opts: CloneOptions;
  seed: Awaited<ReturnType<typeof intactSeed>>;
  /** The mark of a clone or template made from this seed. */
  marker: string;
  template: string;
  databases: string[];
}

/** The server's version, refused when older than the seed's pg_dump. */
async function serverVersionFor(admin: Client, seed: CloneRun["seed"]): Promise<string> {
  const version = (
    (await admin.query("SHOW server_version")).rows[0].server_version as string
  ).split(" ")[0];
  if (majorOf(version) < majorOf(seed.header.postgres)) {
    const { message, fix } = newerSeedProblem(seed.header.postgres, version);
    throw new PgseedError(message, fix);
  }
  return version;
}

/**
 * The run's names as they stand: refused before any work if one is taken by a database clone did
 * not make; what a run killed between a CREATE DATABASE and its mark left (createMarked) dropped.
 */
async function claimNames(admin: Client, run: CloneRun): Promise<Map<string, string | null>> {
  const names = [run.template, ...run.databases];
  const found = await existing(admin, [...names, ...names.map(stagingName)]);
  for (const db of names)
    if (found.has(db) && !clonesOwn(found.get(db)!)) await dropOurs(admin, db, found.get(db)!);
  for (const db of names.map(stagingName))
    if (found.has(db)) await whileUnused(admin, db, `drop "${db}"`, `DROP DATABASE ${ident(db)}`);
  return found;
}

/**
 * The template step: reused while it carries this seed's mark (a clone then costs one copy),
 * else loaded anew. Ours from the start: a run killed during the load leaves a template the next
 * run may drop. Returns whether it loaded the seed.
 */
async function ensureTemplate(
  admin: Client,
  run: CloneRun,
  found: Map<string, string | null>,
): Promise<boolean> {
  const { opts, seed, template } = run;
  if (found.get(template) === run.marker) return false;
  if (found.has(template)) await dropOurs(admin, template, found.get(template)!);
  await createMarked(
    admin,
    template,
    (name) => `CREATE DATABASE ${ident(name)} TEMPLATE template0`,
    ownershipComment("loading", seed.header.fingerprint),
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
  await admin.query(`COMMENT ON DATABASE ${ident(template)} IS ${literal(run.marker)}`);
  opts.log?.(`loaded the seed into template database ${template}`);
  return true;
}

/** The strategy for this server and template (chooseStrategy). */
async function strategyFor(admin: Client, run: CloneRun, version: string): Promise<string> {
  const {
    rows: [s],
  } = await admin.query("SELECT current_setting('fsync') AS fsync, pg_database_size($1) AS bytes", [
    run.template,
  ]);
  return chooseStrategy(
    run.opts.strategy ?? "auto",
    majorOf(version),
    s.fsync === "on",
    Number(s.bytes),
  );
}

/**
 * The copy step: the template into each clone, in parallel, one connection each (a connection
 * runs one CREATE DATABASE at a time). The first failure stops the others (no copy starts once the
 * run has failed); it returns only when none is still copying.
 */
async function copyTemplate(run: CloneRun, strategy: string): Promise<void> {
  const { template } = run;
  const clause = strategy ? ` STRATEGY ${strategy}` : "";
  const queue = [...run.databases];
  const worker = () =>
    withClient(run.opts.url, async (c) => {
      for (let db = queue.shift(); db; db = queue.shift()) {
        await whileUnused(c, template, `copy template "${template}" into "${db}"`, () =>
          createMarked(
            c,
            db,
            (name) => `CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}${clause}`,
            run.marker,
          ),
        );
      }
    });
  const workers = Array.from({ length: Math.min(PARALLEL, run.databases.length) }, () =>
    worker().catch((err) => {
      queue.length = 0;
      throw err;
    }),
  );
  const settled = await Promise.allSettled(workers);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === "rejected");
  if (failed) throw failed.reason;
}

export async function cloneSeed(opts: CloneOptions): Promise<CloneResult> {
  const prefix = opts.prefix ?? "pgseed_test";
  if (!NAME_RE.test(prefix))
    throw new PgseedError(
      `--prefix "${prefix}" must be lower-case letters, digits and _ (at most 50)`,
      "pass e.g. --prefix test_app",
      EXIT_USAGE,
    );
  const seed = await intactSeed(opts.seedPath);
  const run: CloneRun = {
    opts,
    seed,
    marker: ownershipComment("clone", seed.header.fingerprint),
    template: `${prefix}_template`,
    databases: Array.from({ length: opts.count }, (_, i) => `${prefix}_${i + 1}`),
  };
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
    const version = await serverVersionFor(admin, seed);
    const found = await claimNames(admin, run);
    templateLoaded = await ensureTemplate(admin, run, found);
    for (const db of run.databases) if (found.has(db)) await dropOurs(admin, db, found.get(db)!);
    strategy = await strategyFor(admin, run, version);
    await copyTemplate(run, strategy);
    await release();
  });
  return {
    fingerprint: seed.header.fingerprint,
    template: run.template,
    databases: run.databases,
    urls: run.databases.map((db) => maskUrls(urlFor(opts.url, db))),
    templateLoaded,
    strategy,
  };
}

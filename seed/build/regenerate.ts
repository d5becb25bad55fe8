/**
 * Regenerate: throwaway empty server → migrate command → normalize → pg_dump → header → atomic
 * write → server torn down. Does nothing when the seed on disk is already fresh.
 */
import * as fs from "fs";
import * as path from "path";
import type { EngineSettings } from "../core/settings";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { computeFingerprint, SeedInputs } from "../inputs/fingerprint";
import { DUMP_OPTIONS } from "../core/format";
import { planRegenerate, Plan } from "../inputs/incremental";
import { fingerprintInput } from "../inputs/recipe";
import { startServer, ThrowawayServer } from "../servers";
import { MARKER_QUERY } from "../seedfile/format";
import { readSeedInputs } from "../seedfile/read";
import {
  writeError,
  writeSeedStream,
  commitSeed,
  discardSeed,
  StagedSeed,
} from "../seedfile/write";
import { migrateEnv, normalizationSql, presetOf, runnableMigrateCommand } from "../presets";
import { seedStatus } from "../seedfile/state";
import { describeFileDiff } from "../seedfile/diff";
import { acquireLock } from "../seedfile/seedLock";
import { runMigrateCommand } from "./migrateProcess";
import { assertMigrated } from "./guard";

/** What SeedDump and `--json` report about a seed on disk. */
export interface SeedInfo {
  path: string;
  fingerprint: string;
  /** sha256 of the file's bytes, as written (gzip included). */
  sha256: string;
  bytes: number;
  serverVersion: string;
  migrationCount: number;
}

export interface RegenerateResult extends SeedInfo {
  /** false when the seed on disk was already fresh (nothing started). */
  regenerated: boolean;
  steps: Array<{ step: string; seconds: number }>;
}

export interface RegenerateOptions {
  force?: boolean;
  /** Build from an empty server even when the previous seed could be extended. */
  fromScratch?: boolean;
  /** Build twice (the second from scratch) and fail, naming rows, if the dumps differ. */
  verify?: boolean;
  log?: (line: string) => void;
}

/**
 * A file at the seed path that is no pgseed seed (no header: a hand-written dump, another tool's
 * file, a typo in --seed) is not regenerate's to overwrite: only --force replaces it.
 */
export const notASeed = (problem: string) =>
  new PgseedError(
    `${problem.split("\n")[0]}; regenerate does not overwrite it`,
    `point --seed (seedPath) at another file, or move it away, or pass --force to replace it with the seed`,
    EXIT_USAGE,
  );

/**
 * Fresh = carries the current fingerprint and its content hash matches. Refuses a file that is no
 * pgseed seed (notASeed).
 */
export async function freshSeedInfo(
  settings: Pick<EngineSettings, "seedPath">,
  fingerprint: string,
  migrationCount: number,
): Promise<SeedInfo | undefined> {
  const { state, seed, problem } = await seedStatus(settings.seedPath, fingerprint);
  if (state === "invalid") throw notASeed(problem!);
  if (state !== "fresh") return undefined; // missing, stale or tampered: regenerate over it
  return {
    path: settings.seedPath,
    fingerprint,
    sha256: seed!.sha256!,
    bytes: seed!.bytes,
    serverVersion: seed!.header.postgres,
    migrationCount,
  };
}

/** The seed's folder must exist and be writable before we spend a server start on it. */
function checkSeedFolder(seedPath: string): void {
  const dir = path.dirname(seedPath);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch (err) {
    throw writeError(seedPath, err as NodeJS.ErrnoException);
  }
  if (!stat.isDirectory())
    throw writeError(
      seedPath,
      Object.assign(new Error("parent is not a folder"), { code: "ENOTDIR" }),
    );
  if (fs.existsSync(seedPath) && fs.statSync(seedPath).isDirectory()) {
    throw writeError(seedPath, Object.assign(new Error("is a folder"), { code: "EISDIR" }));
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw writeError(seedPath, err as NodeJS.ErrnoException);
  }
}

const describeAdded = (added: string[]) =>
  `${added.length} added input${added.length === 1 ? "" : "s"} (${added.slice(0, 3).join(", ")}${added.length > 3 ? ", …" : ""})`;

/**
 * A fixed \restrict key per fingerprint: without it pg_dump draws a random one and every dump
 * differs.
 */
export const restrictKeyOf = (fingerprint: string) =>
  `pgseed${fingerprint.slice("sha256:".length, "sha256:".length + 32)}`;

/**
 * One throwaway server: migrate, normalize, dump. The dump streams into a staged seed beside the
 * seed path (never held in memory); returns it, the server's version, and the server's stop,
 * already under way: putting the seed in place needs no server (await `stopped`).
 */
async function migrateAndDump(
  settings: EngineSettings,
  command: Promise<string>,
  fingerprint: string,
  step: StepTimer,
  previous?: PreviousSeed,
  inputs?: SeedInputs,
): Promise<{ staged: StagedSeed; version: string; stopped: Promise<void> }> {
  const request = {
    major: settings.postgresVersion,
    pgBin: settings.pgBin,
    image: settings.image,
    engine: settings.engine,
  };
  const server: ThrowawayServer = await step.run("server start", () => startServer(request));
  const stop = () => step.run("server stop", () => server.stop());
  let staged: StagedSeed;
  try {
    if (previous) await step.run("load previous", () => loadPrevious(server, previous));
    const runnable = await command;
    await step.run("migrate", () =>
      runMigrateCommand({
        command: runnable,
        cwd: settings.appDir,
        // Pinned clock and random sources (python/pgseed_pins.py): a seed build only, never a live
        // database's `pgseed migrate`.
        env: { ...migrateEnv(settings, server), PGSEED_PIN: "1" },
        timeoutSeconds: settings.migrateTimeoutSeconds,
        log: step.log,
      }),
    );
    // The command must have migrated pgseed's server, not whatever its settings name.
    await assertMigrated(server, presetOf(settings.preset).expectedMigrations(settings), {
      fromSeed: previous !== undefined,
    });
    const normalize = normalizationSql(settings);
    if (normalize.trim()) {
      await step.run("normalize", () =>
        server.runSql(normalize).catch((err: PgseedError) => {
          throw new PgseedError(
            `normalization SQL failed:${err.message.slice(err.message.indexOf("\n")).split("\n  fix:")[0]}`,
            "correct the statements in --normalize-sql (preset statements need the preset's tables)",
          );
        }),
      );
    }
    staged = await step.run("dump", async () =>
      writeSeedStream(
        settings.seedPath,
        await server.dumpStream([...DUMP_OPTIONS, `--restrict-key=${restrictKeyOf(fingerprint)}`]),
        { fingerprint, postgres: server.version, inputs },
      ),
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { staged, version: server.version, stopped: stop() };
}

/** The seed an incremental build starts from. */
interface PreviousSeed {
  path: string;
  /** The server version its header records. */
  version: string;
}

/**
 * Incremental: the previous seed into the empty server, streamed (psqlLoad, its content hash
 * checked on the way: a seed changed since the plan never loads), its marker taken off again (a
 * from-scratch dump has none).
 */
async function loadPrevious(server: ThrowawayServer, previous: PreviousSeed): Promise<void> {
  const comment = (await server.query(MARKER_QUERY)).trimEnd();
  await server.loadSeed(previous.path, previous.version);
  await server.runSql(
    `COMMENT ON SCHEMA public IS ${comment ? `'${comment.replace(/'/g, "''")}'` : "NULL"};`,
  );
}

/**
 * How to build: incremental when the previous seed's inputs are a subset of today's
 * (seed/incremental.ts).
 */
async function plan(
  settings: EngineSettings,
  inputs: SeedInputs,
  fromScratch: boolean | undefined,
): Promise<{ plan: Plan; previous?: PreviousSeed }> {
  if (fromScratch) return { plan: { mode: "scratch", reason: "--from-scratch" } };
  // Both read as streams: a seed of any size stays out of memory.
  const { state, seed } = await seedStatus(settings.seedPath, undefined, { fileHash: false });
  if (state !== "fresh" || !seed)
    return {
      plan: {
        mode: "scratch",
        reason: state === "missing" ? "there is no previous seed" : `the previous seed is ${state}`,
      },
    };
  const chosen = planRegenerate(
    await readSeedInputs(settings.seedPath),
    inputs,
    presetOf(settings.preset).appliesByGraph,
  );
  return chosen.mode === "incremental"
    ? { plan: chosen, previous: { path: settings.seedPath, version: seed.header.postgres } }
    : { plan: chosen };
}

class StepTimer {
  readonly steps: RegenerateResult["steps"] = [];
  constructor(readonly log?: (line: string) => void) {}
  async run<T>(step: string, fn: () => Promise<T> | T): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await fn();
    } finally {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.steps.push({ step, seconds });
      this.log?.(`${step.padEnd(14)} ${seconds.toFixed(2)} s`);
    }
  }
}

export async function regenerate(
  settings: EngineSettings,
  options: RegenerateOptions = {},
): Promise<RegenerateResult> {
  const { fingerprint, migrationCount, inputs } = computeFingerprint(fingerprintInput(settings));
  const fresh = async () =>
    options.force ? undefined : freshSeedInfo(settings, fingerprint, migrationCount);
  const upToDate = await fresh();
  if (upToDate) {
    options.log?.(
      `seed is fresh (${fingerprint.slice(0, 19)}…); nothing to do (--force redoes it)`,
    );
    return { ...upToDate, regenerated: false, steps: [] };
  }
  checkSeedFolder(settings.seedPath);
  // Probed while the server starts; awaited before the migrate step.
  const command = runnableMigrateCommand(settings);
  command.catch(() => undefined); // handled where it is awaited
  const release = await acquireLock(
    settings.seedPath,
    (settings.migrateTimeoutSeconds + 120) * 1000 * 2,
    () => options.log?.("another pgseed is regenerating this seed; waiting for it"),
  );
  try {
    // Another process may have written the fresh seed while we waited for the lock.
    const done = await fresh();
    if (done) {
      options.log?.("seed was regenerated by another pgseed meanwhile; reusing it");
      return { ...done, regenerated: false, steps: [] };
    }
    const step = new StepTimer(options.log);
    const how = await plan(settings, inputs, options.fromScratch);
    options.log?.(
      how.plan.mode === "incremental"
        ? `incremental: loading the previous seed, then applying ${describeAdded(how.plan.added)}`
        : `from scratch: ${how.plan.reason}`,
    );
    const first = await migrateAndDump(settings, command, fingerprint, step, how.previous, inputs);
    const stops = [first.stopped];
    let written: { sha256: string; bytes: number };
    try {
      if (options.verify) {
        const second = await migrateAndDump(
          settings,
          command,
          fingerprint,
          step,
          undefined,
          inputs,
        );
        stops.push(second.stopped);
        try {
          // Equal content hashes are equal dumps: the files are read back only to name what
          // differs.
          if (second.staged.content !== first.staged.content) {
            throw new PgseedError(
              `--verify: ${how.previous ? "the incremental build and one from scratch" : "two regenerations from scratch"} gave different dumps:\n${describeFileDiff(first.staged.tmp, second.staged.tmp)}`,
              "add statements that pin these values (UPDATE … SET col = <constant>) to a file and pass it with --normalize-sql",
            );
          }
        } finally {
          await discardSeed(second.staged);
        }
      }
      written = await step.run("write", () => commitSeed(first.staged, settings.seedPath));
    } catch (err) {
      await discardSeed(first.staged);
      throw err;
    } finally {
      await Promise.all(stops);
    }
    return {
      path: settings.seedPath,
      fingerprint,
      sha256: written.sha256,
      bytes: written.bytes,
      serverVersion: first.version,
      migrationCount,
      regenerated: true,
      steps: step.steps,
    };
  } finally {
    release();
  }
}

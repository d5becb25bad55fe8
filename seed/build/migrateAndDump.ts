/**
 * One build of the seed on a throwaway server: (the previous seed, for an incremental build) →
 * migrate command → normalize → pg_dump streamed into a staged seed. regenerate.ts decides
 * whether to build, holds the seed's lock and puts the staged seed in place.
 */
import type { EngineSettings } from "../core/settings";
import { PgseedError } from "../core/errors";
import { DUMP_OPTIONS } from "../core/format";
import { literal } from "../core/text";
import type { SeedInputs } from "../inputs/fingerprint";
import { planRegenerate, Plan } from "../inputs/incremental";
import { startServer, ThrowawayServer } from "../servers";
import { MARKER_QUERY } from "../seedfile/format";
import { readSeedInputs } from "../seedfile/read";
import { seedStatus } from "../seedfile/state";
import { writeSeedStream, StagedSeed } from "../seedfile/write";
import { migrateEnv, normalizationSql, presetOf } from "../presets";
import { runMigrateCommand } from "./migrateProcess";
import { assertMigrated } from "./guard";

/** How long one step of a build took (regenerate's `steps`, `--json`). */
export interface StepTime {
  step: string;
  seconds: number;
}

/** Times each step of a build, and logs it as it ends. */
export class StepTimer {
  readonly steps: StepTime[] = [];
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

/** The seed an incremental build starts from. */
export interface PreviousSeed {
  path: string;
  /** The server version its header records. */
  version: string;
}

/**
 * How to build: incremental when the previous seed's inputs are a subset of today's
 * (inputs/incremental.ts).
 */
export async function planBuild(
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

/**
 * A fixed \restrict key per fingerprint: without it pg_dump draws a random one and every dump
 * differs.
 */
export const restrictKeyOf = (fingerprint: string) =>
  `pgseed${fingerprint.slice("sha256:".length, "sha256:".length + 32)}`;

/**
 * Incremental: the previous seed into the empty server, streamed (psqlLoad, its content hash
 * checked on the way: a seed changed since the plan never loads), its marker taken off again (a
 * from-scratch dump has none).
 */
async function loadPrevious(server: ThrowawayServer, previous: PreviousSeed): Promise<void> {
  const comment = (await server.query(MARKER_QUERY)).trimEnd();
  await server.loadSeed(previous.path, previous.version);
  await server.runSql(`COMMENT ON SCHEMA public IS ${comment ? literal(comment) : "NULL"};`);
}

/**
 * The migrate command against the throwaway server, then the check that it migrated that server,
 * not whatever its settings name.
 */
async function migrate(
  server: ThrowawayServer,
  settings: EngineSettings,
  runnable: string,
  step: StepTimer,
  fromSeed: boolean,
): Promise<void> {
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
  await assertMigrated(server, presetOf(settings.preset).expectedMigrations(settings), {
    fromSeed,
  });
}

/** The preset's and the user's normalization statements, if any. */
async function normalize(
  server: ThrowawayServer,
  settings: EngineSettings,
  step: StepTimer,
): Promise<void> {
  const sql = normalizationSql(settings);
  if (!sql.trim()) return;
  await step.run("normalize", () =>
    server.runSql(sql).catch((err: PgseedError) => {
      throw new PgseedError(
        `normalization SQL failed:${err.message.slice(err.message.indexOf("\n")).split("\n  fix:")[0]}`,
        "correct the statements in --normalize-sql (preset statements need the preset's tables)",
      );
    }),
  );
}

/**
 * One throwaway server: migrate, normalize, dump. The dump streams into a staged seed beside the
 * seed path (never held in memory); returns it, the server's version, and the server's stop,
 * already under way: putting the seed in place needs no server (await `stopped`).
 */
export async function migrateAndDump(
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
    await migrate(server, settings, await command, step, previous !== undefined);
    await normalize(server, settings, step);
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

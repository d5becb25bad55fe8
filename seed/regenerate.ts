/**
 * Regenerate: throwaway empty server → migrate command → normalize → pg_dump → header → atomic
 * write → server torn down. Does nothing when the seed on disk is already fresh.
 */
import * as fs from "fs";
import * as path from "path";
import type { EngineSettings } from "./settings";
import { PgseedError } from "./errors";
import { computeFingerprint, DUMP_OPTIONS } from "./fingerprint";
import { fingerprintInput } from "./recipe";
import { startServer, ThrowawayServer } from "./servers";
import { encodeSeed, renderSeed, sha256, wrapDump, writeFileAtomic, writeError } from "./seedFile";
import { normalizationSql, runnableMigrateCommand } from "./presets";
import { seedStatus } from "./seedState";
import { diffDumps, describeDiff } from "./dumpDiff";
import { acquireLock } from "./lock";
import { runMigrateCommand } from "./migrateCommand";

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
  verify?: boolean;
  log?: (line: string) => void;
}

/** Fresh = carries the current fingerprint and its content hash matches. */
export function freshSeedInfo(settings: Pick<EngineSettings, "seedPath">, fingerprint: string, migrationCount: number): SeedInfo | undefined {
  const { state, seed } = seedStatus(settings.seedPath, fingerprint);
  if (state !== "fresh") return undefined; // missing, stale or corrupt: regenerate over it
  return {
    path: settings.seedPath,
    fingerprint,
    sha256: sha256(seed!.bytes),
    bytes: seed!.bytes.length,
    serverVersion: seed!.parsed.header.postgres,
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
  if (!stat.isDirectory()) throw writeError(seedPath, Object.assign(new Error("parent is not a folder"), { code: "ENOTDIR" }));
  if (fs.existsSync(seedPath) && fs.statSync(seedPath).isDirectory()) {
    throw writeError(seedPath, Object.assign(new Error("is a folder"), { code: "EISDIR" }));
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (err) {
    throw writeError(seedPath, err as NodeJS.ErrnoException);
  }
}

/** A fixed \restrict key per fingerprint: without it pg_dump draws a random one and every dump differs. */
export const restrictKeyOf = (fingerprint: string) => `pgseed${fingerprint.slice("sha256:".length, "sha256:".length + 32)}`;

/**
 * One throwaway server: migrate, normalize, dump. Returns the dump text and the server's version,
 * and the server's stop, already under way: writing the seed needs no server (await `stopped`).
 */
async function migrateAndDump(settings: EngineSettings, command: Promise<string>, fingerprint: string, step: StepTimer): Promise<{ dump: string; version: string; stopped: Promise<void> }> {
  const request = { major: settings.postgresVersion, pgBin: settings.pgBin, image: settings.image, engine: settings.engine };
  const server: ThrowawayServer = await step.run("server start", () => startServer(request));
  const stop = () => step.run("server stop", () => server.stop());
  let dump: string;
  try {
    const runnable = await command;
    await step.run("migrate", () => runMigrateCommand({ command: runnable, cwd: settings.appDir, env: server.env, timeoutSeconds: settings.migrateTimeoutSeconds }));
    const normalize = normalizationSql(settings);
    if (normalize.trim()) {
      await step.run("normalize", () =>
        server.runSql(normalize).catch((err: PgseedError) => {
          throw new PgseedError(`normalization SQL failed:${err.message.slice(err.message.indexOf("\n")).split("\n  fix:")[0]}`, "correct the statements in --normalize-sql (preset statements need the preset's tables)");
        }),
      );
    }
    dump = await step.run("dump", () => server.dump([...DUMP_OPTIONS, `--restrict-key=${restrictKeyOf(fingerprint)}`]));
  } catch (err) {
    await stop();
    throw err;
  }
  return { dump, version: server.version, stopped: stop() };
}

class StepTimer {
  readonly steps: RegenerateResult["steps"] = [];
  constructor(private readonly log?: (line: string) => void) {}
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

export async function regenerate(settings: EngineSettings, options: RegenerateOptions = {}): Promise<RegenerateResult> {
  const { fingerprint, migrationCount } = computeFingerprint(fingerprintInput(settings));
  const fresh = () => (options.force ? undefined : freshSeedInfo(settings, fingerprint, migrationCount));
  const upToDate = fresh();
  if (upToDate) {
    options.log?.(`seed is fresh (${fingerprint.slice(0, 19)}…); nothing to do (--force redoes it)`);
    return { ...upToDate, regenerated: false, steps: [] };
  }
  checkSeedFolder(settings.seedPath);
  // Probed while the server starts; awaited before the migrate step.
  const command = runnableMigrateCommand(settings);
  command.catch(() => undefined); // handled where it is awaited
  const release = await acquireLock(settings.seedPath, (settings.migrateTimeoutSeconds + 120) * 1000 * 2, () =>
    options.log?.("another pgseed is regenerating this seed; waiting for it"),
  );
  try {
    // Another process may have written the fresh seed while we waited for the lock.
    const done = fresh();
    if (done) {
      options.log?.("seed was regenerated by another pgseed meanwhile; reusing it");
      return { ...done, regenerated: false, steps: [] };
    }
    const step = new StepTimer(options.log);
    const first = await migrateAndDump(settings, command, fingerprint, step);
    const stops = [first.stopped];
    let bytes: Buffer;
    try {
      if (options.verify) {
        const second = await migrateAndDump(settings, command, fingerprint, step);
        stops.push(second.stopped);
        if (second.dump !== first.dump) {
          throw new PgseedError(
            `--verify: two regenerations from scratch gave different dumps:\n${describeDiff(diffDumps(first.dump, second.dump))}`,
            "add statements that pin these values (UPDATE … SET col = <constant>) to a file and pass it with --normalize-sql",
          );
        }
      }
      bytes = encodeSeed(settings.seedPath, renderSeed(wrapDump(first.dump, fingerprint), fingerprint, first.version));
      await step.run("write", () => writeFileAtomic(settings.seedPath, bytes));
    } finally {
      await Promise.all(stops);
    }
    return {
      path: settings.seedPath,
      fingerprint,
      sha256: sha256(bytes),
      bytes: bytes.length,
      serverVersion: first.version,
      migrationCount,
      regenerated: true,
      steps: step.steps,
    };
  } finally {
    release();
  }
}

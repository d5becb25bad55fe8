/**
 * Runs a migrate command (regenerate's throwaway server, or a live database for `pgseed migrate`)
 * in its own process group, so a timeout or a signal stops all of it, and turns its failure into
 * an error naming the command, its exit code and its last lines.
 */
import execa from "execa";
import { PgseedError } from "../core/errors";
import { registerCleanup } from "../core/cleanup";
import { tail } from "../core/text";

export interface MigrateRun {
  /** The shell command, as it runs on this machine. */
  command: string;
  cwd: string;
  /**
   * Its whole environment (presets/env.ts projectEnv): the database it migrates (DATABASE_URL,
   * PG*) and what the preset keeps of the user's.
   */
  env: Record<string, string>;
  timeoutSeconds: number;
  /** Said after the failure (what is left as it was). */
  untouched?: string;
}

/** Runs the command; resolves with its combined output, or throws a PgseedError. */
export async function runMigrateCommand(run: MigrateRun): Promise<string> {
  const child = execa("sh", ["-c", run.command], {
    cwd: run.cwd,
    // Only what pgseed gives: the user's PGSERVICE or PGHOSTADDR would redirect the command.
    env: run.env,
    extendEnv: false,
    all: true,
    reject: false,
    detached: true,
    stdin: "ignore",
  });
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const reg = registerCleanup(() => killGroup("SIGKILL"));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup("SIGTERM");
    setTimeout(() => killGroup("SIGKILL"), 2000).unref();
  }, run.timeoutSeconds * 1000);
  const result = await child;
  clearTimeout(timer);
  killGroup("SIGKILL"); // anything it left in the background
  reg.run();
  const untouched = run.untouched ?? "the previous seed is untouched";
  if (timedOut) {
    throw new PgseedError(
      `migrate command \`${run.command}\` did not finish within ${run.timeoutSeconds}s and was stopped; last output:\n${tail(result.all ?? "")}`,
      "make it finish, or raise --migrate-timeout",
    );
  }
  if (result.exitCode !== 0) {
    const why =
      result.exitCode === 127
        ? "command not found; check --migrate-command and PATH"
        : "fix the migration, then run again";
    throw new PgseedError(
      `migrate command \`${run.command}\` ${result.signal ? `was killed by ${result.signal}` : `failed with exit code ${result.exitCode}`}; last output:\n${tail(result.all ?? "")}`,
      `${why} (${untouched})`,
    );
  }
  return result.all ?? "";
}

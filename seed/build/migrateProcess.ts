/**
 * Runs a migrate command (regenerate's throwaway server, or a live database for `pgseed migrate`)
 * in its own process group, so a timeout or a signal stops all of it, and turns its failure into
 * an error naming the command, its exit code and its last lines. The command is done when it
 * exits: what it left running in the background (a dev server, a worker a data migration started,
 * `sleep 1000 &`) is ended and named, and its pipes are closed, so a child holding stdout can
 * never hold pgseed until the timeout.
 */
import * as fs from "fs";
import { finished } from "stream";
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
  /** Told what pgseed ended or stopped reading once the command exited. */
  log?: (line: string) => void;
}

/** Output kept for the error's last lines (the whole output is never held). */
const KEEP_BYTES = 1 << 20;
/** How long the pipes may stay open after the command and its group are gone. */
const CLOSE_GRACE_MS = 2000;

/**
 * The live processes of a process group, "pid command" each (Linux /proc; elsewhere one line saying
 * the group is not empty). Cheap when the group is empty: one kill(0) answers.
 */
export function groupMembers(pgid: number): string[] {
  try {
    process.kill(-pgid, 0);
  } catch {
    return []; // ESRCH: nobody left
  }
  let pids: string[];
  try {
    pids = fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return [`processes of group ${pgid}`];
  }
  const members: string[] = [];
  for (const pid of pids) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) !== pgid || state === "Z") continue;
      const args = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
      members.push(
        `${pid} ${args.slice(0, 80) || stat.slice(stat.indexOf("("), stat.lastIndexOf(")") + 1)}`,
      );
    } catch {
      // gone meanwhile
    }
  }
  return members;
}

/** Resolves true once `closed` did, false after `ms`. */
const within = (closed: Promise<void>, ms: number) =>
  new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void closed.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });

/**
 * After the command exited: ends what it left in its group (SIGTERM, then SIGKILL), says so, and
 * stops reading pipes that something outside the group still holds.
 */
async function endLeftovers(
  child: execa.ExecaChildProcess,
  closed: Promise<void>,
  killGroup: (signal: NodeJS.Signals) => void,
  log?: (line: string) => void,
): Promise<void> {
  const left = child.pid ? groupMembers(child.pid) : [];
  if (left.length) {
    killGroup("SIGTERM");
    const what = left.length === 1 ? "1 process" : `${left.length} processes`;
    log?.(
      `the migrate command exited and left ${what} running (${left.join("; ")}): ended its process group`,
    );
  }
  if (await within(closed, CLOSE_GRACE_MS)) return;
  killGroup("SIGKILL");
  if (await within(closed, CLOSE_GRACE_MS)) return;
  // A process outside the group (setsid, a daemon) holds the pipes: stop reading them.
  log?.(
    "a process outside the migrate command's process group still holds its output (a daemon?); pgseed stopped reading it",
  );
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.all?.destroy();
}

/**
 * Keeps the command's combined output (the last MiB or so) as it comes; `closed` resolves once
 * every byte was read: the merged stream ended (or was destroyed), not merely the child's pipes.
 */
function keepOutput(child: execa.ExecaChildProcess): { closed: Promise<void>; text: () => string } {
  const closed = new Promise<void>((resolve) =>
    child.all ? finished(child.all, () => resolve()) : child.once("close", () => resolve()),
  );
  let output = "";
  child.all?.setEncoding("utf8");
  child.all?.on("data", (d: string) => {
    output += d;
    if (output.length > 2 * KEEP_BYTES) output = output.slice(-KEEP_BYTES);
  });
  child.all?.on("error", () => undefined); // destroyed by endLeftovers
  return { closed, text: () => output };
}

/** Pure: the error of a command that was stopped or failed, or undefined when it succeeded. */
export function migrateFailure(
  run: Pick<MigrateRun, "command" | "timeoutSeconds" | "untouched">,
  exit: { timedOut: boolean; exitCode: number; signal?: string },
  output: string,
): PgseedError | undefined {
  const untouched = run.untouched ?? "the previous seed is untouched";
  if (exit.timedOut) {
    return new PgseedError(
      `migrate command \`${run.command}\` did not finish within ${run.timeoutSeconds}s and was stopped; last output:\n${tail(output)}`,
      "make it finish, or raise --migrate-timeout",
    );
  }
  if (exit.exitCode === 0) return undefined;
  const why =
    exit.exitCode === 127
      ? "command not found; check --migrate-command and PATH"
      : "fix the migration, then run again";
  return new PgseedError(
    `migrate command \`${run.command}\` ${exit.signal ? `was killed by ${exit.signal}` : `failed with exit code ${exit.exitCode}`}; last output:\n${tail(output)}`,
    `${why} (${untouched})`,
  );
}

/** Runs the command; resolves with its combined output (the last MiB), or throws a PgseedError. */
export async function runMigrateCommand(run: MigrateRun): Promise<string> {
  const child = execa("sh", ["-c", run.command], {
    cwd: run.cwd,
    // Only what pgseed gives: the user's PGSERVICE or PGHOSTADDR would redirect the command.
    env: run.env,
    extendEnv: false,
    all: true,
    // Resolve when the command exits, not when the last holder of its pipes lets go.
    buffer: false,
    reject: false,
    detached: true,
    stdin: "ignore",
  });
  const output = keepOutput(child);
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
  await endLeftovers(child, output.closed, killGroup, run.log);
  killGroup("SIGKILL"); // anything that ignored SIGTERM
  reg.run();
  const failure = migrateFailure(
    run,
    { timedOut, exitCode: result.exitCode, signal: result.signal },
    output.text(),
  );
  if (failure) throw failure;
  return output.text();
}

/**
 * A deadline on a child process. Not execa's `timeout` option: execa 5 leaves its timer running
 * when the program cannot be spawned (ENOENT), which holds the CLI's exit for the whole timeout.
 */
import type execa from "execa";

/** Awaits `child`, SIGKILLed if it runs past `ms`; `timedOut` says whether it was. */
export async function withDeadline(
  child: execa.ExecaChildProcess,
  ms: number,
): Promise<execa.ExecaReturnValue & { timedOut: boolean }> {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill("SIGKILL");
  }, ms);
  try {
    const r = await child;
    return Object.assign(r, { timedOut });
  } finally {
    clearTimeout(timer);
  }
}

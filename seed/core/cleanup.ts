/**
 * Teardown that must run whatever happens: on success, on failure and on SIGINT/SIGTERM. Each
 * resource (a throwaway server, a lock, a temp file) registers one; the CLI's signal handler runs
 * them all before exiting.
 */
type Task = () => Promise<void> | void;
const pending = new Set<Task>();
/** Tasks already under way (a stop the code started itself): a signal waits for them too. */
const running = new Set<Promise<void>>();

export interface Registration {
  /** Runs the task once (later calls return the same promise). */
  run(): void;
  /** Drops the task without running it (what it guarded is gone, e.g. a temp file renamed). */
  cancel(): void;
  done: Promise<void>;
}

export function registerCleanup(task: Task): Registration {
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  let started = false;
  const wrapped: Task = async () => {
    if (started) return done;
    started = true;
    pending.delete(wrapped);
    running.add(done);
    try {
      await task();
    } finally {
      resolveDone();
      running.delete(done);
    }
  };
  pending.add(wrapped);
  return {
    run: () => void Promise.resolve(wrapped()).catch(() => undefined),
    cancel: () => {
      if (started) return;
      started = true;
      pending.delete(wrapped);
      resolveDone();
    },
    done,
  };
}

/**
 * Runs every pending cleanup (newest first) and waits for them, and for those already under way.
 */
export async function runAllCleanups(): Promise<void> {
  const tasks = [...pending].reverse();
  await Promise.allSettled([...tasks.map((t) => t()), ...running]);
}

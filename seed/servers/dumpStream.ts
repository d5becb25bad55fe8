/**
 * pg_dump's output as a stream that is whole or fails: shared by the local and the docker server.
 */
import { finished, PassThrough, Readable } from "stream";
import type execa from "execa";
import type { PgseedError } from "../core/errors";

/**
 * Pure: the dump options a pg_dump takes (one before 15.14, and the matching minors of other
 * majors, has no --restrict-key).
 */
export const supportedDumpOptions = (options: readonly string[], restrictKey: boolean) =>
  options.filter((o) => !o.startsWith("--restrict-key") || restrictKey);

/**
 * pg_dump's stdout as a stream that ends only once pg_dump exited 0, and fails with `failure` when
 * it did not (a dump cut short must never pass for a whole one). Destroying the stream (the writer
 * failed, e.g. a full disk) kills pg_dump.
 */
export function dumpStreamOf(
  child: execa.ExecaChildProcess,
  failure: (exitCode: number | null, stderr: string) => PgseedError,
): Readable {
  const out = new PassThrough();
  let stderr = "";
  child.stderr!.on("data", (d) => (stderr = (stderr + d).slice(-65536)));
  child.stdout!.pipe(out, { end: false });
  const stdoutDone = new Promise<void>((resolve) => finished(child.stdout!, () => resolve()));
  let done = false;
  Promise.all([child, stdoutDone]).then(
    ([r]) => {
      done = true;
      if (r.exitCode === 0 && !r.signal) out.end();
      else out.destroy(failure(r.exitCode ?? null, stderr));
    },
    (err: Error) => {
      done = true;
      out.destroy(failure(null, err.message));
    },
  );
  out.on("close", () => done || child.kill("SIGKILL"));
  // pg_dump can fail before the consumer starts reading: without a listener that 'error' would be
  // uncaught (exit 2, an internal error). The consumer still gets it: a destroyed stream's iterator
  // throws it.
  out.on("error", () => undefined);
  return out;
}

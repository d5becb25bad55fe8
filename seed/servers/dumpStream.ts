/**
 * pg_dump's output as a stream that is whole or fails: shared by the local and the docker server.
 */
import { finished, PassThrough, Readable } from "stream";
import type execa from "execa";
import { PgseedError } from "../core/errors";
import { tail } from "../core/text";

/**
 * Pure: the dump options a pg_dump takes (one before 15.14, and the matching minors of other
 * majors, has no --restrict-key).
 */
export const supportedDumpOptions = (options: readonly string[], restrictKey: boolean) =>
  options.filter((o) => !o.startsWith("--restrict-key") || restrictKey);

const restrictKeys = new Map<string, boolean>();

/**
 * Whether a pg_dump has --restrict-key (15.14 and the matching minors of other majors on): asked
 * once per `key` (a binary's path, an image's id), `help` being its `pg_dump --help`.
 */
export async function hasRestrictKey(key: string, help: () => Promise<string>): Promise<boolean> {
  if (!restrictKeys.has(key)) restrictKeys.set(key, (await help()).includes("--restrict-key"));
  return restrictKeys.get(key)!;
}

/** Pure: pg_dump's failure; `image` names the image it ran in (docker). */
export const dumpFailure = (code: number | null, stderr: string, image?: string) =>
  new PgseedError(
    `pg_dump${image ? ` (in ${image})` : ""} failed with exit code ${code}:\n${tail(stderr)}`,
    "see pg_dump's message above (the previous seed is untouched)",
  );

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

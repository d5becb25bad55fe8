/**
 * The local-binaries server behind the seam: a throwaway cluster of this machine's PostgreSQL
 * binaries (seed/postgres.ts), its own psql and pg_dump on its unix socket.
 */
import * as path from "path";
import { finished, PassThrough, Readable } from "stream";
import execa from "execa";
import { PgseedError } from "../core/errors";
import { tail } from "../core/text";
import { findPgBin, socketEnv, startThrowawayServer } from "./cluster";
import { psqlLoad } from "../database/load";
import { connectionEnv } from "../core/libpq";
import type { ServerKind, ServerRequest, ThrowawayServer } from "./types";

const restrictSupport = new Map<string, boolean>();
/** pg_dump before 15.14 (and the matching minors of other majors) has no --restrict-key. */
function supportsRestrictKey(pgDump: string): boolean {
  if (!restrictSupport.has(pgDump)) restrictSupport.set(pgDump, execa.sync(pgDump, ["--help"], { reject: false }).stdout.includes("--restrict-key"));
  return restrictSupport.get(pgDump)!;
}

export const localServer: ServerKind = {
  name: "local",
  async start(request: ServerRequest): Promise<ThrowawayServer> {
    const bin = findPgBin(request.major, request.pgBin);
    const server = await startThrowawayServer(bin);
    const tool = (name: string) => path.join(bin.dir, name);
    const clientEnv = connectionEnv(socketEnv(server));
    return {
      kind: "local",
      version: bin.version,
      source: bin.dir,
      env: server.env,
      url: server.url,
      async runSql(sql) {
        const r = await execa(tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-1", "-f", "-"], { input: sql, env: clientEnv, extendEnv: false, reject: false, all: true });
        if (r.exitCode !== 0) throw new PgseedError(`SQL failed on the throwaway server:\n${tail(r.all ?? "")}`, "correct the statements");
      },
      loadSeed: (seedPath, seedVersion) => psqlLoad(server.url, seedPath, seedVersion, tool("psql")),
      async query(sql) {
        const r = await execa(tool("psql"), ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql], { env: clientEnv, extendEnv: false, reject: false, all: true });
        if (r.exitCode !== 0) throw new PgseedError(`query failed on the throwaway server:\n${tail(r.all ?? "")}`, "correct the statement");
        return r.stdout;
      },
      async dump(options) {
        const pgDump = tool("pg_dump");
        const args = options.filter((o) => !o.startsWith("--restrict-key") || supportsRestrictKey(pgDump));
        const r = await execa(pgDump, args, { env: clientEnv, extendEnv: false, reject: false, maxBuffer: 2 ** 31, stripFinalNewline: false });
        if (r.exitCode !== 0) throw new PgseedError(`pg_dump failed with exit code ${r.exitCode}:\n${tail(r.stderr)}`, "see pg_dump's message above (the previous seed is untouched)");
        return r.stdout;
      },
      async dumpStream(options) {
        const pgDump = tool("pg_dump");
        const args = options.filter((o) => !o.startsWith("--restrict-key") || supportsRestrictKey(pgDump));
        const child = execa(pgDump, args, { env: clientEnv, extendEnv: false, reject: false, buffer: false });
        return dumpStreamOf(child, (code, stderr) => new PgseedError(`pg_dump failed with exit code ${code}:\n${tail(stderr)}`, "see pg_dump's message above (the previous seed is untouched)"));
      },
      stop: () => server.stop(),
    };
  },
};

/**
 * pg_dump's stdout as a stream that ends only once pg_dump exited 0, and fails with `failure` when
 * it did not (a dump cut short must never pass for a whole one). Destroying the stream (the writer
 * failed, e.g. a full disk) kills pg_dump. Shared by the docker server.
 */
export function dumpStreamOf(child: execa.ExecaChildProcess, failure: (exitCode: number | null, stderr: string) => PgseedError): Readable {
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
  // uncaught (exit 2, an internal error). The consumer still gets it: a destroyed stream's iterator throws it.
  out.on("error", () => undefined);
  return out;
}

/**
 * The local-binaries server behind the seam: a throwaway cluster of this machine's PostgreSQL
 * binaries (cluster.ts), its own psql and pg_dump on its unix socket.
 */
import * as path from "path";
import execa from "execa";
import { PgseedError } from "../core/errors";
import { tail } from "../core/text";
import { connectionEnv } from "../core/libpq";
import { psqlLoad } from "../seedfile/psqlLoad";
import { socketEnv, startLocalCluster } from "./cluster";
import { findPgBin } from "./pgBin";
import { dumpStreamOf, supportedDumpOptions } from "./dumpStream";
import type { ServerKind, ServerRequest, ThrowawayServer } from "./types";

const restrictSupport = new Map<string, boolean>();
/** Whether this pg_dump has --restrict-key (15.14 and the matching minors of other majors on). */
function supportsRestrictKey(pgDump: string): boolean {
  if (!restrictSupport.has(pgDump))
    restrictSupport.set(
      pgDump,
      execa.sync(pgDump, ["--help"], { reject: false }).stdout.includes("--restrict-key"),
    );
  return restrictSupport.get(pgDump)!;
}

export const localServer: ServerKind = {
  name: "local",
  async start(request: ServerRequest): Promise<ThrowawayServer> {
    const bin = findPgBin(request.major, request.pgBin);
    const server = await startLocalCluster(bin);
    const tool = (name: string) => path.join(bin.dir, name);
    const clientEnv = connectionEnv(socketEnv(server));
    const psql = (args: string[], input?: string) =>
      execa(tool("psql"), ["-X", "-q", "-v", "ON_ERROR_STOP=1", ...args], {
        input,
        env: clientEnv,
        extendEnv: false,
        reject: false,
        all: true,
      });
    return {
      kind: "local",
      version: bin.version,
      source: bin.dir,
      env: server.env,
      url: server.url,
      async runSql(sql) {
        const r = await psql(["-1", "-f", "-"], sql);
        if (r.exitCode !== 0)
          throw new PgseedError(
            `SQL failed on the throwaway server:\n${tail(r.all ?? "")}`,
            "correct the statements",
          );
      },
      loadSeed: (seedPath, seedVersion) =>
        psqlLoad(server.url, seedPath, seedVersion, tool("psql")),
      async query(sql) {
        const r = await psql(["-A", "-t", "-c", sql]);
        if (r.exitCode !== 0)
          throw new PgseedError(
            `query failed on the throwaway server:\n${tail(r.all ?? "")}`,
            "correct the statement",
          );
        return r.stdout;
      },
      async dumpStream(options) {
        const pgDump = tool("pg_dump");
        const child = execa(pgDump, supportedDumpOptions(options, supportsRestrictKey(pgDump)), {
          env: clientEnv,
          extendEnv: false,
          reject: false,
          buffer: false,
        });
        return dumpStreamOf(
          child,
          (code, stderr) =>
            new PgseedError(
              `pg_dump failed with exit code ${code}:\n${tail(stderr)}`,
              "see pg_dump's message above (the previous seed is untouched)",
            ),
        );
      },
      stop: () => server.stop(),
    };
  },
};

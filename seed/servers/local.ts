/**
 * The local-binaries server behind the seam: a throwaway cluster of this machine's PostgreSQL
 * binaries (cluster.ts), its own psql and pg_dump on its unix socket.
 */
import * as path from "path";
import execa from "execa";
import { connectionEnv } from "../core/libpq";
import { psqlLoad } from "../seedfile/psqlLoad";
import { socketEnv, startLocalCluster } from "./cluster";
import { findPgBin } from "./pgBin";
import { dumpFailure, dumpStreamOf, hasRestrictKey, supportedDumpOptions } from "./dumpStream";
import { psqlMethods } from "./psql";
import type { ServerKind, ServerRequest, ThrowawayServer } from "./types";

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
      ...psqlMethods(psql),
      loadSeed: (seedPath, seedVersion) =>
        psqlLoad(server.url, seedPath, seedVersion, tool("psql")),
      async dumpStream(options) {
        const pgDump = tool("pg_dump");
        const help = async () => (await execa(pgDump, ["--help"], { reject: false })).stdout;
        const args = supportedDumpOptions(options, await hasRestrictKey(pgDump, help));
        const child = execa(pgDump, args, {
          env: clientEnv,
          extendEnv: false,
          reject: false,
          buffer: false,
        });
        return dumpStreamOf(child, (code, stderr) => dumpFailure(code, stderr));
      },
      stop: () => server.stop(),
    };
  },
};

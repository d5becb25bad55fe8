/**
 * The docker server behind the seam: the target image itself runs the throwaway server, so the
 * seed is made by the very PostgreSQL (and pg_dump) the instances run, and a machine with Docker
 * but no local PostgreSQL binaries can regenerate. The container shares the host's network and
 * listens on 127.0.0.1 only, on a free port; trust auth; fsync off; PGDATA in RAM (tmpfs). It is
 * removed on success, failure and signals (registerCleanup), anonymous volumes included.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import execa from "execa";
import type { Readable } from "stream";
import { Client } from "pg";
import { registerCleanup } from "../core/cleanup";
import { EXIT_USAGE, PgseedError, usageError } from "../core/errors";
import {
  docker,
  ensureImage,
  removeContainer,
  requireEngine,
  socketOf,
  watchEngine,
  whileRunning,
} from "../core/docker";
import { firstLine, tail } from "../core/text";
import { freePort } from "../core/net";
import { majorOf, versionOf } from "../core/version";
import { psqlLoad } from "../seedfile/psqlLoad";
import { dumpFailure, dumpStreamOf, hasRestrictKey, supportedDumpOptions } from "./dumpStream";
import { psqlMethods, PsqlRun } from "./psql";
import { serverArgs, serverConnection, THROWAWAY_OPTIONS } from "./types";
import type { ServerKind, ServerRequest, ThrowawayServer } from "./types";

const USER = "postgres";
const DB = "postgres";
// Trust auth on 127.0.0.1: the password only satisfies tools that insist on one.
const PASSWORD = "pgseed";
/**
 * Outside the image's VOLUME (15-17: /var/lib/postgresql/data, 18+: /var/lib/postgresql) and in
 * RAM.
 */
const DATA_MOUNT = "/var/lib/pgseed";
const PGDATA = `${DATA_MOUNT}/data`;
export const THROWAWAY_LABEL = "pgseed.throwaway";

/**
 * Pure: `docker run` arguments of a throwaway server (the image's own entrypoint does the init).
 */
export function runArgs(o: { name: string; image: string; port: number }): string[] {
  return [
    "run",
    "--detach",
    "--name",
    o.name,
    "--label",
    `${THROWAWAY_LABEL}=true`,
    // Host networking (engines here run with --bridge=none); the server binds 127.0.0.1 only.
    "--network",
    "host",
    "--tmpfs",
    `${DATA_MOUNT}:rw,size=2g`,
    "--env",
    `PGDATA=${PGDATA}`,
    "--env",
    "POSTGRES_HOST_AUTH_METHOD=trust",
    "--env",
    `POSTGRES_PASSWORD=${PASSWORD}`,
    "--env",
    `POSTGRES_USER=${USER}`,
    "--env",
    `POSTGRES_DB=${DB}`,
    // The same cluster options as the local server: what shapes the dump must not depend on the
    // engine.
    "--env",
    "POSTGRES_INITDB_ARGS=-E UTF8 --locale=C --no-sync",
    o.image,
    "postgres",
    ...serverArgs([`port=${o.port}`, "listen_addresses=127.0.0.1"]),
    // cluster_name tells our server from anything else that might answer on that port.
    ...serverArgs([`cluster_name=${o.name}`, ...THROWAWAY_OPTIONS]),
  ];
}

/**
 * Pure: what the seed was made from: the reference, pinned by its registry digest or else its local
 * id.
 */
export function sourceOf(image: string, inspect: { id: string; repoDigests: string[] }): string {
  const repo = image.replace(/@sha256:[0-9a-f]+$/, "").replace(/:[^/:]+$/, "");
  const digest =
    inspect.repoDigests.find((d) => d.startsWith(`${repo}@`)) ?? inspect.repoDigests[0];
  return digest ? `${image} ${digest.slice(digest.indexOf("@") + 1)}` : `${image} ${inspect.id}`;
}

/**
 * Polls until our server answers on 127.0.0.1:port (the init server listens on its socket only).
 */
async function waitReady(name: string, port: number, timeoutMs = 120000): Promise<string> {
  const start = Date.now();
  let lastCheck = 0;
  for (;;) {
    const client = new Client({
      host: "127.0.0.1",
      port,
      user: USER,
      password: PASSWORD,
      database: DB,
      connectionTimeoutMillis: 2000,
    });
    try {
      await client.connect();
      const rows = (
        await client.query(
          "SELECT current_setting('cluster_name') AS cluster, current_setting('server_version') AS version",
        )
      ).rows;
      if (rows[0].cluster !== name)
        throw new PgseedError(
          `port ${port} on 127.0.0.1 is answered by another PostgreSQL (cluster_name ${JSON.stringify(rows[0].cluster)})`,
          "retry: the free port was taken meanwhile",
        );
      return versionOf(rows[0].version);
    } catch (err) {
      if (err instanceof PgseedError) throw err;
    } finally {
      await client.end().catch(() => undefined);
    }
    if (Date.now() - lastCheck > 1000) {
      lastCheck = Date.now();
      const state = await docker(["inspect", "--format", "{{.State.Status}}", name]);
      if (state.stdout.trim() !== "running") {
        const logs = await docker(["logs", "--tail", "25", name], { all: true });
        throw Object.assign(
          new Error(
            `the container exited (${state.stdout.trim() || firstLine(state.stderr)}):\n${tail(logs.all ?? "")}`,
          ),
          { logs: logs.all ?? "" },
        );
      }
    }
    if (Date.now() - start > timeoutMs)
      throw new Error(`the server was not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * `docker run` of the server, ready on a free port (a port lost to another process between probe
 * and bind is retried).
 */
async function run(name: string, image: string): Promise<{ port: number; version: string }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const started = await docker(runArgs({ name, image, port }), {
      all: true,
      leftBehind: `container ${name}`,
    });
    if (started.exitCode !== 0) throw new Error(`docker run failed: ${tail(started.all ?? "")}`);
    try {
      return { port, version: await waitReady(name, port) };
    } catch (err) {
      const logs = (err as { logs?: string }).logs ?? "";
      if (
        attempt < 4 &&
        (/could not (bind|create listen)/i.test(logs) ||
          (err instanceof PgseedError && /another PostgreSQL/.test(err.message)))
      ) {
        await docker(["rm", "--force", "--volumes", name], { leftBehind: `container ${name}` });
        continue;
      }
      throw err;
    }
  }
}

/** The psql and pg_dump arguments that reach the server from inside its container. */
const inContainerArgs = (port: number) => [
  "-h",
  "127.0.0.1",
  "-p",
  String(port),
  "-U",
  USER,
  "-d",
  DB,
];

/** The container's own psql, through docker exec (watched: a load may take long). */
const psqlIn =
  (name: string, port: number): PsqlRun =>
  (args, input) =>
    docker(
      [
        "exec",
        ...(input === undefined ? [] : ["-i"]),
        name,
        "psql",
        "-X",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        ...inContainerArgs(port),
        ...args,
      ],
      {
        input,
        all: true,
        deadlineSeconds: 3600,
        leftBehind: `container ${name}`,
        watch: { container: name },
      },
    );

/**
 * The container's own pg_dump, through docker exec, as a stream. A stream has no deadline of its
 * own: the engine and the container must keep answering.
 */
async function dumpIn(
  name: string,
  port: number,
  image: { ref: string; id: string },
  options: readonly string[],
): Promise<Readable> {
  const help = async () => (await docker(["exec", name, "pg_dump", "--help"])).stdout;
  const args = supportedDumpOptions(options, await hasRestrictKey(image.id, help));
  const child = execa("docker", ["exec", name, "pg_dump", ...inContainerArgs(port), ...args], {
    reject: false,
    buffer: false,
  });
  let stuck: PgseedError | undefined;
  const unwatch = watchEngine(name, "`docker exec … pg_dump`", (err) => {
    stuck = err;
    child.kill("SIGKILL");
  });
  void child.then(unwatch, unwatch);
  return dumpStreamOf(child, (code, stderr) => stuck ?? dumpFailure(code, stderr, image.ref));
}

/** The seam's methods over a running container: its own psql and pg_dump, through docker exec. */
function serverIn(
  name: string,
  request: ServerRequest,
  image: { id: string; repoDigests: string[] },
  port: number,
  version: string,
  stop: () => Promise<void>,
): ThrowawayServer {
  const connection = serverConnection({
    host: "127.0.0.1",
    port,
    user: USER,
    password: PASSWORD,
    database: DB,
  });
  return {
    kind: "docker",
    version,
    source: sourceOf(request.image, image),
    ...connection,
    ...psqlMethods(psqlIn(name, port), ` (${request.image})`),
    loadSeed: (seedPath, seedVersion) =>
      whileRunning(name, "`docker exec … psql` (loading the previous seed)", (signal) =>
        psqlLoad(
          connection.url,
          seedPath,
          seedVersion,
          ["docker", "exec", "-i", name, "psql", ...inContainerArgs(port)],
          "",
          { signal },
        ),
      ),
    dumpStream: (options) => dumpIn(name, port, { ref: request.image, id: image.id }, options),
    stop,
  };
}

async function start(request: ServerRequest): Promise<ThrowawayServer> {
  await requireEngine();
  const image = await ensureImage(
    request.image,
    `pull it where a registry is reachable (docker pull ${request.image}), or load or tag a PostgreSQL ${request.major} image as ${request.image}, or use --engine local`,
  );
  const name = `pgseed-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  // Registered before `docker run`: a Ctrl-C at any moment removes whatever got created.
  const cleanup = registerCleanup(() => removeContainer(name));
  const stop = async () => {
    cleanup.run();
    await cleanup.done;
  };
  try {
    const { port, version } = await run(name, request.image);
    if (majorOf(version) !== request.major) {
      throw usageError(
        `PostgreSQL major version mismatch: the seed must be made by PostgreSQL ${request.major}, but image ${request.image} runs ${version}`,
        `set --image to a PostgreSQL ${request.major} image (e.g. postgres:${request.major}), or --postgres-version ${majorOf(version)} if your servers run it`,
      );
    }
    return serverIn(name, request, image, port, version, stop);
  } catch (err) {
    await stop();
    if (err instanceof PgseedError) throw err;
    throw new PgseedError(
      `could not start a throwaway PostgreSQL from image ${request.image}: ${(err as Error).message}`,
      `check the image runs: docker run --rm -e POSTGRES_HOST_AUTH_METHOD=trust ${request.image}`,
      EXIT_USAGE,
    );
  }
}

export const dockerServer: ServerKind = {
  name: "docker",
  start,
  /**
   * Cheap: false when the docker CLI is missing or a unix DOCKER_HOST has no socket; else unknown.
   */
  available() {
    const pathDirs = (process.env.PATH ?? "").split(":").filter(Boolean);
    if (!pathDirs.some((d) => fs.existsSync(`${d}/docker`))) return false;
    const socket = socketOf(process.env.DOCKER_HOST);
    if (socket !== undefined && !fs.existsSync(socket)) return false;
    return undefined;
  },
};

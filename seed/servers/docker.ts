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
import { Client } from "pg";
import { registerCleanup } from "../core/cleanup";
import { EXIT_USAGE, PgseedError, usageError } from "../core/errors";
import { tail } from "../core/text";
import { freePort } from "../core/net";
import { majorOf } from "../core/version";
import { psqlLoad } from "../database/load";
import type { ServerKind, ServerRequest, ThrowawayServer } from "./types";
import { dumpStreamOf } from "./local";
import { firstLine } from "../core/text";
import { versionOf } from "../core/version";

const USER = "postgres";
const DB = "postgres";
// Trust auth on 127.0.0.1: the password only satisfies tools that insist on one.
const PASSWORD = "pgseed";
/** Outside the image's VOLUME (15-17: /var/lib/postgresql/data, 18+: /var/lib/postgresql) and in RAM. */
const DATA_MOUNT = "/var/lib/pgseed";
const PGDATA = `${DATA_MOUNT}/data`;
export const THROWAWAY_LABEL = "pgseed.throwaway";

/** Where the docker CLI will look for the engine, for messages. */
export const dockerHostOf = (env: NodeJS.ProcessEnv = process.env) => env.DOCKER_HOST || "unix:///var/run/docker.sock";

const noEngine = (why: string, env: NodeJS.ProcessEnv = process.env) =>
  usageError(
    `no Docker engine answers at ${dockerHostOf(env)} (${why})`,
    "start Docker (on this project's CI machine: bash scripts/start-dockerd.sh), or point DOCKER_HOST at a running engine, or use --engine local with local PostgreSQL binaries",
  );

/** Pure: `docker run` arguments of a throwaway server (the image's own entrypoint does the init). */
export function runArgs(o: { name: string; image: string; port: number }): string[] {
  return [
    "run", "--detach", "--name", o.name, "--label", `${THROWAWAY_LABEL}=true`,
    // Host networking (engines here run with --bridge=none); the server binds 127.0.0.1 only.
    "--network", "host",
    "--tmpfs", `${DATA_MOUNT}:rw,size=2g`,
    "--env", `PGDATA=${PGDATA}`,
    "--env", "POSTGRES_HOST_AUTH_METHOD=trust",
    "--env", `POSTGRES_PASSWORD=${PASSWORD}`,
    "--env", `POSTGRES_USER=${USER}`,
    "--env", `POSTGRES_DB=${DB}`,
    // The same cluster options as the local server: what shapes the dump must not depend on the engine.
    "--env", "POSTGRES_INITDB_ARGS=-E UTF8 --locale=C --no-sync",
    o.image,
    "postgres",
    "-c", `port=${o.port}`, "-c", "listen_addresses=127.0.0.1",
    // cluster_name tells our server from anything else that might answer on that port.
    "-c", `cluster_name=${o.name}`,
    "-c", "fsync=off", "-c", "full_page_writes=off", "-c", "synchronous_commit=off",
    "-c", "wal_level=minimal", "-c", "max_wal_senders=0", "-c", "autovacuum=off",
  ];
}

/** Pure: what the seed was made from: the reference, pinned by its registry digest or else its local id. */
export function sourceOf(image: string, inspect: { id: string; repoDigests: string[] }): string {
  const repo = image.replace(/@sha256:[0-9a-f]+$/, "").replace(/:[^/:]+$/, "");
  const digest = inspect.repoDigests.find((d) => d.startsWith(`${repo}@`)) ?? inspect.repoDigests[0];
  return digest ? `${image} ${digest.slice(digest.indexOf("@") + 1)}` : `${image} ${inspect.id}`;
}

/** Pure: the socket path of a unix DOCKER_HOST (the default one when unset); undefined for tcp/ssh. */
export function socketOf(dockerHost: string | undefined): string | undefined {
  if (!dockerHost) return "/var/run/docker.sock";
  return dockerHost.startsWith("unix://") ? dockerHost.slice("unix://".length) : undefined;
}

async function docker(args: string[], opts: execa.Options = {}): Promise<execa.ExecaReturnValue> {
  try {
    return await execa("docker", args, { reject: false, ...opts });
  } catch (err) {
    throw usageError(`the docker command could not run (${(err as Error).message.split("\n")[0]})`, "install the Docker CLI (Debian: apt-get install docker.io) or use --engine local");
  }
}

/** Throws the one-line "no engine" error unless an engine answers. */
export async function requireEngine(): Promise<void> {
  const r = await docker(["version", "--format", "{{.Server.Version}}"], { timeout: 20000 });
  if (r.exitCode === 0 && r.stdout.trim()) return;
  if ((r as { code?: string }).code === "ENOENT") {
    throw usageError("the docker command is not installed", "install Docker (Debian: apt-get install docker.io), or use --engine local with local PostgreSQL binaries");
  }
  if (/permission denied/i.test(r.stderr)) {
    throw usageError(`the Docker engine at ${dockerHostOf()} refuses this user (${firstLine(r.stderr)})`, "add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or run as a user that may use Docker, or use --engine local");
  }
  throw noEngine(r.timedOut ? "no answer in 20 s" : firstLine(r.stderr));
}

/** The image's id and registry digests, or undefined when it is not on the engine. */
export async function inspectImage(image: string): Promise<{ id: string; repoDigests: string[] } | undefined> {
  const r = await docker(["image", "inspect", "--format", "{{json .Id}} {{json .RepoDigests}}", image]);
  if (r.exitCode !== 0) return undefined;
  const [id, digests] = r.stdout.trim().split(" ");
  return { id: JSON.parse(id), repoDigests: JSON.parse(digests) ?? [] };
}

/** The image, pulled once when missing. */
async function ensureImage(image: string, major: number): Promise<{ id: string; repoDigests: string[] }> {
  const found = await inspectImage(image);
  if (found) return found;
  const pull = await docker(["pull", "--quiet", image], { all: true });
  const pulled = pull.exitCode === 0 ? await inspectImage(image) : undefined;
  if (pulled) return pulled;
  throw usageError(
    `image ${image} is not on the Docker engine at ${dockerHostOf()} and docker pull failed: ${firstLine(pull.all ?? "")}`,
    `pull it where a registry is reachable (docker pull ${image}), or load or tag a PostgreSQL ${major} image as ${image}, or use --engine local`,
  );
}

const pgDumpRestrict = new Map<string, boolean>();

/** Polls until our server answers on 127.0.0.1:port (the init server listens on its socket only). */
async function waitReady(name: string, port: number, timeoutMs = 120000): Promise<string> {
  const start = Date.now();
  let lastCheck = 0;
  for (;;) {
    const client = new Client({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: DB, connectionTimeoutMillis: 2000 });
    try {
      await client.connect();
      const rows = (await client.query("SELECT current_setting('cluster_name') AS cluster, current_setting('server_version') AS version")).rows;
      if (rows[0].cluster !== name) throw new PgseedError(`port ${port} on 127.0.0.1 is answered by another PostgreSQL (cluster_name ${JSON.stringify(rows[0].cluster)})`, "retry: the free port was taken meanwhile");
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
        throw Object.assign(new Error(`the container exited (${state.stdout.trim() || firstLine(state.stderr)}):\n${tail(logs.all ?? "")}`), { logs: logs.all ?? "" });
      }
    }
    if (Date.now() - start > timeoutMs) throw new Error(`the server was not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function start(request: ServerRequest): Promise<ThrowawayServer> {
  await requireEngine();
  const image = await ensureImage(request.image, request.major);
  const name = `pgseed-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  // Registered before `docker run`: a Ctrl-C at any moment removes whatever got created.
  const cleanup = registerCleanup(async () => {
    await docker(["rm", "--force", "--volumes", name]);
  });
  const stop = async () => {
    cleanup.run();
    await cleanup.done;
  };
  try {
    let port = 0;
    let version = "";
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      const run = await docker(runArgs({ name, image: request.image, port }), { all: true });
      if (run.exitCode !== 0) throw new Error(`docker run failed: ${tail(run.all ?? "")}`);
      try {
        version = await waitReady(name, port);
        break;
      } catch (err) {
        // Another process may take the free port between our probe and the bind: retry then.
        const logs = (err as { logs?: string }).logs ?? "";
        if (attempt < 4 && (/could not (bind|create listen)/i.test(logs) || (err instanceof PgseedError && /another PostgreSQL/.test(err.message)))) {
          await docker(["rm", "--force", "--volumes", name]);
          continue;
        }
        throw err;
      }
    }
    if (majorOf(version) !== request.major) {
      throw usageError(
        `PostgreSQL major version mismatch: the seed must be made by PostgreSQL ${request.major}, but image ${request.image} runs ${version}`,
        `set --image to a PostgreSQL ${request.major} image (e.g. postgres:${request.major}), or --postgres-version ${majorOf(version)} if your servers run it`,
      );
    }
    const inContainer = ["-h", "127.0.0.1", "-p", String(port), "-U", USER, "-d", DB];
    const psql = (args: string[], input?: string) =>
      docker(["exec", ...(input === undefined ? [] : ["-i"]), name, "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", ...inContainer, ...args], { input, all: true });
    const env = {
      PGHOST: "127.0.0.1",
      PGPORT: String(port),
      PGUSER: USER,
      PGPASSWORD: PASSWORD,
      PGDATABASE: DB,
      DATABASE_URL: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DB}`,
    };
    return {
      kind: "docker",
      version,
      source: sourceOf(request.image, image),
      env,
      url: env.DATABASE_URL,
      async runSql(sql) {
        const r = await psql(["-1", "-f", "-"], sql);
        if (r.exitCode !== 0) throw new PgseedError(`SQL failed on the throwaway server (${request.image}):\n${tail(r.all ?? "")}`, "correct the statements");
      },
      loadSeed: (seedPath, seedVersion) => psqlLoad(env.DATABASE_URL, seedPath, seedVersion, ["docker", "exec", "-i", name, "psql", ...inContainer]),
      async query(sql) {
        const r = await psql(["-A", "-t", "-c", sql]);
        if (r.exitCode !== 0) throw new PgseedError(`query failed on the throwaway server (${request.image}):\n${tail(r.all ?? "")}`, "correct the statement");
        return r.stdout;
      },
      async dump(options) {
        // pg_dump before 15.14 (and the matching minors of other majors) has no --restrict-key.
        if (!pgDumpRestrict.has(image.id)) {
          const help = await docker(["exec", name, "pg_dump", "--help"]);
          pgDumpRestrict.set(image.id, help.stdout.includes("--restrict-key"));
        }
        const args = options.filter((o) => !o.startsWith("--restrict-key") || pgDumpRestrict.get(image.id));
        const r = await docker(["exec", name, "pg_dump", ...inContainer, ...args], { maxBuffer: 2 ** 31, stripFinalNewline: false });
        if (r.exitCode !== 0) throw new PgseedError(`pg_dump (in ${request.image}) failed with exit code ${r.exitCode}:\n${tail(r.stderr)}`, "see pg_dump's message above (the previous seed is untouched)");
        return r.stdout;
      },
      async dumpStream(options) {
        if (!pgDumpRestrict.has(image.id)) {
          const help = await docker(["exec", name, "pg_dump", "--help"]);
          pgDumpRestrict.set(image.id, help.stdout.includes("--restrict-key"));
        }
        const args = options.filter((o) => !o.startsWith("--restrict-key") || pgDumpRestrict.get(image.id));
        const child = execa("docker", ["exec", name, "pg_dump", ...inContainer, ...args], { reject: false, buffer: false });
        return dumpStreamOf(child, (code, stderr) => new PgseedError(`pg_dump (in ${request.image}) failed with exit code ${code}:\n${tail(stderr)}`, "see pg_dump's message above (the previous seed is untouched)"));
      },
      stop,
    };
  } catch (err) {
    await stop();
    if (err instanceof PgseedError) throw err;
    throw new PgseedError(`could not start a throwaway PostgreSQL from image ${request.image}: ${(err as Error).message}`, `check the image runs: docker run --rm -e POSTGRES_HOST_AUTH_METHOD=trust ${request.image}`, EXIT_USAGE);
  }
}

export const dockerServer: ServerKind = {
  name: "docker",
  start,
  /** Cheap: false when the docker CLI is missing or a unix DOCKER_HOST has no socket; else unknown. */
  available() {
    const pathDirs = (process.env.PATH ?? "").split(":").filter(Boolean);
    if (!pathDirs.some((d) => fs.existsSync(`${d}/docker`))) return false;
    const socket = socketOf(process.env.DOCKER_HOST);
    if (socket !== undefined && !fs.existsSync(socket)) return false;
    return undefined;
  },
};

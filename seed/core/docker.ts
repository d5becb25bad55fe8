/**
 * The docker CLI, the one way pgseed talks to a Docker engine (throwaway servers, pre-seeded
 * images). Every call has a deadline: an engine that stops answering (paused, SIGSTOPped, its
 * socket gone) fails the call with a message that names what may be left behind, instead of
 * hanging a regenerate or a signal's cleanup.
 */
import execa from "execa";
import { PgseedError, usageError, EXIT_USAGE } from "./errors";
import { firstLine } from "./text";

/**
 * Seconds a docker call may take unless the caller says otherwise (pull, commit and stop take
 * longer).
 */
export const DOCKER_DEADLINE_SECONDS = 60;

/** Where the docker CLI will look for the engine, for messages. */
export const dockerHostOf = (env: NodeJS.ProcessEnv = process.env) =>
  env.DOCKER_HOST || "unix:///var/run/docker.sock";

/**
 * Pure: the socket path of a unix DOCKER_HOST (the default one when unset); undefined for tcp/ssh.
 */
export function socketOf(dockerHost: string | undefined): string | undefined {
  if (!dockerHost) return "/var/run/docker.sock";
  return dockerHost.startsWith("unix://") ? dockerHost.slice("unix://".length) : undefined;
}

export interface DockerCall extends execa.Options {
  /** Seconds before the call is abandoned (default DOCKER_DEADLINE_SECONDS). */
  deadlineSeconds?: number;
  /**
   * What is left behind if this call never finishes, e.g. `container pgseed-123` (said in the
   * error).
   */
  leftBehind?: string;
}

/** Pure: the error of a docker call that missed its deadline. */
export function deadlineError(
  args: readonly string[],
  seconds: number,
  leftBehind?: string,
  env: NodeJS.ProcessEnv = process.env,
): PgseedError {
  const left = leftBehind ? `; ${leftBehind} may be left behind` : "";
  const remove = leftBehind?.startsWith("container ")
    ? ` then remove it: docker rm --force ${leftBehind.slice("container ".length)}`
    : "";
  return new PgseedError(
    `the Docker engine at ${dockerHostOf(env)} did not answer \`docker ${args.slice(0, 2).join(" ")}\` within ${seconds} s${left}`,
    `check the engine (docker info; is it paused or stopped?),${remove || " then run again"}`,
    EXIT_USAGE,
  );
}

/**
 * Runs `docker ARGS`; the result whatever the exit code; throws when docker cannot run or the
 * deadline passes.
 */
export async function docker(
  args: string[],
  call: DockerCall = {},
): Promise<execa.ExecaReturnValue> {
  const { deadlineSeconds = DOCKER_DEADLINE_SECONDS, leftBehind, ...options } = call;
  let r: execa.ExecaReturnValue;
  try {
    r = await execa("docker", args, {
      reject: false,
      timeout: deadlineSeconds * 1000,
      killSignal: "SIGKILL",
      ...options,
    });
  } catch (err) {
    throw usageError(
      `the docker command could not run (${firstLine((err as Error).message)})`,
      "install the Docker CLI (Debian: apt-get install docker.io), or use --engine local",
    );
  }
  if ((r as { code?: string }).code === "ENOENT") {
    throw usageError(
      "the docker command is not installed",
      "install Docker (Debian: apt-get install docker.io), or use --engine local with local PostgreSQL binaries",
    );
  }
  if (r.timedOut) throw deadlineError(args, deadlineSeconds, leftBehind);
  return r;
}

/** Throws the one-line "no engine" error unless an engine answers. */
export async function requireEngine(): Promise<void> {
  let r: execa.ExecaReturnValue;
  try {
    r = await docker(["version", "--format", "{{.Server.Version}}"], { deadlineSeconds: 20 });
  } catch (err) {
    if (!(err instanceof PgseedError) || !/did not answer/.test(err.message)) throw err;
    throw noEngine("no answer in 20 s");
  }
  if (r.exitCode === 0 && r.stdout.trim()) return;
  if (/permission denied/i.test(r.stderr)) {
    throw usageError(
      `the Docker engine at ${dockerHostOf()} refuses this user (${firstLine(r.stderr)})`,
      "add yourself to the docker group (sudo usermod -aG docker $USER, then log in again), or run as a user that may use Docker, or use --engine local",
    );
  }
  throw noEngine(firstLine(r.stderr));
}

const noEngine = (why: string) =>
  usageError(
    `no Docker engine answers at ${dockerHostOf()} (${why})`,
    "start Docker (in this project's test setup: bash scripts/start-dockerd.sh), or point DOCKER_HOST at a running engine, or use --engine local with local PostgreSQL binaries",
  );

export interface ImageInfo {
  id: string;
  repoDigests: string[];
  labels: Record<string, string>;
}

/** The image's id, registry digests and labels, or undefined when it is not on the engine. */
export async function inspectImage(ref: string): Promise<ImageInfo | undefined> {
  const r = await docker([
    "image",
    "inspect",
    "--format",
    '{"id":{{json .Id}},"repoDigests":{{json .RepoDigests}},"labels":{{json .Config.Labels}}}',
    ref,
  ]);
  if (r.exitCode !== 0) return undefined;
  const info = JSON.parse(r.stdout.trim()) as {
    id: string;
    repoDigests: string[] | null;
    labels: Record<string, string> | null;
  };
  return { id: info.id, repoDigests: info.repoDigests ?? [], labels: info.labels ?? {} };
}

/** The image, pulled once when it is not on the engine; `fix` says how to get it otherwise. */
export async function ensureImage(ref: string, fix: string): Promise<ImageInfo> {
  const found = await inspectImage(ref);
  if (found) return found;
  const pull = await docker(["pull", "--quiet", ref], { all: true, deadlineSeconds: 600 });
  const pulled = pull.exitCode === 0 ? await inspectImage(ref) : undefined;
  if (pulled) return pulled;
  throw usageError(
    `image ${ref} is not on the Docker engine at ${dockerHostOf()} and docker pull failed: ${firstLine(pull.all ?? "")}`,
    fix,
  );
}

/**
 * The docker CLI, the one way pgseed talks to a Docker engine (throwaway servers, pre-seeded
 * images). Every call has a deadline: an engine that stops answering (paused, SIGSTOPped, its
 * socket gone) fails the call with a message that names what may be left behind, instead of
 * hanging a regenerate or a signal's cleanup.
 */
import execa from "execa";
import { withDeadline } from "./deadline";
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

/** How often a long call checks that the engine (and its container) still answers. */
const WATCH_EVERY_MS = 5000;
/** Seconds that check may take: an engine that does not answer in this is taken as stopped. */
const WATCH_ANSWER_SECONDS = 15;
/** Seconds a cleanup's `docker rm` may take: a signal's cleanup must end. */
export const CLEANUP_DEADLINE_SECONDS = 30;

export interface DockerCall extends execa.Options {
  /** Seconds before the call is abandoned (default DOCKER_DEADLINE_SECONDS). */
  deadlineSeconds?: number;
  /**
   * What is left behind if this call never finishes, e.g. `container pgseed-123` (said in the
   * error).
   */
  leftBehind?: string;
  /**
   * For calls allowed to run long (a load, a commit, a push): every few seconds the engine must
   * answer, and this container (when named) must be running, or the call is ended at once.
   */
  watch?: { container?: string };
}

/** Pure: how a docker call reads in messages: `docker exec`, `docker rm --force`. */
const callOf = (args: readonly string[]) => `\`docker ${args.slice(0, 2).join(" ")}\``;

/**
 * Pure: the error of a docker call that missed its deadline, or (`during`) of an engine that
 * stopped answering while a long call ran.
 */
export function deadlineError(
  args: readonly string[],
  seconds: number,
  leftBehind?: string,
  env: NodeJS.ProcessEnv = process.env,
  during?: string,
): PgseedError {
  const left = leftBehind ? `; ${leftBehind} may be left behind` : "";
  const remove = leftBehind?.startsWith("container ")
    ? ` then remove it: docker rm --force ${leftBehind.slice("container ".length)}`
    : "";
  const what = during
    ? `stopped answering during ${during} (no answer in ${seconds} s)`
    : `did not answer ${callOf(args)} within ${seconds} s`;
  return new PgseedError(
    `the Docker engine at ${dockerHostOf(env)} ${what}${left}`,
    `check the engine (docker info; is it paused or stopped?),${remove || " then run again"}`,
    EXIT_USAGE,
  );
}

/**
 * Runs `docker ARGS`; the result whatever the exit code; throws when docker cannot run, the
 * deadline passes, or (`watch`) the engine or the container stops answering meanwhile.
 */
export async function docker(
  args: string[],
  call: DockerCall = {},
): Promise<execa.ExecaReturnValue> {
  const { deadlineSeconds = DOCKER_DEADLINE_SECONDS, leftBehind, watch, ...options } = call;
  let r: execa.ExecaReturnValue & { timedOut: boolean };
  let stuck: PgseedError | undefined;
  try {
    const child = execa("docker", args, { reject: false, ...options });
    const unwatch = watch
      ? watchEngine(watch.container, callOf(args), (err) => {
          stuck = err;
          child.kill("SIGKILL");
        })
      : () => undefined;
    r = await withDeadline(child, deadlineSeconds * 1000).finally(unwatch);
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
  if (stuck) throw stuck;
  if (r.timedOut) throw deadlineError(args, deadlineSeconds, leftBehind);
  return r;
}

/**
 * Checks every few seconds, while `during` (a long call, for messages) runs, that the engine
 * answers and `container` (when named) runs; calls `onStuck` once with what is wrong. Returns the
 * function that stops it.
 */
export function watchEngine(
  container: string | undefined,
  during: string,
  onStuck: (err: PgseedError) => void,
): () => void {
  let stopped = false;
  let timer: NodeJS.Timeout;
  const check = async () => {
    const args = container
      ? ["inspect", "--format", "{{.State.Status}}", container]
      : ["version", "--format", "{{.Server.Version}}"];
    const r = await withDeadline(
      execa("docker", args, { reject: false }),
      WATCH_ANSWER_SECONDS * 1000,
    );
    const problem = watchVerdict(r, args, container, during);
    if (stopped) return;
    if (problem) {
      stopped = true;
      onStuck(problem);
    } else timer = setTimeout(() => void check(), WATCH_EVERY_MS);
  };
  timer = setTimeout(() => void check(), WATCH_EVERY_MS);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}

/** Pure: what one check of a watched call found wrong (undefined: nothing). */
export function watchVerdict(
  r: { timedOut: boolean; exitCode?: number; stdout: string; stderr: string },
  args: readonly string[],
  container: string | undefined,
  during: string,
): PgseedError | undefined {
  const left = container && `container ${container}`;
  if (r.timedOut) return deadlineError(args, WATCH_ANSWER_SECONDS, left, process.env, during);
  if (r.exitCode !== 0 && !/No such (container|object)/i.test(r.stderr))
    return new PgseedError(
      `the Docker engine at ${dockerHostOf()} failed during ${during} (${firstLine(r.stderr)})${left ? `; ${left} may be left behind` : ""}`,
      `check the engine (docker info), then ${container ? `remove it: docker rm --force ${container}` : "run again"}`,
      EXIT_USAGE,
    );
  const state = r.stdout.trim() || "gone";
  return container && state !== "running" ? notRunning(container, state) : undefined;
}

/** Pure: the error of a container that stopped running under a call. */
export function notRunning(container: string, state: string): PgseedError {
  const fix =
    state === "paused"
      ? `unpause it (docker unpause ${container}) and run again, or remove it: docker rm --force ${container}`
      : state === "gone"
        ? "something removed it meanwhile: run again"
        : `see its log (docker logs ${container}), then remove it: docker rm --force ${container}`;
  return new PgseedError(`container ${container} is ${firstLine(state)}, not running`, fix);
}

/**
 * Runs `fn` while `container` runs and the engine answers; rejects with what went wrong otherwise
 * (then `signal` is aborted, for work that can be stopped: a psql, a connection).
 */
export async function whileRunning<T>(
  container: string,
  during: string,
  fn: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const ac = new AbortController();
  let unwatch = () => undefined as void;
  const stuck = new Promise<never>((_, reject) => {
    unwatch = watchEngine(container, during, (err) => {
      ac.abort(err);
      reject(err);
    });
  });
  stuck.catch(() => undefined); // raced below; settles only while fn runs
  const work = fn(ac.signal);
  work.catch(() => undefined); // once stuck won, fn's own failure is no news
  try {
    return await Promise.race([work, stuck]);
  } finally {
    unwatch();
  }
}

/**
 * A cleanup's `docker rm --force` of a container, bounded: when the engine does not answer, what
 * is left behind and how to remove it are said on stderr (a cleanup has no caller to throw to).
 */
export async function removeContainer(name: string): Promise<void> {
  try {
    await docker(["rm", "--force", "--volumes", name], {
      deadlineSeconds: CLEANUP_DEADLINE_SECONDS,
      leftBehind: `container ${name}`,
    });
  } catch (err) {
    process.stderr.write(`pgseed: warning: ${(err as Error).message}\n`);
  }
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
  /** Its ENV, NAME=value each (official postgres images carry PG_VERSION). */
  env: string[];
}

/** The image's id, registry digests and labels, or undefined when it is not on the engine. */
export async function inspectImage(ref: string): Promise<ImageInfo | undefined> {
  const r = await docker([
    "image",
    "inspect",
    "--format",
    '{"id":{{json .Id}},"repoDigests":{{json .RepoDigests}},"labels":{{json .Config.Labels}},"env":{{json .Config.Env}}}',
    ref,
  ]);
  if (r.exitCode !== 0) return undefined;
  const info = JSON.parse(r.stdout.trim()) as {
    id: string;
    repoDigests: string[] | null;
    labels: Record<string, string> | null;
    env: string[] | null;
  };
  return {
    id: info.id,
    repoDigests: info.repoDigests ?? [],
    labels: info.labels ?? {},
    env: info.env ?? [],
  };
}

/** The image, pulled once when it is not on the engine; `fix` says how to get it otherwise. */
export async function ensureImage(ref: string, fix: string): Promise<ImageInfo> {
  const found = await inspectImage(ref);
  if (found) return found;
  const pull = await docker(["pull", "--quiet", ref], {
    all: true,
    deadlineSeconds: 600,
    watch: {},
  });
  const pulled = pull.exitCode === 0 ? await inspectImage(ref) : undefined;
  if (pulled) return pulled;
  throw usageError(
    `image ${ref} is not on the Docker engine at ${dockerHostOf()} and docker pull failed: ${firstLine(pull.all ?? "")}`,
    fix,
  );
}

/**
 * A pre-seeded image per fingerprint: the target image with PGDATA already initialised and the
 * seed already loaded, so a container from it runs neither initdb nor the seed's SQL at start.
 *
 * How it is built (docker CLI only, works offline): a container from the target image, with the
 * seed in /docker-entrypoint-initdb.d and PGDATA outside the image's VOLUME (15-17 declare
 * /var/lib/postgresql/data, 18+ /var/lib/postgresql; data under a VOLUME is never committed), runs
 * the image's own init; the seed's marker answering over TCP means init is over (init listens on
 * the socket only). Then pg_hba is made explicit, the role's throwaway password is dropped, the
 * server is stopped cleanly and the container committed with our entrypoint wrapper, PGDATA and
 * labels. The build container is always removed (success, failure, Ctrl-C).
 *
 * Secrets: the build runs with a random password that reaches the container as a file (removed
 * before the server starts), never as an environment variable, so `docker image inspect` shows
 * none; the role is committed with no password at all. At every start the wrapper applies the
 * runtime POSTGRES_PASSWORD (ALTER ROLE in single-user mode: no socket, no TCP yet).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { registerCleanup } from "../core/cleanup";
import { EXIT_USAGE, PgseedError, usageError } from "../core/errors";
import { tail } from "../core/text";
import { freePort } from "../core/net";
import { MARKER_QUERY, markerText } from "../seedfile/format";
import { intactSeed } from "../seedfile/state";
import { imageRef } from "./ref";

export { defaultRepo, imageRef } from "./ref";
export { shortFingerprint } from "../core/hash";

/** PGDATA of a pre-seeded image: outside every official image's VOLUME, so a commit keeps it. */
export const IMAGE_PGDATA = "/var/lib/pgseed/data";
export const IMAGE_ENTRYPOINT = "/usr/local/bin/pgseed-entrypoint.sh";
export const FINGERPRINT_LABEL = "pgseed.fingerprint";
/** The owner role and database the image is seeded for: an image of other ones is never reused. */
const USER_LABEL = "pgseed.user";
const DB_LABEL = "pgseed.db";
/** The target image's id the pre-seeded one was built on: a rebuilt base means a rebuild. */
export const BASE_LABEL = "pgseed.base";
/** The databases copied from the seeded one, comma-separated. */
export const COPIES_LABEL = "pgseed.copies";
const INIT_DIR = "/docker-entrypoint-initdb.d";
const PASSWORD_FILE = "/pgseed-build-password";
const BUILD_ENTRYPOINT = "/pgseed-build.sh";
/** The build container's entrypoint: the password from a file (never the config's env), both files gone before init. */
const BUILD_SCRIPT = `#!/bin/sh
set -eu
POSTGRES_PASSWORD=$(cat ${PASSWORD_FILE})
export POSTGRES_PASSWORD
# 1 MB WAL segments: the first write after a start copies the current segment up into the
# container's layer (overlayfs), 1 MB instead of 16 MB. Set here, not in the config (committed).
export POSTGRES_INITDB_ARGS="\${POSTGRES_INITDB_ARGS:-} --wal-segsize=1"
rm -f ${PASSWORD_FILE} "$0"
exec docker-entrypoint.sh "$@"
`;
/** The flag SeededPostgres's wrapper and healthcheck look for (components/containerSpec.ts SEEDED_FLAG). */
const SEEDED_FLAG = "pgseed-seeded";

/** Pure: `docker push` of the image. */
export const pushArgs = (ref: string) => ["push", ref];

/**
 * The entrypoint of a pre-seeded image (sh; $@ is the container command). When PGDATA holds the
 * seeded cluster it applies the runtime password, then hands over to the image's own entrypoint
 * (which finds PGDATA initialised and skips init).
 */
export const RUNTIME_ENTRYPOINT = `#!/bin/sh
# pgseed: entrypoint of a pre-seeded image (PGDATA was initialised and seeded at build time).
set -eu
: "\${PGDATA:=${IMAGE_PGDATA}}"
case "\${1:-}" in postgres|-*) serve=1 ;; *) serve= ;; esac
if [ -n "$serve" ] && [ -s "$PGDATA/PG_VERSION" ]; then
  user="\${POSTGRES_USER:-$PGSEED_USER}"
  if [ "$user" != "$PGSEED_USER" ]; then
    echo "pgseed: this image was seeded for user $PGSEED_USER, not POSTGRES_USER=$user; fix: run it with POSTGRES_USER=$PGSEED_USER (or unset), or build it with that user" >&2
    exit 1
  fi
  as_pg() { if [ "$(id -u)" = 0 ]; then gosu postgres "$@"; else "$@"; fi; }
  if [ -n "\${POSTGRES_PASSWORD:-}" ]; then
    role=$(printf '%s' "$PGSEED_USER" | sed 's/"/""/g')
    password=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
    # Single-user mode: no socket and no TCP yet; statements are never echoed to the log.
    if ! out=$(printf 'ALTER ROLE "%s" PASSWORD '"'"'%s'"'"';\\n\\n' "$role" "$password" | as_pg postgres --single -j -D "$PGDATA" -c log_min_error_statement=panic -c exit_on_error=on template1 2>&1); then
      echo "pgseed: could not set the password of $PGSEED_USER:" >&2; printf '%s\\n' "$out" | grep -v PASSWORD | tail -n 5 >&2; exit 1
    fi
  elif [ "\${POSTGRES_HOST_AUTH_METHOD:-}" = trust ]; then
    sed -i 's/^host all all all scram-sha-256$/host all all all trust/' "$PGDATA/pg_hba.conf"
  else
    echo "pgseed: this pre-seeded image needs POSTGRES_PASSWORD (the password of $PGSEED_USER over TCP); fix: docker run -e POSTGRES_PASSWORD=… (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  # The image's entrypoint as postgres, not root: as root some (this project's offline stand-in)
  # chown -R PGDATA at every start, which on overlayfs copies every data file into the
  # container's layer (seconds). The files are postgres's already.
  if [ "$(id -u)" = 0 ]; then exec gosu postgres docker-entrypoint.sh "$@"; fi
fi
exec docker-entrypoint.sh "$@"
`;

/** Written over the base image's pg_hba at build: the socket trusts (the wrapper's and the image's own tools), TCP always asks. */
const PG_HBA = "# pgseed pre-seeded image: the socket trusts, TCP asks for the password\nlocal all all trust\nhost all all all scram-sha-256\n";

/** Pure: `docker create` of the build container (no secret in its config: a commit copies it). */
export function createArgs(o: { name: string; baseImage: string; port: number; dbUser: string; dbName: string }): string[] {
  // No --label either: labels of the container are committed too.
  return [
    "create", "--name", o.name,
    "--network", "host",
    "--env", `PGDATA=${IMAGE_PGDATA}`,
    "--env", `POSTGRES_USER=${o.dbUser}`,
    "--env", `POSTGRES_DB=${o.dbName}`,
    "--entrypoint", BUILD_ENTRYPOINT,
    o.baseImage,
    // Options of this build's server only: CMD is reset at commit.
    "postgres", "-c", `port=${o.port}`, "-c", "listen_addresses=127.0.0.1", "-c", `cluster_name=${o.name}`, "-c", "fsync=off",
  ];
}

/** Pure: `docker commit` of the stopped build container into the pre-seeded image. */
export function commitArgs(o: { name: string; ref: string; fingerprint: string; baseId: string; dbUser: string; dbName: string; copies?: string[] }): string[] {
  const changes = [
    `ENV PGDATA=${IMAGE_PGDATA}`,
    `ENV PGSEED_USER=${o.dbUser}`,
    `ENTRYPOINT ["${IMAGE_ENTRYPOINT}"]`,
    'CMD ["postgres"]',
    `LABEL ${FINGERPRINT_LABEL}=${o.fingerprint}`,
    `LABEL ${BASE_LABEL}=${o.baseId}`,
    `LABEL ${USER_LABEL}=${o.dbUser} ${DB_LABEL}=${o.dbName}`,
    ...(o.copies?.length ? [`LABEL ${COPIES_LABEL}=${o.copies.join(",")}`] : []),
  ];
  return ["commit", ...changes.flatMap((c) => ["--change", c]), o.name, o.ref];
}

async function docker(args: string[], opts: execa.Options = {}): Promise<execa.ExecaReturnValue> {
  try {
    return await execa("docker", args, { reject: false, ...opts });
  } catch (err) {
    throw usageError(`the docker command could not run (${(err as Error).message.split("\n")[0]})`, "install the Docker CLI (Debian: apt-get install docker.io)");
  }
}

const firstLine = (text: string) => text.split("\n").map((l) => l.trim()).find(Boolean) ?? "no output";

async function inspect(ref: string): Promise<{ id: string; labels: Record<string, string> } | undefined> {
  const r = await docker(["image", "inspect", "--format", '{"id":{{json .Id}},"labels":{{json .Config.Labels}}}', ref]);
  if (r.exitCode !== 0) return undefined;
  const { id, labels } = JSON.parse(r.stdout.trim()) as { id: string; labels: Record<string, string> | null };
  return { id, labels: labels ?? {} };
}

/** Pure: whether an image's labels say it holds exactly this build (seed, base, owner, database, copies). */
const sameBuild = (labels: Record<string, string>, o: { fingerprint: string; baseId: string; dbUser: string; dbName: string; copies: string[] }) =>
  labels[FINGERPRINT_LABEL] === o.fingerprint && labels[BASE_LABEL] === o.baseId && labels[USER_LABEL] === o.dbUser && labels[DB_LABEL] === o.dbName && (labels[COPIES_LABEL] ?? "") === o.copies.join(",");

/** The id of an image that already holds this build, if any. */
async function findTwin(build: Parameters<typeof sameBuild>[1]): Promise<string | undefined> {
  const r = await docker(["images", "--no-trunc", "--quiet", "--filter", `label=${FINGERPRINT_LABEL}=${build.fingerprint}`, "--filter", `label=${BASE_LABEL}=${build.baseId}`]);
  for (const id of r.exitCode === 0 ? [...new Set(r.stdout.split("\n").map((l) => l.trim()).filter(Boolean))] : []) {
    if (sameBuild((await inspect(id))?.labels ?? {}, build)) return id;
  }
  return undefined;
}

async function requireEngine(): Promise<void> {
  const r = await docker(["version", "--format", "{{.Server.Version}}"], { timeout: 20000 });
  if (r.exitCode === 0 && r.stdout.trim()) return;
  throw usageError(
    `no Docker engine answers at ${process.env.DOCKER_HOST || "unix:///var/run/docker.sock"} (${r.timedOut ? "no answer in 20 s" : firstLine(r.stderr)})`,
    "start Docker (on this project's CI machine: bash scripts/start-dockerd.sh), or point DOCKER_HOST at a running engine",
  );
}

export interface BuildOptions {
  /** Target image (settings.engine.image). */
  baseImage: string;
  seedPath: string;
  /** The seed's fingerprint (its header). */
  fingerprint: string;
  dbUser: string;
  dbName: string;
  ref: string;
  /** More databases in the image, each a copy of dbName (e.g. test_app: Django's test runner with --keepdb). */
  copies?: string[];
  /** Build even when ref already holds this fingerprint on this base. */
  force?: boolean;
  log?: (line: string) => void;
  /** Seconds to wait for the seed to load. */
  timeoutSeconds?: number;
}

export interface BuildResult {
  ref: string;
  id: string;
  fingerprint: string;
  /** true: ref already held this fingerprint on this base image; nothing was built. */
  reused: boolean;
  seconds: number;
}

/** Builds (or reuses) the pre-seeded image of a seed file. */
export async function buildSeededImage(o: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const seconds = () => (Date.now() - started) / 1000;
  await requireEngine();
  const base = await inspect(o.baseImage);
  if (!base) {
    const pull = await docker(["pull", "--quiet", o.baseImage], { all: true });
    if (pull.exitCode !== 0 || !(await inspect(o.baseImage))) {
      throw usageError(`image ${o.baseImage} is not on the Docker engine and docker pull failed: ${firstLine(pull.all ?? "")}`, `pull it where a registry is reachable (docker pull ${o.baseImage}), or load or tag it locally`);
    }
  }
  const baseId = (base ?? (await inspect(o.baseImage))!).id;
  const existing = await inspect(o.ref);
  const copies = [...new Set(o.copies ?? [])].filter((d) => d !== o.dbName);
  const build = { fingerprint: o.fingerprint, baseId, dbUser: o.dbUser, dbName: o.dbName, copies };
  if (!o.force && existing && sameBuild(existing.labels, build)) {
    o.log?.(`${o.ref} already holds ${o.fingerprint.slice(0, 19)}… on ${o.baseImage}: reused (--force rebuilds)`);
    return { ref: o.ref, id: existing.id, fingerprint: o.fingerprint, reused: true, seconds: seconds() };
  }
  // The same seed on the same base under another name (say, before --tag REGISTRY/…): tag that one.
  const twin = o.force ? undefined : await findTwin(build);
  if (twin) {
    const tag = await docker(["tag", twin, o.ref], { all: true });
    if (tag.exitCode !== 0) throw usageError(`docker tag ${twin.slice(0, 19)} ${o.ref} failed: ${firstLine(tag.all ?? "")}`, "check the --tag reference");
    o.log?.(`${o.ref}: tagged the image that already holds ${o.fingerprint.slice(0, 19)}… on ${o.baseImage} (--force rebuilds)`);
    return { ref: o.ref, id: twin, fingerprint: o.fingerprint, reused: true, seconds: seconds() };
  }

  const name = `pgseed-image-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-image-"));
  // Registered before anything is created: a Ctrl-C at any moment removes what exists.
  const cleanup = registerCleanup(async () => {
    await docker(["rm", "--force", "--volumes", name]);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  try {
    const password = crypto.randomBytes(24).toString("base64url");
    const port = await freePort();
    const create = await docker(createArgs({ name, baseImage: o.baseImage, port, dbUser: o.dbUser, dbName: o.dbName }), { all: true });
    if (create.exitCode !== 0) throw new Error(`docker create failed: ${firstLine(create.all ?? "")}`);
    // docker cp keeps the file's mode: each file is staged in tmp with the mode the container needs.
    const put = async (content: string | { file: string }, file: string, mode: number, dest: string) => {
      const src = path.join(tmp, file);
      if (typeof content === "string") fs.writeFileSync(src, content, { mode });
      else fs.copyFileSync(content.file, src); // a kernel copy: a seed of any size never passes through memory
      fs.chmodSync(src, mode);
      const cp = await docker(["cp", src, `${name}:${dest}`], { all: true });
      if (cp.exitCode !== 0) throw new Error(`docker cp to ${dest} failed: ${firstLine(cp.all ?? "")}`);
      fs.rmSync(src, { force: true });
    };
    const seedName = o.seedPath.endsWith(".gz") ? "seed-db.sql.gz" : "seed-db.sql";
    await put({ file: o.seedPath }, seedName, 0o644, `${INIT_DIR}/${seedName}`);
    await put(`${password}\n`, "password", 0o600, PASSWORD_FILE);
    await put(BUILD_SCRIPT, "pgseed-build.sh", 0o755, BUILD_ENTRYPOINT);
    await put(RUNTIME_ENTRYPOINT, "pgseed-entrypoint.sh", 0o755, IMAGE_ENTRYPOINT);
    o.log?.(`loading ${path.basename(o.seedPath)} into ${o.baseImage} (container ${name})`);
    const start = await docker(["start", name], { all: true });
    if (start.exitCode !== 0) throw new Error(`docker start failed: ${firstLine(start.all ?? "")}`);

    await waitForMarker({ name, port, user: o.dbUser, db: o.dbName, password, fingerprint: o.fingerprint, timeoutMs: (o.timeoutSeconds ?? 600) * 1000 });

    // What is committed: an explicit pg_hba, no password, no seed file, the seeded flag.
    const sh = (script: string, user = "postgres") => docker(["exec", "--user", user, name, "sh", "-c", script], { all: true });
    const prep = await sh(`printf '%s' '${PG_HBA}' > "$PGDATA/pg_hba.conf" && touch "$PGDATA/${SEEDED_FLAG}"`);
    if (prep.exitCode !== 0) throw new Error(`preparing PGDATA failed: ${firstLine(prep.all ?? "")}`);
    const rmSeed = await sh(`rm -f ${INIT_DIR}/${seedName}`, "root");
    if (rmSeed.exitCode !== 0) throw new Error(`removing the seed file failed: ${firstLine(rmSeed.all ?? "")}`);
    // The copies: from the seeded database as template (its marker travels with it); connected elsewhere.
    if (copies.length) {
      await withClient({ port, user: o.dbUser, db: "postgres", password }, async (c) => {
        for (const db of copies) await c.query(`CREATE DATABASE ${ident(db)} TEMPLATE ${ident(o.dbName)}`);
      });
    }
    await withClient({ port, user: o.dbUser, db: o.dbName, password }, async (c) => {
      await c.query(`ALTER ROLE ${ident(o.dbUser)} PASSWORD NULL`);
      await c.query("CHECKPOINT");
    });
    const stop = await docker(["stop", "--time", "120", name], { all: true });
    if (stop.exitCode !== 0) throw new Error(`docker stop failed: ${firstLine(stop.all ?? "")}`);
    const exit = await docker(["inspect", "--format", "{{.State.ExitCode}}", name]);
    if (exit.stdout.trim() !== "0") throw new Error(`the server did not shut down cleanly (exit code ${exit.stdout.trim()})`);

    o.log?.(`committing ${o.ref}`);
    const commit = await docker(commitArgs({ name, ref: o.ref, fingerprint: o.fingerprint, baseId, dbUser: o.dbUser, dbName: o.dbName, copies }), { all: true });
    if (commit.exitCode !== 0) throw new Error(`docker commit failed: ${firstLine(commit.all ?? "")}`);
    const id = commit.stdout.trim();
    // The image the tag held before (another fingerprint, or --force): gone unless something uses it.
    if (existing && existing.id !== id) await docker(["rmi", existing.id]);
    return { ref: o.ref, id, fingerprint: o.fingerprint, reused: false, seconds: seconds() };
  } catch (err) {
    if (err instanceof PgseedError) throw err;
    const message = (err as Error).message;
    // A base image cached before the seed's pg_dump: its psql does not know \restrict (15.14+ and the matching minors).
    const fix = /invalid command \\restrict/.test(message)
      ? `the seed comes from a newer pg_dump than ${o.baseImage}'s psql: docker pull ${o.baseImage} (or pin a newer minor), then build again`
      : `check the image runs the seed: docker run --rm -e POSTGRES_PASSWORD=x -v ${o.seedPath}:${INIT_DIR}/seed-db.sql ${o.baseImage}`;
    throw new PgseedError(`could not build ${o.ref} from ${o.baseImage}: ${message}`, fix, EXIT_USAGE);
  } finally {
    cleanup.run();
    await cleanup.done;
  }
}

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function withClient<T>(c: { port: number; user: string; db: string; password: string }, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: "127.0.0.1", port: c.port, user: c.user, database: c.db, password: c.password, connectionTimeoutMillis: 2000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Polls until the seed's marker answers over TCP (init runs on the socket only: TCP means init is over). */
async function waitForMarker(o: { name: string; port: number; user: string; db: string; password: string; fingerprint: string; timeoutMs: number }): Promise<void> {
  const started = Date.now();
  let lastCheck = 0;
  for (;;) {
    try {
      const row = await withClient(o, async (c) => (await c.query(`SELECT current_setting('cluster_name') AS cluster, (${MARKER_QUERY}) AS marker`)).rows[0]);
      if (row.cluster !== o.name) throw new PgseedError(`port ${o.port} on 127.0.0.1 is answered by another PostgreSQL (cluster_name ${JSON.stringify(row.cluster)})`, "run again: the free port was taken meanwhile");
      if (row.marker === markerText(o.fingerprint)) return;
      throw new PgseedError(`the seeded database carries ${JSON.stringify(row.marker)}, not the seed's marker`, "regenerate the seed (pgseed regenerate --force)");
    } catch (err) {
      if (err instanceof PgseedError) throw err;
    }
    if (Date.now() - lastCheck > 1000) {
      lastCheck = Date.now();
      const state = await docker(["inspect", "--format", "{{.State.Status}}", o.name]);
      if (state.stdout.trim() !== "running") {
        const logs = await docker(["logs", "--tail", "25", o.name], { all: true });
        throw new Error(`the container exited before the seed loaded:\n${tail(logs.all ?? "")}`);
      }
    }
    if (Date.now() - started > o.timeoutMs) throw new Error(`the seed had not loaded after ${o.timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Untags a pre-seeded image pgseed built (its label names `fingerprint`); anything else under that
 * reference is left alone. Never forced: an image a container still runs stays (false).
 */
export async function removeSeededImage(ref: string, fingerprint: string): Promise<boolean> {
  const image = await inspect(ref);
  if (!image || image.labels[FINGERPRINT_LABEL] !== fingerprint) return false;
  return (await docker(["image", "rm", ref])).exitCode === 0;
}

/** Whether `ref` is on the engine: false when it is not, undefined when no engine answers (no verdict). */
export async function imagePresent(ref: string): Promise<boolean | undefined> {
  const r = await docker(["image", "inspect", "--format", "{{.Id}}", ref]);
  if (r.exitCode === 0) return true;
  return /Cannot connect|error during connect/i.test(r.stderr) ? undefined : false;
}

/** Pushes the image; a failure is one line naming the reference. */
export async function pushImage(ref: string): Promise<void> {
  const r = await docker(pushArgs(ref), { all: true });
  if (r.exitCode !== 0) {
    const why = (r.all ?? "").split("\n").map((l) => l.trim()).filter(Boolean).pop() ?? `exit code ${r.exitCode}`;
    throw new PgseedError(`docker push ${ref} failed: ${why}`, "log in to its registry (docker login <registry>), or --tag it under a registry you can push to, e.g. --tag registry.example.com/team/app-db");
  }
}

export interface ImageCommandOptions {
  /** Target image, seed and app folder (settings.engine). */
  engine: { image: string; seedPath: string; appDir: string };
  /** Owner role and database of the seeded database (settings.deploy). */
  dbUser: string;
  dbName: string;
  /** Freshness of the seed: the current fingerprint (computeFingerprint), checked against the seed's header. */
  fingerprint: string;
  tag?: string;
  copies?: string[];
  push?: boolean;
  force?: boolean;
  log?: (line: string) => void;
}

/** `pgseed image`: the pre-seeded image of the current (fresh) seed, pushed on request. */
export async function seededImage(o: ImageCommandOptions): Promise<BuildResult & { pushed: boolean }> {
  // Missing, invalid or tampered: the same one-line errors as load.
  const { header } = await intactSeed(o.engine.seedPath);
  const rel = path.relative(process.cwd(), o.engine.seedPath) || o.engine.seedPath;
  if (header.fingerprint !== o.fingerprint) {
    throw new PgseedError(`${rel} is stale (seed ${header.fingerprint.slice(0, 19)}…, now ${o.fingerprint.slice(0, 19)}…): an image of it would not be the latest state`, "run `pgseed regenerate`, then `pgseed image` again");
  }
  const ref = imageRef({ tag: o.tag, appDir: o.engine.appDir, fingerprint: o.fingerprint });
  const result = await buildSeededImage({ baseImage: o.engine.image, seedPath: o.engine.seedPath, fingerprint: o.fingerprint, dbUser: o.dbUser, dbName: o.dbName, copies: o.copies, ref, force: o.force, log: o.log });
  if (o.push) {
    o.log?.(`pushing ${ref}`);
    await pushImage(ref);
  }
  return { ...result, pushed: !!o.push };
}

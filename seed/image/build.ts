/**
 * A pre-seeded image per fingerprint: the target image with PGDATA already initialised and the
 * seed already loaded, so a container from it runs neither initdb nor the seed's SQL at start.
 *
 * How it is built (docker CLI only, works offline): a container from the target image, with the
 * seed in /docker-entrypoint-initdb.d and PGDATA outside the image's VOLUME, runs the image's own
 * init; the seed's marker answering over TCP means init is over (init listens on the socket
 * only). Then pg_hba is made explicit, the role's throwaway password is dropped, the server is
 * stopped cleanly and the container committed with our entrypoint, PGDATA and labels. The build
 * container is always removed (success, failure, Ctrl-C).
 *
 * Secrets: the build runs with a random password that reaches the container as a file (removed
 * before the server starts), never as an environment variable, so `docker image inspect` shows
 * none; the role is committed with no password at all. At every start the entrypoint applies the
 * runtime POSTGRES_PASSWORD (ALTER ROLE in single-user mode: no socket, no TCP yet).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { registerCleanup } from "../core/cleanup";
import {
  docker,
  ensureImage,
  inspectImage,
  removeContainer,
  requireEngine,
  whileRunning,
} from "../core/docker";
import { EXIT_USAGE, PgseedError, usageError } from "../core/errors";
import { freePort } from "../core/net";
import { firstLine, ident } from "../core/text";
import { withClient } from "../database/connect";
import { baseForSeed } from "./base";
import { waitForMarker } from "./waitForMarker";
import {
  BASE_LABEL,
  COPIES_LABEL,
  DB_LABEL,
  FINGERPRINT_LABEL,
  IMAGE_ENTRYPOINT,
  IMAGE_PGDATA,
  INIT_DIR,
  SEEDED_FLAG,
  seedFileInContainer,
  USER_LABEL,
} from "./labels";
import {
  BUILD_ENTRYPOINT,
  BUILD_SCRIPT,
  PASSWORD_FILE,
  PG_HBA,
  RUNTIME_ENTRYPOINT,
} from "./scripts";

/** Pure: `docker create` of the build container (no secret in its config: a commit copies it). */
export function createArgs(o: {
  name: string;
  baseImage: string;
  port: number;
  dbUser: string;
  dbName: string;
}): string[] {
  // No --label either: labels of the container are committed too.
  return [
    "create",
    "--name",
    o.name,
    "--network",
    "host",
    "--env",
    `PGDATA=${IMAGE_PGDATA}`,
    "--env",
    `POSTGRES_USER=${o.dbUser}`,
    "--env",
    `POSTGRES_DB=${o.dbName}`,
    "--entrypoint",
    BUILD_ENTRYPOINT,
    o.baseImage,
    // Options of this build's server only: CMD is reset at commit.
    "postgres",
    "-c",
    `port=${o.port}`,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `cluster_name=${o.name}`,
    "-c",
    "fsync=off",
  ];
}

/** What one build holds: an image is reused only when all of it matches. */
export interface BuildIdentity {
  fingerprint: string;
  baseId: string;
  dbUser: string;
  dbName: string;
  copies: string[];
}

/** Pure: `docker commit` of the stopped build container into the pre-seeded image. */
export function commitArgs(o: BuildIdentity & { name: string; ref: string }): string[] {
  const changes = [
    `ENV PGDATA=${IMAGE_PGDATA}`,
    `ENV PGSEED_USER=${o.dbUser}`,
    `ENTRYPOINT ["${IMAGE_ENTRYPOINT}"]`,
    'CMD ["postgres"]',
    `LABEL ${FINGERPRINT_LABEL}=${o.fingerprint}`,
    `LABEL ${BASE_LABEL}=${o.baseId}`,
    `LABEL ${USER_LABEL}=${o.dbUser} ${DB_LABEL}=${o.dbName}`,
    ...(o.copies.length ? [`LABEL ${COPIES_LABEL}=${o.copies.join(",")}`] : []),
  ];
  return ["commit", ...changes.flatMap((c) => ["--change", c]), o.name, o.ref];
}

/** Pure: whether an image's labels say it holds exactly this build. */
export const sameBuild = (labels: Record<string, string>, o: BuildIdentity) =>
  labels[FINGERPRINT_LABEL] === o.fingerprint &&
  labels[BASE_LABEL] === o.baseId &&
  labels[USER_LABEL] === o.dbUser &&
  labels[DB_LABEL] === o.dbName &&
  (labels[COPIES_LABEL] ?? "") === o.copies.join(",");

/** The id of an image that already holds this build, if any. */
async function findTwin(build: BuildIdentity): Promise<string | undefined> {
  const r = await docker([
    "images",
    "--no-trunc",
    "--quiet",
    "--filter",
    `label=${FINGERPRINT_LABEL}=${build.fingerprint}`,
    "--filter",
    `label=${BASE_LABEL}=${build.baseId}`,
  ]);
  for (const id of r.exitCode === 0
    ? [
        ...new Set(
          r.stdout
            .split("\n")
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      ]
    : []) {
    if (sameBuild((await inspectImage(id))?.labels ?? {}, build)) return id;
  }
  return undefined;
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
  /**
   * More databases in the image, each a copy of dbName (e.g. test_app: Django's test runner with
   * --keepdb).
   */
  copies?: string[];
  /** Build even when ref already holds this fingerprint on this base. */
  force?: boolean;
  log?: (line: string) => void;
  /** Seconds to wait for the seed to load. */
  timeoutSeconds?: number;
  /** The server version the seed's header records: a base with an older psql is pulled again. */
  seedVersion?: string;
}

export interface BuildResult {
  ref: string;
  id: string;
  fingerprint: string;
  /** true: ref already held this fingerprint on this base image; nothing was built. */
  reused: boolean;
  seconds: number;
}

/**
 * An image that already holds this build, tagged `ref` when it is under another name; undefined:
 * build one.
 */
async function reuse(
  o: BuildOptions,
  build: BuildIdentity,
  existing: { id: string; labels: Record<string, string> } | undefined,
): Promise<string | undefined> {
  if (o.force) return undefined;
  if (existing && sameBuild(existing.labels, build)) {
    o.log?.(
      `${o.ref} already holds ${o.fingerprint.slice(0, 19)}… on ${o.baseImage}: reused (--force rebuilds)`,
    );
    return existing.id;
  }
  // The same seed on the same base under another name (say, before --tag REGISTRY/…): tag that one.
  const twin = await findTwin(build);
  if (!twin) return undefined;
  const tag = await docker(["tag", twin, o.ref], { all: true });
  if (tag.exitCode !== 0)
    throw usageError(
      `docker tag ${twin.slice(0, 19)} ${o.ref} failed: ${firstLine(tag.all ?? "")}`,
      "check the --tag reference",
    );
  o.log?.(
    `${o.ref}: tagged the image that already holds ${o.fingerprint.slice(0, 19)}… on ${o.baseImage} (--force rebuilds)`,
  );
  return twin;
}

/** Builds (or reuses) the pre-seeded image of a seed file. */
export async function buildSeededImage(o: BuildOptions): Promise<BuildResult> {
  const started = Date.now();
  const result = (id: string, reused: boolean): BuildResult => ({
    ref: o.ref,
    id,
    fingerprint: o.fingerprint,
    reused,
    seconds: (Date.now() - started) / 1000,
  });
  await requireEngine();
  const fix = `pull it where a registry is reachable (docker pull ${o.baseImage}), or load or tag it locally`;
  const base = o.seedVersion
    ? await baseForSeed(o.baseImage, o.seedVersion, fix, o.log)
    : await ensureImage(o.baseImage, fix);
  const existing = await inspectImage(o.ref);
  const build: BuildIdentity = {
    fingerprint: o.fingerprint,
    baseId: base.id,
    dbUser: o.dbUser,
    dbName: o.dbName,
    copies: [...new Set(o.copies ?? [])].filter((d) => d !== o.dbName),
  };
  const reused = await reuse(o, build, existing);
  if (reused) return result(reused, true);
  const id = await buildInContainer(o, build);
  // The image the tag held before (another fingerprint, or --force): gone unless something uses it.
  if (existing && existing.id !== id) await docker(["rmi", existing.id]);
  return result(id, false);
}

/**
 * The build itself: a container that loads the seed with the base image's own init, then committed.
 * Always removed.
 */
async function buildInContainer(o: BuildOptions, build: BuildIdentity): Promise<string> {
  const name = `pgseed-image-${process.pid}-${crypto.randomBytes(4).toString("hex")}`;
  const leftBehind = `container ${name}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-image-"));
  // Registered before anything is created: a Ctrl-C at any moment removes what exists.
  const cleanup = registerCleanup(async () => {
    fs.rmSync(tmp, { recursive: true, force: true });
    await removeContainer(name);
  });
  // Long steps (a large seed's copy, the commit) have the engine watched, not only a deadline.
  const step = async (what: string, args: string[], deadlineSeconds?: number) => {
    const watch = deadlineSeconds ? {} : undefined;
    const r = await docker(args, { all: true, deadlineSeconds, leftBehind, watch });
    if (r.exitCode !== 0) throw new Error(`${what} failed: ${firstLine(r.all ?? "")}`);
    return r.stdout.trim();
  };
  try {
    const password = crypto.randomBytes(24).toString("base64url");
    const port = await freePort();
    await step(
      "docker create",
      createArgs({ name, baseImage: o.baseImage, port, dbUser: o.dbUser, dbName: o.dbName }),
    );
    // docker cp keeps the file's mode: each file is staged in tmp with the mode the container
    // needs.
    const put = async (content: string | { file: string }, mode: number, dest: string) => {
      const src = path.join(tmp, path.basename(dest));
      if (typeof content === "string") fs.writeFileSync(src, content, { mode });
      // a kernel copy: a seed of any size never passes through memory
      else fs.copyFileSync(content.file, src);
      fs.chmodSync(src, mode);
      await step(`docker cp to ${dest}`, ["cp", src, `${name}:${dest}`], 600);
      fs.rmSync(src, { force: true });
    };
    const seedDest = seedFileInContainer(o.seedPath);
    await put({ file: o.seedPath }, 0o644, seedDest);
    await put(`${password}\n`, 0o600, PASSWORD_FILE);
    await put(BUILD_SCRIPT, 0o755, BUILD_ENTRYPOINT);
    await put(RUNTIME_ENTRYPOINT, 0o755, IMAGE_ENTRYPOINT);
    o.log?.(`loading ${path.basename(o.seedPath)} into ${o.baseImage} (container ${name})`);
    await step("docker start", ["start", name]);
    const url = (db: string) =>
      `postgresql://${encodeURIComponent(o.dbUser)}:${password}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
    const server = { name, url: url(o.dbName), port, fingerprint: o.fingerprint };
    // While the server runs, a paused container or a stopped engine ends the wait and the queries.
    await whileRunning(name, "the seed's load", () =>
      waitForMarker({ ...server, timeoutMs: (o.timeoutSeconds ?? 600) * 1000 }),
    );

    // What is committed: an explicit pg_hba, no password, no seed file, the seeded flag, the
    // copies.
    await step("preparing PGDATA", [
      "exec",
      "--user",
      "postgres",
      name,
      "sh",
      "-c",
      `printf '%s' '${PG_HBA}' > "$PGDATA/pg_hba.conf" && touch "$PGDATA/${SEEDED_FLAG}"`,
    ]);
    await step("removing the seed file", ["exec", "--user", "root", name, "rm", "-f", seedDest]);
    await whileRunning(name, "the database copies and the checkpoint", async () => {
      if (build.copies.length) {
        // From the seeded database as template (its marker travels with it); connected elsewhere.
        await withClient(url("postgres"), async (c) => {
          for (const db of build.copies)
            await c.query(`CREATE DATABASE ${ident(db)} TEMPLATE ${ident(o.dbName)}`);
        });
      }
      await withClient(url(o.dbName), async (c) => {
        await c.query(`ALTER ROLE ${ident(o.dbUser)} PASSWORD NULL`);
        await c.query("CHECKPOINT");
      });
    });
    await step("docker stop", ["stop", "--time", "120", name], 180);
    const exit = await step("docker inspect", ["inspect", "--format", "{{.State.ExitCode}}", name]);
    if (exit !== "0") throw new Error(`the server did not shut down cleanly (exit code ${exit})`);
    o.log?.(`committing ${o.ref}`);
    return await step("docker commit", commitArgs({ ...build, name, ref: o.ref }), 600);
  } catch (err) {
    if (err instanceof PgseedError) throw err;
    const message = (err as Error).message;
    // A base image cached before the seed's pg_dump: its psql does not know \restrict (15.14+ and
    // the matching minors).
    const fix = /invalid command \\restrict/.test(message)
      ? `the seed comes from a newer pg_dump than ${o.baseImage}'s psql: docker pull ${o.baseImage} (or pin a newer minor), then build again`
      : `check the image runs the seed: docker run --rm -e POSTGRES_PASSWORD=x -v ${o.seedPath}:${INIT_DIR}/seed-db.sql ${o.baseImage}`;
    throw new PgseedError(
      `could not build ${o.ref} from ${o.baseImage}: ${message}`,
      fix,
      EXIT_USAGE,
    );
  } finally {
    cleanup.run();
    await cleanup.done;
  }
}

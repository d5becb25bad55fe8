/**
 * The build container of a pre-seeded image (build.ts decides whether to build): created from the
 * target image with our entrypoint, given the seed and the scripts, started so the image's own
 * init loads the seed, made ready to commit (explicit pg_hba, no password, no seed file, the
 * copies), stopped cleanly and committed. Always removed (success, failure, Ctrl-C).
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { registerCleanup } from "../core/cleanup";
import { docker, removeContainer, whileRunning } from "../core/docker";
import { EXIT_USAGE, PgseedError } from "../core/errors";
import { freePort } from "../core/net";
import { firstLine, ident } from "../core/text";
import { withClient } from "../database/connect";
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

/** What one build holds: an image is reused only when all of it matches. */
export interface BuildIdentity {
  fingerprint: string;
  baseId: string;
  dbUser: string;
  dbName: string;
  copies: string[];
}

/** What the build container needs of the build's options (build.ts BuildOptions). */
export interface ContainerBuild {
  baseImage: string;
  seedPath: string;
  fingerprint: string;
  dbUser: string;
  dbName: string;
  ref: string;
  log?: (line: string) => void;
  /** Seconds to wait for the seed to load. */
  timeoutSeconds?: number;
}

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

/** One build container: its name, staging folder, server port and throwaway password. */
interface Container {
  name: string;
  tmp: string;
  port: number;
  password: string;
  /** A docker call that must succeed; its trimmed stdout. */
  step: (what: string, args: string[], deadlineSeconds?: number) => Promise<string>;
  /** postgresql:// URL of a database of the build's server. */
  url: (db: string) => string;
}

/**
 * Copies the seed, the password file and both entrypoints in. docker cp keeps the file's mode:
 * each file is staged in tmp with the mode the container needs.
 */
async function putFiles(c: Container, o: ContainerBuild): Promise<void> {
  const put = async (content: string | { file: string }, mode: number, dest: string) => {
    const src = path.join(c.tmp, path.basename(dest));
    if (typeof content === "string") fs.writeFileSync(src, content, { mode });
    // a kernel copy: a seed of any size never passes through memory
    else fs.copyFileSync(content.file, src);
    fs.chmodSync(src, mode);
    await c.step(`docker cp to ${dest}`, ["cp", src, `${c.name}:${dest}`], 600);
    fs.rmSync(src, { force: true });
  };
  await put({ file: o.seedPath }, 0o644, seedFileInContainer(o.seedPath));
  await put(`${c.password}\n`, 0o600, PASSWORD_FILE);
  await put(BUILD_SCRIPT, 0o755, BUILD_ENTRYPOINT);
  await put(RUNTIME_ENTRYPOINT, 0o755, IMAGE_ENTRYPOINT);
}

/**
 * What is committed: an explicit pg_hba, no password, no seed file, the seeded flag, the copies
 * (from the seeded database as template, its marker travels with it; connected elsewhere).
 */
async function prepareForCommit(
  c: Container,
  o: ContainerBuild,
  build: BuildIdentity,
): Promise<void> {
  await c.step("preparing PGDATA", [
    "exec",
    "--user",
    "postgres",
    c.name,
    "sh",
    "-c",
    `printf '%s' '${PG_HBA}' > "$PGDATA/pg_hba.conf" && touch "$PGDATA/${SEEDED_FLAG}"`,
  ]);
  const seedFile = seedFileInContainer(o.seedPath);
  await c.step("removing the seed file", ["exec", "--user", "root", c.name, "rm", "-f", seedFile]);
  await whileRunning(c.name, "the database copies and the checkpoint", async () => {
    if (build.copies.length) {
      await withClient(c.url("postgres"), async (client) => {
        for (const db of build.copies)
          await client.query(`CREATE DATABASE ${ident(db)} TEMPLATE ${ident(o.dbName)}`);
      });
    }
    await withClient(c.url(o.dbName), async (client) => {
      await client.query(`ALTER ROLE ${ident(o.dbUser)} PASSWORD NULL`);
      await client.query("CHECKPOINT");
    });
  });
}

/** The steps, in order: create, files in, load the seed, prepare, stop cleanly, commit. */
async function buildSteps(c: Container, o: ContainerBuild, build: BuildIdentity): Promise<string> {
  const { name, port } = c;
  await c.step(
    "docker create",
    createArgs({ name, baseImage: o.baseImage, port, dbUser: o.dbUser, dbName: o.dbName }),
  );
  await putFiles(c, o);
  o.log?.(`loading ${path.basename(o.seedPath)} into ${o.baseImage} (container ${name})`);
  await c.step("docker start", ["start", name]);
  const server = { name, url: c.url(o.dbName), port, fingerprint: o.fingerprint };
  // While the server runs, a paused container or a stopped engine ends the wait and the queries.
  await whileRunning(name, "the seed's load", () =>
    waitForMarker({ ...server, timeoutMs: (o.timeoutSeconds ?? 600) * 1000 }),
  );
  await prepareForCommit(c, o, build);
  await c.step("docker stop", ["stop", "--time", "120", name], 180);
  const exit = await c.step("docker inspect", ["inspect", "--format", "{{.State.ExitCode}}", name]);
  if (exit !== "0") throw new Error(`the server did not shut down cleanly (exit code ${exit})`);
  o.log?.(`committing ${o.ref}`);
  return await c.step("docker commit", commitArgs({ ...build, name, ref: o.ref }), 600);
}

/** Pure: a build step's failure as the error `pgseed image` shows. */
export function buildError(
  message: string,
  o: Pick<ContainerBuild, "baseImage" | "seedPath" | "ref">,
): PgseedError {
  // A base image cached before the seed's pg_dump: its psql does not know \restrict (15.14+ and
  // the matching minors).
  const fix = /invalid command \\restrict/.test(message)
    ? `the seed comes from a newer pg_dump than ${o.baseImage}'s psql: docker pull ${o.baseImage} (or pin a newer minor), then build again`
    : `check the image runs the seed: docker run --rm -e POSTGRES_PASSWORD=x -v ${o.seedPath}:${INIT_DIR}/seed-db.sql ${o.baseImage}`;
  return new PgseedError(
    `could not build ${o.ref} from ${o.baseImage}: ${message}`,
    fix,
    EXIT_USAGE,
  );
}

/**
 * The build itself: a container that loads the seed with the base image's own init, then committed;
 * the new image's id. Always removed.
 */
export async function buildInContainer(o: ContainerBuild, build: BuildIdentity): Promise<string> {
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
    const url = (db: string) =>
      `postgresql://${encodeURIComponent(o.dbUser)}:${password}@127.0.0.1:${port}/${encodeURIComponent(db)}`;
    return await buildSteps({ name, tmp, port, password, step, url }, o, build);
  } catch (err) {
    if (err instanceof PgseedError) throw err;
    throw buildError((err as Error).message, o);
  } finally {
    cleanup.run();
    await cleanup.done;
  }
}

/**
 * `pgseed image` on the real engine, FROM the offline postgres:15 stand-in: a container of the
 * pre-seeded image answers with the seed's marker without initdb or init scripts; the password
 * given at run is the one that works; no password is in the image; the same fingerprint reuses
 * the tag unless --force; a failed build or a Ctrl-C leaves no container; --push fails in one line.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { buildPreseededImage } from "../../seed/image/build";
import { FINGERPRINT_LABEL, IMAGE_PGDATA } from "../../seed/image/labels";
import { defaultRepo, imageRef } from "../../seed/image/ref";
import { shortFingerprint } from "../../seed/core/hash";
import { freePort } from "../../seed/core/net";
import { markerText, MARKER_QUERY } from "../../seed/seedfile/format";
import { encodeSeed, renderSeed } from "../oracle/seedText";
import { renderWorkflow, WorkflowOptions } from "../../deploy/workflow";
import { buildImage, removeOldImage } from "../../components/preseededImageOps";
import { cli, copyExample, removeTempDirs, ROOT, tempDir, sqlAppArgs } from "../helpers";
import { docker, IMAGE, oldPsqlImage, requireDockerImage, sleep } from "./engine";

const made = { containers: new Set<string>(), images: new Set<string>() };
let app: string;
let fingerprint: string;
let ref: string;
let imageId: string;

function requireEngineAndImage(): void {
  try {
    requireDockerImage();
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nThese tests need a Docker engine (bash scripts/start-dockerd.sh) and the offline postgres:15 image (bash tests/docker/build-postgres-image.sh).`,
    );
  }
}

beforeAll(async () => {
  requireEngineAndImage();
  // A folder name of its own: the default tag is pgseed/<app folder name>:<short fingerprint>.
  app = copyExample("sql-app", tempDir());
  const named = path.join(path.dirname(app), `imgtest-${process.pid}`);
  fs.renameSync(app, named);
  app = named;
  // A fingerprint of this run's own: no image of an earlier run holds it.
  fs.writeFileSync(
    path.join(app, "migrations/007_run.sql"),
    `CREATE TABLE run_${process.pid} (id int);\n`,
  );
  const regen = await cli(["regenerate", ...sqlAppArgs(app), "--quiet"]);
  if (regen.code !== 0) throw new Error(`regenerate failed: ${regen.stderr}`);
  fingerprint = /^-- fingerprint: (sha256:[0-9a-f]{64})$/m.exec(
    fs.readFileSync(path.join(app, "seed-db.sql"), "utf8"),
  )![1];
}, 120000);

afterAll(async () => {
  for (const c of made.containers) await docker(["rm", "--force", "--volumes", c]);
  for (const i of made.images) await docker(["rmi", "--force", i]);
  removeTempDirs();
});

/**
 * Runs the image on the host's network, port of its own, and waits until the marker answers with
 * the password.
 */
async function run(
  image: string,
  password: string | undefined,
  extraEnv: string[] = [],
): Promise<{ name: string; port: number; marker: string; logs: string }> {
  const name = `pgseed-imgtest-${process.pid}-${made.containers.size}`;
  const port = await freePort();
  made.containers.add(name);
  const env = [
    ...(password === undefined ? [] : [`POSTGRES_PASSWORD=${password}`]),
    ...extraEnv,
  ].flatMap((e) => ["--env", e]);
  const r = await docker(
    [
      "run",
      "--detach",
      "--name",
      name,
      "--network",
      "host",
      ...env,
      image,
      "postgres",
      "-c",
      `port=${port}`,
      "-c",
      "listen_addresses=127.0.0.1",
    ],
    { all: true },
  );
  if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.all}`);
  const deadline = Date.now() + 60000;
  for (;;) {
    const state = (await docker(["inspect", "--format", "{{.State.Status}}", name])).stdout.trim();
    try {
      const marker = await markerOf(port, password ?? "");
      return { name, port, marker, logs: (await docker(["logs", name], { all: true })).all ?? "" };
    } catch (err) {
      if (state !== "running" || Date.now() > deadline) {
        const logs = (await docker(["logs", name], { all: true })).all ?? "";
        throw Object.assign(new Error(`no marker (${state}): ${(err as Error).message}\n${logs}`), {
          logs,
          state,
        });
      }
    }
    await sleep(100);
  }
}

async function markerOf(port: number, password: string, database = "app"): Promise<string> {
  const c = new Client({
    host: "127.0.0.1",
    port,
    user: "app",
    database,
    password,
    connectionTimeoutMillis: 3000,
  });
  await c.connect();
  try {
    return (await c.query(`${MARKER_QUERY} AS m`)).rows[0].m;
  } finally {
    await c.end();
  }
}

const imagesOf = async (fp: string) =>
  (
    await docker([
      "images",
      "--quiet",
      "--no-trunc",
      "--filter",
      `label=${FINGERPRINT_LABEL}=${fp}`,
    ])
  ).stdout
    .split("\n")
    .filter(Boolean);
/**
 * Build containers of one process (pgseed-image-<pid>-…): other runs on the engine have their own.
 */
const buildContainers = async (pid: number) =>
  (
    await docker(["ps", "-a", "--filter", `name=pgseed-image-${pid}-`, "--format", "{{.Names}}"])
  ).stdout
    .split("\n")
    .filter(Boolean);

/** The CLI, with its process id (whose build containers are checked). */
async function pgseed(
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string; pid: number }> {
  const child = execa("node", [path.join(ROOT, "bin/pgseed"), ...args], { reject: false });
  const r = await child;
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr, pid: child.pid! };
}

describe("pure parts", () => {
  const fp = `sha256:${"ab12".repeat(16)}`;
  test("the reference: default repo from the app folder, --tag REPO gets the short fingerprint, REPO:TAG is kept", () => {
    expect(shortFingerprint(fp)).toBe("ab12ab12ab12");
    expect(defaultRepo("/x/My App_dir")).toBe("pgseed/my-app_dir");
    expect(imageRef({ appDir: "/x/django-blog", fingerprint: fp })).toBe(
      "pgseed/django-blog:ab12ab12ab12",
    );
    expect(
      imageRef({ appDir: "/x", tag: "registry.example.com:5000/team/db", fingerprint: fp }),
    ).toBe("registry.example.com:5000/team/db:ab12ab12ab12");
    expect(imageRef({ appDir: "/x", tag: "team/db:latest", fingerprint: fp })).toBe(
      "team/db:latest",
    );
    expect(() => imageRef({ appDir: "/x", tag: "Team/DB", fingerprint: fp })).toThrow(
      /--tag "Team\/DB" is not a valid image reference[\s\S]*fix:/,
    );
  });

  test("renderWorkflow with a pre-seeded image: it is the postgres service, and there is no restore step", () => {
    const o: WorkflowOptions = {
      name: "ci",
      branch: "main",
      runsOn: ["self-hosted"],
      image: "postgres:15",
      dbName: "app",
      dbUser: "app",
      appDir: ".",
      seedFile: "seed-db.sql",
      checkArgs: [],
      migrateCommand: "sh migrate.sh",
      setupCommand: "",
      testCommand: "make test",
      fingerprint: fp,
    };
    const withImage = renderWorkflow({ ...o, preseededImage: "ghcr.io/acme/app-db:ab12ab12ab12" });
    expect(withImage).toMatch(/image: ghcr\.io\/acme\/app-db:ab12ab12ab12\n/);
    expect(withImage).not.toMatch(/Restore the seed/);
    expect(withImage).toMatch(/name: Migrate/);
    const without = renderWorkflow(o);
    expect(without).toMatch(/image: postgres:15\n/);
    expect(without).toMatch(/Restore the seed/);
  });
});

describe("on the real engine", () => {
  test("pgseed image builds <repo>:<short fingerprint>, labelled with the fingerprint", async () => {
    ref = `pgseed/imgtest-${process.pid}:${fingerprint.slice(7, 19)}`;
    made.images.add(ref);
    const r = await pgseed(["image", ...sqlAppArgs(app), "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ ref, fingerprint, reused: false, pushed: false });
    imageId = result.id;
    const labels = JSON.parse(
      (await docker(["image", "inspect", "--format", "{{json .Config.Labels}}", ref])).stdout,
    );
    expect(labels[FINGERPRINT_LABEL]).toBe(fingerprint);
    expect(await buildContainers(r.pid)).toEqual([]);
  }, 180000);

  test("a container starts with the seed's marker and runs neither initdb nor init scripts", async () => {
    const c = await run(ref, "first-password");
    expect(c.marker).toBe(markerText(fingerprint));
    expect(c.logs).toMatch(/appears to contain a database; Skipping initialization/);
    expect(c.logs).not.toMatch(
      /initdb|The files belonging to this database system|docker-entrypoint-initdb\.d|init process complete/i,
    );
    // PGDATA is the committed one, outside the image's VOLUME; the seed file is not in the image.
    const ls = await docker([
      "exec",
      c.name,
      "sh",
      "-c",
      `echo "$PGDATA"; ls -A /docker-entrypoint-initdb.d; ls / | grep -c pgseed-build || true`,
    ]);
    expect(ls.stdout.split("\n")).toEqual([IMAGE_PGDATA, "0"]);
  }, 90000);

  test("the password given at run is the one that works; another is refused over TCP", async () => {
    const c = await run(ref, "run-pass-1");
    await expect(markerOf(c.port, "wrong")).rejects.toThrow(/password authentication failed/);
    // No password at all: the server asks for one (SCRAM), it does not let the client in.
    await expect(markerOf(c.port, "")).rejects.toThrow(
      "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string",
    );
    // A restart with another password: the new one works, the old one no longer.
    await docker(["rm", "--force", "--volumes", c.name]);
    const d = await run(ref, "run-pass-2'\"; $x");
    expect(d.marker).toBe(markerText(fingerprint));
    await expect(markerOf(d.port, "run-pass-1")).rejects.toThrow(/password authentication failed/);
  }, 90000);

  test("without POSTGRES_PASSWORD the container refuses to start, in one line naming the fix; trust auth needs none", async () => {
    const err = await run(ref, undefined).then(
      () => undefined,
      (e) => e as { logs: string; state: string },
    );
    expect(err?.state).toBe("exited");
    expect(err?.logs).toMatch(
      /pgseed: this pre-seeded image needs POSTGRES_PASSWORD .*; fix: docker run -e POSTGRES_PASSWORD=/,
    );
    // POSTGRES_HOST_AUTH_METHOD=trust, as with the official image: TCP needs no password.
    const t = await run(ref, undefined, ["POSTGRES_HOST_AUTH_METHOD=trust"]);
    expect(await markerOf(t.port, "anything")).toBe(markerText(fingerprint));
  }, 90000);

  test("docker image inspect and history hold no password", async () => {
    const inspect = (await docker(["image", "inspect", ref])).stdout;
    const history = (await docker(["history", "--no-trunc", ref])).stdout;
    for (const text of [inspect, history]) {
      expect(text).not.toMatch(/POSTGRES_PASSWORD|first-password|run-pass/);
      expect(text).not.toMatch(/password/i);
    }
    // The role itself has no password in the image: only the wrapper's ALTER at start gives it one.
    const r = await docker(
      [
        "run",
        "--rm",
        "--user",
        "postgres",
        "--entrypoint",
        "sh",
        ref,
        "-c",
        `printf "SELECT rolpassword IS NULL AS nopass FROM pg_authid WHERE rolname = 'app';\\n" | postgres --single -j -D "$PGDATA" postgres`,
      ],
      { all: true },
    );
    expect(r.all).toMatch(/nopass = "t"/);
  }, 60000);

  test("the same fingerprint reuses the tag (no build); --force builds again", async () => {
    const again = await cli(["image", ...sqlAppArgs(app), "--json"]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ ref, id: imageId, reused: true });
    // The containers of the tests above use the image: without them the replaced one can go.
    for (const c of made.containers) await docker(["rm", "--force", "--volumes", c]);
    const forced = await cli(["image", ...sqlAppArgs(app), "--json", "--force"]);
    expect(forced.code).toBe(0);
    const result = JSON.parse(forced.stdout);
    expect(result).toMatchObject({ ref, reused: false });
    expect(result.id).not.toBe(imageId);
    imageId = result.id;
    // The replaced image is gone (nothing used it): one image holds this fingerprint.
    expect(await imagesOf(fingerprint)).toEqual([imageId]);
  }, 180000);

  test("--push: docker push of the reference; a failure is one line naming it (exit 1)", async () => {
    // 127.0.0.1:1 has no registry: the push is refused at once. The image is tagged from the one
    // built (no rebuild).
    const tag = `127.0.0.1:1/pgseed/imgtest-${process.pid}`;
    made.images.add(`${tag}:${fingerprint.slice(7, 19)}`);
    const r = await cli(["image", ...sqlAppArgs(app), "--tag", tag, "--push"]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines.filter((l) => l.startsWith("pgseed: error:"))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^pgseed: error: docker push ${tag.replace(/\./g, "\\.")}:${fingerprint.slice(7, 19)} failed: .*connection refused`,
        ),
      ),
    ]);
    expect(r.stderr).toMatch(/tagged the image that already holds/);
    expect(r.stderr).toMatch(/\n  fix: log in to its registry/);
  }, 60000);

  test("PreseededImage's ops: REPO:<short fp> from project-relative paths; only an image pgseed built for that fingerprint is removed", async () => {
    const root = path.dirname(app);
    const repo = `pgseed-test/ops-${process.pid}`;
    const inputs = {
      repo,
      appDir: path.basename(app),
      seedPath: `${path.basename(app)}/seed-db.sql`,
      fingerprint,
      seedSha256: "sha256:unused",
      baseImage: IMAGE,
      dbUser: "app",
      dbName: "app",
      copies: [],
      push: false,
    };
    const outs = await buildImage(inputs, root);
    made.images.add(outs.ref);
    expect(outs).toMatchObject({
      ...inputs,
      ref: `${repo}:${shortFingerprint(fingerprint)}`,
      imageId,
    });
    // Something else under that repository (not pgseed's, or another fingerprint): left alone.
    const foreign = `${repo}:foreign`;
    made.images.add(foreign);
    expect((await docker(["tag", IMAGE, foreign])).exitCode).toBe(0);
    await removeOldImage({ ...outs, ref: foreign });
    expect((await docker(["image", "inspect", foreign])).exitCode).toBe(0);
    await removeOldImage({ ...outs, fingerprint: `sha256:${"0".repeat(64)}` });
    expect((await docker(["image", "inspect", outs.ref])).exitCode).toBe(0);
    // Its own: untagged; the image itself stays while another tag (pgseed image's default) holds
    // it.
    await removeOldImage(outs);
    expect((await docker(["image", "inspect", outs.ref])).exitCode).not.toBe(0);
    expect((await docker(["image", "inspect", ref])).exitCode).toBe(0);
  }, 120000);

  test("the same seed for another owner or database is a build of its own, never the image of the first", async () => {
    const root = path.dirname(app);
    const inputs = {
      repo: `pgseed-test/owner-${process.pid}`,
      appDir: path.basename(app),
      seedPath: `${path.basename(app)}/seed-db.sql`,
      fingerprint,
      seedSha256: "sha256:unused",
      baseImage: IMAGE,
      dbUser: "admin",
      dbName: "main",
      copies: [],
      push: false,
    };
    const outs = await buildImage(inputs, root);
    made.images.add(outs.ref);
    expect(outs.imageId).not.toBe(imageId);
    const labels = JSON.parse(
      (await docker(["image", "inspect", "--format", "{{json .Config.Labels}}", outs.ref])).stdout,
    );
    expect(labels).toMatchObject({
      "pgseed.user": "admin",
      "pgseed.db": "main",
      [FINGERPRINT_LABEL]: fingerprint,
    });
  }, 120000);

  test("a base image whose psql predates \\restrict: the build fails naming docker pull of that image", async () => {
    const old = await oldPsqlImage();
    const err = await buildPreseededImage({
      baseImage: old,
      seedPath: path.join(app, "seed-db.sql"),
      fingerprint,
      dbUser: "app",
      dbName: "app",
      ref: `pgseed-test/oldpsql-${process.pid}:x`,
      timeoutSeconds: 60,
    }).catch((e) => e);
    expect(String(err.message)).toMatch(/could not build .*invalid command \\restrict/s);
    expect(err.fix).toBe(
      `the seed comes from a newer pg_dump than ${old}'s psql: docker pull ${old} (or pin a newer minor), then build again`,
    );
  }, 120000);

  test("--copy test_app: the image holds a copy of the seeded database, marker included", async () => {
    const tag = `pgseed-test/imgtest-copy-${process.pid}`;
    made.images.add(`${tag}:${fingerprint.slice(7, 19)}`);
    const r = await cli([
      "image",
      ...sqlAppArgs(app),
      "--tag",
      tag,
      "--copy",
      "test_app",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ reused: false });
    const c = await run(`${tag}:${fingerprint.slice(7, 19)}`, "copy-pass");
    expect(await markerOf(c.port, "copy-pass", "test_app")).toBe(markerText(fingerprint));
    const bad = await cli(["image", ...sqlAppArgs(app), "--copy", "x;drop"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--copy "x;drop" is not a plain PostgreSQL name\n  fix:/);
  }, 180000);

  test("no engine answering: one line naming Docker and the fix, exit 2", async () => {
    const child = await execa(
      "node",
      [path.join(ROOT, "bin/pgseed"), "image", ...sqlAppArgs(app)],
      {
        reject: false,
        env: { DOCKER_HOST: "unix:///nonexistent/docker.sock" },
      },
    );
    expect(child.exitCode).toBe(2);
    expect(child.stderr).toMatch(
      /^pgseed: error: no Docker engine answers at unix:\/\/\/nonexistent\/docker\.sock \(.*\)\n  fix: start Docker .*scripts\/start-dockerd\.sh/,
    );
  }, 60000);

  test("a stale seed is refused before anything is built", async () => {
    const copy = path.join(tempDir(), "stale-app");
    fs.cpSync(app, copy, { recursive: true });
    fs.writeFileSync(path.join(copy, "migrations/999_more.sql"), "CREATE TABLE more (id int);\n");
    const r = await cli(["image", ...sqlAppArgs(copy)]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /pgseed: error: .*seed-db\.sql is stale .*\n  fix: run `pgseed regenerate`/,
    );
  }, 60000);

  test("a seed that fails to load: a clear error, no build container, no image", async () => {
    const dir = tempDir();
    const fp = `sha256:${"f".repeat(64)}`;
    const seedPath = path.join(dir, "seed-db.sql");
    fs.writeFileSync(
      seedPath,
      renderSeed("CREATE TABLE t (id int);\nSELECT no_such_function();\n", fp, "15.0"),
    );
    const badRef = `pgseed-test/imgtest-bad-${process.pid}:1`;
    await expect(
      buildPreseededImage({
        baseImage: IMAGE,
        seedPath,
        fingerprint: fp,
        dbUser: "app",
        dbName: "app",
        ref: badRef,
        timeoutSeconds: 60,
      }),
    ).rejects.toThrow(
      /could not build .* the container exited before the seed loaded:[\s\S]*no_such_function[\s\S]*fix:/,
    );
    expect(await buildContainers(process.pid)).toEqual([]);
    expect((await docker(["image", "inspect", badRef])).exitCode).not.toBe(0);
  }, 120000);

  test("a gzip seed (.sql.gz) is loaded the same way", async () => {
    const dir = tempDir();
    const fp = `sha256:${"e".repeat(64)}`;
    const seedPath = path.join(dir, "seed-db.sql.gz");
    fs.writeFileSync(
      seedPath,
      encodeSeed(
        seedPath,
        renderSeed(
          `CREATE TABLE t (id int);\nCOMMENT ON SCHEMA public IS '${markerText(fp)}';\n`,
          fp,
          "15.0",
        ),
      ),
    );
    const gzRef = `pgseed-test/imgtest-gz-${process.pid}:1`;
    made.images.add(gzRef);
    const built = await buildPreseededImage({
      baseImage: IMAGE,
      seedPath,
      fingerprint: fp,
      dbUser: "app",
      dbName: "app",
      ref: gzRef,
    });
    expect(built.reused).toBe(false);
    const c = await run(gzRef, "gz-pass");
    expect(c.marker).toBe(markerText(fp));
  }, 120000);

  test("Ctrl-C during a build removes the build container", async () => {
    const child = execa(
      "node",
      [
        path.join(ROOT, "bin/pgseed"),
        "image",
        ...sqlAppArgs(app),
        "--force",
        "--tag",
        `pgseed-test/imgtest-int-${process.pid}`,
      ],
      { reject: false },
    );
    made.images.add(`pgseed-test/imgtest-int-${process.pid}:${fingerprint.slice(7, 19)}`);
    const deadline = Date.now() + 60000;
    while (!(await buildContainers(child.pid!)).length && Date.now() < deadline) await sleep(50);
    expect(await buildContainers(child.pid!)).toHaveLength(1);
    child.kill("SIGINT");
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toMatch(/SIGINT received; cleaning up/);
    expect(await buildContainers(child.pid!)).toEqual([]);
  }, 120000);
});

/**
 * Issue 21, item 4: a Docker engine that stops answering during a run (SIGSTOPped) or a container
 * that is paused cannot hang `regenerate --engine docker`, `image` or a signal's cleanup: every
 * Docker call has a deadline or a watch, and the message names the container left behind and how
 * to remove it. The engine that is stopped is a second dockerd of this file's own (its own data
 * root, exec root and socket under a temp folder), never the shared one; the paused container is
 * a throwaway build container on the shared engine.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { cli, copyExample, removeTempDirs, requirePostgres, ROOT, sqlAppArgs } from "../helpers";
import { docker, IMAGE, requireDockerImage, sleep } from "./engine";

/** A second engine, torn down in afterAll whatever happens. */
const engine = { root: "", pid: 0, host: "" };
const own = (args: string[], opts: execa.Options = {}) =>
  execa("docker", args, { reject: false, ...opts, env: { DOCKER_HOST: engine.host } });
const stopped = (pid: number) => {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2)[0] === "T";
};

async function startSecondEngine(): Promise<void> {
  // A short path: a unix socket's path has ~100 bytes.
  engine.root = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-d2-"));
  engine.host = `unix://${engine.root}/docker.sock`;
  const driver = (await docker(["info", "--format", "{{.Driver}}"])).stdout.trim() || "vfs";
  const log = fs.openSync(path.join(engine.root, "dockerd.log"), "a");
  const child = execa(
    "dockerd",
    [
      ...["--host", engine.host, "--data-root", `${engine.root}/data`],
      ...["--exec-root", `${engine.root}/exec`, "--pidfile", `${engine.root}/dockerd.pid`],
      ...["--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver", driver],
    ],
    { detached: true, stdio: ["ignore", log, log], reject: false },
  );
  engine.pid = child.pid!;
  for (let i = 0; i < 120; i++) {
    if ((await own(["version", "--format", "{{.Server.Version}}"])).exitCode === 0) break;
    if (child.exitCode !== null) break;
    await sleep(500);
  }
  const v = await own(["version", "--format", "{{.Server.Version}}"]);
  if (v.exitCode !== 0)
    throw new Error(
      `the second dockerd did not start: ${fs.readFileSync(path.join(engine.root, "dockerd.log"), "utf8").slice(-2000)}`,
    );
  // The offline postgres:15 into it.
  const load = await execa(
    "sh",
    ["-c", `docker save ${IMAGE} | DOCKER_HOST=${engine.host} docker load`],
    {
      reject: false,
    },
  );
  if (load.exitCode !== 0)
    throw new Error(`loading ${IMAGE} into the second engine: ${load.stderr}`);
}

async function stopSecondEngine(): Promise<void> {
  if (!engine.pid) return;
  try {
    process.kill(engine.pid, "SIGCONT");
  } catch {
    return;
  }
  const ids = (await own(["ps", "-aq"])).stdout.split("\n").filter(Boolean);
  if (ids.length) await own(["rm", "--force", "--volumes", ...ids]);
  process.kill(engine.pid, "SIGTERM");
  for (let i = 0; i < 60 && fs.existsSync(`/proc/${engine.pid}`); i++) await sleep(500);
  if (fs.existsSync(`/proc/${engine.pid}`)) process.kill(engine.pid, "SIGKILL");
  await execa(
    "sh",
    ["-c", `grep -o '${engine.root}[^ ]*' /proc/mounts | sort -r | xargs -r umount -l`],
    {
      reject: false,
    },
  );
  fs.rmSync(engine.root, { recursive: true, force: true });
}

const SQL_APP = (app: string, command: string) => [
  ...["regenerate", "--force", ...sqlAppArgs(app, command)],
  ...["--engine", "docker", "--image", IMAGE],
];

/** The container a message says is left behind, removed from the second engine afterwards. */
function leftBehind(stderr: string): string {
  const m = /container (pgseed-\d+-[0-9a-f]{8}) may be left behind/.exec(stderr);
  if (!m) throw new Error(`no container named as left behind in:\n${stderr}`);
  return m[1];
}

beforeAll(async () => {
  requirePostgres();
  requireDockerImage();
  await startSecondEngine();
}, 300000);
afterAll(async () => {
  await stopSecondEngine();
  removeTempDirs();
}, 120000);

test("regenerate --engine docker: an engine stopped mid-run fails within bounds, naming the container and how to remove it", async () => {
  const app = copyExample("sql-app");
  const r = await cli(SQL_APP(app, "sh migrate.sh && kill -STOP $PGSEED_TEST_DOCKERD"), ROOT, {
    DOCKER_HOST: engine.host,
    PGSEED_TEST_DOCKERD: String(engine.pid),
  });
  expect(stopped(engine.pid)).toBe(true); // the run met a stopped engine, and ended anyway
  const name = leftBehind(r.stderr);
  expect(r.stderr).toMatch(
    new RegExp(
      `pgseed: error: the Docker engine at ${engine.host} stopped answering during .* \\(no answer in 15 s\\); container ${name} may be left behind\\n\\s+fix: check the engine \\(docker info; is it paused or stopped\\?\\), then remove it: docker rm --force ${name}`,
    ),
  );
  // The cleanup's own removal was bounded too, and says what it left.
  expect(r.stderr).toContain(
    `pgseed: warning: the Docker engine at ${engine.host} did not answer \`docker rm --force\``,
  );
  expect(r.code).toBe(2);
  expect(fs.existsSync(path.join(app, "seed-db.sql"))).toBe(false);
  process.kill(engine.pid, "SIGCONT");
  await own(["rm", "--force", "--volumes", name]);
}, 170000);

test("a signal's cleanup with the engine stopped ends within bounds and names the container", async () => {
  const app = copyExample("sql-app");
  const run = execa(
    "node",
    [
      path.join(ROOT, "bin", "pgseed"),
      ...SQL_APP(app, "sh migrate.sh && kill -STOP $PGSEED_TEST_DOCKERD && sleep 600"),
    ],
    { reject: false, env: { DOCKER_HOST: engine.host, PGSEED_TEST_DOCKERD: String(engine.pid) } },
  );
  for (let i = 0; i < 600 && !stopped(engine.pid); i++) await sleep(100);
  expect(stopped(engine.pid)).toBe(true);
  process.kill(run.pid!, "SIGTERM"); // not run.kill: execa SIGKILLs 5 s later
  const r = await run;
  const name = leftBehind(r.stderr);
  expect(r.stderr).toContain("pgseed: SIGTERM received; cleaning up");
  expect(r.stderr).toContain(`then remove it: docker rm --force ${name}`);
  expect(r.exitCode).toBe(143);
  process.kill(engine.pid, "SIGCONT");
  await own(["rm", "--force", "--volumes", name]);
}, 120000);

test("image: a build container paused mid-build is named, with unpause or remove; nothing is left", async () => {
  const app = copyExample("sql-app");
  const custom = sqlAppArgs(app);
  expect(await cli(["regenerate", ...custom, "--quiet"])).toMatchObject({ code: 0 });
  const tag = `pgseed-test/paused-${process.pid}`;
  const run = execa(
    "node",
    [path.join(ROOT, "bin", "pgseed"), "image", "--tag", tag, "--image", IMAGE, ...custom],
    { reject: false },
  );
  // Paused once it runs (the seed loads during the image's own init).
  let paused = "";
  const mine = `pgseed-image-${run.pid}-`;
  for (let i = 0; i < 600 && !paused && run.exitCode === null; i++) {
    const ps = await docker(["ps", "--filter", `name=${mine}`, "--format", "{{.Names}}"]);
    const name = ps.stdout.split("\n").find((n) => n.startsWith(mine));
    if (name && (await docker(["pause", name])).exitCode === 0) paused = name;
    else await sleep(50);
  }
  expect(paused).not.toBe("");
  const r = await run;
  expect(r.stderr).toContain(`container ${paused} is paused, not running`);
  expect(r.stderr).toContain(
    `fix: unpause it (docker unpause ${paused}) and run again, or remove it: docker rm --force ${paused}`,
  );
  expect(r.exitCode).toBe(1);
  const left = await docker(["ps", "-a", "--filter", `name=${paused}`, "--format", "{{.Names}}"]);
  expect(left.stdout).toBe("");
  expect((await docker(["image", "inspect", tag])).exitCode).not.toBe(0);
}, 170000);

/**
 * Pre-seeded image: time from `docker run` to the seed's marker answering over
 * TCP, a container of the pre-seeded image (`pgseed image`: PGDATA seeded at build) against the
 * official-image path (the target image, a fresh volume, the seed through
 * /docker-entrypoint-initdb.d), on the same seed. Median of BENCH_RUNS (5) runs, interleaved (the
 * order flips each round). Both containers: host network, 127.0.0.1 only, a port of their own,
 * POSTGRES_PASSWORD given at run; the clock starts before `docker run` is spawned and stops when a
 * client (password auth over TCP) reads the marker.
 *
 *   npm run prebench && node .bench/bench/image.js
 *   IMAGE_BENCH_SEEDS=example,200   seeds: the example's seed, a generated 200-migration Django
 * app's
 *   BENCH_RUNS=5
 *
 * Needs a Docker engine (bash scripts/start-dockerd.sh) and postgres:15 (the offline stand-in:
 * bash tests/docker/build-postgres-image.sh). Writes bench/image-results.md and .json.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { resolveSettings } from "../config";
import { registerCleanup, runAllCleanups } from "../seed/core/cleanup";
import { buildPreseededImage } from "../seed/image/build";
import { shortFingerprint } from "../seed/core/hash";
import { freePort } from "../seed/core/net";
import { regenerate } from "../seed/build/regenerate";
import { markerText, MARKER_QUERY } from "../seed/seedfile/format";
import { scanSeed } from "../seed/seedfile/read";
import { generateDjangoApp } from "./genapp";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.join(ROOT, "bench");
const BASE = process.env.IMAGE_BENCH_BASE ?? "postgres:15";
const SEEDS = (process.env.IMAGE_BENCH_SEEDS ?? "example,200").split(",").filter(Boolean);
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const PASSWORD = "bench-password";
const TARGET = 0.2;
const log = (line: string) => process.stderr.write(`bench/image: ${line}\n`);
const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const docker = (args: string[], opts: execa.Options = {}) =>
  execa("docker", args, { reject: false, ...opts });

interface Sample {
  /** `docker run --detach` returned. */
  run: number;
  /** The marker answered. */
  marker: number;
}

interface SeedResult {
  seed: string;
  bytes: number;
  fingerprint: string;
  image: string;
  buildSeconds: number;
  imageBytes: number;
  official: Sample[];
  preseeded: Sample[];
  /**
   * The pre-seeded image with POSTGRES_HOST_AUTH_METHOD=trust: no password step at start (what that
   * step costs).
   */
  trust: Sample[];
}

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * The seed file of a case: the example's committed seed, or a generated app's, regenerated here.
 */
async function seedOf(name: string): Promise<string> {
  // Bind-mounted into the official path's container: readable by its postgres user (uid 999).
  const readable = (from: string) => {
    const dir = tempDir("pgseed-imgbench-");
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, path.basename(from));
    fs.copyFileSync(from, file);
    fs.chmodSync(file, 0o644);
    return file;
  };
  if (name === "example") return readable(path.join(ROOT, "examples/django-blog/seed-db.sql"));
  const count = Number(name);
  if (!Number.isInteger(count) || count < 10)
    throw new Error(
      `IMAGE_BENCH_SEEDS: "${name}" is neither "example" nor a migration count (>= 10)`,
    );
  const appDir = path.join(tempDir("pgseed-imgbench-"), "app");
  generateDjangoApp(appDir, count);
  const settings = resolveSettings({ appDir }, appDir).engine;
  log(`${name}: regenerating the seed of a ${count}-migration app`);
  await regenerate(settings, { force: true });
  return readable(settings.seedPath);
}

/** Starts a container and times it to the marker; removes it (and its anonymous volume) after. */
async function timeToMarker(
  args: string[],
  fingerprint: string,
  auth = ["--env", `POSTGRES_PASSWORD=${PASSWORD}`],
): Promise<Sample> {
  const name = `pgseed-imgbench-${process.pid}-${Math.random().toString(16).slice(2, 10)}`;
  const port = await freePort();
  const cleanup = registerCleanup(async () => {
    await docker(["rm", "--force", "--volumes", name]);
  });
  try {
    const t0 = now();
    const r = await docker(
      [
        "run",
        "--detach",
        "--name",
        name,
        "--network",
        "host",
        ...auth,
        "--env",
        "POSTGRES_USER=app",
        "--env",
        "POSTGRES_DB=app",
        ...args,
        "postgres",
        "-c",
        `port=${port}`,
        "-c",
        "listen_addresses=127.0.0.1",
      ],
      { all: true },
    );
    const run = now() - t0;
    if (r.exitCode !== 0) throw new Error(`docker run failed: ${r.all}`);
    for (let i = 0; ; i++) {
      const c = new Client({
        host: "127.0.0.1",
        port,
        user: "app",
        database: "app",
        password: PASSWORD,
        connectionTimeoutMillis: 5000,
      });
      try {
        await c.connect();
        const marker = (await c.query(`${MARKER_QUERY} AS m`)).rows[0].m;
        if (marker === markerText(fingerprint)) return { run, marker: now() - t0 };
        throw new Error(`marker ${JSON.stringify(marker)}`);
      } catch (err) {
        if (/^marker /.test((err as Error).message)) throw err;
      } finally {
        await c.end().catch(() => undefined);
      }
      if (now() - t0 > 300)
        throw new Error(
          `no marker after 300 s: ${(await docker(["logs", "--tail", "20", name], { all: true })).all}`,
        );
      if (
        i % 50 === 49 &&
        (await docker(["inspect", "--format", "{{.State.Status}}", name])).stdout.trim() !==
          "running"
      ) {
        throw new Error(
          `the container exited: ${(await docker(["logs", "--tail", "20", name], { all: true })).all}`,
        );
      }
      await new Promise((res) => setTimeout(res, 10));
    }
  } finally {
    cleanup.run();
    await cleanup.done;
  }
}

async function benchSeed(name: string): Promise<SeedResult> {
  const seedPath = await seedOf(name);
  const header = (await scanSeed(seedPath, { stopAfterHeader: true }))?.header;
  if (!header) throw new Error(`${seedPath} is not a pgseed seed`);
  const ref = `pgseed-bench/${name}:${shortFingerprint(header.fingerprint)}`;
  log(`${name}: building ${ref} (${fs.statSync(seedPath).size} bytes of seed)`);
  const built = await buildPreseededImage({
    baseImage: BASE,
    seedPath,
    fingerprint: header.fingerprint,
    dbUser: "app",
    dbName: "app",
    ref,
    force: true,
  });
  const imageBytes = Number(
    (await docker(["image", "inspect", "--format", "{{.Size}}", ref])).stdout.trim(),
  );
  const official: Sample[] = [];
  const preseeded: Sample[] = [];
  const trust: Sample[] = [];
  const seedIn = `/docker-entrypoint-initdb.d/${seedPath.endsWith(".gz") ? "seed-db.sql.gz" : "seed-db.sql"}`;
  const runOfficial = async () =>
    official.push(
      await timeToMarker(["--volume", `${seedPath}:${seedIn}:ro`, BASE], header.fingerprint),
    );
  const runPreseeded = async () => preseeded.push(await timeToMarker([ref], header.fingerprint));
  const runTrust = async () =>
    trust.push(
      await timeToMarker([ref], header.fingerprint, ["--env", "POSTGRES_HOST_AUTH_METHOD=trust"]),
    );
  for (let i = 0; i < RUNS; i++) {
    for (const f of i % 2
      ? [runTrust, runPreseeded, runOfficial]
      : [runOfficial, runPreseeded, runTrust])
      await f();
    log(
      `${name}: run ${i + 1}/${RUNS}: official ${official[i].marker.toFixed(3)} s, pre-seeded ${preseeded[i].marker.toFixed(3)} s, pre-seeded+trust ${trust[i].marker.toFixed(3)} s`,
    );
  }
  await docker(["rmi", ref]);
  return {
    seed: name,
    bytes: fs.statSync(seedPath).size,
    fingerprint: header.fingerprint,
    image: ref,
    buildSeconds: built.seconds,
    imageBytes,
    official,
    preseeded,
    trust,
  };
}

const fmt = (s: number) => `${s.toFixed(3)} s`;

function markdown(results: SeedResult[], machine: Record<string, string>): string {
  let md = "# Pre-seeded image: `docker run` to the seed's marker\n\n";
  md += `Median of ${RUNS} runs, interleaved. Base image ${BASE}; host network; the marker read over TCP with the password given at run.\n`;
  md +=
    "Official path: the base image, a fresh anonymous volume, the seed in /docker-entrypoint-initdb.d (initdb, then the SQL replayed). ";
  md +=
    "Pre-seeded: `pgseed image` of the same seed (PGDATA seeded at build; at start the wrapper sets the password in single-user mode, then the server starts).\n\n";
  md +=
    "| seed | seed bytes | official: run → marker | pre-seeded: run → marker | ratio (target ≤ 0.2×) | held | pre-seeded, trust (no password step) | `docker run -d` returned (official / pre-seeded) | image build | image size |\n|---|---|---|---|---|---|---|---|---|---|\n";
  for (const r of results) {
    const o = median(r.official.map((s) => s.marker));
    const p = median(r.preseeded.map((s) => s.marker));
    md += `| ${r.seed} | ${r.bytes} | ${fmt(o)} | ${fmt(p)} | ${(p / o).toFixed(2)}× | ${p / o <= TARGET ? "yes" : "**no**"} | ${fmt(median(r.trust.map((s) => s.marker)))} (${(median(r.trust.map((s) => s.marker)) / o).toFixed(2)}×) | ${fmt(median(r.official.map((s) => s.run)))} / ${fmt(median(r.preseeded.map((s) => s.run)))} | ${r.buildSeconds.toFixed(1)} s | ${(r.imageBytes / 1e6).toFixed(0)} MB |\n`;
  }
  md += "\nEvery run (seconds to the marker):\n\n";
  for (const r of results)
    md += `- ${r.seed}: official ${r.official.map((s) => s.marker.toFixed(3)).join(", ")}; pre-seeded ${r.preseeded.map((s) => s.marker.toFixed(3)).join(", ")}; pre-seeded+trust ${r.trust.map((s) => s.marker.toFixed(3)).join(", ")}\n`;
  md += `\nMachine: ${Object.entries(machine)
    .map(([k, v]) => `${k} ${v}`)
    .join("; ")}\n`;
  return md;
}

async function main(): Promise<void> {
  const v = await docker(["version", "--format", "{{.Server.Version}}"]);
  if (v.exitCode !== 0)
    throw new Error("no Docker engine answers; fix: bash scripts/start-dockerd.sh");
  if ((await docker(["image", "inspect", BASE])).exitCode !== 0)
    throw new Error(`${BASE} is not on the engine; fix: bash tests/docker/build-postgres-image.sh`);
  const results: SeedResult[] = [];
  for (const name of SEEDS) results.push(await benchSeed(name));
  const machine = {
    cpus: String(os.cpus().length),
    load: os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" "),
    docker: v.stdout.trim(),
    storage: (await docker(["info", "--format", "{{.Driver}}"])).stdout.trim(),
    commit: (
      await execa("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, reject: false })
    ).stdout.trim(),
    date: new Date().toISOString(),
  };
  const md = markdown(results, machine);
  fs.writeFileSync(path.join(OUT, "image-results.md"), md);
  fs.writeFileSync(
    path.join(OUT, "image-results.json"),
    JSON.stringify({ runs: RUNS, base: BASE, target: TARGET, machine, results }, null, 2) + "\n",
  );
  process.stdout.write(`\n${md}\nwrote bench/image-results.md, image-results.json\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`bench/image: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => runAllCleanups());

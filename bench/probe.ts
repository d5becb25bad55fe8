/**
 * The django fingerprint's graph probe (python/pgseed_django.py probe) and a no-change `check`
 * through the CLI, on a 134-migration project with many installed apps (Django contrib apps,
 * generated apps, a tail app that makes the count exactly 134), on each Django of the matrix.
 * Median of BENCH_RUNS (default 5). Prints a table and writes bench/probe-results.md.
 *
 *   node .bench/bench/probe.js        (after npm run prebench; BENCH_OUT=folder for the results)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { CONTRIB_APPS, generateManyAppsProject } from "./genapp";
import { DJANGO_MATRIX, envFor, requireDjango } from "../tests/djangoMatrix";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.resolve(ROOT, process.env.BENCH_OUT ?? "bench");
const CLI = path.join(ROOT, "bin", "pgseed");
const RUNNER = path.join(ROOT, "python", "pgseed_django.py");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const TARGET = 134;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

async function run(
  cmd: string,
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<string> {
  const r = await execa(cmd, args, { cwd, env, extendEnv: false, reject: false, all: true });
  if (r.exitCode !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.exitCode}):\n${r.all}`);
  return r.stdout;
}

async function project(
  row: (typeof DJANGO_MATRIX)[number],
  env: Record<string, string>,
): Promise<{ dir: string; count: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pgseed-probe-${row.name}-`));
  await generateManyAppsProject(
    dir,
    TARGET,
    async (d) => JSON.parse(await run(row.python, [RUNNER, "probe"], d, env)).migrations.length,
  );
  const count = JSON.parse(await run(row.python, [RUNNER, "probe"], dir, env)).migrations.length;
  return { dir, count };
}

/**
 * Child processes a cached `check` starts (strace -f -e execve; the first execve is node itself).
 */
async function childProcesses(dir: string, env: Record<string, string>): Promise<string> {
  const trace = path.join(os.tmpdir(), `pgseed-probe-trace-${process.pid}`);
  const r = await execa(
    "strace",
    ["-f", "-qq", "-e", "trace=execve", "-o", trace, "node", CLI, "check"],
    { cwd: dir, env, extendEnv: false, reject: false },
  );
  if (r.exitCode !== 0) return `check failed: ${r.stderr}`;
  const execs = fs
    .readFileSync(trace, "utf8")
    .split("\n")
    .filter((l) => /execve\(/.test(l) && !/ENOENT/.test(l));
  fs.rmSync(trace, { force: true });
  return execs.length === 1
    ? "none"
    : execs
        .slice(1)
        .map((l) => /execve\("([^"]+)"/.exec(l)?.[1])
        .join(", ");
}

interface Row {
  children: string;
  django: string;
  migrations: number;
  nodeStart: number;
  probe: number;
  checkCached: number;
  checkChanged: number;
  regenerate: number;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const m of DJANGO_MATRIX) {
    requireDjango(m);
    const cache = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-probe-cache-"));
    const env = { ...envFor(m), PGSEED_CACHE: cache, PYTHONDONTWRITEBYTECODE: "1" };
    const { dir, count } = await project(m, env);
    const samples: Record<string, number[]> = {
      nodeStart: [],
      probe: [],
      checkCached: [],
      checkChanged: [],
      regenerate: [],
    };
    await run("node", [CLI, "regenerate", "--quiet"], dir, env);
    const touched = path.join(dir, "app001", "migrations", "0001_initial.py");
    for (let i = 0; i < RUNS; i++) {
      samples.nodeStart.push(await timed(() => run("node", ["-e", "0"], dir, env)));
      samples.probe.push(await timed(() => run(m.python, [RUNNER, "probe"], dir, env)));
      await run("node", [CLI, "check"], dir, env); // warm the cache
      samples.checkCached.push(await timed(() => run("node", [CLI, "check"], dir, env)));
      const t = new Date(Date.now() + 1000 * (i + 1));
      // same content, new mtime: the cache must re-probe; the seed stays fresh
      fs.utimesSync(touched, t, t);
      samples.checkChanged.push(await timed(() => run("node", [CLI, "check"], dir, env)));
    }
    for (let i = 0; i < Math.min(RUNS, 3); i++)
      samples.regenerate.push(
        await timed(() => run("node", [CLI, "regenerate", "--force", "--quiet"], dir, env)),
      );
    // The first check right after a regenerate: the cached graph must still hold.
    await run("node", [CLI, "regenerate", "--force", "--quiet"], dir, env);
    const children = await childProcesses(dir, env);
    const med = Object.fromEntries(
      Object.entries(samples).map(([k, v]) => [k, median(v)]),
    ) as Record<string, number>;
    rows.push({
      django: JSON.parse(await run(m.python, [RUNNER, "probe"], dir, env)).django,
      migrations: count,
      children,
      ...(med as any),
    });
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  }

  const s = (x: number) => `${x.toFixed(2)} s`;
  const lines = [
    "| Django | migrations | `node -e 0` | probe alone | `pgseed check`, no change (cached graph) | `pgseed check`, a file touched (re-probe) | probe's share of that check | `regenerate --force` | processes the first check after a regenerate starts |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ...rows.map(
      (r) =>
        `| ${r.django} | ${r.migrations} | ${s(r.nodeStart)} | ${s(r.probe)} | ${s(r.checkCached)} | ${s(r.checkChanged)} | ${Math.round((100 * r.probe) / r.checkChanged)}% | ${s(r.regenerate)} | ${r.children} |`,
    ),
  ];
  const verdict = rows.every((r) => r.checkCached < 1.0) ? "holds" : "does NOT hold";
  const text = [
    "# Django graph probe and no-change check",
    "",
    `Median of ${RUNS} runs (regenerate: ${Math.min(RUNS, 3)}), ${os.cpus().length} cores, ${os.cpus()[0]?.model ?? "?"}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
    `Project: ${CONTRIB_APPS.length + 2} Django contrib apps, 11 generated apps of 10 migrations (bench/genapp.ts) and a tail app: ${TARGET} migrations. CLI figures include Node's start.`,
    "A no-change check starts no Python: the graph comes from the cache (stamps of every .py under the app dir, each migration file, the settings, the interpreter and site-packages).",
    "",
    ...lines,
    "",
    `Target: a no-change \`pgseed check\` through the CLI < 1.0 s: ${verdict}.`,
    "",
  ].join("\n");
  process.stdout.write(text);
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, "probe-results.md"), text);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

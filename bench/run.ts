/**
 * `npm run bench`: time-to-ready of migrate from scratch, pgseed load / clone / regenerate, raw
 * psql, parallel seeding and the fingerprint, interleaved (each repetition runs every method once,
 * in a rotating order), median of BENCH_RUNS runs. Writes bench/results.md, results.json, plot.svg.
 *
 *   BENCH_RUNS=5 (default)   BENCH_SIZES=example,50,200,500 (default; numbers: generated apps)
 *   BENCH_OUT=bench (folder for the results)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { resolveSettings } from "../config";
import { findPgBin, PgBin } from "../seed/servers/pgBin";
import { findDjangoPython } from "../seed/presets/django";
import { regenerate } from "../seed/build/regenerate";
import { loadSeed } from "../seed/database/load";
import { libpqEnv } from "../seed/core/libpq";
import { cloneSeed } from "../seed/database/clone";
import { computeFingerprint } from "../seed/inputs/fingerprint";
import { registerCleanup, runAllCleanups } from "../seed/core/cleanup";
import { BenchServer, now, startServerIn, startShmServer } from "./servers";
import { copyExampleApp, countMigrations, generateDjangoApp, generateFileTree } from "./genapp";
import { renderPlot, Series } from "./plot";
import { lockFileMatcher } from "../seed/core/files";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.resolve(ROOT, process.env.BENCH_OUT ?? "bench");
const CLI = path.join(ROOT, "bin", "pgseed");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const SIZES = (process.env.BENCH_SIZES ?? "example,50,200,500")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);

type Samples = Record<string, number[]>;
interface SizeResult {
  size: string;
  migrations: number;
  samples: Samples;
  steps: Samples;
  servers: Record<string, { startSeconds: number }>;
  noServer: { ok: boolean; how: string };
}

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const push = (m: Samples, key: string, v: number) => (m[key] ??= []).push(v);
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = now();
  await fn();
  return now() - t;
}

/** The CLI as users run it: a new Node process. */
const cli = (args: string[], opts: execa.Options = {}) =>
  execa("node", [CLI, ...args], { ...opts });

function tempDir(prefix: string, base = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(base, prefix));
  registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Rotates the order of the methods each repetition, so no method always runs first or last. */
async function interleave(
  methods: Array<[string, () => Promise<number>]>,
  samples: Samples,
  label: string,
): Promise<void> {
  for (let r = 0; r < RUNS; r++) {
    const k = r % methods.length;
    for (const [name, fn] of [...methods.slice(k), ...methods.slice(0, k)]) {
      const s = await fn();
      push(samples, name, s);
      log(`${label} run ${r + 1}/${RUNS} ${name.padEnd(16)} ${s.toFixed(3)} s`);
    }
  }
}

/**
 * Proves that `pgseed check` (and a no-change regenerate) start no server: they run under
 * strace (every execve recorded) with --pg-bin pointing at fake binaries that log any call.
 */
async function proveNoServer(
  appDir: string,
  seedPath: string,
): Promise<{ ok: boolean; how: string }> {
  const fake = tempDir("pgseed-bench-fakebin-");
  const marker = path.join(fake, "called");
  for (const b of ["postgres", "initdb", "pg_ctl", "pg_dump", "psql"]) {
    fs.writeFileSync(
      path.join(fake, b),
      `#!/bin/sh\necho "$0 $*" >> ${marker}\necho "${b} (PostgreSQL) 15.0"\n`,
      { mode: 0o755 },
    );
  }
  const strace = execa.sync("sh", ["-c", "command -v strace"], { reject: false }).stdout.trim();
  const problems: string[] = [];
  for (const args of [["check"], ["regenerate"]]) {
    const trace = path.join(fake, `trace-${args[0]}`);
    const cmd = [CLI, ...args, "--app-dir", appDir, "--seed", seedPath, "--pg-bin", fake];
    const r = strace
      ? await execa(strace, ["-f", "-qq", "-e", "trace=execve", "-o", trace, "node", ...cmd], {
          reject: false,
        })
      : await execa("node", cmd, { reject: false });
    if (r.exitCode !== 0) problems.push(`${args[0]} exited ${r.exitCode}: ${r.stderr.trim()}`);
    if (strace) {
      const execs = fs
        .readFileSync(trace, "utf8")
        .split("\n")
        .filter((l) => /execve\(/.test(l) && !/ENOENT/.test(l));
      const pg = execs.filter((l) => /(postgres|initdb|pg_ctl|pg_dump|psql)"/.test(l));
      if (pg.length) problems.push(`${args[0]} ran: ${pg.join("; ")}`);
      if (execs.length !== 1)
        problems.push(
          `${args[0]} ran ${execs.length - 1} child process(es): ${execs
            .slice(1)
            .map((l) => /execve\("([^"]+)"/.exec(l)?.[1])
            .join(", ")}`,
        );
    }
  }
  if (fs.existsSync(marker))
    problems.push(`fake binaries were called: ${fs.readFileSync(marker, "utf8").trim()}`);
  const how = `${strace ? "strace -f -e execve: no child process at all; " : ""}--pg-bin fake binaries never called`;
  return problems.length ? { ok: false, how: problems.join(" | ") } : { ok: true, how };
}

async function benchSize(
  size: string,
  bin: PgBin,
  servers: { shm: BenchServer; disk: BenchServer; extra: BenchServer[] },
): Promise<SizeResult> {
  const work = tempDir(`pgseed-bench-${size}-`);
  const appDir = path.join(work, "app");
  if (size === "example") copyExampleApp(appDir);
  else generateDjangoApp(appDir, Number(size));
  const migrations = countMigrations(appDir);
  const py = await findDjangoPython(appDir);
  const settings = resolveSettings({ appDir }, appDir).engine;
  log(`${size}: ${migrations} migrations in ${appDir}; building the seed`);
  await regenerate(settings, { force: true });
  const seedPath = path.join(work, "seed.sql");
  fs.copyFileSync(settings.seedPath, seedPath);

  const samples: Samples = {};
  const steps: Samples = {};
  let seq = 0;
  const fresh = async (srv: BenchServer, tag: string) => {
    const name = `b_${tag}_${++seq}`;
    const db = await srv.createDb(name);
    push(samples, srv === servers.disk ? "createdb.disk" : "createdb", db.seconds);
    return { name, url: db.url };
  };
  /** Times fn against a new empty database, then drops it (untimed). */
  const onFreshDb = (srv: BenchServer, fn: (url: string) => Promise<unknown>) => async () => {
    const db = await fresh(srv, "x");
    try {
      return await timed(() => fn(db.url));
    } finally {
      await srv.dropDb(db.name);
    }
  };
  const migrate = (url: string) =>
    execa(py, ["manage.py", "migrate", "--noinput"], {
      cwd: appDir,
      env: { ...libpqEnv(url), DATABASE_URL: url, PYTHONDONTWRITEBYTECODE: "1" },
    });
  const cliLoad = (url: string) => cli(["load", "--quiet", "--url", url, "--seed", seedPath]);
  const psql = (url: string) =>
    execa(path.join(bin.dir, "psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", seedPath], {
      env: libpqEnv(url),
      stdout: "ignore",
    });
  // Warm clone: the template holds this seed already (what a test worker pays per database).
  const cloneWarm = (srv: BenchServer) => async () => {
    const s = await timed(() =>
      cli([
        "clone",
        "--quiet",
        "--url",
        srv.url,
        "--seed",
        seedPath,
        "--count",
        "1",
        "--prefix",
        "bw",
      ]),
    );
    await srv.dropDb("bw_1");
    return s;
  };
  const cloneCold = (srv: BenchServer) => async () => {
    const prefix = `bc${++seq}`;
    const s = await timed(() =>
      cli([
        "clone",
        "--quiet",
        "--url",
        srv.url,
        "--seed",
        seedPath,
        "--count",
        "1",
        "--prefix",
        prefix,
      ]),
    );
    await srv.dropDb(`${prefix}_1`, `${prefix}_template`);
    return s;
  };
  /** N concurrent CLI loads, into N databases of one server or of N servers; wall time. */
  const cloneCount4 = async () => {
    const prefix = `bn${++seq}`;
    const s = await timed(() =>
      cli([
        "clone",
        "--quiet",
        "--url",
        shm.url,
        "--seed",
        seedPath,
        "--count",
        "4",
        "--prefix",
        prefix,
      ]),
    );
    await shm.dropDb(...[1, 2, 3, 4].map((i) => `${prefix}_${i}`), `${prefix}_template`);
    return s;
  };
  const parallel = (targets: BenchServer[]) => async () => {
    const dbs = await Promise.all(targets.map((srv) => fresh(srv, "p")));
    try {
      return await timed(() => Promise.all(dbs.map((db) => cliLoad(db.url))));
    } finally {
      await Promise.all(targets.map((srv, i) => srv.dropDb(dbs[i].name)));
    }
  };
  const regen = async () => {
    const t = now();
    const r = await cli(["regenerate", "--force", "--json", "--app-dir", appDir]);
    const s = now() - t;
    for (const step of JSON.parse(r.stdout).steps as Array<{ step: string; seconds: number }>)
      push(steps, step.step, step.seconds);
    return s;
  };

  const { shm, disk, extra } = servers;
  for (const srv of [shm, disk])
    await cloneSeed({ url: srv.url, seedPath, count: 1, prefix: "bw" }).then(() =>
      srv.dropDb("bw_1"),
    );
  await interleave(
    [
      ["migrate", onFreshDb(shm, migrate)],
      ["load", onFreshDb(shm, cliLoad)],
      ["load.inproc", onFreshDb(shm, (url) => loadSeed({ url, seedPath }))],
      ["psql", onFreshDb(shm, psql)],
      ["clone", cloneWarm(shm)],
      ["clone.cold", cloneCold(shm)],
      ["regenerate", regen],
      ["check", () => timed(() => cli(["check", "--quiet", "--app-dir", appDir]))],
      ["par1", parallel([shm])],
      ["par2", parallel([shm, shm])],
      ["par4", parallel([shm, shm, shm, shm])],
      ["par4.servers", parallel([shm, ...extra])],
      ["clone4.cold", cloneCount4],
      ["migrate.disk", onFreshDb(disk, migrate)],
      ["load.disk", onFreshDb(disk, cliLoad)],
      ["psql.disk", onFreshDb(disk, psql)],
      ["clone.disk", cloneWarm(disk)],
      ["clone.cold.disk", cloneCold(disk)],
    ],
    samples,
    size,
  );
  for (const srv of [shm, disk]) await srv.dropDb("bw_template");
  const noServer = await proveNoServer(appDir, settings.seedPath);
  log(`${size}: no-change check/regenerate start no server: ${noServer.ok} (${noServer.how})`);
  return { size, migrations, samples, steps, servers: {}, noServer };
}

/**
 * Fingerprint of 1k and 10k small files: in-process and through the CLI (Node startup included).
 */
async function benchFingerprint(): Promise<Samples> {
  const samples: Samples = {};
  const methods: Array<[string, () => Promise<number>]> = [
    ["node.e0", () => timed(() => execa("node", ["-e", "0"]))],
    ["cli.help", () => timed(() => cli(["--help"]))],
  ];
  for (const n of [1000, 10000]) {
    const dir = tempDir(`pgseed-bench-fp${n}-`);
    generateFileTree(dir, n);
    // The file walk and hashing, both ways: the custom preset (the django preset would add its
    // graph probe, bench/probe.ts).
    const input = {
      appDir: dir,
      migrations: ["**/migrations/**/*.py"],
      seedPath: path.join(dir, "seed-db.sql"),
      isLockFile: lockFileMatcher(["python", "node"]),
      recipe: {
        preset: "custom",
        postgresMajor: 15,
        image: "postgres:15",
        migrateCommand: "true",
        normalizeSql: "",
      },
    };
    const label = `fp${n / 1000}k`;
    methods.push([label, () => timed(async () => computeFingerprint(input))]);
    methods.push([
      `${label}.cli`,
      () =>
        timed(() =>
          cli([
            "fingerprint",
            "--app-dir",
            dir,
            "--preset",
            "custom",
            "--migrations",
            "**/migrations/**/*.py",
            "--migrate-command",
            "true",
          ]),
        ),
    ]);
  }
  await interleave(methods, samples, "fingerprint");
  return samples;
}

/**
 * Micro-measurement for the fixed costs: the engine's server start, from the initdb cache (shm) and
 * with initdb each time (disk).
 */
async function benchServerStart(bin: PgBin): Promise<Samples> {
  const samples: Samples = {};
  await interleave(
    [
      [
        "start.engine",
        async () => {
          const s = await startShmServer(bin);
          await s.stop();
          return s.startSeconds;
        },
      ],
      [
        "start.disk",
        async () => {
          const s = await startServerIn(bin);
          await s.stop();
          return s.startSeconds;
        },
      ],
    ],
    samples,
    "server start",
  );
  return samples;
}

function machine(bin: PgBin, py: string) {
  const sh = (cmd: string) => execa.sync("sh", ["-c", cmd], { reject: false }).stdout.trim();
  return {
    date: new Date().toISOString(),
    nproc: sh("nproc"),
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    cpu: os.cpus()[0]?.model ?? "?",
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    postgres: bin.version,
    django: sh(`${py} -c "import django; print(django.get_version())"`),
    python: sh(`${py} --version`),
    loadavg: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
    tmpdir: `${os.tmpdir()} (${sh(`df -T ${os.tmpdir()} | tail -1 | awk '{print $2}'`)})`,
  };
}

const fmt = (s: number) =>
  Number.isNaN(s) ? "n/a" : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`;
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(3)}×` : "n/a");

const ROWS: Array<[string, string, string | undefined]> = [
  // key, label, ratio base (undefined: no ratio)
  ["migrate", "migrate from scratch (shm)", "migrate"],
  ["load", "pgseed load (CLI)", "migrate"],
  ["load.inproc", "loadSeed in-process", "migrate"],
  ["psql", "psql -X -q -1 -f seed (raw)", "migrate"],
  ["clone", "pgseed clone --count 1, template loaded", "migrate"],
  ["clone.cold", "pgseed clone --count 1, cold (template load + clone)", "migrate"],
  ["regenerate", "pgseed regenerate --force", "migrate"],
  ["check", "pgseed check (no change)", "migrate"],
  ["createdb", "CREATE DATABASE of the empty template1 (untimed in migrate/load/psql)", "migrate"],
  ["par1", "parallel load N=1", "par1"],
  ["par2", "parallel load N=2, one server", "par1"],
  ["par4", "parallel load N=4, one server", "par1"],
  ["par4.servers", "parallel load N=4, four servers", "par1"],
  ["clone4.cold", "4 instances, one server: pgseed clone --count 4, cold", "par1"],
  ["migrate.disk", "migrate from scratch (disk)", "migrate.disk"],
  ["load.disk", "pgseed load (disk)", "migrate.disk"],
  ["psql.disk", "psql -1 -f (disk)", "migrate.disk"],
  ["clone.disk", "pgseed clone, template loaded (disk)", "migrate.disk"],
  ["clone.cold.disk", "pgseed clone, cold (disk)", "migrate.disk"],
  ["createdb.disk", "CREATE DATABASE of the empty template1 (disk)", "migrate.disk"],
];

/**
 * What regenerate adds around the migrate it wraps, per run: its total minus its own migrate step.
 * Unlike the difference of two medians, the migrate's run-to-run noise (±0.5 s at 500) cancels.
 */
const wrapperOverhead = (r: SizeResult) =>
  median(
    (r.samples.regenerate ?? [])
      .map((t, i) => t - (r.steps.migrate?.[i] ?? NaN))
      .filter((x) => !Number.isNaN(x)),
  );

function tables(results: SizeResult[], fp: Samples, start: Samples) {
  const med = (r: SizeResult, k: string) => median(r.samples[k] ?? []);
  const head = `| method | ${results.map((r) => `${r.size} (${r.migrations} migr.)`).join(" | ")} |\n|---|${results.map(() => "---:").join("|")}|\n`;
  let main = head;
  for (const [key, label, base] of ROWS) {
    main += `| ${label} | ${results.map((r) => `${fmt(med(r, key))}${base ? ` (${ratio(med(r, key), med(r, base))})` : ""}`).join(" | ")} |\n`;
  }
  main += `| **regenerate − migrate (overhead)** | ${results.map((r) => fmt(med(r, "regenerate") - med(r, "migrate"))).join(" | ")} |\n`;
  main += `| **regenerate − its own migrate step (what pgseed adds)** | ${results.map((r) => fmt(wrapperOverhead(r))).join(" | ")} |\n`;
  main += `| load (CLI) / psql -1 -f | ${results.map((r) => ratio(med(r, "load"), med(r, "psql"))).join(" | ")} |\n`;
  main += `| load.disk / psql.disk | ${results.map((r) => ratio(med(r, "load.disk"), med(r, "psql.disk"))).join(" | ")} |\n`;
  const stepNames = [...new Set(results.flatMap((r) => Object.keys(r.steps)))];
  for (const st of stepNames)
    main += `| regenerate step: ${st} | ${results.map((r) => fmt(median(r.steps[st] ?? []))).join(" | ")} |\n`;
  let other = "| measurement | median |\n|---|---:|\n";
  for (const [k, label] of [
    ["fp1k", "computeFingerprint, 1k files (in-process)"],
    ["fp1k.cli", "pgseed fingerprint, 1k files (CLI)"],
    ["fp10k", "computeFingerprint, 10k files (in-process)"],
    ["fp10k.cli", "pgseed fingerprint, 10k files (CLI)"],
    ["cli.help", "pgseed --help (Node + CLI startup)"],
    ["node.e0", "node -e 0 (Node startup floor)"],
  ])
    other += `| ${label} | ${fmt(median(fp[k] ?? []))} |\n`;
  for (const [k, label] of [
    ["start.engine", "startLocalCluster (copy of the cached initdb + start, /dev/shm)"],
    ["start.disk", `server start with initdb, data on ${os.tmpdir()} (disk)`],
  ])
    other += `| ${label} | ${fmt(median(start[k] ?? []))} |\n`;
  return { main, other };
}

function targets(results: SizeResult[], fp: Samples) {
  const med = (r: SizeResult, k: string) => median(r.samples[k] ?? []);
  const big = results.filter((r) => r.migrations >= 100);
  const worst = (rs: SizeResult[], f: (r: SizeResult) => number) =>
    rs.length ? Math.max(...rs.map(f)) : NaN;
  const rows: Array<[string, string, number, number, string]> = [
    [
      "pgseed load vs psql -1 -f (shm, every size)",
      "≤ 1.05×",
      worst(results, (r) => med(r, "load") / med(r, "psql")),
      1.05,
      "×",
    ],
    [
      "load vs migrate, 100+ migrations, shm",
      "≤ 0.10×",
      worst(big, (r) => med(r, "load") / med(r, "migrate")),
      0.1,
      "×",
    ],
    [
      "clone vs migrate, 100+ migrations, shm",
      "≤ 0.02×",
      worst(big, (r) => med(r, "clone") / med(r, "migrate")),
      0.02,
      "×",
    ],
    [
      "regenerate − migrate (every size)",
      "≤ 1.0 s",
      worst(results, (r) => med(r, "regenerate") - med(r, "migrate")),
      1.0,
      " s",
    ],
    [
      "regenerate − its own migrate step (every size)",
      "≤ 1.0 s",
      worst(results, wrapperOverhead),
      1.0,
      " s",
    ],
    ["fingerprint of 10k files, in-process", "≤ 0.3 s", median(fp.fp10k ?? []), 0.3, " s"],
    ["pgseed fingerprint of 10k files, CLI", "≤ 0.3 s", median(fp["fp10k.cli"] ?? []), 0.3, " s"],
    [
      "4 loads in parallel vs 1 (one server)",
      "≤ 1.5×",
      worst(results, (r) => med(r, "par4") / med(r, "par1")),
      1.5,
      "×",
    ],
    [
      "4 loads in parallel vs 1 (four servers)",
      "≤ 1.5×",
      worst(results, (r) => med(r, "par4.servers") / med(r, "par1")),
      1.5,
      "×",
    ],
    [
      "4 instances via clone --count 4 (cold) vs 1 load",
      "≤ 1.5×",
      worst(results, (r) => med(r, "clone4.cold") / med(r, "par1")),
      1.5,
      "×",
    ],
  ];
  let md = "| target | goal | measured (worst size) | holds |\n|---|---|---:|---|\n";
  for (const [name, goal, v, limit, unit] of rows)
    md += `| ${name} | ${goal} | ${Number.isNaN(v) ? "n/a (no such size)" : v.toFixed(3) + unit} | ${Number.isNaN(v) ? "—" : v <= limit ? "yes" : "**no**"} |\n`;
  const ns = results.every((r) => r.noServer.ok);
  md += `| no-change check / regenerate starts no server | none started | ${results.map((r) => `${r.size}: ${r.noServer.ok ? "none" : "STARTED"}`).join(", ")} | ${ns ? "yes" : "**no**"} |\n`;
  return md;
}

async function main(): Promise<void> {
  const onSignal = () => void runAllCleanups().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const bin = findPgBin(15);
  const py = await findDjangoPython(ROOT);
  const info = machine(bin, py);
  log(`runs=${RUNS} sizes=${SIZES.join(",")} postgres=${bin.version} (${bin.dir})`);
  const results: SizeResult[] = [];
  let fp: Samples;
  let start: Samples;
  try {
    start = await benchServerStart(bin);
    fp = await benchFingerprint();
    for (const size of SIZES) {
      const shm = await startShmServer(bin);
      const disk = await startServerIn(bin);
      const extra = [
        await startShmServer(bin),
        await startShmServer(bin),
        await startShmServer(bin),
      ];
      try {
        const r = await benchSize(size, bin, { shm, disk, extra });
        r.servers = {
          shm: { startSeconds: shm.startSeconds },
          disk: { startSeconds: disk.startSeconds },
        };
        results.push(r);
      } finally {
        for (const s of [shm, disk, ...extra]) await s.stop();
      }
    }
  } finally {
    await runAllCleanups();
  }
  const { main: table, other } = tables(results, fp, start);
  const tgt = targets(results, fp);
  const loadEnd = os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
  const md = `# pgseed benchmark

Median of ${RUNS} run(s), methods interleaved (rotating order each run). Ratios in the main table
are to migrate-from-scratch on the same server (parallel rows: to N=1). "shm" = the engine's
throwaway server (data on /dev/shm); "disk" = the same server settings with data under
${os.tmpdir()}. migrate, load and psql get a new empty database made beforehand (untimed; its cost
is the CREATE DATABASE row); clone creates its database itself (timed). Generated apps: N/10 Django
apps of 10 migrations each (CreateModel, AddField, AlterField, AddIndex, AddConstraint, FK across
apps), plus django.contrib auth + contenttypes. Reproduce: \`npm run bench\` (BENCH_RUNS, BENCH_SIZES).

## Time to ready

${table}
## Fingerprint, CLI startup, server start

${other}
## Targets

${tgt}
No-change proof: ${results.map((r) => `${r.size}: ${r.noServer.how}`).join("; ")}.

## Machine

| | |
|---|---|
${Object.entries({ ...info, "loadavg (start)": info.loadavg, "loadavg (end)": loadEnd })
  .filter(([k]) => k !== "loadavg")
  .map(([k, v]) => `| ${k} | ${v} |`)
  .join("\n")}

![time to ready](plot.svg)
`;
  fs.writeFileSync(path.join(OUT, "results.md"), md);
  fs.writeFileSync(
    path.join(OUT, "results.json"),
    JSON.stringify(
      {
        runs: RUNS,
        machine: { ...info, loadavgEnd: loadEnd },
        serverStart: start,
        fingerprint: fp,
        sizes: results,
      },
      null,
      2,
    ) + "\n",
  );
  const line = (key: string, label: string, color: string, dashed = false): Series => ({
    label,
    color,
    dashed,
    points: results
      .map((r) => [r.migrations, median(r.samples[key] ?? [])] as [number, number])
      .filter(([, y]) => y > 0),
  });
  fs.writeFileSync(
    path.join(OUT, "plot.svg"),
    renderPlot(
      `Time to ready vs migrations (median of ${RUNS} run${RUNS > 1 ? "s" : ""}, ${info.nproc} cores)`,
      [
        line("migrate", "migrate from scratch", "#d62728"),
        line("load", "pgseed load", "#1f77b4"),
        line("clone", "pgseed clone (template loaded)", "#2ca02c"),
        line("migrate.disk", "migrate, data on disk", "#d62728", true),
        line("load.disk", "load, data on disk", "#1f77b4", true),
        line("clone.disk", "clone, data on disk", "#2ca02c", true),
      ],
    ),
  );
  process.stdout.write(
    `\n## Time to ready\n\n${table}\n${other}\n## Targets\n\n${tgt}\nwrote ${path.relative(ROOT, OUT)}/results.md, results.json, plot.svg\n`,
  );
}

main().catch(async (err) => {
  await runAllCleanups();
  console.error(`bench failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});

/**
 * Cost that grows with the seed: time and peak RSS of `pgseed regenerate`,
 * `check` and `load` through the CLI (`node bin/pgseed`, a new process each), and of `psql -f` of
 * the same file, for seeds of about 10 MB, 100 MB and 1 GB. The app is a custom-preset app whose
 * one migration inserts N rows with generate_series (md5 of the id: no volatile value).
 *
 *   node .bench/bench/bigseed.js                      (after npm run prebench)
 *   BIGSEED_SIZES=10,100,1000   sizes in MB (default)
 *   BIGSEED_CLIS=after=bin/pgseed,before=/path/to/old/bin/pgseed   CLIs to compare (default: this
 * one)
 *   BIGSEED_RUNS=3              runs of check/load/psql per size (median)
 *   BIGSEED_OUT=bench           folder for bigseed-results.md and .json
 *
 * Peak RSS: "pgseed" is the Node process itself (process.resourceUsage().maxRSS at exit, through a
 * -r preload), what the target is about; "tree" is /usr/bin/time's %M, the largest process of the
 * tree (the throwaway server, pg_dump or psql may be larger than Node).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { findPgBin } from "../seed/servers/pgBin";
import { registerCleanup, runAllCleanups } from "../seed/core/cleanup";
import { BenchServer, startShmServer } from "./servers";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.resolve(ROOT, process.env.BIGSEED_OUT ?? "bench");
const SIZES = (process.env.BIGSEED_SIZES ?? "10,100,1000")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const RUNS = Math.max(1, Number(process.env.BIGSEED_RUNS ?? 3));
const CLIS = (process.env.BIGSEED_CLIS ?? "after=bin/pgseed").split(",").map((kv) => {
  const [name, bin] = kv.split("=");
  return { name, bin: path.resolve(ROOT, bin) };
});
/** Bytes of one dumped row: id, tab, 32 hex + 60 x, newline (about 100). */
const ROW_BYTES = 100;
const log = (line: string) => process.stderr.write(`bigseed: ${line}\n`);

interface Run {
  ok: boolean;
  seconds: number;
  /** KiB: the Node process's own peak (pgseed), the tree's largest process (time %M). */
  selfKiB?: number;
  treeKiB: number;
  /**
   * CPU seconds (user + sys) of the process and its waited-for children: what a loaded machine
   * cannot hide.
   */
  cpuSeconds: number;
  error?: string;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A custom-preset app whose migration leaves `rows` rows. */
function makeApp(rows: number): string {
  const app = tempDir("pgseed-bigseed-");
  fs.mkdirSync(path.join(app, "migrations"));
  fs.writeFileSync(
    path.join(app, "migrations", "001_big.sql"),
    `CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL);\nINSERT INTO big SELECT g, md5(g::text) || repeat('x', 60) FROM generate_series(1, ${rows}) g;\n`,
  );
  fs.writeFileSync(
    path.join(app, "migrate.sh"),
    'set -eu\ncd "$(dirname "$0")"\npsql -X -q -v ON_ERROR_STOP=1 -f migrations/001_big.sql\n',
  );
  return app;
}

const preload = (() => {
  let file: string | undefined;
  return () => {
    if (!file) {
      file = path.join(tempDir("pgseed-bigseed-rss-"), "rss.js");
      fs.writeFileSync(
        file,
        'process.on("exit", () => require("fs").writeFileSync(process.env.BIGSEED_RSS_FILE, String(process.resourceUsage().maxRSS)));\n',
      );
    }
    return file;
  };
})();

/** One command under /usr/bin/time; node commands get the maxRSS preload. */
async function measure(cmd: string[], env: Record<string, string> = {}): Promise<Run> {
  const dir = tempDir("pgseed-bigseed-m-");
  const timeFile = path.join(dir, "time");
  const rssFile = path.join(dir, "rss");
  const node = cmd[0] === "node";
  const args = node ? ["node", "-r", preload(), ...cmd.slice(1)] : cmd;
  const t = process.hrtime.bigint();
  const r = await execa("/usr/bin/time", ["-f", "%M %U %S", "-o", timeFile, ...args], {
    reject: false,
    all: true,
    env: { ...env, BIGSEED_RSS_FILE: rssFile },
  });
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  const [treeKiB, user, sys] = fs
    .readFileSync(timeFile, "utf8")
    .trim()
    .split("\n")
    .pop()!
    .split(" ")
    .map(Number);
  const selfKiB =
    node && fs.existsSync(rssFile) ? Number(fs.readFileSync(rssFile, "utf8")) : undefined;
  const error =
    r.exitCode === 0
      ? undefined
      : (r.all ?? "")
          .split("\n")
          .filter((l) => l.trim())
          .slice(-3)
          .join(" | ")
          .slice(0, 300);
  return { ok: r.exitCode === 0, seconds, selfKiB, treeKiB, cpuSeconds: user + sys, error };
}

const appArgs = (app: string, seed: string) => [
  "--app-dir",
  app,
  "--preset",
  "custom",
  "--migrations",
  "migrations/*.sql",
  "--migrate-command",
  "sh migrate.sh",
  "--seed",
  seed,
];

interface SizeResult {
  targetMB: number;
  rows: number;
  seedBytes: number;
  /** cli name → command → runs */
  runs: Record<string, Record<string, Run[]>>;
}

async function benchSize(targetMB: number, server: BenchServer): Promise<SizeResult> {
  const rows = Math.round((targetMB * 1e6) / ROW_BYTES);
  const app = makeApp(rows);
  const result: SizeResult = { targetMB, rows, seedBytes: 0, runs: {} };
  const psql = path.join(findPgBin(15).dir, "psql");
  let reference: string | undefined;
  for (const cli of CLIS) {
    const rec: Record<string, Run[]> = (result.runs[cli.name] = {});
    const seed = path.join(app, `seed-${cli.name}.sql`);
    log(`${targetMB} MB, ${cli.name}: regenerate (${rows} rows)`);
    rec.regenerate = [
      await measure(["node", cli.bin, "regenerate", "--force", ...appArgs(app, seed)]),
    ];
    if (!rec.regenerate[0].ok) log(`  regenerate failed: ${rec.regenerate[0].error}`);
    // A CLI whose regenerate fails is measured on the seed another CLI made (same dump, same
    // format).
    const file = rec.regenerate[0].ok ? seed : reference;
    if (!file) continue;
    reference ??= file;
    result.seedBytes = fs.statSync(file).size;
    // A CLI that cannot read the seed fails the same way each time: once is enough.
    const runs = rec.regenerate[0].ok ? RUNS : 1;
    for (let i = 0; i < runs; i++) {
      log(`${targetMB} MB, ${cli.name}: check, load, psql -f (run ${i + 1}/${runs})`);
      (rec.check ??= []).push(await measure(["node", cli.bin, "check", ...appArgs(app, file)]));
      const a = await server.createDb(`bigseed_load_${i}`);
      (rec.load ??= []).push(
        await measure(["node", cli.bin, "load", "--url", a.url, "--seed", file]),
      );
      await server.dropDb(`bigseed_load_${i}`);
      const b = await server.createDb(`bigseed_psql_${i}`);
      (rec["psql -f"] ??= []).push(
        await measure([psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", b.url, "-f", file]),
      );
      await server.dropDb(`bigseed_psql_${i}`);
    }
    for (const [cmd, rs] of Object.entries(rec))
      for (const r of rs) if (!r.ok) log(`  ${cmd} failed: ${r.error}`);
  }
  return result;
}

const MB = (kib?: number) => (kib === undefined ? "–" : `${(kib / 1024).toFixed(0)}`);
function summary(rs: Run[]): {
  ok: boolean;
  seconds: number;
  cpuSeconds: number;
  selfKiB?: number;
  treeKiB: number;
  error?: string;
} {
  const ok = rs.every((r) => r.ok);
  const selfs = rs.map((r) => r.selfKiB).filter((x): x is number => x !== undefined);
  return {
    ok,
    seconds: median(rs.map((r) => r.seconds)),
    cpuSeconds: median(rs.map((r) => r.cpuSeconds)),
    selfKiB: selfs.length ? Math.max(...selfs) : undefined,
    treeKiB: Math.max(...rs.map((r) => r.treeKiB)),
    error: rs.find((r) => !r.ok)?.error,
  };
}

function tables(results: SizeResult[]): string {
  const lines = [
    "| seed | rows | CLI | command | ok | time (s, median) | CPU s (process + children) | peak RSS pgseed (MB) | peak RSS tree (MB) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    for (const [cli, rec] of Object.entries(r.runs)) {
      for (const [cmd, rs] of Object.entries(rec)) {
        const s = summary(rs);
        const name = cmd === "psql -f" ? "`psql -f` (same file)" : `\`pgseed ${cmd}\``;
        lines.push(
          `| ${(r.seedBytes / 1e6).toFixed(0)} MB | ${r.rows} | ${cli} | ${name} | ${s.ok ? "yes" : `no: ${s.error?.replace(/\|/g, "/")}`} | ${s.seconds.toFixed(2)} | ${s.cpuSeconds.toFixed(2)} | ${MB(s.selfKiB)} | ${MB(s.treeKiB)} |`,
        );
      }
    }
  }
  return lines.join("\n");
}

function targets(results: SizeResult[]): string {
  const big = results.reduce<SizeResult | undefined>(
    (a, r) => (!a || r.seedBytes > a.seedBytes ? r : a),
    undefined,
  );
  const rec = big?.runs[CLIS[0].name];
  if (!big || !rec) return "(no run)";
  const row = (target: string, figure: string, holds: boolean) =>
    `| ${target} | ${figure} | ${holds ? "yes" : "no"} |`;
  const lines = [
    "| target (1 GB seed, " + `${(big.seedBytes / 1e6).toFixed(0)} MB here) | figure | holds |`,
    "|---|---|---|",
  ];
  for (const cmd of ["regenerate", "check", "load"]) {
    const s = rec[cmd] ? summary(rec[cmd]) : undefined;
    lines.push(
      row(
        `peak RSS of \`pgseed ${cmd}\` ≤ 150 MB`,
        s
          ? `${MB(s.selfKiB)} MB (pgseed process; tree ${MB(s.treeKiB)} MB)${s.ok ? "" : ", failed"}`
          : "not run",
        !!s && s.ok && (s.selfKiB ?? Infinity) <= 150 * 1024,
      ),
    );
  }
  if (rec.load && rec["psql -f"]) {
    const l = summary(rec.load).seconds;
    const p = summary(rec["psql -f"]).seconds;
    lines.push(
      row(
        "`pgseed load` within 1.1× of `psql -f`",
        `${l.toFixed(2)} s vs ${p.toFixed(2)} s = ${(l / p).toFixed(2)}×`,
        l <= 1.1 * p,
      ),
    );
  }
  return lines.join("\n");
}

const loadNow = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(1))
    .join("/");
const loadAtStart = loadNow();

async function main(): Promise<void> {
  const server = await startShmServer(findPgBin(15));
  registerCleanup(() => server.stop());
  const results: SizeResult[] = [];
  try {
    for (const size of SIZES) results.push(await benchSize(size, server));
  } finally {
    await server.stop();
  }
  const md = [
    "# Cost that grows with the seed",
    "",
    `\`node .bench/bench/bigseed.js\` (bench/bigseed.ts), ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL 15 (load target: the engine's throwaway server on /dev/shm).`,
    "Each command is a new process (`node bin/pgseed …`). A custom-preset app whose migration inserts N rows with generate_series.",
    `Machine load average (1/5/15 min) at the start: ${loadAtStart}, at the end: ${loadNow()} (other work ran beside the bench; CPU seconds are the figure that load does not move).`,
    `Peak RSS "pgseed": the Node process's own maxRSS; "tree": /usr/bin/time %M, the largest process of its tree (server, pg_dump, psql included). check/load/psql: median of ${RUNS} runs (one for a CLI whose regenerate failed).`,
    "A CLI whose regenerate fails is measured (check, load) on the seed made by the first CLI.",
    "",
    tables(results),
    "",
    "## Targets",
    "",
    targets(results),
    "",
  ].join("\n");
  fs.writeFileSync(path.join(OUT, "bigseed-results.md"), md);
  fs.writeFileSync(
    path.join(OUT, "bigseed-results.json"),
    JSON.stringify({ date: new Date().toISOString(), clis: CLIS, results }, null, 2) + "\n",
  );
  process.stdout.write(md);
}

main()
  .catch((err) => {
    process.stderr.write(`bigseed: ${(err as Error).stack ?? err}\n`);
    process.exitCode = 1;
  })
  .finally(() => runAllCleanups());

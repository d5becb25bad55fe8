/**
 * Time from a test command's start to its first test: python/pgseed-testdb's pytest plugin and
 * Django runner beside what a Django team runs otherwise, on examples/django-blog, generated
 * projects of 200 and 500 migrations and one of many installed apps (bench/genapp.ts); then the
 * correctness rows: after a new migration plus a regenerated seed, and after a branch switch that
 * changes a migration under the same name, which of them run the tests against the new schema.
 * One run, methods interleaved (rotating order), median of BENCH_RUNS. Everything runs on the
 * Django 5.2 of scripts/install-bench.sh's virtualenv, against the engine's throwaway server.
 *
 *   npm run prebench && node .bench/bench/testdb.js
 *   BENCH_RUNS=3  BENCH_SIZES=example,many,200,500  BENCH_OUT=bench
 *
 * Writes bench/testdb-results.md and bench/testdb-results.json.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { resolveSettings } from "../config";
import { findPgBin, PgBin } from "../seed/servers/pgBin";
import { regenerate } from "../seed/build/regenerate";
import { libpqEnv } from "../seed/core/libpq";
import { registerCleanup, runAllCleanups } from "../seed/core/cleanup";
import { startShmServer } from "./servers";
import { copyExampleApp, generateDjangoApp, generateManyAppsProject } from "./genapp";
import { Sample, medianOf, report } from "./testdbReport";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.resolve(ROOT, process.env.BENCH_OUT ?? "bench");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const SIZES = (process.env.BENCH_SIZES ?? "example,many,200,500").split(",").filter(Boolean);
const VENV = path.join(
  process.env.PGSEED_CACHE || path.join(os.homedir(), ".cache", "pgseed"),
  "venvs",
  "bench",
);
const PY = path.join(VENV, "bin", "python");
const RUNNER = "pgseed_testdb.runner.PgseedTestRunner";
const WORKERS = "4";
const log = (line: string) => process.stderr.write(`testdb: ${line}\n`);

/** Eight TestCase classes (spread over the workers); each notes when it started, and the schema. */
const TEST_MODULE = `import os, time
from django.db import connection
from django.test import TestCase


def note(name):
    started = time.time()
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
                  [os.environ["BENCH_TABLE"], os.environ["BENCH_COLUMN"]])
        has = c.fetchone()[0]
    with open(os.path.join(os.environ["BENCH_NOTES"], "%d-%s" % (os.getpid(), name)), "w") as f:
        f.write("%f %d" % (started, has))
${[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `\n\nclass T${i}(TestCase):\n    def test_${i}(self):\n        note("${i}")\n`).join("")}`;

function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function run(cmd: string, args: string[], opts: execa.Options = {}) {
  const r = await execa(cmd, args, { reject: false, all: true, ...opts });
  if (r.exitCode !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${r.exitCode}):\n${String(r.all).slice(-3000)}`,
    );
  return r;
}

/**
 * The package installed as `pip install` would, into a folder put on PYTHONPATH; built from a copy
 * (the checkout stays clean) by Debian's python3, which has setuptools and wheel (no index needed).
 */
async function installPackage(): Promise<string> {
  const work = tempDir("pgseed-testdb-bench-");
  const src = path.join(work, "src");
  fs.cpSync(path.join(ROOT, "python", "pgseed-testdb"), src, {
    recursive: true,
    filter: (p) => !/(__pycache__|\.egg-info|[/\\]build)$/.test(p),
  });
  const site = path.join(work, "site");
  const pip = ["-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation"];
  await run("/usr/bin/python3", [...pip, "--target", site, src]);
  return site;
}

/** The app for `size` and the migrations Django applies; the correctness migration's table. */
async function makeApp(size: string, dir: string) {
  const count = async (d: string) =>
    JSON.parse(
      (await run(PY, [path.join(ROOT, "python", "pgseed_django.py"), "probe"], { cwd: d })).stdout,
    ).migrations.length as number;
  if (size === "example") copyExampleApp(dir);
  else if (size === "many") await generateManyAppsProject(dir, 134, count);
  else generateDjangoApp(dir, Number(size));
  fs.writeFileSync(path.join(dir, "test_bench.py"), TEST_MODULE);
  const module = /DJANGO_SETTINGS_MODULE",\s*"([^"]+)"/.exec(
    fs.readFileSync(path.join(dir, "manage.py"), "utf8"),
  )![1];
  // django-migrations-ci's settings: its app installed, its cache beside the app.
  fs.writeFileSync(
    path.join(dir, "bench_mci.py"),
    `from ${module} import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, "django_migrations_ci"]\nMIGRATECI_LOCATION = ${JSON.stringify(path.join(dir, "..", "migrateci"))}\nDATABASES["default"]["TEST"] = {"NAME": "test_mci"}\n`,
  );
  const [app, table] = size === "example" ? ["posts", "posts_post"] : ["app001", "app001_item"];
  return { module, migrations: await count(dir), app, table };
}

/** The correctness migration: a new column `column` on `table` (app `app`), as 9999_bench. */
function writeMigration(dir: string, app: string, column: string): void {
  const folder = path.join(dir, app, "migrations");
  const last = fs
    .readdirSync(folder)
    .filter((f) => /^\d{4}_.*\.py$/.test(f) && !f.startsWith("9999"))
    .sort()
    .pop()!
    .replace(/\.py$/, "");
  const model = app === "posts" ? "post" : "item";
  fs.writeFileSync(
    path.join(folder, "9999_bench.py"),
    `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("${app}", "${last}")]\n    operations = [migrations.AddField(model_name="${model}", name="${column}", field=models.TextField(default=""))]\n`,
  );
}

/**
 * The plugin's own share of a run with the template present, in one process with Django set up:
 * reading the seed's head, the freshness check (the migration graph loaded from disk, as the
 * controller does once), the template lookup, one copy (as each worker does).
 */
const HOT_PATH = `import json, time, django
django.setup()
from django.conf import settings
from pgseed_testdb.config import load_config
from pgseed_testdb.inputs import read_head, stale_reason
from pgseed_testdb.prepare import seeded_connection
from pgseed_testdb.templates import copy_template, ensure_template
from pgseed_testdb.server import cursor_on
cfg = load_config(settings)
conn = seeded_connection(cfg)
out, t = {}, time.perf_counter()
def lap(name):
    global t
    now = time.perf_counter()
    out[name], t = now - t, now
head = read_head(cfg.seed_path); lap("head")
assert stale_reason(head, cfg.app_dir) is None; lap("fresh")
name = ensure_template(conn, head, cfg, print); lap("template")
copy_template(conn, "bench_hot", name, head.fingerprint, False, None, 60, print); lap("copy")
with cursor_on(conn) as c:
    c.execute("DROP DATABASE bench_hot")
print(json.dumps(out))
`;

const METHODS: Record<string, { args: string[]; env?: Record<string, string> }> = {
  "plugin.warm": { args: ["-m", "pytest", "-n", WORKERS, "--pgseed"] },
  "plugin.cold": { args: ["-m", "pytest", "-n", WORKERS, "--pgseed"] },
  create: { args: ["-m", "pytest", "-n", WORKERS, "--create-db"], env: { TOX_PARALLEL_ENV: "c" } },
  reuse: { args: ["-m", "pytest", "-n", WORKERS, "--reuse-db"], env: { TOX_PARALLEL_ENV: "r" } },
  mci: {
    args: ["-m", "pytest", "-n", WORKERS, "--migrateci", "--reuse-db"],
    env: { DJANGO_SETTINGS_MODULE: "bench_mci" },
  },
  manage: { args: ["manage.py", "test", "--noinput", "--parallel", WORKERS, "test_bench"] },
  runner: {
    args: [
      "manage.py",
      "test",
      "--noinput",
      "--parallel",
      WORKERS,
      "--testrunner",
      RUNNER,
      "test_bench",
    ],
  },
};

async function benchSize(size: string, bin: PgBin, site: string) {
  const work = tempDir(`pgseed-testdb-${size}-`);
  const dir = path.join(work, "app");
  const app = await makeApp(size, dir);
  log(`${size}: ${app.migrations} migrations in ${dir}`);
  const seed = async () =>
    regenerate(resolveSettings({ appDir: dir }, dir).engine, { force: true });
  await seed();
  const server = await startShmServer(bin);
  const notes = path.join(work, "notes");
  fs.mkdirSync(notes);
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  const env = (extra: Record<string, string>) => ({
    PATH: `${path.dirname(PY)}:${process.env.PATH}`,
    VIRTUAL_ENV: VENV,
    PYTHONPATH: site,
    ...libpqEnv(server.url),
    DJANGO_SETTINGS_MODULE: app.module,
    BENCH_NOTES: notes,
    BENCH_TABLE: app.table,
    ...extra,
  });
  const once = async (key: string, column = "id") => {
    const m = METHODS[key];
    if (key === "plugin.cold") await dropTemplates(admin);
    const module = m.env?.DJANGO_SETTINGS_MODULE ?? app.module;
    const pytestArgs = ["-p", "no:cacheprovider", "-q", `--ds=${module}`, "test_bench.py"];
    const args = m.args[0] === "-m" ? [...m.args, ...pytestArgs] : m.args;
    const t0 = Date.now() / 1000;
    await run(PY, args, {
      cwd: dir,
      env: env({ BENCH_COLUMN: column, ...m.env }),
      extendEnv: false,
    });
    const total = Date.now() / 1000 - t0;
    const seen = fs.readdirSync(notes).map((f) => {
      const [started, has] = fs.readFileSync(path.join(notes, f), "utf8").split(" ");
      fs.rmSync(path.join(notes, f));
      return { started: Number(started), has: has === "1" };
    });
    if (seen.length !== 8) throw new Error(`${key}: ${seen.length} tests ran, not 8`);
    const first = Math.min(...seen.map((s) => s.started)) - t0;
    return { first, total, current: seen.every((s) => s.has) };
  };
  const samples: Record<string, Sample[]> = {};
  const correct: Record<string, Record<string, boolean>> = { added: {}, changed: {} };
  const hot: Record<string, number[]> = {};
  try {
    for (const key of ["plugin.warm", "reuse", "mci"]) await once(key); // warm states, untimed
    const keys = Object.keys(METHODS);
    for (let r = 0; r < RUNS; r++) {
      const order = [...keys.slice(r % keys.length), ...keys.slice(0, r % keys.length)];
      for (const key of order) {
        const s = await once(key);
        (samples[key] ??= []).push({ first: s.first, total: s.total });
        log(
          `${size} run ${r + 1}/${RUNS} ${key.padEnd(12)} first test ${s.first.toFixed(3)} s, all ${s.total.toFixed(3)} s`,
        );
      }
    }
    for (let r = 0; r < RUNS; r++) {
      const out = await run(PY, ["-c", HOT_PATH], { cwd: dir, env: env({}), extendEnv: false });
      for (const [part, v] of Object.entries(JSON.parse(out.stdout.trim().split("\n").pop()!)))
        (hot[part] ??= []).push(v as number);
    }
    log(`${size} hot path: ${JSON.stringify(hot)}`);
    // A new migration, seed regenerated; then the same migration changed under its name.
    for (const [scenario, column] of [
      ["added", "bench_added"],
      ["changed", "bench_changed"],
    ]) {
      writeMigration(dir, app.app, column);
      await seed();
      for (const key of keys.filter((k) => k !== "plugin.cold")) {
        correct[scenario][key] = (await once(key, column)).current;
        log(`${size} ${scenario}: ${key} ran against the new schema: ${correct[scenario][key]}`);
      }
    }
  } finally {
    await admin.end();
    await server.stop();
  }
  return { size, migrations: app.migrations, runs: RUNS, samples, correct, hot };
}

/** The plugin's templates (and nothing else), for the template-missing row. */
async function dropTemplates(admin: Client): Promise<void> {
  const { rows } = await admin.query(
    "SELECT datname FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE 'pgseed template %'",
  );
  for (const { datname } of rows) {
    await admin.query(`ALTER DATABASE "${datname}" IS_TEMPLATE false`);
    await admin.query(`DROP DATABASE "${datname}" WITH (FORCE)`);
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(PY))
    throw new Error(`the bench needs ${PY}, which is missing; fix: bash scripts/install-bench.sh`);
  const bin = findPgBin(15);
  process.env.PATH = `${path.dirname(PY)}:${bin.dir}:${process.env.PATH}`;
  process.env.VIRTUAL_ENV = VENV;
  const sh = (cmd: string) => execa.sync("sh", ["-c", cmd], { reject: false }).stdout.trim();
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ");
  const machine: Record<string, string> = {
    date: new Date().toISOString(),
    nproc: sh("nproc"),
    cpu: os.cpus()[0]?.model ?? "?",
    postgres: bin.version,
    python: sh(`${PY} --version`),
    packages: sh(
      `${PY} -m pip freeze | grep -iE '^(django|pytest|pytest-django|pytest-xdist|django-migrations-ci|psycopg)=='`,
    )
      .split("\n")
      .join(", "),
    pgseed: process.env.BENCH_COMMIT ?? sh(`git -C ${ROOT} rev-parse --short HEAD`),
    "loadavg (start)": load(),
  };
  const site = await installPackage();
  const results = [];
  try {
    for (const size of SIZES) {
      results.push(await benchSize(size, bin, site));
      write(results, machine, load());
    }
  } finally {
    await runAllCleanups();
  }
  process.stdout.write(write(results, machine, load()));
  process.stdout.write(
    `\nwrote ${path.relative(ROOT, OUT)}/testdb-results.md, testdb-results.json\n`,
  );
}

function write(
  results: Parameters<typeof report>[0],
  machine: Record<string, string>,
  end: string,
) {
  const text = report(results, { ...machine, "loadavg (end)": end });
  fs.writeFileSync(path.join(OUT, "testdb-results.md"), text);
  fs.writeFileSync(
    path.join(OUT, "testdb-results.json"),
    JSON.stringify({ machine, medians: medianOf(results), sizes: results }, null, 2) + "\n",
  );
  return text;
}

main().catch(async (err) => {
  await runAllCleanups();
  console.error(`bench:testdb failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});

/**
 * `npm run bench:peers`: time to a test database at the latest migration state, pgseed beside
 * the peers a user would pick instead, in one run, interleaved (each repetition runs every method
 * once, in a rotating order), median of BENCH_RUNS (5; 3 at 500 migrations to save time).
 *
 * Every timed region starts with no target database and ends when a database at the latest state
 * exists (CREATE DATABASE is inside the region for the methods that need one made first). Apps:
 * examples/django-blog, generated 200/500-migration apps (bench/genapp.ts) and a 134-migration
 * project of many installed apps (the shape of bench/probe.ts). Peers run from the pinned
 * virtualenv of scripts/install-bench.sh (Django 5.2: the peers need Django >= 4 / >= 5).
 *
 *   BENCH_RUNS=5   BENCH_SIZES=example,many,200,500   BENCH_SERVERS=shm,disk   BENCH_OUT=bench
 *   BENCH_PARTS=peers,startup,crossover (all by default; the strategy rows are part of peers)
 *
 * Writes bench/peers-results.md, bench/peers-results.json and bench/peers.svg.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { resolveSettings } from "../config";
import { serverAccount } from "../seed/servers/host";
import { findPgBin, PgBin } from "../seed/servers/pgBin";
import { freePort } from "../seed/core/net";
import { regenerate } from "../seed/build/regenerate";
import { libpqEnv, urlFor } from "../seed/core/libpq";
import { cloneSeed, CloneStrategy, FILE_COPY_FROM_BYTES } from "../seed/database/clone";
import { registerCleanup, runAllCleanups } from "../seed/core/cleanup";
import { BenchServer, now, startServerIn, startShmServer } from "./servers";
import { copyExampleApp, generateDjangoApp, generateManyAppsProject } from "./genapp";
import { renderPlot, Series } from "./plot";

const ROOT = path.resolve(__dirname, "..", "..");
const OUT = path.resolve(ROOT, process.env.BENCH_OUT ?? "bench");
const CLI = path.join(ROOT, "bin", "pgseed");
const RUNNER = path.join(ROOT, "python", "pgseed_django.py");
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const runsFor = (size: string) => (size === "500" ? Math.min(RUNS, 3) : RUNS);
const SIZES = (process.env.BENCH_SIZES ?? "example,many,200,500")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const SERVERS = (process.env.BENCH_SERVERS ?? "shm,disk")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean);
const PARTS = new Set(
  (process.env.BENCH_PARTS ?? "peers,startup,crossover").split(",").map((s) => s.trim()),
);
const VENV = path.join(
  process.env.PGSEED_CACHE || path.join(os.homedir(), ".cache", "pgseed"),
  "venvs",
  "bench",
);
const PY = path.join(VENV, "bin", "python");
const MANY = 134;

type Samples = Record<string, number[]>;
const median = (xs: number[]) => {
  if (!xs?.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const push = (m: Samples, key: string, v: number) => (m[key] ??= []).push(v);
const log = (line: string) => process.stderr.write(`peers: ${line}\n`);
const ident = (n: string) => `"${n.replace(/"/g, '""')}"`;

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = now();
  await fn();
  return now() - t;
}

function tempDir(prefix: string, base = os.tmpdir()): string {
  const dir = fs.mkdtempSync(path.join(base, prefix));
  registerCleanup(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function run(
  cmd: string,
  args: string[],
  opts: execa.Options = {},
): Promise<execa.ExecaReturnValue> {
  const r = await execa(cmd, args, { reject: false, all: true, ...opts });
  if (r.exitCode !== 0)
    throw new Error(
      `${cmd} ${args.join(" ")} failed (${r.exitCode}):\n${String(r.all).slice(-3000)}`,
    );
  return r;
}

/** Rotates the order of the methods each repetition, so no method always runs first or last. */
async function interleave(
  methods: Array<[string, () => Promise<number>]>,
  samples: Samples,
  label: string,
  runs: number,
): Promise<void> {
  for (let r = 0; r < runs; r++) {
    const k = r % methods.length;
    for (const [name, fn] of [...methods.slice(k), ...methods.slice(0, k)]) {
      const s = await fn();
      push(samples, name, s);
      log(`${label} run ${r + 1}/${runs} ${name.padEnd(22)} ${s.toFixed(3)} s`);
    }
  }
}

// ---------------------------------------------------------------- apps

const probeCount = async (dir: string) =>
  JSON.parse((await run(PY, [RUNNER, "probe"], { cwd: dir })).stdout).migrations.length as number;

/** The app for `size`; returns its settings module and the number of migrations Django applies. */
async function makeApp(size: string, dir: string): Promise<{ module: string; migrations: number }> {
  if (size === "example") copyExampleApp(dir);
  else if (size === "many") {
    await generateManyAppsProject(dir, MANY, probeCount);
  } else generateDjangoApp(dir, Number(size));
  const module = /DJANGO_SETTINGS_MODULE",\s*"([^"]+)"/.exec(
    fs.readFileSync(path.join(dir, "manage.py"), "utf8"),
  )?.[1];
  if (!module) throw new Error(`no DJANGO_SETTINGS_MODULE in ${dir}/manage.py`);
  return { module, migrations: await probeCount(dir) };
}

/** Settings modules for the peers (beside the app's own), a pytest test that uses the database. */
function writePeerFiles(dir: string, module: string, work: string): void {
  fs.writeFileSync(
    path.join(dir, "peers_mci.py"),
    `from ${module} import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, "django_migrations_ci"]\nMIGRATECI_LOCATION = ${JSON.stringify(path.join(work, "migrateci-cache"))}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "peers_baseline.py"),
    `from ${module} import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, "django_pg_baseline"]\nPG_BASELINE = {"BASELINE_DIR": ${JSON.stringify(path.join(work, "baseline-sql"))}}\n`,
  );
  fs.writeFileSync(
    path.join(dir, "peers_test_db.py"),
    `import pytest\n\n\n@pytest.mark.django_db\ndef test_database_is_at_the_latest_state():\n    from django.db import connection\n    with connection.cursor() as c:\n        c.execute("SELECT count(*) FROM django_migrations")\n        assert c.fetchone()[0] >= ${9}\n`,
  );
}

/** A consumer project with pgseed installed the way npm links a file: dependency. */
function consumerProject(): string {
  const dir = tempDir("pgseed-peers-consumer-");
  fs.writeFileSync(
    path.join(dir, "package.json"),
    JSON.stringify(
      {
        name: "consumer",
        private: true,
        dependencies: { pgseed: `file:${ROOT}` },
        scripts: { pgseed: "pgseed" },
      },
      null,
      2,
    ),
  );
  fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
  fs.symlinkSync(ROOT, path.join(dir, "node_modules", "pgseed"));
  fs.symlinkSync("../pgseed/bin/pgseed", path.join(dir, "node_modules", ".bin", "pgseed"));
  return dir;
}

// ---------------------------------------------------------------- the physical limit

/**
 * A stopped cluster holding the seed in database "seeded", under `base`; copies of it start as
 * new servers (the throwaway server's flags). The physical limit: `cp -a` of its PGDATA plus the
 * server start to ready (postmaster.pid says "ready": accepting connections).
 */
async function seededCluster(
  bin: PgBin,
  base: string,
  seedPath: string,
): Promise<{
  data: string;
  startCopy: () => Promise<{ seconds: number; stop: () => Promise<void> }>;
}> {
  const account = serverAccount();
  const start = async (data: string, sock: string) => {
    const port = await freePort();
    const child = execa(
      path.join(bin.dir, "postgres"),
      [
        "-D",
        data,
        "-k",
        sock,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        "fsync=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "synchronous_commit=off",
        "-c",
        "max_wal_senders=0",
        "-c",
        "wal_level=minimal",
        "-c",
        "autovacuum=off",
      ],
      { ...(account ?? {}), reject: false, buffer: false, cleanup: true, env: { LC_ALL: "C" } },
    );
    const pid = path.join(data, "postmaster.pid");
    const t0 = Date.now();
    for (;;) {
      let lines: string[] = [];
      try {
        lines = fs.readFileSync(pid, "utf8").split("\n");
      } catch {
        /* not yet */
      }
      if (lines[7]?.trim() === "ready") break;
      if (child.exitCode !== null || Date.now() - t0 > 30000)
        throw new Error(`postgres on ${data} did not start`);
      await new Promise((r) => setTimeout(r, 2));
    }
    const stop = async () => {
      child.kill("SIGINT");
      await child.catch(() => undefined);
    };
    return { port, stop };
  };
  const own = (dir: string) => account && fs.chownSync(dir, account.uid, account.gid);
  const home = tempDir("pgseed-peers-seeded-", base);
  own(home);
  const data = path.join(home, "data");
  await run(
    path.join(bin.dir, "initdb"),
    [
      "-D",
      data,
      "-A",
      "trust",
      "-U",
      "postgres",
      "-E",
      "UTF8",
      "--locale=C",
      "-N",
      "--wal-segsize=1",
    ],
    { ...(account ?? {}), env: { LC_ALL: "C" } },
  );
  const srv = await start(data, home);
  const env = {
    PGHOST: "127.0.0.1",
    PGPORT: String(srv.port),
    PGUSER: "postgres",
    PGDATABASE: "postgres",
  };
  await run(path.join(bin.dir, "psql"), ["-X", "-q", "-c", "CREATE DATABASE seeded"], { env });
  await run(
    path.join(bin.dir, "psql"),
    ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-d", "seeded", "-f", seedPath],
    { env, stdout: "ignore" },
  );
  await srv.stop(); // a clean shutdown: the copy starts without recovery
  let n = 0;
  return {
    data,
    startCopy: async () => {
      const dir = path.join(home, `copy${++n}`);
      fs.mkdirSync(dir);
      own(dir);
      const t = now();
      await run("cp", ["-a", data, path.join(dir, "data")]);
      const s = await start(path.join(dir, "data"), dir);
      const seconds = now() - t;
      return {
        seconds,
        stop: async () => {
          await s.stop();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

// ---------------------------------------------------------------- one app

interface SizeResult {
  size: string;
  migrations: number;
  runs: number;
  samples: Samples;
  seedBytes: number;
  templateBytes: Record<string, number>;
  notes: string[];
}

async function benchSize(
  size: string,
  bin: PgBin,
  servers: Record<string, BenchServer>,
  consumer: string,
  imageRow: string | null,
): Promise<SizeResult> {
  const work = tempDir(`pgseed-peers-${size}-`);
  const appDir = path.join(work, "app");
  const { module, migrations } = await makeApp(size, appDir);
  writePeerFiles(appDir, module, work);
  log(
    `${size}: ${migrations} migrations (Django applies) in ${appDir}; building the seed and the peers' dumps`,
  );
  const settings = resolveSettings({ appDir }, appDir).engine;
  await regenerate(settings, { force: true });
  const seedPath = path.join(work, "seed.sql");
  fs.copyFileSync(settings.seedPath, seedPath);
  const notes: string[] = [];
  const samples: Samples = {};
  const pyEnv = (url: string, extra: Record<string, string> = {}) => ({
    ...libpqEnv(url),
    PYTHONDONTWRITEBYTECODE: "1",
    ...extra,
  });
  const migrate = (url: string, mod = module) =>
    run(PY, ["manage.py", "migrate", "--noinput"], {
      cwd: appDir,
      env: pyEnv(url, { DJANGO_SETTINGS_MODULE: mod }),
    });
  const psqlFile = (url: string, file: string) =>
    run(path.join(bin.dir, "psql"), ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", file], {
      env: libpqEnv(url),
      stdout: "ignore",
    });

  // The peers' dumps, from one migrate (untimed): the seed blog's plain pg_dump, and
  // django-pg-baseline's baseline.sql made with its own pg_dump flags and timestamp freeze
  // (its baseline_rebuild runs them in a postgres:16 testcontainer, which needs Docker Hub).
  const first = servers[SERVERS[0]];
  const src = await first.createDb("peers_src");
  await migrate(src.url);
  await run(
    path.join(bin.dir, "psql"),
    ["-X", "-q", "-c", "UPDATE django_migrations SET applied = '2000-01-01 00:00:00+00'"],
    { env: libpqEnv(src.url) },
  );
  const blogDump = path.join(work, "blog.sql");
  await run(path.join(bin.dir, "pg_dump"), ["--no-owner", "--no-acl", "-f", blogDump], {
    env: libpqEnv(src.url),
  });
  fs.mkdirSync(path.join(work, "baseline-sql"));
  await run(
    path.join(bin.dir, "pg_dump"),
    [
      "--format=plain",
      "--encoding=UTF8",
      "--no-owner",
      "--no-acl",
      "--no-privileges",
      "--no-comments",
      "--exclude-table-data=django_session",
      "-f",
      path.join(work, "baseline-sql", "baseline.sql"),
    ],
    { env: libpqEnv(src.url) },
  );
  await first.dropDb("peers_src");

  let seq = 0;
  const fresh = async (srv: BenchServer) => {
    const name = `p_${size}_${++seq}`;
    return { name, ...(await srv.createDb(name)) };
  };
  /** CREATE DATABASE + fn, timed together; the database is dropped afterwards (untimed). */
  const intoNewDb = (srv: BenchServer, fn: (url: string) => Promise<unknown>) => async () => {
    const t = now();
    const db = await fresh(srv);
    await fn(db.url);
    const s = now() - t;
    await srv.dropDb(db.name);
    return s;
  };
  const pytest = (
    srv: BenchServer,
    name: string,
    flag: "--create-db" | "--reuse-db",
    mod = module,
  ) =>
    run(
      PY,
      [
        "-m",
        "pytest",
        "-q",
        "-p",
        "no:cacheprovider",
        "--rootdir",
        appDir,
        `--ds=${mod}`,
        flag,
        "peers_test_db.py",
      ],
      { cwd: appDir, env: pyEnv(urlFor(srv.url, name)) },
    );
  /**
   * pgseed as users run it: through npx, the project's node_modules/.bin link, or node bin/pgseed.
   */
  const pgseed = (how: string, args: string[]) =>
    how === "npx"
      ? run("npx", ["pgseed", ...args], { cwd: consumer })
      : how === "bin"
        ? run(path.join(consumer, "node_modules", ".bin", "pgseed"), args, { cwd: consumer })
        : run("node", [CLI, ...args], { cwd: consumer });

  const methods: Array<[string, () => Promise<number>]> = [];
  const templateBytes: Record<string, number> = {};
  const stops: Array<() => Promise<void>> = [];
  for (const kind of SERVERS) {
    const srv = servers[kind];
    const k = (name: string) => `${name}.${kind}`;
    // Warm states: pgseed's template, pytest-django's kept test database, migrateci's cache.
    await cloneSeed({ url: srv.url, seedPath, count: 1, prefix: "bw" });
    await srv.dropDb("bw_1");
    templateBytes[kind] = Number(
      (await query(srv.url, "SELECT pg_database_size('bw_template') AS n"))[0].n,
    );
    await pytest(srv, `reuse_${kind}`, "--reuse-db");
    await run(PY, ["manage.py", "migrateci"], {
      cwd: appDir,
      env: pyEnv(urlFor(srv.url, `mci_${kind}`), { DJANGO_SETTINGS_MODULE: "peers_mci" }),
    });
    await srv.dropDb(`test_mci_${kind}`);
    const limit = await seededCluster(bin, kind === "shm" ? "/dev/shm" : os.tmpdir(), seedPath);

    methods.push(
      [k("migrate"), intoNewDb(srv, (url) => migrate(url))],
      [
        k("blog"),
        intoNewDb(srv, async (url) => {
          await psqlFile(url, blogDump);
          await migrate(url);
        }),
      ],
      [k("pytest.create"), () => timed(() => pytest(srv, `plain_${kind}`, "--create-db"))],
      [k("pytest.reuse"), () => timed(() => pytest(srv, `reuse_${kind}`, "--reuse-db"))],
      [
        k("mci"),
        async () => {
          const s = await timed(() =>
            run(PY, ["manage.py", "migrateci"], {
              cwd: appDir,
              env: pyEnv(urlFor(srv.url, `mci_${kind}`), { DJANGO_SETTINGS_MODULE: "peers_mci" }),
            }),
          );
          await srv.dropDb(`test_mci_${kind}`);
          return s;
        },
      ],
      [
        k("baseline"),
        () => timed(() => pytest(srv, `base_${kind}`, "--create-db", "peers_baseline")),
      ],
      [k("psql"), intoNewDb(srv, (url) => psqlFile(url, seedPath))],
      [
        k("limit.cp"),
        async () => {
          const c = await limit.startCopy();
          await c.stop();
          return c.seconds;
        },
      ],
    );
    for (const how of ["npx", "bin", "node"]) {
      methods.push([
        k(`load.${how}`),
        intoNewDb(srv, (url) => pgseed(how, ["load", "--quiet", "--url", url, "--seed", seedPath])),
      ]);
      methods.push([
        k(`clone.${how}`),
        async () => {
          const s = await timed(() =>
            pgseed(how, [
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
        },
      ]);
    }
    const cloneIn = (strategy?: CloneStrategy) => async () => {
      const s = await timed(() =>
        cloneSeed({ url: srv.url, seedPath, count: 1, prefix: "bw", strategy }),
      );
      await srv.dropDb("bw_1");
      return s;
    };
    methods.push(
      [k("clone.inproc"), cloneIn()],
      [k("clone.inproc.wal_log"), cloneIn("wal_log")],
      [k("clone.inproc.file_copy"), cloneIn("file_copy")],
    );
    // Bare copies of the seeded template (what clone does, and nothing else), and of empty
    // template1.
    for (const [key, clause] of [
      ["tmpl.default", ""],
      ["tmpl.wal_log", " STRATEGY WAL_LOG"],
      ["tmpl.file_copy", " STRATEGY FILE_COPY"],
    ]) {
      methods.push([
        k(key),
        async () => {
          const name = `t_${++seq}`;
          const s = await timed(() =>
            query(srv.url, `CREATE DATABASE ${ident(name)} TEMPLATE bw_template${clause}`),
          );
          await srv.dropDb(name);
          return s;
        },
      ]);
    }
    methods.push([
      k("createdb.template1"),
      async () => {
        const db = await fresh(srv);
        await srv.dropDb(db.name);
        return db.seconds;
      },
    ]);
    stops.push(async () => {
      await srv.dropDb("bw_template", `test_reuse_${kind}`);
    });
  }
  if (imageRow) notes.push(imageRow);
  await interleave(methods, samples, size, runsFor(size));
  for (const s of stops) await s();
  return {
    size,
    migrations,
    runs: runsFor(size),
    samples,
    seedBytes: fs.statSync(seedPath).size,
    templateBytes,
    notes,
  };
}

async function query(url: string, sql: string): Promise<any[]> {
  const { Client } = require("pg") as typeof import("pg");
  const c = new Client({ connectionString: url });
  c.on("error", () => undefined);
  await c.connect();
  try {
    return (await c.query(sql)).rows;
  } finally {
    await c.end().catch(() => undefined);
  }
}

// ---------------------------------------------------------------- crossover and start-up

/**
 * CREATE DATABASE … TEMPLATE with WAL_LOG against FILE_COPY as the template grows (the seed plus
 * a padding table of N MB), on the disk server, with fsync off (the throwaway server) and on (a
 * user's server), some buffers of another database dirtied first as on a busy test server.
 */
async function benchCrossover(
  bin: PgBin,
  seedPath: string,
): Promise<Record<string, Record<string, number[]>>> {
  const out: Record<string, Record<string, number[]>> = {};
  const account = serverAccount();
  for (const fsync of ["off", "on"]) {
    const home = tempDir("pgseed-peers-xo-");
    if (account) fs.chownSync(home, account.uid, account.gid);
    const data = path.join(home, "data");
    await run(
      path.join(bin.dir, "initdb"),
      [
        "-D",
        data,
        "-A",
        "trust",
        "-U",
        "postgres",
        "-E",
        "UTF8",
        "--locale=C",
        "-N",
        "--wal-segsize=1",
      ],
      { ...(account ?? {}), env: { LC_ALL: "C" } },
    );
    const port = await freePort();
    const child = execa(
      path.join(bin.dir, "postgres"),
      [
        "-D",
        data,
        "-k",
        home,
        "-p",
        String(port),
        "-c",
        "listen_addresses=127.0.0.1",
        "-c",
        `fsync=${fsync}`,
        "-c",
        `full_page_writes=${fsync}`,
        "-c",
        `synchronous_commit=${fsync}`,
        "-c",
        "autovacuum=off",
      ],
      { ...(account ?? {}), reject: false, buffer: false, cleanup: true, env: { LC_ALL: "C" } },
    );
    try {
      const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
      for (let i = 0; ; i++) {
        try {
          await query(url, "SELECT 1");
          break;
        } catch (e) {
          if (i > 3000) throw e;
          await new Promise((r) => setTimeout(r, 10));
        }
      }
      await query(url, "CREATE DATABASE xo_seed");
      await run(
        path.join(bin.dir, "psql"),
        ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", "-f", seedPath],
        { env: libpqEnv(urlFor(url, "xo_seed")), stdout: "ignore" },
      );
      await query(url, "CREATE DATABASE xo_busy");
      await query(urlFor(url, "xo_busy"), "CREATE TABLE busy (x int)");
      for (const mb of [0, 16, 64, 256]) {
        const tmpl = `xo_${mb}`;
        await query(url, `CREATE DATABASE ${tmpl} TEMPLATE xo_seed`);
        if (mb)
          await query(
            urlFor(url, tmpl),
            `CREATE TABLE pad AS SELECT g, repeat('x', 1000) AS s FROM generate_series(1, ${mb * 1000}) g`,
          );
        await query(url, "CHECKPOINT");
        const bytes = Number((await query(url, `SELECT pg_database_size('${tmpl}') AS n`))[0].n);
        const row: Record<string, number[]> = { bytes: [bytes] };
        for (let r = 0; r < 3; r++) {
          for (const st of r % 2 ? ["FILE_COPY", "WAL_LOG"] : ["WAL_LOG", "FILE_COPY"]) {
            await query(
              urlFor(url, "xo_busy"),
              "INSERT INTO busy SELECT generate_series(1, 20000)",
            );
            const s = await timed(() =>
              query(url, `CREATE DATABASE xo_c TEMPLATE ${tmpl} STRATEGY ${st}`),
            );
            await query(url, "DROP DATABASE xo_c");
            (row[st] ??= []).push(s);
            log(
              `crossover fsync=${fsync} ${mb} MB pad (${(bytes / 2 ** 20).toFixed(1)} MiB) ${st} ${s.toFixed(3)} s`,
            );
          }
        }
        out[`fsync=${fsync} pad=${mb}MB`] = row;
        await query(url, `DROP DATABASE ${tmpl}`);
      }
    } finally {
      child.kill("SIGINT");
      await child.catch(() => undefined);
    }
  }
  return out;
}

/**
 * What npx adds: `--version` and a no-change `check`, through npx, node_modules/.bin and node
 * bin/pgseed.
 */
async function benchStartup(consumer: string): Promise<Samples> {
  const app = tempDir("pgseed-peers-startup-");
  copyExampleApp(app);
  const settings = resolveSettings({ appDir: app }, app).engine;
  await regenerate(settings, { force: true });
  const samples: Samples = {};
  const ways: Record<string, (args: string[]) => Promise<unknown>> = {
    npx: (a) => run("npx", ["pgseed", ...a], { cwd: consumer }),
    bin: (a) => run(path.join(consumer, "node_modules", ".bin", "pgseed"), a, { cwd: consumer }),
    node: (a) => run("node", [CLI, ...a], { cwd: consumer }),
    // An npm script ("pgseed": "pgseed"), run as `npm run -s pgseed -- <args>`.
    npmrun: (a) => run("npm", ["run", "-s", "pgseed", "--", ...a], { cwd: consumer }),
  };
  const methods: Array<[string, () => Promise<number>]> = [
    ["node.e0", () => timed(() => run("node", ["-e", "0"]))],
  ];
  for (const [how, fn] of Object.entries(ways)) {
    methods.push([`version.${how}`, () => timed(() => fn(["--version"]))]);
    methods.push([`check.${how}`, () => timed(() => fn(["check", "--quiet", "--app-dir", app]))]);
  }
  await fn0(ways.node, ["check", "--quiet", "--app-dir", app]); // warm the graph cache
  await interleave(methods, samples, "startup", Math.max(RUNS, 5));
  return samples;
}
const fn0 = (f: (a: string[]) => Promise<unknown>, a: string[]) => f(a);

// ---------------------------------------------------------------- report

const fmt = (s: number) =>
  Number.isNaN(s) ? "n/a" : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`;
const rat = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : "n/a");

const ROWS: Array<[string, string]> = [
  ["migrate", "`manage.py migrate` from scratch (CREATE DATABASE + migrate)"],
  [
    "blog",
    "seed blog's way: CREATE DATABASE + `psql -1 -f` of a plain pg_dump + `migrate` (no-op)",
  ],
  [
    "pytest.create",
    "pytest-django `--create-db` (pytest process: test DB by migrate, 1 test, teardown drops it)",
  ],
  [
    "pytest.reuse",
    "pytest-django `--reuse-db`, second run (test DB kept; migrate finds nothing to do)",
  ],
  ["mci", "django-migrations-ci `manage.py migrateci`, cache warm (test DB from its cached dump)"],
  [
    "baseline",
    "django-pg-baseline, pytest `--create-db` (test DB: psql of baseline.sql, then migrate no-op)",
  ],
  ["load.npx", "`npx pgseed load` (CREATE DATABASE + load)"],
  ["load.bin", "`node_modules/.bin/pgseed load`"],
  ["load.node", "`node bin/pgseed load`"],
  ["clone.npx", "`npx pgseed clone --count 1`, template loaded"],
  ["clone.bin", "`node_modules/.bin/pgseed clone`, template loaded"],
  ["clone.node", "`node bin/pgseed clone`, template loaded"],
  ["clone.inproc", "`cloneSeed` in-process, template loaded (strategy auto)"],
  ["clone.inproc.wal_log", "`cloneSeed` in-process, strategy wal_log"],
  ["clone.inproc.file_copy", "`cloneSeed` in-process, strategy file_copy"],
  [
    "image",
    "pre-seeded image (`pgseed image`): `docker run` → marker, from bench/image-results.json (a separate run; its own server, a container)",
  ],
  ["psql", "raw: CREATE DATABASE + `psql -1 -f` of the seed"],
  [
    "tmpl.default",
    "bare `CREATE DATABASE … TEMPLATE <seeded template>` (default strategy: WAL_LOG)",
  ],
  ["tmpl.wal_log", "bare `CREATE DATABASE … TEMPLATE <seeded> STRATEGY WAL_LOG`"],
  ["tmpl.file_copy", "bare `CREATE DATABASE … TEMPLATE <seeded> STRATEGY FILE_COPY`"],
  ["createdb.template1", "bare `CREATE DATABASE` of empty template1 (not the seed)"],
  ["limit.cp", "physical limit: `cp -a` of the seeded, stopped PGDATA + server start to ready"],
];
const PEERS = ["migrate", "blog", "pytest.create", "pytest.reuse", "mci", "baseline"];
const PGSEED = ["load.npx", "load.bin", "load.node", "clone.npx", "clone.bin", "clone.node"];

function report(
  results: SizeResult[],
  startup: Samples,
  xo: Record<string, Record<string, number[]>>,
  imageNote: string,
  _info: Record<string, string>,
) {
  const med = (r: SizeResult, key: string) => median(r.samples[key] ?? []);
  // bench/image.ts measures the pre-seeded image (docker run → marker) in a run of its own.
  const image: Record<string, number> = {};
  try {
    for (const x of JSON.parse(fs.readFileSync(path.join(OUT, "image-results.json"), "utf8"))
      .results)
      image[x.seed] = median(x.preseeded.map((p: { marker: number }) => p.marker));
  } catch {
    /* not measured */
  }
  const best = (r: SizeResult, keys: string[], kind: string) =>
    keys
      .map((k) => [k, med(r, `${k}.${kind}`)] as [string, number])
      .filter(([, v]) => !Number.isNaN(v))
      .sort((a, b) => a[1] - b[1])[0] ?? ["n/a", NaN];
  let md = "";
  for (const kind of SERVERS) {
    md += `\n### ${kind} server\n\n| method | ${results.map((r) => `${r.size} (${r.migrations} migr., ${r.runs} runs)`).join(" | ")} |\n|---|${results.map(() => "---:").join("|")}|\n`;
    for (const [key, label] of ROWS) {
      if (key === "image") {
        md += `| ${label} | ${results.map((r) => (imageNote ? "not built" : image[r.size] ? `${fmt(image[r.size])} (${rat(image[r.size], med(r, `migrate.${kind}`))})` : "not measured")).join(" | ")} |\n`;
        continue;
      }
      md += `| ${label} | ${results
        .map((r) => {
          const v = med(r, `${key}.${kind}`);
          return `${fmt(v)} (${rat(v, med(r, `migrate.${kind}`))})`;
        })
        .join(" | ")} |\n`;
    }
    md += `| **best peer** | ${results
      .map((r) => {
        const [k, v] = best(r, PEERS.slice(1), kind);
        return `${k} ${fmt(v)}`;
      })
      .join(" | ")} |\n`;
    md += `| **best pgseed (CLI)** | ${results
      .map((r) => {
        const [k, v] = best(r, PGSEED, kind);
        return `${k} ${fmt(v)}`;
      })
      .join(" | ")} |\n`;
  }
  // Targets, as defined in bench/README.md.
  const tg: string[] = ["| target | server | measured | holds |", "|---|---|---|---|"];
  for (const kind of SERVERS) {
    const big = results.filter((r) => r.migrations >= 200);
    for (const r of big) {
      const [pk, pv] = best(r, PEERS.slice(1), kind);
      const [sk, sv] = best(r, PGSEED, kind);
      tg.push(
        `| pgseed's best path ahead of every peer's best path at 200+ migrations: ${r.size} (${r.migrations}) | ${kind} | pgseed ${sk} ${fmt(sv)} vs ${pk} ${fmt(pv)} (${rat(sv, pv)}) | ${sv < pv ? "yes" : "**no**"} |`,
      );
      const lim = med(r, `limit.cp.${kind}`);
      tg.push(
        `| pgseed's best path within 2× of the file-copy limit: ${r.size} | ${kind} | ${fmt(sv)} vs cp -a + start ${fmt(lim)} (${rat(sv, lim)}) | ${sv <= 2 * lim ? "yes" : "**no**"} |`,
      );
    }
    for (const r of results) {
      const bare = med(r, `tmpl.default.${kind}`);
      for (const [k, label] of [
        ["clone.node", "CLI, node bin/pgseed"],
        ["clone.npx", "CLI, npx"],
        ["clone.inproc", "in-process cloneSeed"],
      ]) {
        const v = med(r, `${k}.${kind}`);
        tg.push(
          `| \`clone\` with the template loaded ≤ 1.5× a bare \`CREATE DATABASE … TEMPLATE\` (of the seeded template, default strategy): ${r.size}, ${label} | ${kind} | ${fmt(v)} vs ${fmt(bare)} (${rat(v, bare)}) | ${v <= 1.5 * bare ? "yes" : "**no**"} |`,
        );
        const same = med(r, `tmpl.file_copy.${kind}`);
        tg.push(
          `| (added beside it) the same clone ≤ 1.5× a bare copy with the strategy clone used here (FILE_COPY): ${r.size}, ${label} | ${kind} | ${fmt(v)} vs ${fmt(same)} (${rat(v, same)}) | ${v <= 1.5 * same ? "yes" : "**no**"} |`,
        );
      }
    }
  }
  let xoMd = "| template | size | WAL_LOG | FILE_COPY | faster |\n|---|---:|---:|---:|---|\n";
  for (const [k, row] of Object.entries(xo)) {
    const w = median(row.WAL_LOG),
      f = median(row.FILE_COPY);
    xoMd += `| ${k} | ${(row.bytes[0] / 2 ** 20).toFixed(1)} MiB | ${fmt(w)} | ${fmt(f)} | ${f < w ? "FILE_COPY" : "WAL_LOG"} |\n`;
  }
  const st = (k: string) => fmt(median(startup[k] ?? []));
  const stMd = `| way | \`--version\` | \`check\`, no change |\n|---|---:|---:|\n${["npx", "npmrun", "bin", "node"].map((h) => `| ${{ npx: "`npx pgseed`", npmrun: "`npm run -s pgseed -- …` (an npm script)", bin: "`node_modules/.bin/pgseed`", node: "`node bin/pgseed` (node node_modules/pgseed/bin/pgseed)" }[h]} | ${st(`version.${h}`)} | ${st(`check.${h}`)} |`).join("\n")}\n| \`node -e 0\` (Node's floor) | ${st("node.e0")} | |\n`;
  return { md, tg: tg.join("\n") + "\n", xoMd, stMd };
}

async function imageCommand(): Promise<string> {
  const r = await execa("node", [CLI, "image", "--help"], { reject: false, all: true });
  return r.exitCode === 0 && !/unknown command/i.test(String(r.all))
    ? ""
    : "not built: `pgseed image` does not exist in this tree yet";
}

async function main(): Promise<void> {
  const onSignal = () => void runAllCleanups().finally(() => process.exit(130));
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  if (!fs.existsSync(PY))
    throw new Error(
      `the peers bench needs ${PY}, which is missing; fix: bash scripts/install-bench.sh`,
    );
  const bin = findPgBin(15);
  // The venv first on PATH: pgseed's regenerate, the peers and Django all run this one Python.
  process.env.PATH = `${path.dirname(PY)}:${bin.dir}:${process.env.PATH}`;
  process.env.VIRTUAL_ENV = VENV;
  const sh = (cmd: string) => execa.sync("sh", ["-c", cmd], { reject: false }).stdout.trim();
  const info: Record<string, string> = {
    date: new Date().toISOString(),
    nproc: sh("nproc"),
    cpu: os.cpus()[0]?.model ?? "?",
    node: process.version,
    npm: sh("npm --version"),
    postgres: bin.version,
    python: sh(`${PY} --version`),
    peers: sh(
      `${PY} -m pip freeze | grep -iE '^(django|pytest|pytest-django|django-migrations-ci|django-pg-baseline|psycopg)=='`,
    )
      .split("\n")
      .join(", "),
    tmpdir: `${os.tmpdir()} (${sh(`df -T ${os.tmpdir()} | tail -1 | awk '{print $2}'`)})`,
    loadavg: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" "),
    fileCopyThreshold: `${FILE_COPY_FROM_BYTES} bytes`,
    pgseed: process.env.BENCH_COMMIT ?? sh(`git -C ${ROOT} rev-parse --short HEAD`),
    ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
  };
  log(
    `runs=${RUNS} (500: ${runsFor("500")}) sizes=${SIZES.join(",")} servers=${SERVERS.join(",")} parts=${[...PARTS].join(",")}`,
  );
  const consumer = consumerProject();
  const imageNote = await imageCommand();
  // Parts not run this time keep their figures from the previous peers-results.json
  // (BENCH_PARTS=startup re-measures start-up alone).
  const previous = (() => {
    try {
      return JSON.parse(fs.readFileSync(path.join(OUT, "peers-results.json"), "utf8"));
    } catch {
      return {};
    }
  })();
  const results: SizeResult[] = PARTS.has("peers") ? [] : (previous.sizes ?? []);
  let startup: Samples = PARTS.has("startup") ? {} : (previous.startup ?? {});
  let xo: Record<string, Record<string, number[]>> = PARTS.has("crossover")
    ? {}
    : (previous.crossover ?? {});
  if (!PARTS.has("peers") && previous.machine)
    info.peersMeasured = previous.machine.peersMeasured ?? previous.machine.date;
  if (!PARTS.has("startup") && previous.machine)
    info.startupMeasured = previous.machine.startupMeasured ?? previous.machine.date;
  try {
    if (PARTS.has("peers")) {
      for (const size of SIZES) {
        const servers: Record<string, BenchServer> = {};
        for (const k of SERVERS)
          servers[k] = k === "shm" ? await startShmServer(bin) : await startServerIn(bin);
        try {
          results.push(await benchSize(size, bin, servers, consumer, imageNote || null));
        } finally {
          for (const s of Object.values(servers)) await s.stop();
        }
        writeOut(results, startup, xo, imageNote, info);
      }
    }
    if (PARTS.has("startup")) startup = await benchStartup(consumer);
    if (PARTS.has("crossover")) {
      const app = tempDir("pgseed-peers-xoapp-");
      await makeApp("many", app);
      const s = resolveSettings({ appDir: app }, app).engine;
      await regenerate(s, { force: true });
      xo = await benchCrossover(bin, s.seedPath);
    }
  } finally {
    await runAllCleanups();
  }
  const text = writeOut(results, startup, xo, imageNote, info);
  process.stdout.write(
    text + `\nwrote ${path.relative(ROOT, OUT)}/peers-results.md, peers-results.json, peers.svg\n`,
  );
}

/** Writes the results so far (after each app: a long run leaves something behind if stopped). */
function writeOut(
  results: SizeResult[],
  startup: Samples,
  xo: Record<string, Record<string, number[]>>,
  imageNote: string,
  info: Record<string, string>,
): string {
  const { md, tg, xoMd, stMd } = report(results, startup, xo, imageNote, info);
  const text = `# pgseed and its peers: time to a test database at the latest state

Median of the runs each column names (${results.map((r) => `${r.size}: ${r.runs}`).join(", ")}; fewer at 500 migrations, to save
time), methods interleaved (rotating order each run), one run of \`npm run bench:peers\`. Every timed region starts with no target
database and ends when one at the latest state exists; CREATE DATABASE is inside it for the methods
that need a database made first (migrate, the seed blog's way, raw psql, pgseed load). pytest rows
are a whole pytest process (start-up, test DB, one trivial test, teardown). Ratios: to migrate on
the same server. "shm": the engine's throwaway server, data on /dev/shm; "disk": the same server,
data under ${os.tmpdir()}. Both run with fsync off (throwaway settings).
Migration counts are what Django applies (contrib apps included); "many" is 6 Django contrib apps,
11 generated apps and a tail app (the project of bench/probe.ts). Everything runs on Django 5.2
from scripts/install-bench.sh's virtualenv (the peers need Django >= 4 / >= 5; the example pins 3.2).

How each peer runs: django-migrations-ci: \`manage.py migrateci\` with its cache holding the current
checksum (a warm cache: the test DB comes from its dump, no migration runs). django-pg-baseline: its
test-DB patch loads baseline.sql with psql, then migrate; baseline.sql is made with its own pg_dump
flags and timestamp freeze, but by the host pg_dump: its \`baseline_rebuild\` starts a postgres:16
testcontainer, which needs Docker Hub (not reachable here). Pre-seeded image: ${imageNote || '`pgseed image` exists; its row comes from bench/image.ts\'s own run (bench/image-results.json, sizes it measured), is not part of this interleaved run and is left out of "best pgseed"'}.
The physical limit: a stopped cluster holding the seed, \`cp -a\` of its PGDATA to a new folder
(same filesystem as the server's data) and \`postgres\` started on it, until postmaster.pid says ready.
${md}
## Targets

${tg}
## CREATE DATABASE strategy against template size (disk, 134-migration seed + padding; median of 3)

${xoMd}
clone's auto strategy (seed/clone.ts chooseStrategy), on PostgreSQL 15+: FILE_COPY when the server runs with fsync off
(its checkpoints are cheap) or the template's pg_database_size is ${(FILE_COPY_FROM_BYTES / 2 ** 20).toFixed(0)} MiB or more; WAL_LOG otherwise.

## Start-up: what npx adds (median of ${startup["node.e0"]?.length ?? 0})

${stMd}
## Machine

${Object.entries({
  ...info,
  "loadavg (end)": os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" "),
})
  .map(([k, v]) => `- ${k}: ${v}`)
  .join("\n")}

![peers](peers.svg)
`;
  fs.writeFileSync(path.join(OUT, "peers-results.md"), text);
  fs.writeFileSync(
    path.join(OUT, "peers-results.json"),
    JSON.stringify(
      {
        runs: results[0]?.runs ?? RUNS,
        machine: info,
        imageNote,
        startup,
        crossover: xo,
        sizes: results,
      },
      null,
      2,
    ) + "\n",
  );
  const palette = [
    "#d62728",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#bcbd22",
    "#9467bd",
    "#1f77b4",
    "#17becf",
    "#2ca02c",
    "#7f7f7f",
    "#000000",
  ];
  const kind = SERVERS.includes("disk") ? "disk" : SERVERS[0];
  const keys: Array<[string, string]> = [
    ["migrate", "migrate"],
    ["blog", "pg_dump + psql + migrate"],
    ["pytest.create", "pytest --create-db"],
    ["pytest.reuse", "pytest --reuse-db"],
    ["mci", "django-migrations-ci"],
    ["baseline", "django-pg-baseline"],
    ["load.npx", "npx pgseed load"],
    ["load.node", "node pgseed load"],
    ["clone.node", "node pgseed clone"],
    ["tmpl.file_copy", "bare FILE_COPY"],
    ["limit.cp", "cp -a PGDATA + start"],
  ];
  const series: Series[] = keys.map(([k, label], i) => ({
    label: `${label} (${kind})`,
    color: palette[i],
    dashed: k === "limit.cp" || k === "tmpl.file_copy",
    points: [...results]
      .sort((a, b) => a.migrations - b.migrations)
      .map((r) => [r.migrations, median(r.samples[`${k}.${kind}`] ?? [])] as [number, number])
      .filter(([, y]) => y > 0),
  }));
  fs.writeFileSync(
    path.join(OUT, "peers.svg"),
    renderPlot(`Time to a test database at the latest state (${kind}, median)`, series, {
      x: "migrations Django applies (contrib apps included)",
      y: "time to a test database (log scale)",
    }),
  );
  return text;
}

main().catch(async (err) => {
  await runAllCleanups();
  console.error(`bench:peers failed: ${(err as Error).stack ?? err}`);
  process.exitCode = 1;
});

/**
 * Shared by the testdb*.test.ts suites (python/pgseed-testdb): the package built into a wheel and
 * installed once per test file into a --target folder put on PYTHONPATH (its dist-info is there, so
 * pytest finds the plugin through its pytest11 entry point, as after `pip install`); the example
 * with tests that report which database they ran in; pytest and manage.py test runs.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { expect } from "@jest/globals";
import { copyExample, query, ROOT, tempDir } from "../helpers";
import { Client } from "pg";
import { urlFor } from "../../seed/core/libpq";
import { lockKey } from "../../seed/database/advisoryLock";
import { DjangoRow, envFor, pgseedCli, requireDjango } from "../djangoMatrix";
import { readSeed } from "../oracle/seedText";
import type { LocalCluster } from "../../seed/servers/cluster";

export const PACKAGE = path.join(ROOT, "python", "pgseed-testdb");
/** Builds wheels: Debian's python3 has setuptools and wheel, so no index is needed. */
const BUILD_PYTHON = "/usr/bin/python3";

let installed: Promise<string> | undefined;
/** The folder the package is installed into (built from this checkout, once per test file). */
export function installedPackage(): Promise<string> {
  installed ??= (async () => {
    const work = tempDir("pgseed-testdb-pkg-");
    const src = path.join(work, "src");
    fs.cpSync(PACKAGE, src, {
      recursive: true,
      filter: (p) => !/(__pycache__|\.egg-info|[/\\]build)$/.test(p),
    });
    const pip = (args: string[]) =>
      execa(BUILD_PYTHON, ["-m", "pip", "--disable-pip-version-check", ...args], {
        all: true,
        reject: false,
      });
    const wheel = await pip(["wheel", "-q", "--no-deps", "--no-build-isolation", "-w", work, src]);
    if (wheel.exitCode !== 0)
      throw new Error(`building the pgseed-testdb wheel failed:\n${wheel.all}`);
    const file = fs.readdirSync(work).find((f) => f.endsWith(".whl"));
    const site = path.join(work, "site");
    const inst = await pip([
      "install",
      "-q",
      "--no-deps",
      "--target",
      site,
      path.join(work, file!),
    ]);
    if (inst.exitCode !== 0) throw new Error(`installing the wheel failed:\n${inst.all}`);
    return site;
  })();
  return installed;
}

/**
 * Four TestCase classes (what xdist and --parallel spread), each writing down the database it ran
 * in, that database's schema marker, the migrations applied after the seed's pinned instant (one
 * applied by the run would carry now()), and whether posts_post has the column a later migration
 * adds.
 */
export const WORKER_TESTS = `
import os
from django.db import connection
from django.test import TestCase


def report(test_id):
    with connection.cursor() as c:
        c.execute("SELECT current_database(), obj_description('public'::regnamespace, 'pg_namespace'), "
                  "(SELECT count(*) FROM django_migrations WHERE applied > '2000-01-02'), "
                  "(SELECT count(*) FROM information_schema.columns WHERE table_name = 'posts_post' AND column_name = 'summary')")
        row = c.fetchone()
    with open(os.path.join(os.environ["PGSEED_REPORT_DIR"], "%s.%d.%s" % (row[0], os.getpid(), test_id)), "w") as f:
        f.write("\\t".join(str(x) for x in row))

${[1, 2, 3, 4]
  .map(
    (i) =>
      `\nclass Worker${i}Test(TestCase):\n    def test_reports(self):\n        report(self.id())\n`,
  )
  .join("")}`;

export interface Report {
  db: string;
  marker: string;
  appliedByTheRun: number;
  hasSummary: boolean;
}

/** The reports of one run (the folder is emptied for the next). */
export function takeReports(dir: string): Report[] {
  const out = fs.readdirSync(dir).map((f) => {
    const [db, marker, applied, summary] = fs.readFileSync(path.join(dir, f), "utf8").split("\t");
    fs.rmSync(path.join(dir, f));
    return { db, marker, appliedByTheRun: Number(applied), hasSummary: summary === "1" };
  });
  return out.sort((a, b) => (a.db < b.db ? -1 : a.db > b.db ? 1 : 0));
}

/** The migration a later branch adds: posts_post.summary. */
export function addMigration(app: string): void {
  fs.writeFileSync(
    path.join(app, "posts", "migrations", "0006_post_summary.py"),
    `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("posts", "0005_post_constraints_sql")]
    operations = [migrations.AddField(model_name="post", name="summary", field=models.TextField(default=""))]
`,
  );
  const models = path.join(app, "posts", "models.py");
  fs.writeFileSync(
    models,
    fs
      .readFileSync(models, "utf8")
      .replace(
        "    body = models.TextField()\n    created_at",
        '    body = models.TextField()\n    summary = models.TextField(default="")\n    created_at',
      ),
  );
}

export interface App {
  app: string;
  /** The row's interpreter first on PATH, the package on PYTHONPATH, a report folder. */
  env: Record<string, string>;
  reportDir: string;
  row: DjangoRow;
}

/** A copy of examples/django-blog with the worker tests, for this Django row. */
export async function exampleApp(row: DjangoRow): Promise<App> {
  requireDjango(row);
  const site = await installedPackage();
  const app = copyExample("django-blog");
  fs.writeFileSync(path.join(app, "blog", "test_workers.py"), WORKER_TESTS);
  const reportDir = tempDir("pgseed-report-");
  const env = {
    ...envFor(row),
    PGSEED_CACHE: tempDir("pgseed-cache-"),
    PYTHONPATH: site,
    PYTHONDONTWRITEBYTECODE: "1",
    PGSEED_REPORT_DIR: reportDir,
  };
  return { app, env, reportDir, row };
}

/** `pgseed regenerate` as a user runs it; returns the seed's fingerprint. */
export async function regenerate(a: App): Promise<string> {
  const r = await pgseedCli(["regenerate", "--quiet"], a.app, a.env);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return readSeed(path.join(a.app, "seed-db.sql"))!.parsed.header.fingerprint;
}

export interface Run {
  code: number;
  out: string;
}

/** A run's process: its output merged, never rejected. */
type Child = execa.ExecaChildProcess<string>;

function start(
  a: App,
  server: Pick<LocalCluster, "env"> | null,
  args: string[],
  extraEnv: Record<string, string>,
): Child {
  return execa("python3", args, {
    cwd: a.app,
    env: { ...a.env, ...(server?.env ?? {}), ...extraEnv },
    extendEnv: false,
    all: true,
    reject: false,
  });
}

const finished = async (child: Child): Promise<Run> => {
  const r = await child;
  return { code: r.exitCode, out: r.all ?? "" };
};

type RunArgs = [
  a: App,
  /** null: only the app's own environment. */
  server: Pick<LocalCluster, "env"> | null,
  args: string[],
  extraEnv?: Record<string, string>,
];
const command =
  (prefix: string[]) =>
  (...[a, server, args, extraEnv = {}]: RunArgs) =>
    start(a, server, [...prefix, ...args], extraEnv);

/** `python3 -m pytest …` against `server`, running. */
export const pytestProcess = command([
  "-m",
  "pytest",
  "-p",
  "no:cacheprovider",
  "--ds",
  "blogsite.settings",
]);
export const pytest = (...p: RunArgs) => finished(pytestProcess(...p));

/** `python3 manage.py test --noinput` with pgseed's runner, running. */
export const manageTestProcess = command([
  "manage.py",
  "test",
  "--noinput",
  "--testrunner",
  "pgseed_testdb.runner.PgseedTestRunner",
]);
export const manageTest = (...p: RunArgs) => finished(manageTestProcess(...p));

/** Resolves once the running process has printed `text`; rejects if it ends first. */
export function untilOutput(child: Child, text: string): Promise<void> {
  let seen = "";
  return new Promise<void>((resolve, reject) => {
    child.all!.on("data", (d) => {
      seen += d;
      if (seen.includes(text)) resolve();
    });
    void child.then(() => reject(new Error(`the run ended without printing "${text}":\n${seen}`)));
  });
}

/**
 * Runs started while pgseed's template lock (seed/database/advisoryLock.ts's scheme, class
 * 0x70677303) is held by a session of this test, as another run making a template would hold it:
 * once each says it waits, the lock is let go. Exactly one of them then loads the template.
 */
export async function takingTurns(url: string, start: () => Child[]): Promise<Run[]> {
  const holder = new Client({ connectionString: url });
  await holder.connect();
  await holder.query("SELECT pg_advisory_lock($1, $2)", [0x70677303, lockKey("test templates")]);
  const runs = start();
  try {
    await Promise.all(
      runs.map((r) => untilOutput(r, "another session is making a template on this server")),
    );
  } finally {
    await holder.end();
  }
  const done = await Promise.all(runs.map(finished));
  expect(done.filter((r) => r.out.includes("into template database"))).toHaveLength(1);
  return done;
}

export interface Database {
  name: string;
  comment: string | null;
  isTemplate: boolean;
}

/** Every database on the server but the built-in ones, by name. */
export async function databases(url: string): Promise<Database[]> {
  const rows = await query(
    url,
    "SELECT datname, shobj_description(oid, 'pg_database') AS comment, datistemplate FROM pg_database WHERE datname NOT IN ('postgres', 'template0', 'template1') ORDER BY datname",
  );
  return rows.map((r) => ({ name: r.datname, comment: r.comment, isTemplate: r.datistemplate }));
}

/** The template name a seed's fingerprint gives. */
export const templateOf = (fingerprint: string) => `pgseed_${fingerprint.slice(7, 19)}`;

/** Databases named like templates that pgseed cannot prove it made: each lacks one mark. */
export async function decoys(url: string): Promise<string[]> {
  const hex = (c: string) => c.repeat(64);
  const made: Array<[string, string | null, string | null]> = [
    // database comment, no schema marker (an empty database)
    ["pgseed_000000000000", `pgseed template sha256:${hex("0")}`, null],
    // schema marker, no database comment
    ["pgseed_111111111111", null, `pgseed sha256:${hex("1")}`],
    // both marks, but the comment names another template
    ["pgseed_222222222222", `pgseed template sha256:${hex("3")}`, `pgseed sha256:${hex("3")}`],
  ];
  for (const [name, comment, marker] of made) {
    await query(url, `CREATE DATABASE ${name}`);
    if (comment) await query(url, `COMMENT ON DATABASE ${name} IS '${comment}'`);
    if (marker) await query(urlFor(url, name), `COMMENT ON SCHEMA public IS '${marker}'`);
  }
  return made.map(([name]) => name);
}

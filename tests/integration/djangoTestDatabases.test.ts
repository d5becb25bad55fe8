/**
 * The test-database integrations the README promises, run for real: `pgseed clone` leaves
 * pgseed_test_template; Django's test runner (TEST.TEMPLATE, --parallel) and pytest-django with
 * pytest-xdist create every worker's database from it. Each worker writes down which database it
 * ran in, that database's pgseed marker, and how many django_migrations rows were applied after
 * the seed's pinned instant (a migration applied by the test run would carry now()).
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { afterAll, describe, expect, test } from "@jest/globals";
import { copyExample, removeTempDirs, targetServer, tempDir } from "../helpers";
import { DJANGO_MATRIX, envFor, pgseedCli, requireDjango } from "../djangoMatrix";
import { readSeed } from "../oracle/seedText";

afterAll(removeTempDirs);

/** Four TestCase classes (the unit Django's --parallel splits on), each reporting its database. */
const WORKER_TESTS = `
import os
from django.db import connection
from django.test import TestCase


def report(test_id):
    with connection.cursor() as c:
        c.execute("SELECT current_database(), obj_description('public'::regnamespace, 'pg_namespace'), "
                  "(SELECT count(*) FROM django_migrations), (SELECT count(*) FROM django_migrations WHERE applied > '2000-01-02')")
        row = c.fetchone()
    with open(os.path.join(os.environ["PGSEED_REPORT_DIR"], "%s.%d.%s" % (row[0], os.getpid(), test_id)), "w") as f:
        f.write("\\t".join(str(x) for x in row))

${[1, 2, 3, 4]
  .map(
    (i) => `
class Worker${i}Test(TestCase):
    def test_reports_its_database(self):
        report(self.id())
`,
  )
  .join("")}
`;

interface Report {
  db: string;
  marker: string;
  migrations: number;
  appliedByTheRun: number;
}

function reports(dir: string): Report[] {
  return fs.readdirSync(dir).map((f) => {
    const [db, marker, migrations, applied] = fs
      .readFileSync(path.join(dir, f), "utf8")
      .split("\t");
    return { db, marker, migrations: Number(migrations), appliedByTheRun: Number(applied) };
  });
}

/**
 * The example with the worker tests, its seed regenerated, the template cloned on a fresh server.
 */
async function setUp(row: (typeof DJANGO_MATRIX)[number]) {
  const app = copyExample("django-blog");
  fs.writeFileSync(path.join(app, "blog", "test_workers.py"), WORKER_TESTS);
  const reportDir = tempDir("pgseed-report-");
  const env: Record<string, string> = { ...envFor(row), PGSEED_CACHE: tempDir("pgseed-cache-") };
  const regen = await pgseedCli(["regenerate", "--quiet"], app, env);
  expect(regen.stderr).toBe("");
  expect(regen.code).toBe(0);
  const fingerprint = readSeed(path.join(app, "seed-db.sql"))!.parsed.header.fingerprint;
  const server = await targetServer();
  const clone = await pgseedCli(
    ["clone", "--url", server.url, "--count", "1", "--quiet"],
    app,
    env,
  );
  expect(clone.stderr).toBe("");
  expect(clone.code).toBe(0);
  const testEnv = {
    ...env,
    ...server.env,
    PGSEED_TEST_TEMPLATE: "pgseed_test_template",
    PGSEED_REPORT_DIR: reportDir,
  };
  return { app, server, fingerprint, testEnv, reportDir };
}

function expectEveryWorkerFromTheSeed(
  reportDir: string,
  fingerprint: string,
  workers: number,
): Report[] {
  const all = reports(reportDir);
  expect(all.length).toBe(4);
  expect(new Set(all.map((r) => r.db)).size).toBe(workers);
  for (const r of all) {
    expect(r.marker).toBe(`pgseed ${fingerprint}`);
    expect(r.migrations).toBeGreaterThan(20);
    expect(r.appliedByTheRun).toBe(0);
  }
  return all;
}

describe.each(DJANGO_MATRIX)("test databases from the seed on Django $name", (row) => {
  test("Django's runner: TEST.TEMPLATE and --parallel 2 apply no migration; every worker's database is a copy of the seed", async () => {
    requireDjango(row);
    const { app, server, fingerprint, testEnv, reportDir } = await setUp(row);
    try {
      const r = await execa(
        "python3",
        ["manage.py", "test", "--noinput", "--parallel", "2", "-v", "2", "blog.test_workers"],
        { cwd: app, env: testEnv, extendEnv: false, all: true, reject: false },
      );
      expect(r.all).toMatch(/Ran 4 tests/);
      expect(r.exitCode).toBe(0);
      expect(r.all).toContain("No migrations to apply.");
      expect(r.all).not.toMatch(/Applying \w+\.\d{4}/);
      const dbs = expectEveryWorkerFromTheSeed(reportDir, fingerprint, 2).map((x) => x.db);
      expect([...new Set(dbs)].sort()).toEqual(["test_postgres_1", "test_postgres_2"]);
    } finally {
      await server.stop();
    }
  });
});

describe.each(DJANGO_MATRIX.filter((r) => r.name !== "3.2"))(
  "pytest-django + pytest-xdist on Django $name",
  (row) => {
    test("pytest -n 2: each worker's test_<name>_gwN is created from the template, with no migration applied", async () => {
      requireDjango(row);
      const { app, server, fingerprint, testEnv, reportDir } = await setUp(row);
      try {
        const r = await execa(
          "python3",
          [
            "-m",
            "pytest",
            "-p",
            "xdist",
            "-n",
            "2",
            "--ds",
            "blogsite.settings",
            "-q",
            "blog/test_workers.py",
          ],
          { cwd: app, env: testEnv, extendEnv: false, all: true, reject: false },
        );
        expect(r.all).toMatch(/4 passed/);
        expect(r.exitCode).toBe(0);
        const dbs = expectEveryWorkerFromTheSeed(reportDir, fingerprint, 2).map((x) => x.db);
        expect([...new Set(dbs)].sort()).toEqual(["test_postgres_gw0", "test_postgres_gw1"]);
      } finally {
        await server.stop();
      }
    });
  },
);

/**
 * pgseed-testdb's Django test runner (TEST_RUNNER / --testrunner), run for real with
 * `manage.py test --parallel 2` on Django 3.2, 4.2 and 5.2 against a throwaway PostgreSQL: the
 * same checks as the pytest plugin's (testdbPlugin.test.ts).
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { removeTempDirs, targetServer } from "../helpers";
import { DJANGO_MATRIX } from "../djangoMatrix";
import {
  addMigration,
  databases,
  decoys,
  exampleApp,
  manageTest,
  manageTestProcess,
  takingTurns,
  regenerate,
  takeReports,
  templateOf,
} from "./testdbFixtures";

afterAll(removeTempDirs);

const PARALLEL = ["--parallel", "2", "blog.test_workers"];
const pgseedLines = (out: string) => out.split("\n").filter((l) => l.includes("pgseed:"));

describe.each(DJANGO_MATRIX)("manage.py test with PgseedTestRunner on Django $name", (row) => {
  test("--parallel 2: the test database and each clone are copies of the template, no migration runs; a stale seed stops the run in one line; a new migration plus a regenerated seed gives the new column; older templates are pruned past KEEP, databases without both marks never; no seed file: one line", async () => {
    const a = await exampleApp(row);
    const fp1 = await regenerate(a);
    const server = await targetServer();
    try {
      const first = await manageTest(a, server, ["-v", "2", ...PARALLEL]);
      expect(first.out).toMatch(/Ran 4 tests/);
      expect(first.code).toBe(0);
      expect(first.out).not.toMatch(/Applying \w+\.\d{4}/);
      expect(first.out).toContain(
        `Created test database for alias 'default' ('test_postgres') (a copy of ${templateOf(fp1)}, no migration run)`,
      );
      const reports = takeReports(a.reportDir);
      expect([...new Set(reports.map((r) => r.db))]).toEqual([
        "test_postgres_1",
        "test_postgres_2",
      ]);
      for (const r of reports)
        expect(r).toMatchObject({ marker: `pgseed ${fp1}`, appliedByTheRun: 0, hasSummary: false });
      expect(await databases(server.url)).toEqual([
        { name: templateOf(fp1), comment: `pgseed template ${fp1}`, isTemplate: true },
      ]);

      addMigration(a.app);
      const stale = await manageTest(a, server, PARALLEL);
      expect(stale.code).toBe(1);
      expect(pgseedLines(stale.out)).toEqual([
        "pgseed: seed-db.sql is stale for the current migrations (new migration posts/0006_post_summary); run `pgseed regenerate` and commit it",
      ]);
      expect(stale.out).not.toMatch(/Ran \d+ test/);
      expect(takeReports(a.reportDir)).toEqual([]);

      const fp2 = await regenerate(a);
      const decoyNames = await decoys(server.url);
      const fresh = await manageTest(a, server, PARALLEL, { PGSEED_TESTDB_KEEP: "0" });
      expect(fresh.code).toBe(0);
      for (const r of takeReports(a.reportDir))
        expect(r).toMatchObject({ marker: `pgseed ${fp2}`, appliedByTheRun: 0, hasSummary: true });
      expect((await databases(server.url)).map((d) => d.name)).toEqual(
        [...decoyNames, templateOf(fp2)].sort(),
      );

      fs.rmSync(path.join(a.app, "seed-db.sql"));
      const noSeed = await manageTest(a, server, PARALLEL);
      expect(noSeed.code).toBe(1);
      expect(pgseedLines(noSeed.out)).toEqual([
        `pgseed: no seed file at ${path.join(a.app, "seed-db.sql")}; run \`pgseed regenerate\` and commit it, or set PGSEED_TESTDB['SEED'] to its path`,
      ]);
    } finally {
      await server.stop();
    }
  });

  test("two sessions on one server at once (their own test database names) take turns on the template lock: both wait while it is held, one loads the template; both pass", async () => {
    const a = await exampleApp(row);
    const fp = await regenerate(a);
    fs.writeFileSync(
      path.join(a.app, "blogsite", "settings_b.py"),
      'from .settings import *  # noqa\nDATABASES["default"]["TEST"] = {"NAME": "test_b"}\n',
    );
    const server = await targetServer();
    try {
      const runs = await takingTurns(server.url, () => [
        manageTestProcess(a, server, PARALLEL),
        manageTestProcess(a, server, PARALLEL, { DJANGO_SETTINGS_MODULE: "blogsite.settings_b" }),
      ]);
      expect(runs.map((r) => r.code)).toEqual([0, 0]);
      expect([...new Set(takeReports(a.reportDir).map((r) => r.db))]).toEqual([
        "test_b_1",
        "test_b_2",
        "test_postgres_1",
        "test_postgres_2",
      ]);
      expect(await databases(server.url)).toEqual([
        { name: templateOf(fp), comment: `pgseed template ${fp}`, isTemplate: true },
      ]);
    } finally {
      await server.stop();
    }
  });
});

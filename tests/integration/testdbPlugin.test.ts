/**
 * The pytest plugin of python/pgseed-testdb, run for real: pytest, pytest-django and pytest-xdist
 * (pinned, in the virtualenvs of scripts/install-python.sh) on Django 4.2 and 5.2, against a
 * throwaway PostgreSQL. Each test writes down the database it ran in (testdbFixtures.ts).
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { afterAll, describe, expect, test } from "@jest/globals";
import { query, removeTempDirs, ROOT, targetServer } from "../helpers";
import { DJANGO_MATRIX } from "../djangoMatrix";
import { urlFor } from "../../seed/core/libpq";
import { freePort } from "../../seed/core/net";
import {
  addMigration,
  databases,
  decoys,
  exampleApp,
  takingTurns,
  pytest,
  pytestProcess,
  regenerate,
  takeReports,
  templateOf,
  untilOutput,
} from "./testdbFixtures";

afterAll(removeTempDirs);

const WORKERS = ["--pgseed", "-n", "2", "-q", "blog/test_workers.py"];
const PGSEED = { PGSEED_TESTDB_PGSEED: `node ${path.join(ROOT, "bin", "pgseed")}` };
/** The lines a run printed that name pgseed. */
const pgseedLines = (out: string) => out.split("\n").filter((l) => l.includes("pgseed:"));

/** A second migration on top of addMigration's: posts_post.teaser. */
function addSecondMigration(app: string): void {
  fs.writeFileSync(
    path.join(app, "posts", "migrations", "0007_post_teaser.py"),
    `from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("posts", "0006_post_summary")]
    operations = [migrations.AddField(model_name="post", name="teaser", field=models.TextField(default=""))]
`,
  );
}

describe.each(DJANGO_MATRIX.filter((r) => r.name !== "3.2"))(
  "pytest --pgseed on Django $name",
  (row) => {
    test("xdist workers get copies of the seed's template and apply no migration; a new migration plus a regenerated seed gives a new template the tests see; older templates are pruned past KEEP, and a database without both of pgseed's marks never", async () => {
      const a = await exampleApp(row);
      const fp1 = await regenerate(a);
      const server = await targetServer();
      try {
        const first = await pytest(a, server, WORKERS);
        expect(first.out).toMatch(/4 passed/);
        expect(first.code).toBe(0);
        expect(pgseedLines(first.out)).toEqual([
          `pgseed: loading ${path.join(a.app, "seed-db.sql")} into template database ${templateOf(fp1)}`,
        ]);
        const reports = takeReports(a.reportDir);
        expect([...new Set(reports.map((r) => r.db))]).toEqual([
          "test_postgres_gw0",
          "test_postgres_gw1",
        ]);
        for (const r of reports)
          expect(r).toMatchObject({
            marker: `pgseed ${fp1}`,
            appliedByTheRun: 0,
            hasSummary: false,
          });
        // pytest-django dropped the test databases at the end; the template stays, marked.
        expect(await databases(server.url)).toEqual([
          { name: templateOf(fp1), comment: `pgseed template ${fp1}`, isTemplate: true },
        ]);

        // Template present: nothing loads.
        const again = await pytest(a, server, WORKERS);
        expect(again.code).toBe(0);
        expect(pgseedLines(again.out)).toEqual([]);
        expect(takeReports(a.reportDir).map((r) => r.marker)).toEqual(
          Array(4).fill(`pgseed ${fp1}`),
        );

        addMigration(a.app);
        const fp2 = await regenerate(a);
        expect(fp2).not.toBe(fp1);
        const decoyNames = await decoys(server.url);
        const third = await pytest(a, server, WORKERS);
        expect(third.code).toBe(0);
        expect(third.out).toContain(`into template database ${templateOf(fp2)}`);
        for (const r of takeReports(a.reportDir))
          expect(r).toMatchObject({
            marker: `pgseed ${fp2}`,
            appliedByTheRun: 0,
            hasSummary: true,
          });
        const names = (await databases(server.url)).map((d) => d.name);
        expect(names).toEqual([...decoyNames, templateOf(fp1), templateOf(fp2)].sort());

        // A third seed with KEEP=0: every other template with both marks goes, nothing else.
        addSecondMigration(a.app);
        const fp3 = await regenerate(a);
        const fourth = await pytest(a, server, WORKERS, { PGSEED_TESTDB_KEEP: "0" });
        expect(fourth.code).toBe(0);
        expect(pgseedLines(fourth.out)).toEqual(
          expect.arrayContaining([
            `pgseed: dropped the template of an older seed, ${templateOf(fp1)}`,
            `pgseed: dropped the template of an older seed, ${templateOf(fp2)}`,
          ]),
        );
        expect((await databases(server.url)).map((d) => d.name)).toEqual(
          [...decoyNames, templateOf(fp3)].sort(),
        );
        takeReports(a.reportDir);
      } finally {
        await server.stop();
      }
    });

    test("--reuse-db keeps a test database only while it is a copy of the current seed", async () => {
      const a = await exampleApp(row);
      const fp = await regenerate(a);
      const server = await targetServer();
      const oid = async () =>
        (await query(server.url, "SELECT oid FROM pg_database WHERE datname = 'test_postgres'"))[0]
          ?.oid;
      try {
        const args = ["--pgseed", "--reuse-db", "-q", "blog/test_workers.py"];
        expect((await pytest(a, server, args)).code).toBe(0);
        const kept = await oid();
        expect(kept).toBeDefined();
        expect((await pytest(a, server, args)).code).toBe(0);
        expect(await oid()).toBe(kept);
        // Marked as a copy of another seed: replaced by a fresh copy.
        const other = `sha256:${"e".repeat(64)}`;
        await query(server.url, `COMMENT ON DATABASE test_postgres IS 'pgseed test ${other}'`);
        expect((await pytest(a, server, args)).code).toBe(0);
        expect(await oid()).not.toBe(kept);
        const [db] = (await databases(server.url)).filter((d) => d.name === "test_postgres");
        expect(db.comment).toBe(`pgseed test ${fp}`);
        expect(takeReports(a.reportDir).map((r) => r.db)).toEqual(Array(12).fill("test_postgres"));
      } finally {
        await server.stop();
      }
    });

    test("a stale seed stops the run before any test, in one line naming the fix; with REGENERATE on, it is regenerated first", async () => {
      const a = await exampleApp(row);
      await regenerate(a);
      addMigration(a.app);
      const server = await targetServer();
      try {
        const stale = await pytest(a, server, WORKERS);
        expect(stale.code).toBe(4);
        expect(pgseedLines(stale.out)).toEqual([
          "ERROR: pgseed: seed-db.sql is stale for the current migrations (new migration posts/0006_post_summary); run `pgseed regenerate` and commit it",
        ]);
        expect(stale.out).not.toMatch(/\d+ (passed|failed)(,| in )/);
        expect(takeReports(a.reportDir)).toEqual([]);
        expect(await databases(server.url)).toEqual([]);

        const regenerated = await pytest(a, server, WORKERS, {
          ...PGSEED,
          PGSEED_TESTDB_REGENERATE: "1",
        });
        expect(regenerated.code).toBe(0);
        expect(pgseedLines(regenerated.out)[0]).toBe(
          "pgseed: the seed is stale (new migration posts/0006_post_summary); running pgseed regenerate",
        );
        for (const r of takeReports(a.reportDir)) expect(r.hasSummary).toBe(true);
        const check = await execa("node", [path.join(ROOT, "bin", "pgseed"), "check"], {
          cwd: a.app,
          env: a.env,
          extendEnv: false,
          reject: false,
        });
        expect(check.exitCode).toBe(0);
      } finally {
        await server.stop();
      }
    });

    test("two sessions on one server at once take turns on the template lock: both wait while it is held, one loads the template, the other finds it complete; both pass", async () => {
      const a = await exampleApp(row);
      const fp = await regenerate(a);
      const server = await targetServer();
      try {
        // TOX_PARALLEL_ENV: pytest-django's suffix, so the two runs' test databases differ.
        const runs = await takingTurns(server.url, () =>
          ["a", "b"].map((s) => pytestProcess(a, server, WORKERS, { TOX_PARALLEL_ENV: s })),
        );
        expect(runs.map((r) => r.code)).toEqual([0, 0]);
        const dbs = takeReports(a.reportDir).map((r) => r.db);
        expect([...new Set(dbs)].sort()).toEqual([
          "test_postgres_a_gw0",
          "test_postgres_a_gw1",
          "test_postgres_b_gw0",
          "test_postgres_b_gw1",
        ]);
        expect(await databases(server.url)).toEqual([
          { name: templateOf(fp), comment: `pgseed template ${fp}`, isTemplate: true },
        ]);
      } finally {
        await server.stop();
      }
    });

    test("refusals in one line with the fix, before any test: no server, a user without CREATEDB, no seed file", async () => {
      const a = await exampleApp(row);
      await regenerate(a);
      const server = await targetServer();
      try {
        const port = String(await freePort());
        const down = await pytest(a, server, WORKERS, { PGPORT: port });
        expect(down.code).toBe(4);
        expect(pgseedLines(down.out)).toEqual([
          expect.stringMatching(
            new RegExp(
              `^ERROR: pgseed: cannot connect to the test database server \\(127\\.0\\.0\\.1:${port} as postgres\\): .+; start it, or fix DATABASES\\['default'\\] \\(HOST, PORT, USER, PASSWORD\\)$`,
            ),
          ),
        ]);

        await query(server.url, "CREATE ROLE tester LOGIN");
        const noCreatedb = await pytest(a, server, WORKERS, { PGUSER: "tester" });
        expect(noCreatedb.code).toBe(4);
        expect(pgseedLines(noCreatedb.out)).toEqual([
          `ERROR: pgseed: the test database user tester may not create databases (no CREATEDB); as a superuser run ALTER ROLE "tester" CREATEDB, or set DATABASES['default']['USER'] to a user that has it`,
        ]);

        fs.rmSync(path.join(a.app, "seed-db.sql"));
        const noSeed = await pytest(a, server, WORKERS);
        expect(noSeed.code).toBe(4);
        expect(pgseedLines(noSeed.out)).toEqual([
          `ERROR: pgseed: no seed file at ${path.join(a.app, "seed-db.sql")}; run \`pgseed regenerate\` and commit it, or set PGSEED_TESTDB['SEED'] to its path`,
        ]);
        for (const r of [down, noCreatedb, noSeed])
          expect(r.out).not.toMatch(/\d+ (passed|failed)(,| in )/);
        expect(takeReports(a.reportDir)).toEqual([]);
        expect(await databases(server.url)).toEqual([]);
      } finally {
        await server.stop();
      }
    });
  },
);

describe("pytest --pgseed on Django 5.2: loading and copying", () => {
  const row = DJANGO_MATRIX.find((r) => r.name === "5.2")!;

  test("a tampered seed is refused and leaves no template (its half is an empty database pgseed marked); LOADER=pgseed then loads it with `pgseed load`", async () => {
    const a = await exampleApp(row);
    const fp = await regenerate(a);
    const seed = path.join(a.app, "seed-db.sql");
    const good = fs.readFileSync(seed, "utf8");
    fs.writeFileSync(seed, good.replace("\tTechnology\t", "\tTechnologx\t"));
    const server = await targetServer();
    try {
      const tampered = await pytest(a, server, WORKERS);
      expect(tampered.code).toBe(4);
      expect(pgseedLines(tampered.out).at(-1)).toBe(
        `ERROR: pgseed: ${seed} is tampered or truncated: its content hash does not match its header; run \`pgseed regenerate --force\` and commit it`,
      );
      const loading = `${templateOf(fp)}_loading`;
      expect(await databases(server.url)).toEqual([
        { name: loading, comment: `pgseed loading ${fp}`, isTemplate: false },
      ]);
      const tables = await query(
        urlFor(server.url, loading),
        "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace",
      );
      expect(tables[0].n).toBe(0);

      fs.writeFileSync(seed, good);
      const viaCli = await pytest(a, server, WORKERS, {
        ...PGSEED,
        PGSEED_TESTDB_LOADER: "pgseed",
      });
      expect(viaCli.code).toBe(0);
      for (const r of takeReports(a.reportDir)) expect(r.marker).toBe(`pgseed ${fp}`);
      expect(await databases(server.url)).toEqual([
        { name: templateOf(fp), comment: `pgseed template ${fp}`, isTemplate: true },
      ]);
    } finally {
      await server.stop();
    }
  });

  test("a session connected to the template: the copy waits and retries until it is free, and does not fail with 'being accessed by other users'", async () => {
    const a = await exampleApp(row);
    const fp = await regenerate(a);
    const server = await targetServer();
    const holder = new Client({ connectionString: urlFor(server.url, templateOf(fp)) });
    try {
      expect((await pytest(a, server, ["--pgseed", "-q", "blog/test_workers.py"])).code).toBe(0);
      await holder.connect();
      const run = pytestProcess(a, server, ["-s", "--pgseed", "-q"]);
      await untilOutput(run, `template database ${templateOf(fp)} is in use by`);
      await holder.end();
      const done = await run;
      expect(done.exitCode).toBe(0);
      expect(done.all).toMatch(/4 passed/);
      expect(done.all).not.toContain("being accessed by other users");
    } finally {
      await holder.end().catch(() => undefined);
      await server.stop();
    }
  });
});

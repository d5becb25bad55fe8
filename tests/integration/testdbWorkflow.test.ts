/**
 * The generated workflow's test job with a test command through pgseed-testdb, run for real: its
 * Test step exactly as rendered (no restore, no migrate step), in the job's environment, against a
 * PostgreSQL set up like the CI service (a password-authenticated superuser `app` owning database
 * `app`). The package stands installed as the job's Set up step would install it.
 */
import * as path from "path";
import execa from "execa";
import * as yaml from "js-yaml";
import { afterAll, describe, expect, test } from "@jest/globals";
import { passwordRole, query, removeTempDirs, targetServer } from "../helpers";
import { DJANGO_MATRIX } from "../djangoMatrix";
import { renderWorkflow, PASSWORD_SECRET, WorkflowOptions } from "../../deploy/workflow";
import { exampleApp, regenerate, takeReports, templateOf } from "./testdbFixtures";

afterAll(removeTempDirs);

const PASSWORD = "ci-password";

function options(appDir: string, testCommand: string): WorkflowOptions {
  return {
    name: "pgseed",
    branch: "main",
    runsOn: ["ubuntu-latest"],
    image: "postgres:15",
    dbName: "app",
    dbUser: "app",
    appDir,
    seedFile: `${appDir}/seed-db.sql`,
    checkArgs: ["--app-dir", appDir],
    migrateCommand: "python3 manage.py migrate --noinput",
    preset: "django",
    setupCommand: "",
    testCommand,
    fingerprint: `sha256:${"0".repeat(64)}`,
  };
}

const CASES: Array<[string, string, string[]]> = [
  [
    "5.2",
    "python3 -m pytest --ds blogsite.settings --pgseed -n 2 -q blog/test_workers.py",
    ["test_app_gw0", "test_app_gw1"],
  ],
  [
    "3.2",
    "python3 manage.py test --noinput --parallel 2 --testrunner pgseed_testdb.runner.PgseedTestRunner blog.test_workers",
    ["test_app_1", "test_app_2"],
  ],
];

describe.each(CASES)("the Test step through pgseed-testdb on Django %s", (name, command, dbs) => {
  test("runs in the job's environment: every test database a copy of the seed, nothing restored or migrated by the job", async () => {
    const a = await exampleApp(DJANGO_MATRIX.find((r) => r.name === name)!);
    const fingerprint = await regenerate(a);
    const repo = path.dirname(a.app);
    const job = (yaml.load(renderWorkflow(options(path.basename(a.app), command))) as any).jobs
      .test;
    expect(job.steps.map((s: any) => s.name)).toEqual(["Check out", "Test"]);
    const step = job.steps[1];
    const server = await targetServer();
    try {
      await passwordRole(server, "app", PASSWORD);
      await query(server.url, "ALTER ROLE app SUPERUSER");
      await query(server.url, "CREATE DATABASE app OWNER app");
      const jobEnv: Record<string, string> = {};
      for (const [k, v] of Object.entries(job.env as Record<string, string>))
        jobEnv[k] = String(v).split(`\${{ secrets.${PASSWORD_SECRET} }}`).join(PASSWORD);
      jobEnv.PGPORT = String(server.port); // the service publishes 5432; ours has its own port
      const ran = await execa("bash", ["-e", "-c", step.run], {
        cwd: path.join(repo, step["working-directory"]),
        env: { ...a.env, ...jobEnv, ...step.env },
        extendEnv: false,
        all: true,
        reject: false,
      });
      expect({ code: ran.exitCode, out: ran.all }).toMatchObject({ code: 0 });
      const reports = takeReports(a.reportDir);
      expect(reports).toHaveLength(4);
      expect([...new Set(reports.map((r) => r.db))]).toEqual(dbs);
      for (const r of reports)
        expect(r).toMatchObject({ marker: `pgseed ${fingerprint}`, appliedByTheRun: 0 });
      const made = await query(
        server.url,
        `SELECT datname FROM pg_database WHERE datname = '${templateOf(fingerprint)}'`,
      );
      expect(made).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});

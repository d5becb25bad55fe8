/**
 * The generated workflow's test job, run for real: its "Restore the seed" script and its test
 * command exactly as rendered, in the job's environment, against a PostgreSQL set up like the CI
 * service (a password-authenticated superuser `app` owning database `app`). Only `docker exec -i
 * <container>` is stood in for by running the same psql here. The runner must find its test
 * database already seeded and apply no migration.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import * as yaml from "js-yaml";
import { afterAll, describe, expect, test } from "@jest/globals";
import {
  copyExample,
  passwordRole,
  query,
  removeTempDirs,
  targetServer,
  tempDir,
} from "../helpers";
import { DJANGO_MATRIX, DjangoRow, envFor, pgseedCli, requireDjango } from "../djangoMatrix";
import { renderWorkflow, PASSWORD_SECRET, WorkflowOptions } from "../../deploy/workflow";
import { readSeed } from "../oracle/seedText";

afterAll(removeTempDirs);

const PASSWORD = "ci-password";
/**
 * `docker exec -i <container> cmd…` → `cmd…` here (the service's psql is this machine's psql 15).
 */
const DOCKER_SHIM = 'docker() { [ "$1" = exec ] && shift; [ "$1" = -i ] && shift; shift; "$@"; }\n';

const WORKER_TEST = `
import os
from django.db import connection
from django.test import TestCase


class ReportTest(TestCase):
    def test_reports_its_database(self):
        with connection.cursor() as c:
            c.execute("SELECT current_database(), obj_description('public'::regnamespace, 'pg_namespace'), "
                      "(SELECT count(*) FROM django_migrations WHERE applied > '2000-01-02')")
            row = c.fetchone()
        with open(os.environ["PGSEED_REPORT"], "w") as f:
            f.write("\\t".join(str(x) for x in row))
`;

function options(testCommand: string): WorkflowOptions {
  return {
    name: "pgseed",
    branch: "main",
    runsOn: ["ubuntu-latest"],
    image: "postgres:15",
    dbName: "app",
    dbUser: "app",
    appDir: "app",
    seedFile: "app/seed-db.sql",
    checkArgs: ["--app-dir", "app"],
    migrateCommand: "python3 manage.py migrate --noinput",
    preset: "django",
    setupCommand: "",
    testCommand,
    fingerprint: `sha256:${"0".repeat(64)}`,
  };
}

/** `python` as the CI image has it: the row's interpreter (Debian has no `python` for 3.2). */
function pythonOnPath(row: DjangoRow): Record<string, string> {
  const env = envFor(row);
  if (row.binDir) return env;
  const shim = tempDir("pgseed-python-");
  fs.symlinkSync(row.python, path.join(shim, "python"));
  return { ...env, PATH: `${shim}:${env.PATH}` };
}

async function runTestJob(row: DjangoRow, testCommand: string) {
  requireDjango(row);
  const repo = tempDir("pgseed-ci-repo-");
  const app = copyExample("django-blog", repo);
  fs.renameSync(app, path.join(repo, "app"));
  fs.writeFileSync(path.join(repo, "app", "blog", "test_workers.py"), WORKER_TEST);
  const env = { ...pythonOnPath(row), PGSEED_CACHE: tempDir("pgseed-cache-") };
  const regen = await pgseedCli(["regenerate", "--quiet"], path.join(repo, "app"), env);
  expect(regen.stderr).toBe("");
  expect(regen.code).toBe(0);
  const fingerprint = readSeed(path.join(repo, "app", "seed-db.sql"))!.parsed.header.fingerprint;

  const job = (yaml.load(renderWorkflow(options(testCommand))) as any).jobs.test;
  const server = await targetServer();
  try {
    // Like the service: POSTGRES_USER=app (a superuser), POSTGRES_DB=app, POSTGRES_PASSWORD.
    await passwordRole(server, "app", PASSWORD);
    await query(server.url, "ALTER ROLE app SUPERUSER");
    await query(server.url, "CREATE DATABASE app OWNER app");
    const jobEnv: Record<string, string> = {};
    for (const [k, v] of Object.entries(job.env as Record<string, string>)) {
      // The service publishes 5432; ours listens on its own port.
      jobEnv[k] = String(v)
        .split(`\${{ secrets.${PASSWORD_SECRET} }}`)
        .join(PASSWORD)
        .replace(":5432/", `:${server.port}/`);
    }
    jobEnv.PGPORT = String(server.port);
    const [restore, testStep] = [
      job.steps.find((s: any) => s.name === "Restore the seed"),
      job.steps.find((s: any) => s.name === "Test"),
    ];
    expect(job.steps.map((s: any) => s.name)).not.toContain("Migrate");
    const restored = await execa("bash", ["-e", "-c", DOCKER_SHIM + restore.run], {
      cwd: repo,
      env: { ...env, ...jobEnv, ...restore.env, PG_CONTAINER: "service" },
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(restored.stderr).toBe("");
    expect(restored.exitCode).toBe(0);
    const report = path.join(tempDir("pgseed-report-"), "report");
    const ran = await execa("bash", ["-e", "-c", testStep.run], {
      cwd: path.join(repo, testStep["working-directory"]),
      env: { ...env, ...jobEnv, PGSEED_REPORT: report },
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(ran.exitCode).toBe(0);
    const [db, marker, appliedByTheRun] = fs.readFileSync(report, "utf8").split("\t");
    return {
      output: ran.all ?? "",
      db,
      marker,
      appliedByTheRun: Number(appliedByTheRun),
      fingerprint,
      testStep,
      restore,
    };
  } finally {
    await server.stop();
  }
}

describe.each(DJANGO_MATRIX)("the workflow's test step on Django $name", (row) => {
  test("Django's runner: the seed restored into test_app is kept (--keepdb), zero migrations applied", async () => {
    const r = await runTestJob(row, "python manage.py test --noinput -v 2");
    expect(r.testStep.run).toBe("python manage.py test --noinput -v 2 --keepdb");
    expect(r.restore.env.SEED_DB).toBe("test_app");
    expect(r.output).toContain("Using existing test database for alias 'default'");
    expect(r.output).toContain("No migrations to apply.");
    expect(r.output).not.toMatch(/Applying \w+\.\d{4}/);
    expect(r.output).toMatch(/Ran \d+ tests/);
    expect([r.db, r.marker, r.appliedByTheRun]).toEqual(["test_app", `pgseed ${r.fingerprint}`, 0]);
  });
});

describe.each(DJANGO_MATRIX.filter((r) => r.name !== "3.2"))(
  "the workflow's test step with pytest-django on Django $name",
  (row) => {
    test("pytest: the seed restored into test_app is reused (--reuse-db), zero migrations applied", async () => {
      const r = await runTestJob(
        row,
        "python -m pytest --ds blogsite.settings -s -vv blog/test_workers.py",
      );
      expect(r.testStep.run).toBe(
        "python -m pytest --ds blogsite.settings -s -vv blog/test_workers.py --reuse-db",
      );
      expect(r.output).toContain("Using existing test database for alias 'default'");
      expect(r.output).toContain("No migrations to apply.");
      expect(r.output).not.toMatch(/Applying \w+\.\d{4}/);
      expect(r.output).toMatch(/1 passed/);
      expect([r.db, r.marker, r.appliedByTheRun]).toEqual([
        "test_app",
        `pgseed ${r.fingerprint}`,
        0,
      ]);
    });
  },
);

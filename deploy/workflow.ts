/**
 * renderWorkflow: the GitHub Actions workflow of a CI fleet, as text. Pure (no Pulumi, no I/O),
 * so it is unit-tested and linted with actionlint. Values reach scripts only through `env:`:
 * no `${{ }}` expression is ever inside a `run:` script (script injection).
 */
import * as path from "path";
import * as yaml from "js-yaml";
import { cliArgsOf, engineValues, Settings } from "../config";
import { imageRef } from "../seed/image/ref";
import { PgseedError, usageError } from "../seed/core/errors";

/** Actions pinned by full commit SHA: a tag can be moved, a commit cannot. */
export const PINNED_ACTIONS = {
  checkout: { ref: "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683", tag: "v4.2.2" },
  setupNode: { ref: "actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020", tag: "v4.4.0" },
};

/** Repository secret that holds the CI database password. */
export const PASSWORD_SECRET = "PGSEED_POSTGRES_PASSWORD";

/**
 * Repository secrets that hold the registry login the runners pull a private service image with
 * (a pre-seeded image pushed to a private registry, or a private base); CiWorkflow sets them from
 * the stack's registry:username and registry:password.
 */
export const REGISTRY_SECRETS = {
  username: "PGSEED_REGISTRY_USERNAME",
  password: "PGSEED_REGISTRY_PASSWORD",
} as const;

/** Pure: the preview error of a registry login given by halves, or undefined. */
export function registryLoginProblem(
  hasUsername: boolean,
  hasPassword: boolean,
): PgseedError | undefined {
  if (hasUsername === hasPassword) return undefined;
  const [set, unset] = hasUsername ? ["username", "password"] : ["password", "username"];
  return usageError(
    `registry:${set} is set but registry:${unset} is not: the CI runners' registry login needs both`,
    "pulumi config set registry:username <user> and pulumi config set --secret registry:password <token>, or remove both",
  );
}

export interface WorkflowOptions {
  /** Workflow name (also the file name .github/workflows/<name>.yml). */
  name: string;
  /** Branch whose pushes run the workflow (pull requests always do). */
  branch: string;
  /** runs-on labels of the fleet's runners. */
  runsOn: string[];
  /** Image of the postgres service: the seed's major version. */
  image: string;
  /**
   * A pre-seeded image of this fingerprint (`pgseed image`, pushed where the runners pull from):
   * the postgres service starts at the seed, in the test step's database, so there is no restore
   * step.
   */
  preseededImage?: string;
  /**
   * Repository of pre-seeded images (the preseededImage setting): CiWorkflow turns it into
   * preseededImage for the fingerprint.
   */
  preseededRepo?: string;
  dbName: string;
  dbUser: string;
  /** App folder, relative to the repository root (posix). */
  appDir: string;
  /** Seed file, relative to the repository root (posix). */
  seedFile: string;
  /**
   * `pgseed check` arguments that reproduce the stack's engine settings from the repository root.
   */
  checkArgs: string[];
  migrateCommand: string;
  /**
   * Preset name: django's test runners use their own test_<dbName> database (see testDatabasePlan).
   */
  preset?: string;
  /** Shell command run in appDir after checkout (install dependencies); empty: none. */
  setupCommand: string;
  testCommand: string;
  /** Fingerprint the seed was built from (shown in the workflow header). */
  fingerprint: string;
  /**
   * The service image needs a registry login: the runners pull it with the REGISTRY_SECRETS
   * repository secrets. Off: a public image, or one the runner's own `docker login` (self-hosted
   * runners) can pull.
   */
  registryLogin?: boolean;
}

/**
 * Pure: the pre-seeded image of this very seed, REPO:<short fingerprint> (as `pgseed image --tag
 * REPO` tags it), when a repository is set.
 */
export function withPreseededImage(o: WorkflowOptions): WorkflowOptions {
  return o.preseededRepo
    ? {
        ...o,
        preseededImage: imageRef({
          tag: o.preseededRepo,
          appDir: o.appDir,
          fingerprint: o.fingerprint,
        }),
      }
    : o;
}

/** The workflow file's path inside a repository. */
export const workflowPath = (name: string) => `.github/workflows/${name}.yml`;

const secret = (name: string) => `\${{ secrets.${name} }}`;

/**
 * The test command runs through python/pgseed-testdb: `pytest --pgseed`, or the package named in
 * it (`manage.py test --testrunner pgseed_testdb.runner.PgseedTestRunner`, `pytest -p
 * pgseed_testdb.plugin`).
 */
const THROUGH_TESTDB = /(^|\s)--pgseed(\s|$)|\bpgseed_testdb\b/;

/**
 * Pure: where the test step's seed goes. Through pgseed-testdb, nowhere: the plugin or runner
 * makes a template of the checked-out seed on the service and copies it for each test database,
 * so there is neither a restore nor a migrate step. Otherwise Django's test runner and
 * pytest-django run in their own `test_<NAME>` database and rebuild it by migrating from scratch,
 * unless told to keep it (`manage.py test --keepdb`, pytest `--reuse-db`): the seed is restored
 * there and the flag added; their migrate then has nothing to apply (and applies what a newer
 * branch adds). Any other test command: the seed goes into the service's database and the Migrate
 * step runs.
 */
export function testDatabasePlan(o: Pick<WorkflowOptions, "preset" | "dbName" | "testCommand">): {
  database: string;
  testCommand: string;
  restoreStep: boolean;
  migrateStep: boolean;
} {
  const cmd = o.testCommand.trim();
  if (o.preset === "django" && THROUGH_TESTDB.test(cmd)) {
    return { database: o.dbName, testCommand: cmd, restoreStep: false, migrateStep: false };
  }
  if (o.preset === "django" && /(^|\s)(\S*\/)?manage\.py\s+test(\s|$)/.test(cmd)) {
    return {
      database: `test_${o.dbName}`,
      testCommand: /\s--keepdb(\s|$)/.test(cmd) ? cmd : `${cmd} --keepdb`,
      restoreStep: true,
      migrateStep: false,
    };
  }
  if (o.preset === "django" && /(^|\s)(-m\s+)?pytest(\s|$)/.test(cmd)) {
    return {
      database: `test_${o.dbName}`,
      testCommand: /\s--reuse-db(\s|$)/.test(cmd) ? cmd : `${cmd} --reuse-db`,
      restoreStep: true,
      migrateStep: false,
    };
  }
  return { database: o.dbName, testCommand: o.testCommand, restoreStep: true, migrateStep: true };
}

/** Pure: the seed file relative to the app folder (both are repository-relative, posix). */
const seedInApp = (o: Pick<WorkflowOptions, "appDir" | "seedFile">) =>
  path.posix.relative(o.appDir, o.seedFile);

type Step = Record<string, unknown>;
type TestDatabasePlan = ReturnType<typeof testDatabasePlan>;

const checkoutStep = (): Step => ({
  name: "Check out",
  uses: PINNED_ACTIONS.checkout.ref,
  with: { "persist-credentials": false },
});

/** The setup command, in both jobs (the django fingerprint needs the project's packages). */
const setupSteps = (o: WorkflowOptions): Step[] =>
  o.setupCommand.trim()
    ? [{ name: "Set up", "working-directory": o.appDir, run: o.setupCommand }]
    : [];

/**
 * Pure: the script that restores the seed. psql runs inside the service container, so client and
 * server versions always match. The seed holds its own BEGIN…COMMIT; psql --single-transaction
 * around it would only add warnings (nested BEGIN; the inner COMMIT ends the outer transaction),
 * so it is not used.
 */
function restoreScript(seedFile: string, plan: TestDatabasePlan): string {
  const psql = (db: string) =>
    `docker exec -i "$PG_CONTAINER" psql -X -q -v ON_ERROR_STOP=1 -U "$PGUSER" -d "${db}"`;
  const load = (db: string) =>
    seedFile.endsWith(".gz")
      ? `gunzip -c "$SEED_FILE" | ${psql(db)}`
      : `${psql(db)} < "$SEED_FILE"`;
  // The test runner's own database: created empty here, so the runner keeps it
  // (--keepdb/--reuse-db).
  return plan.migrateStep
    ? load("$PGDATABASE")
    : `${psql("$PGDATABASE")} -c "CREATE DATABASE \\"$SEED_DB\\""\n${load("$SEED_DB")}`;
}

/** Pure: the freshness job, `pgseed check` with the stack's engine settings. */
function freshnessJob(o: WorkflowOptions, runsOn: string | string[]) {
  // One argument a line, from the settings declaration (config.ts cliArgsOf): nothing to keep in
  // step by hand. The installed binary, not npx: npx starts npm first (~0.7 s a call;
  // bench/peers-results.md).
  const checkScript = [
    'mapfile -t args <<< "$PGSEED_CHECK_ARGS"',
    'node_modules/.bin/pgseed check "${args[@]}"',
  ].join("\n");
  return {
    name: "Seed is fresh",
    "runs-on": runsOn,
    steps: [
      checkoutStep(),
      { name: "Set up Node.js", uses: PINNED_ACTIONS.setupNode.ref, with: { "node-version": 20 } },
      { name: "Install (pgseed is a dev dependency)", run: "npm ci" },
      ...setupSteps(o),
      {
        name: "pgseed check",
        shell: "bash",
        env: { PGSEED_CHECK_ARGS: o.checkArgs.join("\n") },
        run: checkScript,
      },
    ],
  };
}

/** Pure: the test job's steps: restore (unless pre-seeded or via pgseed-testdb), migrate, test. */
function testSteps(o: WorkflowOptions, plan: TestDatabasePlan): Step[] {
  const restore: Step[] =
    o.preseededImage || !plan.restoreStep
      ? []
      : [
          {
            name: "Restore the seed",
            env: {
              PG_CONTAINER: "${{ job.services.postgres.id }}",
              SEED_FILE: o.seedFile,
              ...(plan.migrateStep ? {} : { SEED_DB: plan.database }),
            },
            run: restoreScript(o.seedFile, plan),
          },
        ];
  const migrate: Step[] = plan.migrateStep
    ? [{ name: "Migrate", "working-directory": o.appDir, run: o.migrateCommand }]
    : [];
  const test: Step = {
    name: "Test",
    "working-directory": o.appDir,
    // pgseed-testdb finds the seed here (it runs in the app folder).
    ...(plan.restoreStep
      ? {}
      : { env: { PGSEED_TESTDB_APP_DIR: ".", PGSEED_TESTDB_SEED: seedInApp(o) } }),
    run: plan.testCommand,
  };
  return [checkoutStep(), ...setupSteps(o), ...restore, ...migrate, test];
}

/** Pure: the test job's postgres service (the pre-seeded image when there is one). */
function postgresService(o: WorkflowOptions) {
  const credentials = {
    username: secret(REGISTRY_SECRETS.username),
    password: secret(REGISTRY_SECRETS.password),
  };
  return {
    image: o.preseededImage ?? o.image,
    ...(o.registryLogin ? { credentials } : {}),
    env: {
      POSTGRES_USER: o.dbUser,
      POSTGRES_DB: o.dbName,
      POSTGRES_PASSWORD: secret(PASSWORD_SECRET),
    },
    ports: ["5432:5432"],
    options: `--health-cmd "pg_isready -h 127.0.0.1 -U ${o.dbUser} -d ${o.dbName}" --health-interval 2s --health-timeout 5s --health-retries 30`,
  };
}

/** Pure: the test job, against the postgres service. */
function testJob(o: WorkflowOptions, runsOn: string | string[]) {
  return {
    name: "Migrate and test from the seed",
    "runs-on": runsOn,
    services: { postgres: postgresService(o) },
    env: {
      PGHOST: "localhost",
      PGPORT: "5432",
      PGUSER: o.dbUser,
      PGDATABASE: o.dbName,
      PGPASSWORD: secret(PASSWORD_SECRET),
      DATABASE_URL: `postgresql://${o.dbUser}:${secret(PASSWORD_SECRET)}@localhost:5432/${o.dbName}`,
    },
    steps: testSteps(o, testDatabasePlan(o)),
  };
}

export function renderWorkflow(o: WorkflowOptions): string {
  if (!o.runsOn.length)
    throw new Error("renderWorkflow: runsOn must list at least one runner label");
  if (o.checkArgs.some((a) => a.includes("\n")))
    throw new Error(
      "renderWorkflow: a setting holds a newline; the freshness job passes one argument a line",
    );
  const runsOn = o.runsOn.length === 1 ? o.runsOn[0] : o.runsOn;
  const doc = {
    name: o.name,
    on: { push: { branches: [o.branch] }, pull_request: {} },
    permissions: { contents: "read" },
    jobs: { freshness: freshnessJob(o, runsOn), test: testJob(o, runsOn) },
  };
  const header = `# Written by pgseed (Pulumi); do not edit by hand.\n# Seed fingerprint: ${o.fingerprint}\n`;
  let text = yaml.dump(doc, { lineWidth: -1, noRefs: true, quotingType: '"' });
  // Say which release each pinned SHA is, for the reader and for update bots.
  for (const a of Object.values(PINNED_ACTIONS))
    text = text.split(`uses: ${a.ref}\n`).join(`uses: ${a.ref} # ${a.tag}\n`);
  return header + text;
}

/**
 * Pure: the workflow options of resolved settings. Fleet repositories hold the app at the same
 * path, relative to their root, as this project does.
 */
export function workflowOptions(s: Settings): Omit<WorkflowOptions, "fingerprint"> {
  const e = s.engine;
  const rel = (to: string) => path.relative(s.projectDir, to).split(path.sep).join("/") || ".";
  return {
    name: s.ci.workflowName,
    branch: s.ci.branch,
    runsOn: s.ci.runsOn,
    image: e.image,
    dbName: s.deploy.dbName,
    dbUser: s.deploy.dbUser,
    appDir: rel(e.appDir),
    seedFile: rel(e.seedPath),
    // pgBin is a path on this machine: the check reads files only and needs no binaries.
    checkArgs: cliArgsOf({ ...engineValues(s), pgBin: undefined }),
    migrateCommand: e.migrateCommand,
    preset: e.preset,
    setupCommand: s.ci.setupCommand,
    preseededRepo: s.deploy.preseededImage || undefined,
    testCommand: s.ci.testCommand,
  };
}

/**
 * The Pulumi program: stack config → settings (config.ts, shared with the CLI) → SeedDump →
 * SeededPostgres and, when CI is on, CiWorkflow → stack outputs.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { resolveSettings, settingKeys, RawSettings, SETTINGS } from "./config";
import { computeFingerprint } from "./seed/inputs/fingerprint";
import { fingerprintInput } from "./seed/inputs/recipe";
import { SeedDump } from "./components/seedDump";
import { engineInputs } from "./components/seedDumpOps";
import { SeededPostgres } from "./components/seededPostgres";
import { CiWorkflow, missingGithubToken } from "./components/ciWorkflow";
import { registryLoginProblem, testDatabasePlan, workflowOptions } from "./deploy/workflow";
import { PreseededImage } from "./components/preseededImage";

const cfg = new pulumi.Config("pgseed");
// Raw strings ("3", '["a"]') are fine: resolveSettings coerces them, with the CLI's messages.
const raw: RawSettings = {};
for (const key of settingKeys()) {
  if ("secret" in SETTINGS[key]) continue; // read below as an Output, never as text
  const value = cfg.get(key);
  if (value !== undefined) raw[key] = value;
}
// The Pulumi CLI passes undeclared keys through: an old (keepData, ciPreseededImage) or misspelt
// one must be refused with the CLI's message, never silently ignored (keepData: true would reseed).
for (const full of Object.keys(pulumi.runtime.allConfig())) {
  const key = full.startsWith("pgseed:") ? full.slice("pgseed:".length) : undefined;
  if (key && !(key in SETTINGS)) (raw as Record<string, unknown>)[key] = cfg.get(key);
}
// Pulumi runs the program (and the dynamic provider) with cwd = the project folder.
const projectDir = process.cwd();
const settings = resolveSettings(raw, projectDir);
// Before any resource: a CI stack without a GitHub token fails here, not halfway through an update.
const githubToken = new pulumi.Config("github").getSecret("token");
const tokenMissing = settings.ci.enabled
  ? missingGithubToken(githubToken !== undefined, process.env)
  : undefined;
if (tokenMissing) throw tokenMissing;
// A private service image (pre-seeded, or a private base): the CI runners log in with
// registry:username and registry:password (a secret), kept as repository secrets. Unset: a public
// image, or the runners' own `docker login` (docs/failures.md).
const registryConfig = new pulumi.Config("registry");
const registryUser = registryConfig.get("username");
const registryPassword = registryConfig.getSecret("password");
const halfLogin = registryLoginProblem(registryUser !== undefined, registryPassword !== undefined);
if (halfLogin) throw halfLogin;

// Cheap (files only) and run on every preview, so the diff sees a new migration at once.
const { fingerprint } = computeFingerprint(fingerprintInput(settings.engine));
const seed = new SeedDump("seed", { settings: engineInputs(settings), fingerprint });

// This checkout's seed, once SeedDump has written it. Not SeedDump's `path` output: the state may
// come from a teammate's machine, where the seed sat at another absolute path.
const seedFile = seed.sha256.apply(() => settings.engine.seedPath);

// Only containers and CI use the password: a seed-only stack (instances 0, CI off) needs none.
const needsPassword = settings.deploy.instances > 0 || settings.ci.enabled;
const password: pulumi.Output<string> =
  cfg.getSecret("postgresPassword") ??
  (needsPassword
    ? new random.RandomPassword("postgres-password", { length: 32, special: false }).result
    : pulumi.secret(""));

// instances 0: no containers, no image (a seed-only or CI fleet stack).
const db =
  settings.deploy.instances === 0
    ? undefined
    : new SeededPostgres("db", {
        image: settings.engine.image,
        major: settings.engine.postgresVersion,
        // A seed from a newer minor re-pulls the image, so its psql understands the seed's
        // \restrict lines.
        seedServerVersion: seed.serverVersion,
        network: settings.deploy.network,
        seedPath: seedFile,
        seedSha256: seed.sha256,
        fingerprint: seed.fingerprint,
        password,
        instances: settings.deploy.instances,
        basePort: settings.deploy.basePort,
        bindAddress: settings.deploy.bindAddress,
        dockerHosts: settings.deploy.dockerHosts,
        onSeedChange: settings.deploy.onSeedChange,
        migrateSettings: engineInputs(settings),
        dbName: settings.deploy.dbName,
        dbUser: settings.deploy.dbUser,
      });

// The seed already in PGDATA, per fingerprint; pushed for CI (its runners pull it), whose test
// step runs in its own database (django: test_<db>), copied in the image.
const workflow = workflowOptions(settings);
const testDatabase = testDatabasePlan(workflow).database;
const relative = (p: string) => path.relative(projectDir, p).split(path.sep).join("/") || ".";
const image = settings.deploy.preseededImage
  ? new PreseededImage("preseeded-image", {
      repo: settings.deploy.preseededImage,
      appDir: relative(settings.engine.appDir),
      seedPath: relative(settings.engine.seedPath),
      fingerprint: seed.fingerprint,
      seedSha256: seed.sha256,
      baseImage: settings.engine.image,
      dbUser: settings.deploy.dbUser,
      dbName: settings.deploy.dbName,
      copies: settings.ci.enabled && testDatabase !== settings.deploy.dbName ? [testDatabase] : [],
      push: settings.ci.enabled,
    })
  : undefined;

const ci = settings.ci.enabled
  ? new CiWorkflow(
      "ci",
      {
        token: githubToken,
        repositories: settings.ci.repositories,
        branch: settings.ci.branch,
        fingerprint: seed.fingerprint,
        password,
        workflow,
        registry:
          registryUser !== undefined && registryPassword !== undefined
            ? { username: registryUser, password: registryPassword }
            : undefined,
      },
      // The workflow names REPO:<short fingerprint>: committed once that image is pushed.
      { dependsOn: image ? [image] : [] },
    )
  : undefined;

export const seedPath = seedFile;
export const seedFingerprint = seed.fingerprint;
export const instanceUrls = db ? db.urls : pulumi.secret([] as string[]); // secret
export const instanceFingerprints = db ? db.fingerprints : pulumi.output([] as string[]);
export const instanceStates = db ? db.states : pulumi.output([] as string[]);
export const workflowPaths = ci ? ci.paths : pulumi.output([] as string[]);
export const preseededImageRef = image ? image.ref : pulumi.output("");

/**
 * Pgseed, the library's high-level component, under Pulumi mocks: its arguments are the settings
 * (every declared one), plain ones checked at once and Outputs when they resolve, by the same
 * rules; children named <name>-<role> under it; outputs only for the parts that exist; a missing
 * provider plugin named with its install command.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { Recorded, pluginHome, promiseOf, settled, setupMocks } from "./mocks";
import type { PgseedArgs } from "../../components/pgseed";
import { resolveSettings, SettingKey } from "../../config";
import { plainSettings, settingsWith } from "../../components/pgseedArgs";

// Every declared setting is an argument (postgresPassword among them): a new setting must be added
// to PgseedArgs (with its JSDoc line) or this file does not compile.
type Missing = Exclude<SettingKey, keyof PgseedArgs>;
const everySetting: [Missing] extends [never] ? true : Missing = true;

const recorded: Recorded[] = [];
let Pgseed: typeof import("../../components/pgseed").Pgseed;
let app: string;
const settings = () => ({
  appDir: path.relative(process.cwd(), app),
  preset: "custom",
  migrations: ["m/*.sql"],
  migrateCommand: "sh migrate.sh",
});
const byName = (n: string) => recorded.find((r) => r.name === n);

beforeAll(async () => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-lib-"));
  fs.mkdirSync(path.join(app, "m"));
  fs.writeFileSync(path.join(app, "m/0001.sql"), "CREATE TABLE a (id int);\n");
  await setupMocks(recorded);
  Pgseed = (await import("../../components/pgseed")).Pgseed;
});
afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

test("every declared setting is an argument", () => {
  expect(everySetting).toBe(true);
});

test("a seed-only Pgseed: the seed under it, its outputs, and no empty ones", async () => {
  const only = new Pgseed("only", { ...settings(), instances: 0 });
  await settled();
  expect(byName("only")!.type).toBe("pgseed:index:Pgseed");
  expect(byName("only-seed")!.type).toBe("pulumi-nodejs:dynamic/pgseed:SeedDump");
  expect(recorded.filter((r) => r.name.startsWith("only-")).map((r) => r.name)).toEqual([
    "only-seed",
  ]);
  expect(Object.keys(only.outputs()).sort()).toEqual(
    ["fingerprint", "migrationCount", "seedBytes", "seedPath", "serverVersion"].sort(),
  );
  expect(only.instanceUrls).toBeUndefined();
  expect(await promiseOf(only.seedPath)).toBe(path.join(app, "seed-db.sql"));
});

test("instances and CI: containers, generated password and workflows under it, named by role", async () => {
  const all = new Pgseed("all", {
    ...settings(),
    instances: 1,
    basePort: 7100,
    ciEnabled: true,
    ciRepositories: ["acme/app"],
    ciTestCommand: "make test",
    githubToken: pulumi.secret("ghp_lib"),
    dbName: pulumi.output("orders"), // an Output: validated when it resolves
  });
  await settled();
  const children = recorded.filter((r) => r.name.startsWith("all-")).map((r) => r.name);
  expect(children).toEqual(
    expect.arrayContaining(["all-seed", "all-password", "all-db", "all-db-0", "all-ci"]),
  );
  expect(byName("all-db-0")!.inputs.envs).toBeDefined();
  expect(await promiseOf(all.instanceUrls!)).toEqual([
    expect.stringMatching(/^postgresql:\/\/app:.+@127\.0\.0\.1:7100\/orders$/),
  ]);
  expect(await promiseOf(all.workflowPaths!)).toEqual(["acme/app:.github/workflows/pgseed.yml"]);
});

test("a bad plain argument: one ResourceError on the component, in the arguments' terms", () => {
  let error: any;
  try {
    new Pgseed("bad", { ...settings(), instances: 0, migrateTimeout: 0 });
  } catch (err) {
    error = err;
  }
  expect(pulumi.ResourceError.isInstance(error)).toBe(true);
  expect(error.hideStack).toBe(true);
  expect(error.message).toBe(
    "invalid settings:\n  - migrateTimeout must be at least 1 second, got 0\n  fix: correct the arguments above",
  );
});

test("an Output argument: left out at first, then checked by the same rules when it resolves", () => {
  const args: PgseedArgs = { ...settings(), instances: 1, dbUser: pulumi.output("no such user") };
  expect(plainSettings(args)).not.toHaveProperty("dbUser");
  expect(resolveSettings(plainSettings(args), process.cwd()).deploy.dbUser).toBe("app");
  // What Pgseed's resolvedSettings runs on the resolved values (the "all" test above shows a good
  // Output reaching the containers through it).
  const fail = (err: unknown) => new Error(`on the component: ${(err as Error).message}`);
  expect(() => settingsWith(args, { dbUser: "no such user" }, process.cwd(), fail)).toThrow(
    /^on the component: invalid settings:\n  - dbUser "no such user" must be a plain identifier/,
  );
  expect(settingsWith(args, { dbUser: "orders_owner" }, process.cwd(), fail).deploy.dbUser).toBe(
    "orders_owner",
  );
});

test("a missing provider plugin that cannot be downloaded: named, with its install command", () => {
  const saved = { ...process.env };
  process.env.PULUMI_HOME = pluginHome(["random", "github"]); // no docker plugin
  process.env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION = "true";
  const { version } = require("@pulumi/docker/package.json");
  try {
    expect(
      () =>
        new Pgseed("noplugin", {
          ...settings(),
          instances: 1,
          postgresPassword: pulumi.secret("pw"),
        }),
    ).toThrow(
      new RegExp(
        `^SeededPostgres needs the Pulumi docker provider plugin ${version}, which is not installed .*\\n  fix: download pulumi-resource-docker-v${version}-.*then: pulumi plugin install resource docker ${version} --file pulumi-resource-docker-v${version}-`,
      ),
    );
  } finally {
    process.env = saved;
  }
});

test("projectDir: the app is found from there, and named relative to the Pulumi project", async () => {
  new Pgseed("moved", {
    ...settings(),
    appDir: path.basename(app),
    projectDir: path.dirname(app),
    instances: 0,
  });
  await settled();
  expect(byName("moved-seed")!.inputs.settings.appDir).toBe(path.relative(process.cwd(), app));
});

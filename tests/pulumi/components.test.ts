/** SeedDump, SeededPostgres and CiWorkflow under Pulumi mocks. */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import {
  Recorded,
  setupMocks,
  plainText,
  isWrappedSecret,
  unwrap,
  promiseOf,
  settled,
} from "./mocks";
import { resolveSettings } from "../../config";
import { computeFingerprint } from "../../seed/inputs/fingerprint";
import { fingerprintInput } from "../../seed/inputs/recipe";

const PW = "s3cret-test-pw-0123";
const FP_A = `sha256:${"a".repeat(64)}`;
const FP_B = `sha256:${"d".repeat(64)}`;
const recorded: Recorded[] = [];
const opts: Record<string, pulumi.ResourceOptions> = {};
let m: {
  SeedDump: typeof import("../../components/seedDump").SeedDump;
  SeededPostgres: typeof import("../../components/seededPostgres").SeededPostgres;
  CiWorkflow: typeof import("../../components/ciWorkflow").CiWorkflow;
};
const byName = (n: string) => recorded.find((r) => r.name === n)!;
const baseDb = (fingerprint: string) => ({
  image: "postgres:15",
  seedPath: "/p/app/seed-db.sql",
  seedSha256: `sha256:${"b".repeat(64)}`,
  fingerprint,
  password: pulumi.secret(PW),
  dbName: "app",
  dbUser: "app",
});
// Records each child's resource options (replaceOnChanges, ignoreChanges…), which mocks do not see.
const recordOpts = [
  (a: pulumi.ResourceTransformationArgs) => {
    opts[a.name] = a.opts;
    return undefined;
  },
];

let dbA: any, dbKeep: any, dbHosts: any, ci: any;
let app: string;
const M1 = "CREATE TABLE a (id int);\n";
const M2 = "CREATE TABLE b (id int);\n";
const shortHash = (text: string) =>
  crypto.createHash("sha256").update(text).digest("hex").slice(0, 12);
const appSettings = () => ({
  appDir: app,
  preset: "custom",
  migrations: ["m/*.sql"],
  migrateCommand: "sh migrate.sh",
});

beforeAll(async () => {
  app = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-components-"));
  fs.mkdirSync(path.join(app, "m"));
  fs.writeFileSync(path.join(app, "m/0001_a.sql"), M1);
  await setupMocks(recorded);
  m = {
    SeedDump: (await import("../../components/seedDump")).SeedDump,
    SeededPostgres: (await import("../../components/seededPostgres")).SeededPostgres,
    CiWorkflow: (await import("../../components/ciWorkflow")).CiWorkflow,
  };
  new m.SeedDump("seed", { settings: appSettings() });
  // The same app one migration later: what the next preview's program computes.
  fs.writeFileSync(path.join(app, "m/0002_b.sql"), M2);
  new m.SeedDump("seed-next", { settings: appSettings() });
  dbA = new m.SeededPostgres(
    "a",
    { ...baseDb(FP_A), instances: 2, basePort: 6000 },
    { transformations: recordOpts },
  );
  new m.SeededPostgres(
    "b",
    { ...baseDb(FP_B), instances: 2, basePort: 6000 },
    { transformations: recordOpts },
  );
  dbKeep = new m.SeededPostgres(
    "k",
    { ...baseDb(FP_A), onSeedChange: "keep" },
    { transformations: recordOpts },
  );
  dbHosts = new m.SeededPostgres("h", {
    ...baseDb(FP_A),
    instances: 2,
    dockerHosts: ["ssh://deploy@db1", "ssh://deploy@db2"],
  });
  ci = new m.CiWorkflow("ci", {
    repositories: ["acme/one", "other/two"],
    branch: "main",
    fingerprint: FP_A,
    password: pulumi.secret(PW),
    workflow: {
      name: "pgseed",
      runsOn: ["ubuntu-latest"],
      image: "postgres:15",
      dbName: "app",
      dbUser: "app",
      appDir: ".",
      seedFile: "seed-db.sql",
      checkArgs: ["--preset", "custom", "--migrations", "m/*.sql"],
      migrateCommand: "sh migrate.sh",
      setupCommand: "",
      testCommand: "make test",
    },
  });
  await settled();
});
afterAll(() => fs.rmSync(app, { recursive: true, force: true }));

describe("SeedDump", () => {
  it("computes the fingerprint and a short hash per migration while the program runs", () => {
    const [now, next] = [byName("seed").inputs, byName("seed-next").inputs];
    expect(byName("seed").type).toBe("pulumi-nodejs:dynamic/pgseed:SeedDump");
    // Hashed here from the files' text: what a preview's diff compares, migration by migration.
    expect(now.files).toEqual({ "m/0001_a.sql": shortHash(M1) });
    expect(next.files).toEqual({ "m/0001_a.sql": shortHash(M1), "m/0002_b.sql": shortHash(M2) });
    expect(next.fingerprint).not.toBe(now.fingerprint);
    const engine = resolveSettings(appSettings(), process.cwd()).engine;
    expect(next.fingerprint).toBe(computeFingerprint(fingerprintInput(engine)).fingerprint);
    // Machine independent: the app is named relative to the project, never by absolute path.
    expect(now.settings.appDir).toBe(path.relative(process.cwd(), app));
  });
  it("refuses bad settings with one message in the arguments' terms, naming the resource", () => {
    expect(
      () => new m.SeedDump("bad", { settings: { ...appSettings(), migrateTimeout: 0 } }),
    ).toThrow(
      /^SeedDump bad: invalid settings:\n  - migrateTimeout must be at least 1 second, got 0\n  fix: correct the arguments above$/,
    );
  });
  it("serializes a provider that finds the installed pgseed from the project, capturing no path", () => {
    const text: string = byName("seed").inputs.__provider;
    expect(text).toContain("exports.handler");
    expect(text).toContain('require.resolve("pgseed/package.json", { paths: [project] })');
    expect(text).toContain('opsFile: "seedDumpOps.js"');
    for (const method of ["check", "diff", "create", "update", "read", "delete"])
      expect(text).toContain(`/*${method}*/`);
    expect(text).not.toContain(process.cwd()); // no path of this machine: states move
    expect(text).not.toContain(app);
    expect(text).not.toContain("PGSEED_PROJECT_DIR");
    expect(text).not.toContain(PW);
  });
});

describe("SeededPostgres", () => {
  it("builds image, volumes and containers as children named <name>-<role>", () => {
    const names = recorded
      .filter((r) => r.name.startsWith("a-") || r.name === "a")
      .map((r) => `${r.type}:${r.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        "pgseed:index:SeededPostgres:a",
        "docker:index/remoteImage:RemoteImage:a-image",
        "docker:index/volume:Volume:a-0-data",
        "docker:index/volume:Volume:a-1-data",
        "docker:index/container:Container:a-0",
        "docker:index/container:Container:a-1",
      ]),
    );
    expect(names).toHaveLength(6);
    expect(byName("a-image").inputs.name).toBe("postgres:15");
  });
  it("gives each instance its own name, volume and port, bound to 127.0.0.1", () => {
    const [c0, c1] = [byName("a-0").inputs, byName("a-1").inputs];
    expect([c0.name, c1.name]).toEqual(["pgseed-test-a-0", "pgseed-test-a-1"]); // <project>-<stack>-: stacks never share a container
    expect(c0.ports).toEqual([{ internal: 5432, external: 6000, ip: "127.0.0.1" }]);
    expect(c1.ports).toEqual([{ internal: 5432, external: 6001, ip: "127.0.0.1" }]);
    expect(c0.volumes[0].volumeName).not.toBe(c1.volumes[0].volumeName);
    expect(c0.restart).toBe("unless-stopped");
    expect(c0.wait).toBe(true);
  });
  it("uploads the seed by source + sourceHash (never its content)", () => {
    expect(byName("a-0").inputs.uploads).toEqual([
      {
        file: "/docker-entrypoint-initdb.d/seed-db.sql",
        source: "/p/app/seed-db.sql",
        sourceHash: `sha256:${"b".repeat(64)}`,
      },
    ]);
  });
  it("is healthy only over TCP with the seed's marker, with no password in the command", () => {
    const [kind, cmd] = byName("a-0").inputs.healthcheck.tests;
    expect(kind).toBe("CMD-SHELL");
    expect(cmd).toContain("-h 127.0.0.1");
    expect(cmd).toContain(`'pgseed ${FP_A}'`);
    expect(cmd).toContain('PGPASSWORD="$POSTGRES_PASSWORD"');
  });
  it("a new fingerprint means a new volume and a replaced container", () => {
    expect(byName("a-0-data").inputs.name).toBe("pgseed-test-a-0-data-aaaaaaaaaaaa");
    expect(byName("b-0-data").inputs.name).toBe("pgseed-test-b-0-data-dddddddddddd");
    expect(byName("b-0").inputs.labels).toEqual([{ label: "pgseed.fingerprint", value: FP_B }]);
    expect(opts["a-0"]).toMatchObject({
      deleteBeforeReplace: true,
      replaceOnChanges: ["labels", "volumes", "uploads"],
    });
    expect(opts["a-0"].parent).toBe(dbA);
    expect(opts["a-0-data"].parent).toBe(dbA);
  });
  it("keep keeps the volume name and the container's seed, so migrations must run", async () => {
    expect(byName("k-0-data").inputs.name).toBe("pgseed-test-k-0-data");
    expect(opts["k-0-data"]).toMatchObject({ ignoreChanges: ["name"] });
    expect(opts["k-0"]).toMatchObject({ ignoreChanges: ["labels", "healthcheck", "uploads"] });
    expect(opts["k-0"].replaceOnChanges).toBeUndefined();
    expect(await promiseOf(dbKeep.fingerprints)).toEqual([FP_A]);
  });
  it("one docker provider per host, instances on each", () => {
    const providers = recorded.filter((r) => r.type === "pulumi:providers:docker");
    expect(providers.map((p) => [p.name, p.inputs.host])).toEqual([
      ["h-host-0", "ssh://deploy@db1"],
      ["h-host-1", "ssh://deploy@db2"],
    ]);
    expect(byName("h-h0-0").provider).toContain("h-host-0");
    expect(byName("h-h1-1").provider).toContain("h-host-1");
    expect(byName("h-image-h1").provider).toContain("h-host-1");
  });
  it("URLs and password are secrets; no secret in any plain input", async () => {
    const urls = await unwrap(dbHosts.urls as pulumi.Output<string[]>);
    expect(urls.secret).toBe(true);
    expect(urls.value).toEqual([
      `postgresql://app:${PW}@db1:5432/app`,
      `postgresql://app:${PW}@db1:5433/app`,
      `postgresql://app:${PW}@db2:5432/app`,
      `postgresql://app:${PW}@db2:5433/app`,
    ]);
    expect(isWrappedSecret(byName("a-0").inputs.envs)).toBe(true);
    for (const r of recorded) expect(plainText(r.inputs)).not.toContain(PW);
  });
});

describe("CiWorkflow", () => {
  it("writes the workflow file and the password secret per repository, one provider per owner", () => {
    const files = recorded.filter((r) => r.type === "github:index/repositoryFile:RepositoryFile");
    expect(
      files.map((f) => [
        f.name,
        f.inputs.repository,
        f.inputs.file,
        f.inputs.branch,
        f.inputs.overwriteOnCreate,
      ]),
    ).toEqual([
      ["ci-acme-one-workflow", "one", ".github/workflows/pgseed.yml", "main", true],
      ["ci-other-two-workflow", "two", ".github/workflows/pgseed.yml", "main", true],
    ]);
    expect(files[0].inputs.commitMessage).toContain(FP_A);
    expect(files[0].inputs.content).toContain("permissions:");
    expect(byName("ci-acme-one-workflow").provider).toContain("ci-owner-acme");
    const secrets = recorded.filter((r) => r.type === "github:index/actionsSecret:ActionsSecret");
    expect(secrets.map((s) => [s.name, s.inputs.secretName])).toEqual([
      ["ci-acme-one-password", "PGSEED_POSTGRES_PASSWORD"],
      ["ci-other-two-password", "PGSEED_POSTGRES_PASSWORD"],
    ]);
    for (const s of secrets) expect(isWrappedSecret(s.inputs.value)).toBe(true);
  });
  it("outputs the workflow paths", async () => {
    expect(await promiseOf(ci.paths)).toEqual([
      "acme/one:.github/workflows/pgseed.yml",
      "other/two:.github/workflows/pgseed.yml",
    ]);
  });
});

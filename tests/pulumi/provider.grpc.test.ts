/**
 * The SeedDump provider as `pulumi up` runs it: the serialized text from the resource's
 * __provider input, loaded by the real dynamic-provider host over gRPC on 127.0.0.1, with
 * cwd = the project folder, against real PostgreSQL and Django, on a temp copy of the example.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { Recorded, setupMocks, settled } from "./mocks";
import { resolveSettings } from "../../config";
import { seedDumpInputs } from "../../components/seedDumpOps";
import { pulumiTerms } from "../../components/terms";
import { sha256 } from "../../seed/core/hash";

const root = path.resolve(__dirname, "../..");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const { ResourceProviderClient } = require("@pulumi/pulumi/proto/provider_grpc_pb");
const URN = "urn:pulumi:test::pgseed::pulumi-nodejs:dynamic/pgseed:SeedDump::seed";

let tmp: string;
let appRel: string;
let host: ChildProcess;
let client: any;
let providerText: string;

const call = <T>(method: string, req: unknown): Promise<T> =>
  new Promise((resolve, reject) =>
    client[method](req, (err: Error | null, res: T) => (err ? reject(err) : resolve(res))),
  );
const struct = (o: object) => Struct.fromJavaScript(o as any);
const inputsNow = () => {
  const settings = { appDir: appRel, preset: "django", seed: "seed-db.sql", postgresVersion: 15 };
  const { fingerprint, files } = seedDumpInputs(resolveSettings(settings, root), root);
  return { settings, fingerprint, files, __provider: providerText };
};
const seedFile = () => path.join(tmp, "seed-db.sql");

beforeAll(async () => {
  // The host loads the compiled engine, as under `pulumi up`; `npm test` builds it first (pretest).
  if (!fs.existsSync(path.join(root, "dist/components/seedDumpOps.js"))) {
    throw new Error("dist/ is missing: run `npm run build` (npm test runs it before the tests)");
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-grpc-"));
  fs.cpSync(path.join(root, "examples/django-blog"), tmp, { recursive: true });
  fs.rmSync(seedFile()); // create must really build it
  appRel = path.relative(root, tmp);

  const recorded: Recorded[] = [];
  await setupMocks(recorded);
  const { SeedDump } = await import("../../components/seedDump");
  new SeedDump("seed", { settings: { appDir: appRel } });
  await settled();
  providerText = recorded.find((r) => r.name === "seed")!.inputs.__provider;
  expect(providerText).toContain("exports.handler");

  // The host takes the engine address as its argument (unused here) and prints its port.
  host = spawn(
    process.execPath,
    [path.join(root, "node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js"), "127.0.0.1:1"],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const port = await new Promise<string>((resolve, reject) => {
    host.stdout!.once("data", (d) => resolve(String(d).trim()));
    host.once("exit", (code) => reject(new Error(`provider host exited with ${code}`)));
  });
  client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  await call("configure", new provproto.ConfigureRequest().setArgs(struct({})));
}, 120000);

afterAll(() => {
  client?.close();
  host?.kill();
  fs.rmSync(tmp, { recursive: true, force: true });
});

let created: Record<string, any>;

test("check: accepts good inputs (saying what the seed file is), rejects bad ones in Pulumi's terms", async () => {
  const ok = await call<any>(
    "check",
    new provproto.CheckRequest().setUrn(URN).setOlds(struct({})).setNews(struct(inputsNow())),
  );
  expect(ok.getFailuresList()).toEqual([]);
  expect(ok.getInputs().toJavaScript().seedFile).toBe("missing");
  const bad = { ...inputsNow(), settings: { ...inputsNow().settings, preset: "rails" } };
  const res = await call<any>(
    "check",
    new provproto.CheckRequest().setUrn(URN).setOlds(struct({})).setNews(struct(bad)),
  );
  const reasons = res.getFailuresList().map((f: any) => f.getReason());
  let cliMessage = "";
  try {
    resolveSettings(bad.settings, root);
  } catch (err) {
    cliMessage = (err as Error).message;
  }
  expect(reasons).toEqual([pulumiTerms(cliMessage, "config")]);
  expect(reasons[0]).toContain('pgseed:preset must be one of django, alembic, custom, got "rails"');
  expect(res.getFailuresList()[0].getProperty()).toBe(""); // the engine prints no value dump
});

test("create: regenerates a real seed and reports it", async () => {
  const res = await call<any>(
    "create",
    new provproto.CreateRequest().setUrn(URN).setProperties(struct(inputsNow())),
  );
  created = res.getProperties().toJavaScript();
  const bytes = fs.readFileSync(seedFile());
  expect(created).toMatchObject({
    path: seedFile(),
    fingerprint: inputsNow().fingerprint,
    sha256: sha256(bytes),
    bytes: bytes.length,
    serverVersion: expect.stringMatching(/^15\./),
    migrationCount: expect.any(Number),
    settings: inputsNow().settings,
  });
  expect(created.__provider).toBe(providerText);
  expect(bytes.toString("utf8")).toContain(
    `COMMENT ON SCHEMA public IS 'pgseed ${created.fingerprint}'`,
  );
}, 300000);

const diff = async (olds: object) => {
  const res = await call<any>(
    "diff",
    new provproto.DiffRequest()
      .setUrn(URN)
      .setId("seed")
      .setOlds(struct(olds))
      .setNews(struct(inputsNow())),
  );
  return { changes: res.getChanges(), replaces: res.getReplacesList() };
};

test("diff: no change for the same inputs and file", async () => {
  expect(await diff(created)).toEqual({
    changes: provproto.DiffResponse.DiffChanges.DIFF_NONE,
    replaces: [],
  });
});

test("diff: a changed migration means an update (not a replace); update regenerates", async () => {
  const migration = path.join(tmp, "posts/migrations/0004_comment.py");
  fs.appendFileSync(migration, "\n# reviewed\n");
  expect(await diff(created)).toEqual({
    changes: provproto.DiffResponse.DiffChanges.DIFF_SOME,
    replaces: [],
  });
  const res = await call<any>(
    "update",
    new provproto.UpdateRequest()
      .setUrn(URN)
      .setId("seed")
      .setOlds(struct(created))
      .setNews(struct(inputsNow())),
  );
  const updated = res.getProperties().toJavaScript();
  expect(updated.fingerprint).toBe(inputsNow().fingerprint);
  expect(updated.fingerprint).not.toBe(created.fingerprint);
  expect(updated.sha256).toBe(sha256(fs.readFileSync(seedFile())));
  created = updated;
  expect((await diff(created)).changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_NONE);
}, 300000);

test("read: a hand-edited seed shows as drift, and diff then wants a regeneration", async () => {
  fs.appendFileSync(seedFile(), "-- edited by hand\n");
  const res = await call<any>(
    "read",
    new provproto.ReadRequest().setUrn(URN).setId("seed").setProperties(struct(created)),
  );
  const now = res.getProperties().toJavaScript();
  expect(now.sha256).toBe(sha256(fs.readFileSync(seedFile())));
  expect(now.sha256).not.toBe(created.sha256);
  expect(now.bytes).toBe(created.bytes + "-- edited by hand\n".length);
  expect(now.drift).toBe("its content hash does not match its header (edited by hand?)");
  expect(now.fingerprint).toBe(created.fingerprint);
  expect((await diff(now)).changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
  expect((await diff(created)).changes).toBe(provproto.DiffResponse.DiffChanges.DIFF_SOME);
});

test("delete: keeps the seed file", async () => {
  await call(
    "delete",
    new provproto.DeleteRequest().setUrn(URN).setId("seed").setProperties(struct(created)),
  );
  expect(fs.existsSync(seedFile())).toBe(true);
});

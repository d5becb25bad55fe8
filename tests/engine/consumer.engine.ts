/**
 * pgseed in a Pulumi project of its own, as a team adds it to theirs: a project outside this
 * repository (its own package.json and git repository, its Django app in backend/), pgseed
 * installed from the packed tarball (npm install <tarball>), a TypeScript program of a few lines
 * type-checked with tsc --noEmit, then the real Pulumi CLI: up (the seed written in the project's
 * app folder), a second up (no change), the same state from a copy of the project at another path
 * (another machine), a new migration (preview --diff names it; up regenerates), a seed edited by
 * hand and one deleted (preview --diff says which), a bad argument (one message, no stack trace),
 * destroy.
 */
import execa from "execa";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BIN, Project, counts, projectAt, pulumi, requireCli, serverTraces } from "./engine";
import { ROOT, installTarball, packPgseed } from "../adoption/pack";

/** docs/pulumi.md's walkthrough: its commands are the steps below, its program is the one run. */
const DOC = fs.readFileSync(path.join(ROOT, "docs/pulumi.md"), "utf8");
const PROGRAM = /```ts\n([\s\S]*?)```/.exec(DOC)![1];
const WALKTHROUGH = [
  "npm install --save-dev pgseed",
  "npx tsc --noEmit",
  "pulumi stack init dev",
  "pulumi up --yes",
  "pulumi preview --diff",
  "pulumi destroy --yes",
];
// Pulumi's TypeScript template's compiler options.
const TSCONFIG = {
  compilerOptions: {
    strict: true,
    outDir: "bin",
    target: "es2020",
    module: "commonjs",
    moduleResolution: "node",
    sourceMap: true,
    experimentalDecorators: true,
    pretty: true,
    noFallthroughCasesInSwitch: true,
    noImplicitReturns: true,
    forceConsistentCasingInFileNames: true,
  },
  files: ["index.ts", "engineUse.ts"],
};
// The Pulumi-free entry, type-checked too (not run by the program).
const ENGINE_USE = `import { computeFingerprint, fingerprintInput, resolveSettings } from "pgseed/engine";

export const fingerprintOf = (appDir: string): string =>
  computeFingerprint(fingerprintInput(resolveSettings({ appDir }, process.cwd()).engine)).fingerprint;
`;

let base: string;
let p: Project;
const STACK = ["--stack", "dev"];
const seedFile = () => path.join(p.app, "seed-db.sql");
const write = (dir: string, file: string, text: string) =>
  fs.writeFileSync(path.join(dir, file), text);

beforeAll(async () => {
  requireCli();
  base = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-engine-consumer-"));
  fs.chmodSync(base, 0o755); // the throwaway server's account must reach PGSEED_TMP under it
  const tarball = await packPgseed(base);
  const dir = path.join(base, "infra");
  const app = path.join(dir, "backend");
  fs.mkdirSync(dir);
  // The project's own: Pulumi's SDK, TypeScript and Node's types, at this repository's versions.
  const own = ["@pulumi/pulumi", "typescript", "@types/node"];
  const versions = require("../../package.json").devDependencies as Record<string, string>;
  const devDependencies = Object.fromEntries(own.map((n) => [n, versions[n]]));
  write(
    dir,
    "package.json",
    JSON.stringify({ name: "acme-infra", private: true, devDependencies }),
  );
  write(dir, "tsconfig.json", JSON.stringify(TSCONFIG, null, 2));
  write(
    dir,
    "Pulumi.yaml",
    "name: acme-infra\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n",
  );
  write(dir, "index.ts", PROGRAM);
  write(dir, "engineUse.ts", ENGINE_USE);
  fs.cpSync(path.join(ROOT, "examples/django-blog"), app, { recursive: true });
  fs.rmSync(path.join(app, "seed-db.sql"));
  await execa("git", ["init", "-q", dir]);
  await installTarball(dir, tarball);
  p = projectAt(base, dir, app, "consumer");
  expect((await pulumi(p, ["stack", "init", "dev"])).exitCode).toBe(0);
}, 600000);
afterAll(() => {
  p?.cleanup();
  if (base) fs.rmSync(base, { recursive: true, force: true });
});

test("docs/pulumi.md's walkthrough is this test's: the same commands, in order", () => {
  const commands = /```sh\n([\s\S]*?)```/
    .exec(DOC)![1]
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
  expect(commands).toEqual(WALKTHROUGH);
  expect(PROGRAM).toContain('new pgseed.Pgseed("db", { appDir: "backend", instances: 0 })');
});

test("pgseed comes from the tarball, with its files only; the program type-checks", async () => {
  const installed = path.join(p.dir, "node_modules/pgseed");
  expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
  expect(fs.readdirSync(installed).sort()).toEqual(
    ["LICENSE", "README.md", "bin", "dist", "package.json", "provider", "python"].sort(),
  );
  expect(require.resolve("pgseed", { paths: [p.dir] })).toBe(
    path.join(installed, "dist/lib/index.js"),
  );
  const tsc = await execa(path.join(p.dir, "node_modules/.bin/tsc"), ["--noEmit", "-p", p.dir], {
    reject: false,
    all: true,
  });
  expect(tsc.all).toBe("");
  expect(tsc.exitCode).toBe(0);
});

test("importing the library runs nothing and loads no provider SDK", async () => {
  const r = await execa(
    "node",
    [
      "-e",
      `require("pgseed"); console.log(Object.keys(require.cache).filter((f) => /@pulumi[\\\\/](docker|github|random)[\\\\/]/.test(f)).length)`,
    ],
    { cwd: p.dir, reject: false, all: true },
  );
  expect(r.all).toBe("0");
});

test("up builds the seed in the project's app folder and exports what it is", async () => {
  const r = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["+ 3 created"]);
  const text = fs.readFileSync(seedFile(), "utf8");
  const out = await pulumi(p, ["stack", "output", "--json", ...STACK]);
  const outputs = JSON.parse(out.output);
  expect(Object.keys(outputs).sort()).toEqual([
    "fingerprint",
    "migrations",
    "postgres",
    "seedBytes",
  ]);
  expect(text.split("\n", 2)[1]).toBe(`-- fingerprint: ${outputs.fingerprint}`);
  expect(outputs.seedBytes).toBe(Buffer.byteLength(text));
  expect(outputs.postgres).toMatch(/^15\.\d+$/);
  expect(outputs.migrations).toBeGreaterThanOrEqual(5);
});

test("a second up changes nothing and starts no server", async () => {
  const before = fs.readFileSync(seedFile());
  const tmp = p.freshPgTmp();
  const r = await pulumi(p, ["up", "--yes", ...STACK], { PGSEED_TMP: tmp });
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["3 unchanged"]);
  expect(fs.readFileSync(seedFile()).equals(before)).toBe(true);
  expect(serverTraces(tmp)).toEqual([]);
});

test("the state holds no path of the package: the project copied elsewhere previews no change", async () => {
  const state = await execa(path.join(BIN, "pulumi"), ["stack", "export", ...STACK], {
    cwd: p.dir,
    env: p.env,
  });
  // The seed's own path is there (where it was built); the installed package's is not.
  expect(state.stdout).not.toContain(path.join(p.dir, "node_modules"));
  expect(state.stdout).not.toContain(ROOT);
  // Another machine: the same project and backend at another absolute path.
  const elsewhere: Project = { ...p, dir: path.join(base, "elsewhere") };
  fs.cpSync(p.dir, elsewhere.dir, { recursive: true, verbatimSymlinks: true });
  try {
    const r = await pulumi(elsewhere, ["preview", ...STACK]);
    expect(r.exitCode).toBe(0);
    expect(counts(r.output)).toEqual(["3 unchanged"]);
  } finally {
    fs.rmSync(elsewhere.dir, { recursive: true, force: true });
  }
});

test("a new migration: preview --diff names the file; up regenerates", async () => {
  fs.writeFileSync(
    path.join(p.app, "posts/migrations/0006_consumer_note.py"),
    'from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("posts", "0005_post_constraints_sql")]\n    operations = [migrations.RunSQL("CREATE TABLE consumer_note (id int)", "DROP TABLE consumer_note")]\n',
  );
  const preview = await pulumi(p, ["preview", "--diff", ...STACK]);
  expect(preview.exitCode).toBe(0);
  expect(counts(preview.output)).toEqual(["~ 1 to update", "2 unchanged"]);
  expect(preview.output).toMatch(
    /~ fingerprint\s*: "sha256:[0-9a-f]{64}" => "sha256:[0-9a-f]{64}"/,
  );
  expect(preview.output).toMatch(
    /\+ "?posts\/migrations\/0006_consumer_note\.py"?\s*: "[0-9a-f]{12}"/,
  );
  const up = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(up.exitCode).toBe(0);
  expect(counts(up.output)).toEqual(["~ 1 updated", "2 unchanged"]);
  expect(fs.readFileSync(seedFile(), "utf8")).toContain("CREATE TABLE public.consumer_note");
});

test("a seed edited by hand, then deleted: preview --diff says which, up rebuilds it", async () => {
  const good = fs.readFileSync(seedFile(), "utf8");
  fs.appendFileSync(seedFile(), "INSERT INTO posts_tag (name) VALUES ('by hand');\n");
  const edited = await pulumi(p, ["preview", "--diff", ...STACK]);
  expect(edited.exitCode).toBe(0);
  expect(counts(edited.output)).toEqual(["~ 1 to update", "2 unchanged"]);
  expect(edited.output).toMatch(/~ seedFile\s*: "intact" => "edited by hand"/);
  fs.rmSync(seedFile());
  const deleted = await pulumi(p, ["preview", "--diff", ...STACK]);
  expect(deleted.exitCode).toBe(0);
  expect(deleted.output).toMatch(/~ seedFile\s*: "intact" => "missing"/);
  const up = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(up.exitCode).toBe(0);
  expect(fs.readFileSync(seedFile(), "utf8")).toBe(good);
});

test("a bad argument: one message naming the resource and the fix, no stack trace", async () => {
  write(p.dir, "index.ts", PROGRAM.replace("instances: 0", "instances: 0, postgresVersion: 99"));
  try {
    const r = await pulumi(p, ["preview", ...STACK]);
    expect(r.exitCode).not.toBe(0);
    const problem = "postgresVersion 99 is not a supported PostgreSQL major (12-18)";
    expect(r.output.split(problem)).toHaveLength(2); // once
    expect(r.output).toMatch(/pgseed:index:Pgseed \(db\):\s*\n\s*error: invalid settings:/);
    expect(r.output).toContain("fix: correct the arguments above");
    expect(r.output).not.toMatch(/^\s+at /m);
    expect(r.output).not.toMatch(/\x1b\[/); // eslint-disable-line no-control-regex
    expect(r.output).not.toContain("PgseedError");
  } finally {
    write(p.dir, "index.ts", PROGRAM);
  }
});

test("destroy removes the stack's resources and leaves the seed", async () => {
  const r = await pulumi(p, ["destroy", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["- 3 deleted"]);
  expect(fs.existsSync(seedFile())).toBe(true);
});

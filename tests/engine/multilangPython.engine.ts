/**
 * pgseed from a Pulumi Python program, through the multi-language package of pgseed installed
 * from its packed tarball (npm install in the project, as a Python team without a checkout would
 * get it), under the real CLI, our minimal Python language host and the `pulumi` PyPI package at
 * the CLI's version (both from scripts/build-pulumi.sh): `pulumi package get-schema`, `pulumi
 * package add ./node_modules/pgseed/provider` (the Python SDK generated and installed in the
 * project's virtualenv), then a seed-only life cycle: up (the seed written in the project's app
 * folder), a second up (no change, no server), destroy (the seed stays).
 */
import execa from "execa";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { BIN, Project, pulumi } from "./engine";
import { SETTINGS, consumerProject, lifeCycle, requireTools, schemaOf } from "./multilang";
import { installTarball, packPgseed } from "../adoption/pack";

/** The Python SDK's virtualenv that scripts/build-pulumi.sh makes next to the CLI's folder. */
const SDK_VENV = path.join(
  path.dirname(path.dirname(BIN)),
  "venvs",
  path.basename(path.dirname(BIN)),
);
const PLUGIN = "./node_modules/pgseed/provider";

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const PROGRAM = [
  "import pulumi",
  "import pulumi_pgseed as pgseed",
  "",
  `db = pgseed.Pgseed("db", ${Object.entries(SETTINGS)
    .map(([k, v]) => `${snake(k)}=${JSON.stringify(v)}`)
    .join(", ")})`,
  ...["fingerprint", "migrationCount", "seedBytes", "serverVersion"].map(
    (k) => `pulumi.export("${k}", db.${snake(k)})`,
  ),
  "",
].join("\n");
const PROJECT = {
  name: "seed-python",
  runtime: { name: "python", options: { virtualenv: "venv" } },
};

let p: Project;
const venvPython = () => path.join(p.dir, "venv/bin/python");

/**
 * The project's virtualenv: made by the SDK virtualenv's Python, with a .pth line that puts the
 * SDK's site-packages after its own (pulumi, parver, wheel), so `package add` installs the
 * generated SDK into this project only.
 */
async function makeVenv(dir: string): Promise<void> {
  const py = path.join(SDK_VENV, "bin/python");
  const site = "import sysconfig; print(sysconfig.get_paths()['purelib'])";
  await execa(py, ["-m", "venv", path.join(dir, "venv")]);
  const sdkSite = (await execa(py, ["-c", site])).stdout.trim();
  const ownSite = (await execa(path.join(dir, "venv/bin/python"), ["-c", site])).stdout.trim();
  fs.writeFileSync(path.join(ownSite, "pulumi-sdk.pth"), `${sdkSite}\n`);
}

beforeAll(async () => {
  requireTools("Python", [
    "pulumi-language-python",
    "pulumi-language-python-exec",
    path.join(SDK_VENV, "bin/python"),
  ]);
  p = consumerProject("multilang-python", {
    "Pulumi.yaml": yaml.dump(PROJECT),
    "__main__.py": PROGRAM,
    // Node.js runs the plugin: pgseed and the Pulumi Node.js SDK it runs on (an optional peer).
    "package.json": JSON.stringify({
      name: "infra-tools",
      private: true,
      devDependencies: {
        "@pulumi/pulumi": require("../../package.json").devDependencies["@pulumi/pulumi"],
      },
    }),
  });
  const tarball = await packPgseed(fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-pack-")));
  await installTarball(p.dir, tarball);
  fs.rmSync(path.dirname(tarball), { recursive: true, force: true });
  await makeVenv(p.dir);
  expect((await pulumi(p, ["stack", "init", "dev"])).exitCode).toBe(0);
}, 600000);
afterAll(() => p?.cleanup());

test("the packed package ships the plugin; get-schema prints the Pgseed component's schema", async () => {
  const installed = path.join(p.dir, PLUGIN);
  expect(fs.readdirSync(installed).sort()).toEqual([
    "PulumiPlugin.yaml",
    "dynamic.ts",
    "index.ts",
    "package.json",
    "pgseed.ts",
    "tsconfig.json",
  ]);
  // No sources of the library ship: the schema comes from its declarations (dist/lib).
  expect(fs.existsSync(path.join(p.dir, "node_modules/pgseed/lib"))).toBe(false);
  await schemaOf(p, PLUGIN);
});

test("package add generates the Python SDK and installs it in the project's virtualenv", async () => {
  const r = await pulumi(p, ["package", "add", PLUGIN]);
  expect(r.exitCode).toBe(0);
  expect(r.output).toContain("import pulumi_pgseed as pgseed");
  const project = yaml.load(fs.readFileSync(path.join(p.dir, "Pulumi.yaml"), "utf8")) as any;
  expect(Object.keys(project.packages)).toEqual(["pgseed"]);
  expect(fs.readFileSync(path.join(p.dir, "requirements.txt"), "utf8")).toBe("sdks/pgseed\n");
  const sdk = await execa(venvPython(), ["-c", "import pulumi_pgseed as m; print(m.Pgseed)"], {
    reject: false,
    all: true,
  });
  expect(sdk.all).toBe("<class 'pulumi_pgseed.pgseed.Pgseed'>");
});

lifeCycle(() => p);

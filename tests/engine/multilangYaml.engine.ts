/**
 * pgseed from a Pulumi YAML program, through the multi-language package (provider/) of a pgseed
 * checkout, under the real CLI and the real YAML language host (pulumi-yaml, built by
 * scripts/build-pulumi.sh): a project outside the repository with no node_modules and no
 * package.json, `pulumi package get-schema` and `pulumi package add` of the checkout's provider/,
 * then a seed-only life cycle: up (the seed written in the project's app folder), a second up (no
 * change, no server), destroy (the seed stays).
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { Project, makeProject, pulumi } from "./engine";
import { SETTINGS, VERSION, consumerProject, lifeCycle, requireTools, schemaOf } from "./multilang";

const PROGRAM = {
  name: "seed-yaml",
  runtime: "yaml",
  resources: { db: { type: "pgseed:index:Pgseed", properties: SETTINGS } },
  outputs: Object.fromEntries(
    ["fingerprint", "migrationCount", "seedBytes", "serverVersion"].map((k) => [k, `\${db.${k}}`]),
  ),
};

let checkout: Project;
let p: Project;
let plugin: string;

beforeAll(async () => {
  requireTools("YAML", ["pulumi-language-yaml"]);
  // A pgseed checkout (this work tree copied and built): its provider/ is the plugin.
  checkout = await makeProject("multilang-yaml-checkout");
  plugin = path.join(checkout.dir, "provider");
  p = consumerProject("multilang-yaml", { "Pulumi.yaml": yaml.dump(PROGRAM) });
  expect((await pulumi(p, ["stack", "init", "dev"])).exitCode).toBe(0);
}, 600000);
afterAll(() => {
  p?.cleanup();
  checkout?.cleanup();
});

test("the project is YAML only: no Node.js files of its own", () => {
  const nodeFiles = ["package.json", "node_modules", "tsconfig.json"];
  expect(fs.readdirSync(p.dir).filter((n) => nodeFiles.includes(n))).toEqual([]);
  expect(fs.readdirSync(p.dir)).toContain("Pulumi.yaml");
});

test("get-schema prints the Pgseed component's schema from the checkout's provider/", async () => {
  await schemaOf(p, plugin);
});

test("package add records the package in Pulumi.yaml and writes its YAML lock file", async () => {
  const r = await pulumi(p, ["package", "add", plugin]);
  expect(r.exitCode).toBe(0);
  expect(r.output).toContain("Added package pgseed");
  const project = yaml.load(fs.readFileSync(path.join(p.dir, "Pulumi.yaml"), "utf8")) as any;
  expect(project.packages).toEqual({ pgseed: plugin });
  expect(fs.readdirSync(path.join(p.dir, "sdks/pgseed"))).toEqual([`pgseed-${VERSION}.yaml`]);
});

lifeCycle(() => p);

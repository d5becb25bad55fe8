/**
 * The real Pulumi CLI refuses a stack before the program runs when Pulumi.yaml declares a key with
 * no default that the stack does not set ("Stack 'dev' is missing configuration value ..."), or a
 * secret key whose value is not encrypted. engineStackConfig (mocks.ts) applies the engine's rules;
 * here every example stack must pass them, and a bad Pulumi.yaml must fail them.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as yaml from "js-yaml";
import { engineStackConfig } from "./mocks";

const root = path.resolve(__dirname, "../..");
const stacks = fs
  .readdirSync(root)
  .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
  .map((f) => f.slice("Pulumi.".length, -".yaml".length));
const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as {
  config: Record<string, any>;
};

test("the example stacks are there", () => {
  expect(stacks).toEqual(expect.arrayContaining(["dev", "ci-fleet", "multi", "seed-only"]));
});

test.each(stacks)(
  "stack %s: every key without a default is set, secrets are encrypted, types hold",
  (stack) => {
    const { config } = engineStackConfig(root, stack);
    // Every declared key reaches the program, from the stack or from its default.
    for (const key of Object.keys(project.config)) expect(config).toHaveProperty(`pgseed:${key}`);
  },
);

test("no typed key without a default unless every stack sets it", () => {
  const setBy = (stack: string) => {
    const doc = yaml.load(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as any;
    return new Set(
      Object.keys(doc?.config ?? {}).map((k) => (k.includes(":") ? k : `pgseed:${k}`)),
    );
  };
  const offenders = Object.entries(project.config)
    .filter(
      ([, d]) => d && typeof d === "object" && d.default === undefined && d.value === undefined,
    )
    .flatMap(([key]) =>
      stacks.filter((s) => !setBy(s).has(`pgseed:${key}`)).map((s) => `${key} (not set by ${s})`),
    );
  expect(offenders).toEqual([]);
});

describe("the engine's rules, on a scratch project", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-stackcfg-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (projectConfig: object, stackConfig: object) => {
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      yaml.dump({ name: "pgseed", runtime: "nodejs", config: projectConfig }),
    );
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), yaml.dump({ config: stackConfig }));
  };

  test("a typed key without a default that the stack does not set is missing", () => {
    write(
      {
        image: { type: "string" },
        migrations: { type: "array", items: { type: "string" } },
        seed: { type: "string", default: "s.sql" },
      },
      {},
    );
    expect(() => engineStackConfig(dir, "dev")).toThrow(
      "Stack 'dev' is missing configuration values 'image' and 'migrations'",
    );
  });

  test("an untyped key without a default is missing too (dropping `type` does not help)", () => {
    write({ image: { description: "x" } }, {});
    expect(() => engineStackConfig(dir, "dev")).toThrow(
      "Stack 'dev' is missing configuration value 'image'",
    );
  });

  test("a secret key with a plain default, or a plain stack value, is refused", () => {
    write({ postgresPassword: { type: "string", secret: true, default: "" } }, {});
    expect(() => engineStackConfig(dir, "dev")).toThrow(
      "configuration key 'postgresPassword' must be encrypted",
    );
    write(
      { postgresPassword: { type: "string", secret: true } },
      { "pgseed:postgresPassword": { secure: "v1:abc" } },
    );
    expect(engineStackConfig(dir, "dev")).toEqual({
      config: {},
      secure: ["pgseed:postgresPassword"],
    });
  });

  test("defaults fill in, stack values win, values reach the program as strings", () => {
    write(
      {
        instances: { type: "integer", default: 1 },
        migrations: { type: "array", items: { type: "string" }, default: [] },
        appDir: ".",
      },
      { "pgseed:instances": 0, "docker:host": "unix:///x" },
    );
    expect(engineStackConfig(dir, "dev").config).toEqual({
      "pgseed:instances": "0",
      "pgseed:migrations": "[]",
      "pgseed:appDir": ".",
      "docker:host": "unix:///x",
    });
  });

  test("a value of the wrong type is refused", () => {
    write({ instances: { type: "integer", default: 1 } }, { "pgseed:instances": "many" });
    expect(() => engineStackConfig(dir, "dev")).toThrow(
      "Stack 'dev' with configuration key 'instances' must be of type 'integer'",
    );
  });
});

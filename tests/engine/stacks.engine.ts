/**
 * Every example stack under the real Pulumi CLI, and the CLI's own config rules on them (what the
 * mock tests no longer re-implement): Pulumi.yaml's defaults merged under the stack's values, a
 * declared key without a default refused, a value of the wrong type refused, before the program
 * runs; pgseed's own checks after it (a bad value, an old key: one message, no stack trace).
 * The docker, random and github provider plugins cannot be had here (the Go module proxy refuses
 * their provider modules and no binary download is possible), so a stack that needs one stops at
 * pgseed's own message naming the plugin and `pulumi plugin install … --file`; those resources
 * stay covered by the mock tests.
 */
import * as fs from "fs";
import * as path from "path";
import { Project, counts, makeProject, pulumi, registrations } from "./engine";

const SEED_DUMP = "pulumi-nodejs:dynamic/pgseed:SeedDump::pgseed-seed";
/** The plugins each stack needs, in the order the program asks for them. */
const STACKS: Array<{ stack: string; env?: Record<string, string>; plugins: string[] }> = [
  { stack: "dev", plugins: ["random", "docker"] },
  { stack: "multi", plugins: ["random", "docker"] },
  // The token is a placeholder: the preview stops before any GitHub call.
  {
    stack: "ci-fleet",
    env: { GITHUB_TOKEN: "ghp_engine-tier-placeholder" },
    plugins: ["random", "github"],
  },
  { stack: "seed-only", plugins: [] },
];
const VERSIONS: Record<string, string> = {
  random: require("@pulumi/random/package.json").version,
  docker: require("@pulumi/docker/package.json").version,
  github: require("@pulumi/github/package.json").version,
};

let p: Project;
beforeAll(async () => {
  p = await makeProject("stacks");
});
afterAll(() => p?.cleanup());

async function preview(stack: string, env: Record<string, string> = {}, label = "preview") {
  const grpcLog = path.join(path.dirname(p.dir), `grpc-${stack}-${label}.json`);
  const r = await pulumi(p, ["preview", "--diff", "--stack", stack], {
    ...env,
    PULUMI_DEBUG_GRPC: grpcLog,
  });
  const registered = registrations(grpcLog);
  fs.rmSync(grpcLog, { force: true });
  return { r, registered };
}

/** pgseed's message for a missing plugin, and that nothing but pgseed's text was printed. */
function expectPluginMessage(output: string, plugin: string) {
  const v = VERSIONS[plugin];
  expect(output).toMatch(
    new RegExp(
      `needs the Pulumi ${plugin} provider plugin ${v.replace(/\./g, "\\.")}, which is not installed`,
    ),
  );
  expect(output).toContain(`pulumi plugin install resource ${plugin} ${v} --file`);
  expect(output).not.toMatch(/no resource plugin 'pulumi-resource-/); // the CLI's own, generic one
  expect(output).not.toMatch(/^\s+at /m);
}

test.each(STACKS)(
  "stack $stack: config accepted, the program runs; a missing plugin is named with its install command",
  async ({ stack, env, plugins }) => {
    expect((await pulumi(p, ["stack", "init", stack])).exitCode).toBe(0);
    const first = await preview(stack, env, "as-shipped");
    expect(first.r.output).not.toMatch(/is missing configuration value|must be of type/);
    expect(first.registered).toContain(SEED_DUMP);
    if (plugins.length === 0) {
      expect(first.r.exitCode).toBe(0);
      expect(counts(first.r.output)).toEqual(["+ 3 to create"]);
      return;
    }
    expect(first.r.exitCode).not.toBe(0);
    expectPluginMessage(first.r.output, plugins[0]);
    // With a password in the stack there is none to generate: the next plugin is named.
    const set = await pulumi(p, [
      "config",
      "set",
      "--secret",
      "postgresPassword",
      "pw",
      "--stack",
      stack,
    ]);
    expect(set.exitCode).toBe(0);
    const second = await preview(stack, env, "with-password");
    expect(second.r.exitCode).not.toBe(0);
    expectPluginMessage(second.r.output, plugins[1]);
    process.stdout.write(
      `\n[engine tier] stack ${stack}: config accepted, SeedDump registered; the preview stops at pgseed's message for the missing plugins ${plugins.join(" and ")} (not buildable here: scripts/build-pulumi.sh)\n`,
    );
  },
);

test("a missing plugin where downloads are allowed but the host is unreachable: the same message", async () => {
  const r = await preview(
    "dev",
    { PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "false" },
    "online",
  );
  expect(r.r.exitCode).not.toBe(0);
  expectPluginMessage(r.r.output, "docker");
  expect(r.r.output).toMatch(/cannot be downloaded here \(get\.pulumi\.com cannot be reached: /);
});

test("Pulumi.yaml's defaults reach the program, under the stack's own values", async () => {
  const set = await pulumi(p, [
    "config",
    "set",
    "pgseed:migrateTimeout",
    "900",
    "--stack",
    "seed-only",
  ]);
  expect(set.exitCode).toBe(0);
  const { r } = await preview("seed-only", {}, "merged");
  expect(r.exitCode).toBe(0);
  expect(r.output).toMatch(/migrateTimeout\s*: 900/); // the stack's
  expect(r.output).toMatch(/seed\s*: "seed-db\.sql"/); // Pulumi.yaml's default
  expect(r.output).toMatch(/appDir\s*: "examples\/django-blog"/); // Pulumi.seed-only.yaml's
});

describe("settings the CLI or pgseed refuses", () => {
  const STACK = ["--stack", "seed-only"];
  afterEach(async () => {
    for (const key of ["pgseed:migrateTimeout", "pgseed:keepData"])
      await pulumi(p, ["config", "rm", key, ...STACK]);
  });

  test("a declared key without a default that the stack does not set: refused before the program", async () => {
    const file = path.join(p.dir, "Pulumi.yaml");
    const good = fs.readFileSync(file, "utf8");
    fs.writeFileSync(
      file,
      good.replace(
        /\nconfig:\n/,
        "\nconfig:\n  newSetting:\n    type: string\n    description: added without a default\n",
      ),
    );
    try {
      const { r, registered } = await preview("seed-only", {}, "no-default");
      expect(r.exitCode).not.toBe(0);
      expect(r.output).toContain(
        "error: validating stack config: Stack 'seed-only' is missing configuration value 'newSetting'",
      );
      expect(registered).toEqual([]);
    } finally {
      fs.writeFileSync(file, good);
    }
  });

  test("a value of the wrong type: refused by the CLI before the program", async () => {
    await pulumi(p, ["config", "set", "pgseed:migrateTimeout", "soon", ...STACK]);
    const { r, registered } = await preview("seed-only", {}, "wrong-type");
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain("configuration key 'migrateTimeout' must be of type 'integer'");
    expect(registered).toEqual([]);
  });

  test("a bad value: pgseed's one message in config terms, no stack trace, no object dump", async () => {
    await pulumi(p, ["config", "set", "pgseed:migrateTimeout", "0", ...STACK]);
    const { r } = await preview("seed-only", {}, "bad-value");
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(
      /pgseed:index:Pgseed: \(create\)\n.*\n\s*error: invalid settings:\n\s*- pgseed:migrateTimeout must be at least 1 second, got 0\n\s*fix: correct the values above: pulumi config set pgseed:<key> <value> for each/,
    );
    expect(r.output.split("must be at least 1 second")).toHaveLength(2);
    expect(r.output).not.toMatch(/^\s+at /m);
    expect(r.output).not.toMatch(/PgseedError|exitCode|\x1b\[/); // eslint-disable-line no-control-regex
  });

  test("an old key (keepData): named with what replaced it, before any child resource", async () => {
    await pulumi(p, ["config", "set", "pgseed:keepData", "true", ...STACK]);
    const { r, registered } = await preview("seed-only", {}, "old-key");
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toContain("keepData was replaced by onSeedChange: set onSeedChange: keep");
    expect(r.output).not.toMatch(/^\s+at /m);
    expect(registered).not.toContain(SEED_DUMP);
  });
});

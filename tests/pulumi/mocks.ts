/** Pulumi mocks for the unit tests: records every resource; SeedDump never regenerates here. */
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider: string;
}

export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const isWrappedSecret = (v: any) =>
  v && typeof v === "object" && v["4dabf18193072939515e22adb298388d"] === SECRET_SIG;

/** Every plain (non-secret) leaf of an input tree, as JSON text. */
export function plainText(value: any): string {
  if (isWrappedSecret(value)) return "";
  if (Array.isArray(value)) return value.map(plainText).join("\n");
  if (value && typeof value === "object")
    return Object.entries(value)
      .map(([k, v]) => `${k}=${plainText(v)}`)
      .join("\n");
  return JSON.stringify(value);
}

export const FAKE_SEED = {
  sha256: `sha256:${"b".repeat(64)}`,
  bytes: 1234,
  serverVersion: "15.8",
  migrationCount: 7,
};

/**
 * A PULUMI_HOME whose plugin cache holds the docker, github and random plugins the installed SDKs
 * ask for (empty folders: under mocks nothing runs them), so the components' plugin check passes.
 */
export function pluginHome(plugins = ["docker", "github", "random"]): string {
  const home = fs.mkdtempSync(path.join(require("os").tmpdir(), "pgseed-pulumi-home-"));
  for (const name of plugins) {
    const { version } = require(`@pulumi/${name}/package.json`) as { version: string };
    fs.mkdirSync(path.join(home, "plugins", `resource-${name}-v${version}`), { recursive: true });
  }
  return home;
}

/**
 * Records every resource. `outputs` may give a resource other outputs than its inputs: what its
 * provider would report (an instance's marker, a container's label kept by ignoreChanges).
 */
export async function setupMocks(
  recorded: Recorded[],
  stack = "test",
  outputs: (type: string, name: string) => Record<string, any> | undefined = () => undefined,
): Promise<void> {
  process.env.PULUMI_HOME ??= pluginHome();
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({
          type: args.type,
          name: args.name,
          inputs: args.inputs,
          provider: args.provider ?? "",
        });
        const state: Record<string, any> = { ...args.inputs };
        if (args.type === "pulumi-nodejs:dynamic/pgseed:SeedDump") {
          Object.assign(state, FAKE_SEED, {
            path: `/project/${args.inputs.settings.appDir}/${args.inputs.settings.seed}`,
          });
        }
        if (args.type === "docker:index/remoteImage:RemoteImage")
          state.imageId = `sha256:${"c".repeat(64)}`;
        if (args.type === "random:index/randomPassword:RandomPassword")
          state.result = pulumi.secret("generated-pw-XYZ");
        Object.assign(state, outputs(args.type, args.name));
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "pgseed",
    stack,
    false,
  );
}

/**
 * The stack file's own values (Pulumi.<stack>.yaml), as the engine hands them to a program:
 * strings, objects and arrays as JSON. Pulumi.yaml's defaults are the settings' declared defaults
 * (tests/pulumi/project.test.ts keeps them equal), which the program applies itself; how the real
 * CLI merges and validates the two is the engine tier's (tests/engine/stacks.engine.ts).
 */
export function stackFileConfig(stack: string, root = process.cwd()): Record<string, string> {
  const doc = yaml.load(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as {
    config?: Record<string, unknown>;
  } | null;
  return Object.fromEntries(
    Object.entries(doc?.config ?? {}).map(([k, v]) => [
      k.includes(":") ? k : `pgseed:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
}

/** Sets the mock config to the stack file's values plus `extra` (secrets listed in secretKeys). */
export function setStackConfig(
  stack: string,
  extra: Record<string, string> = {},
  secretKeys: string[] = [],
): void {
  pulumi.runtime.setAllConfig({ ...stackFileConfig(stack), ...extra }, secretKeys);
}

/**
 * Resolves once every registration the program started has reached the mocks (the SDK's own count
 * of outstanding RPCs), including those started meanwhile: no sleep, no resource left behind.
 */
export const settled = (): Promise<void> =>
  (require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> }).waitForRPCs();

export const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => o.apply(resolve));

/** Resolves an output with its secretness. */
export async function unwrap<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  return { value: await promiseOf(o), secret: await pulumi.isSecret(o) };
}

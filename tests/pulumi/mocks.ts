/** Pulumi mocks for the unit tests: records every resource; SeedDump never regenerates here. */
import * as pulumi from "@pulumi/pulumi";
import { readStackSettings } from "../../config";

export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>;
  provider: string;
}

export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const isWrappedSecret = (v: any) => v && typeof v === "object" && v["4dabf18193072939515e22adb298388d"] === SECRET_SIG;

/** Every plain (non-secret) leaf of an input tree, as JSON text. */
export function plainText(value: any): string {
  if (isWrappedSecret(value)) return "";
  if (Array.isArray(value)) return value.map(plainText).join("\n");
  if (value && typeof value === "object") return Object.entries(value).map(([k, v]) => `${k}=${plainText(v)}`).join("\n");
  return JSON.stringify(value);
}

export const FAKE_SEED = { sha256: `sha256:${"b".repeat(64)}`, bytes: 1234, serverVersion: "15.8", migrationCount: 7 };

export async function setupMocks(recorded: Recorded[], stack = "test"): Promise<void> {
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs, provider: args.provider ?? "" });
        const state: Record<string, any> = { ...args.inputs };
        if (args.type === "pulumi-nodejs:dynamic/pgseed:SeedDump") {
          Object.assign(state, FAKE_SEED, { path: `/project/${args.inputs.settings.appDir}/${args.inputs.settings.seed}` });
        }
        if (args.type === "docker:index/remoteImage:RemoteImage") state.imageId = `sha256:${"c".repeat(64)}`;
        if (args.type === "random:index/randomPassword:RandomPassword") state.result = pulumi.secret("generated-pw-XYZ");
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "pgseed",
    stack,
    false,
  );
}

/** Sets the mock config from Pulumi.yaml defaults + Pulumi.<stack>.yaml, as the CLI would see it. */
export function setStackConfig(stack: string, extra: Record<string, string> = {}, secretKeys: string[] = []): void {
  const raw = readStackSettings(process.cwd(), stack);
  const config: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) config[`pgseed:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
  pulumi.runtime.setAllConfig({ ...config, ...extra }, secretKeys);
}

export const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

/** Resolves an output with its secretness. */
export async function unwrap<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  return { value: await promiseOf(o), secret: await pulumi.isSecret(o) };
}

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

export async function setupMocks(recorded: Recorded[], stack = "test"): Promise<void> {
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
        return { id: `${args.name}-id`, state };
      },
      call: (args) => args.inputs,
    },
    "pgseed",
    stack,
    false,
  );
}

interface ConfigDecl {
  type?: string;
  default?: unknown;
  value?: unknown;
  secret?: boolean;
  items?: { type?: string };
}

const typeOk = (type: string | undefined, items: ConfigDecl["items"], v: unknown): boolean => {
  if (type === undefined) return true;
  if (type === "string") return typeof v === "string";
  if (type === "integer")
    return Number.isInteger(v) || (typeof v === "string" && /^-?\d+$/.test(v));
  if (type === "boolean") return typeof v === "boolean" || v === "true" || v === "false";
  if (type === "array")
    return Array.isArray(v) && v.every((x) => typeOk(items?.type, undefined, x));
  return true;
};

/**
 * The config the engine hands the program, computed the way the Pulumi CLI does it
 * (sdk/go/common/workspace mergeConfig + validateStackConfigValues): the stack file's values, plus
 * the default of each Pulumi.yaml key the stack does not set; a project key that has neither is
 * "missing", a secret key must be encrypted, a typed key must hold its type. Values reach the
 * program as strings (objects and arrays as JSON); encrypted values are left out (the tests pass
 * their own). Throws the engine's own message on the first stack that it would refuse.
 */
export function engineStackConfig(
  projectDir: string,
  stack: string,
): { config: Record<string, string>; secure: string[] } {
  const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config?: Record<string, unknown>;
  };
  const stackFile = path.join(projectDir, `Pulumi.${stack}.yaml`);
  const values = ((
    yaml.load(fs.readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null
  )?.config ?? {}) as Record<string, unknown>;
  const ns = project.name;
  const full = (key: string) => (key.includes(":") ? key : `${ns}:${key}`);
  const stackValues = new Map(Object.entries(values).map(([k, v]) => [full(k), v] as const));
  const isSecure = (v: unknown) =>
    !!v && typeof v === "object" && !Array.isArray(v) && "secure" in (v as object);

  const config: Record<string, string> = {};
  const secure: string[] = [];
  for (const [key, v] of stackValues) {
    if (isSecure(v)) secure.push(key);
    else config[key] = typeof v === "string" ? v : JSON.stringify(v);
  }
  const missing: string[] = [];
  const problems: string[] = [];
  for (const key of Object.keys(project.config ?? {}).sort()) {
    const raw = project.config![key];
    // Short form `key: value` is a default of that value.
    const decl: ConfigDecl =
      raw && typeof raw === "object" && !Array.isArray(raw)
        ? (raw as ConfigDecl)
        : { default: raw };
    const k = full(key);
    const has = stackValues.has(k);
    const hasDefault = decl.default !== undefined && decl.default !== null;
    const hasValue = decl.value !== undefined && decl.value !== null;
    if (!has && !hasDefault && !hasValue && k.startsWith(`${ns}:`)) {
      missing.push(key);
      continue;
    }
    const value = has ? stackValues.get(k) : hasDefault ? decl.default : decl.value;
    if (!has) config[k] = typeof value === "string" ? value : JSON.stringify(value);
    if (decl.secret && !(has && isSecure(value)))
      problems.push(
        `Stack '${stack}' with configuration key '${key}' must be encrypted as it's secret`,
      );
    else if (decl.type && !isSecure(value) && !typeOk(decl.type, decl.items, value)) {
      problems.push(
        `Stack '${stack}' with configuration key '${key}' must be of type '${decl.type}'`,
      );
    }
  }
  if (missing.length) {
    const names = missing.map((m) => `'${m}'`);
    const list =
      names.length === 1
        ? names[0]
        : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    throw new Error(
      `Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ${list}`,
    );
  }
  if (problems.length) throw new Error(problems[0]);
  return { config, secure };
}

/**
 * Sets the mock config to what the real engine would hand index.ts for this stack (plus `extra`).
 */
export function setStackConfig(
  stack: string,
  extra: Record<string, string> = {},
  secretKeys: string[] = [],
): void {
  const { config } = engineStackConfig(process.cwd(), stack);
  pulumi.runtime.setAllConfig({ ...config, ...extra }, secretKeys);
}

export const promiseOf = <T>(o: pulumi.Output<T>): Promise<T> =>
  new Promise((resolve) => o.apply(resolve));

/** Resolves an output with its secretness. */
export async function unwrap<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
  return { value: await promiseOf(o), secret: await pulumi.isSecret(o) };
}

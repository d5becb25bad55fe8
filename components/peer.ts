/**
 * Pulumi provider SDKs are peer dependencies of pgseed: a program installs those it uses (a
 * seed-only program needs none of docker, github and random). Loaded when a component needs one,
 * with its provider plugin looked for first (plugins.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { requirePlugin } from "./plugins";
import { Naming, pulumiTerms } from "./terms";

/** The majors pgseed's components are built and tested against. */
export const PEER_VERSIONS: Record<string, string> = {
  "@pulumi/docker": "4",
  "@pulumi/github": "6",
  "@pulumi/random": "4",
};

/**
 * The SDK `name` for `component` (the resource the error names), or a ResourceError saying how to
 * install it or its plugin.
 */
export function peerModule<T>(
  name: string,
  component: string,
  resource: pulumi.Resource,
  naming: Naming = "args",
): T {
  let sdk: T;
  try {
    sdk = require(name) as T;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" ||
      !String((err as Error).message).includes(name)
    )
      throw err;
    throw new pulumi.ResourceError(
      `${component} needs the ${name} package, which is not installed in this project\n  fix: npm install ${name}@${PEER_VERSIONS[name] ?? "latest"}`,
      resource,
      true,
    );
  }
  try {
    requirePlugin(name, component);
  } catch (err) {
    throw new pulumi.ResourceError(pulumiTerms((err as Error).message, naming), resource, true);
  }
  return sdk;
}

/**
 * Pulumi provider SDKs are peer dependencies of pgseed: a program installs those it uses (a
 * seed-only stack needs neither docker nor github). Loaded when a component needs one.
 */
import * as pulumi from "@pulumi/pulumi";

/** The versions pgseed's components are built and tested against. */
export const PEER_VERSIONS: Record<string, string> = {
  "@pulumi/docker": "4",
  "@pulumi/github": "6",
  "@pulumi/random": "4",
};

export function peerModule<T>(name: string, component: string, resource: pulumi.Resource): T {
  try {
    return require(name) as T;
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND" ||
      !String((err as Error).message).includes(name)
    )
      throw err;
    throw new pulumi.ResourceError(
      `${component} needs the ${name} package, which is not installed in this project; fix: npm install ${name}@${PEER_VERSIONS[name] ?? "latest"}`,
      resource,
    );
  }
}

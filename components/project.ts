/** The Pulumi project's folder: what settings' paths are relative to (program and provider). */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";

/**
 * The folder of Pulumi.yaml when the engine says it (an absolute path; mocks say
 * "rootDirectory"), else the working folder (the engine runs programs and the dynamic-provider
 * host there).
 */
export function projectRoot(): string {
  const root = pulumi.runtime.getRootDirectory();
  return root && path.isAbsolute(root) ? root : process.cwd();
}

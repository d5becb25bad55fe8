/** The Pulumi project's folder: what settings' paths are relative to, program and provider alike. */
import * as pulumi from "@pulumi/pulumi";

/**
 * The folder of Pulumi.yaml when the engine says it, else the working folder (the engine runs
 * programs and the dynamic-provider host there).
 */
export const projectRoot = (): string => pulumi.runtime.getRootDirectory() || process.cwd();

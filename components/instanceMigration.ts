/**
 * InstanceMigration: one per instance of an `onSeedChange: migrate` stack. A new fingerprint is
 * an update of this resource (never of the container or its volume): `pgseed migrate` against
 * the instance, then a wait until its marker names the fingerprint. Chained by dependsOn, so
 * instances migrate one at a time, each current before the next. Its delete touches nothing.
 * Like SeedDump, the serialized methods load the compiled ops by path and capture nothing. The
 * few lines of `ops()` are repeated rather than imported: Pulumi serializes an imported helper into
 * the state together with the module that holds it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { InstanceMigrationInputs } from "./instanceMigrationOps";

function ops(): { root: string; m: typeof import("./instanceMigrationOps") } {
  const path = require("path");
  const root: string = process.env.PGSEED_PROJECT_DIR || process.cwd();
  const file = path.join(root, "dist", "components", "instanceMigrationOps.js");
  try {
    return { root, m: require(file) };
  } catch (err) {
    if (
      (err as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND" &&
      String((err as Error).message).includes(file)
    ) {
      throw new Error(
        `pgseed: ${file} is missing\n  fix: run \`npm run build\` in ${root} (pulumi runs the compiled engine)`,
      );
    }
    throw err;
  }
}

export const instanceMigrationProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: any, news: any) {
    const { m } = ops();
    return {
      changes: m.diffMigration(olds, news).changes,
      replaces: [],
      deleteBeforeReplace: false,
    };
  },
  async create(inputs: any) {
    const { root, m } = ops();
    return { id: "migration", outs: await m.migrateInstance(inputs, root) };
  },
  async update(_id: string, _olds: any, news: any) {
    const { root, m } = ops();
    return { outs: await m.migrateInstance(news, root) };
  },
  async delete() {
    // The database belongs to its instance: removing this resource never touches it.
  },
};

export interface InstanceMigrationArgs {
  url: pulumi.Input<string>;
  fingerprint: pulumi.Input<string>;
  settings: pulumi.Input<InstanceMigrationInputs["settings"]>;
  waitSeconds?: pulumi.Input<number>;
  /** The instance's Docker host, when ssh://: the migrate goes through an SSH forward to it. */
  tunnel?: pulumi.Input<string>;
  /** Address the instance's port is bound to on that host (bindAddress). */
  tunnelTarget?: pulumi.Input<string>;
}

/** Type token pulumi-nodejs:dynamic/pgseed:InstanceMigration. */
export class InstanceMigration extends pulumi.dynamic.Resource {
  /** The fingerprint the instance's marker names after this resource ran. */
  declare readonly fingerprint: pulumi.Output<string>;
  declare readonly from: pulumi.Output<string | null>;
  declare readonly migrated: pulumi.Output<boolean>;

  constructor(name: string, args: InstanceMigrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      instanceMigrationProvider,
      name,
      {
        url: pulumi.secret(args.url),
        fingerprint: args.fingerprint,
        settings: args.settings,
        waitSeconds: args.waitSeconds ?? 300,
        tunnel: args.tunnel,
        tunnelTarget: args.tunnelTarget,
        from: undefined,
        migrated: undefined,
      },
      { ...opts, additionalSecretOutputs: ["url"] },
      "pgseed",
      "InstanceMigration",
    );
  }
}

/**
 * InstanceMigration: one per instance of an `onSeedChange: migrate` stack. A new fingerprint is
 * an update of this resource (never of the container or its volume): `pgseed migrate` against
 * the instance, then a wait until its marker names the fingerprint. Chained by dependsOn, so
 * instances migrate one at a time, each current before the next. Its delete touches nothing.
 * Like SeedDump's, its provider loads the ops from the installed pgseed (dynamicProvider.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import { engineProvider } from "./dynamicProvider";
import type * as Ops from "./instanceMigrationOps";
import type { InstanceMigrationInputs } from "./instanceMigrationOps";

export const instanceMigrationProvider = engineProvider<typeof Ops>("instanceMigrationOps.js", {
  async diff({ m }, _id: string, olds: any, news: any) {
    const changes = m.diffMigration(olds, news).changes;
    return { changes, replaces: [], deleteBeforeReplace: false };
  },
  async create({ m, project }, inputs: any) {
    return { id: "migration", outs: await m.migrateInstance(inputs, project) };
  },
  async update({ m, project }, _id: string, _olds: any, news: any) {
    return { outs: await m.migrateInstance(news, project) };
  },
  async delete() {
    // The database belongs to its instance: removing this resource never touches it.
  },
});

export interface InstanceMigrationArgs {
  /** The instance's postgresql:// URL (kept a secret). */
  url: pulumi.Input<string>;
  /** The fingerprint the instance must be brought to. */
  fingerprint: pulumi.Input<string>;
  /** SeedDump's engine settings: the migrate command and where it runs. */
  settings: pulumi.Input<InstanceMigrationInputs["settings"]>;
  /** Seconds to wait for the instance before and after migrating (default 300). */
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

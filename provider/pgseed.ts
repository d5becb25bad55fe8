/**
 * The Pgseed component as the multi-language package offers it (type token pgseed:index:Pgseed):
 * the library's Pgseed, whose arguments and outputs it publishes as its schema, with its dynamic
 * children (SeedDump, PreseededImage, InstanceMigration) served by this plugin (dynamic.ts)
 * instead of the pulumi-nodejs provider, which a YAML or Python project cannot start.
 */
import * as pulumi from "@pulumi/pulumi";
import { Pgseed as Library, PgseedArgs } from "../lib";
import { DynamicChildren } from "./dynamic";

/**
 * pgseed in one component, from the same settings as the CLI: a seed file kept at the app's
 * current migrations and, as the settings ask, seeded PostgreSQL containers, a pre-seeded image
 * and a CI workflow per repository. A seed-only program sets instances to 0.
 */
export class Pgseed extends pulumi.ComponentResource {
  /** Absolute path of the seed on this machine, once it is current. */
  declare readonly seedPath: pulumi.Output<string>;
  /** The seed's fingerprint (sha256 of everything that shapes it). */
  declare readonly fingerprint: pulumi.Output<string>;
  /** Migrations the seed holds. */
  declare readonly migrationCount: pulumi.Output<number>;
  /** Size of the seed file in bytes. */
  declare readonly seedBytes: pulumi.Output<number>;
  /** Version of the PostgreSQL server that built the seed. */
  declare readonly serverVersion: pulumi.Output<string>;
  /** postgresql:// URL of each instance, a secret (instances > 0). */
  declare readonly instanceUrls?: pulumi.Output<string[]>;
  /** The fingerprint each instance is at (instances > 0). */
  declare readonly instanceFingerprints?: pulumi.Output<string[]>;
  /** "current" or "stale", per instance (instances > 0). */
  declare readonly instanceStates?: pulumi.Output<string[]>;
  /** REPO:<short fingerprint> of the pre-seeded image (preseededImage set). */
  declare readonly preseededImageRef?: pulumi.Output<string>;
  /** owner/name:.github/workflows/<name>.yml per repository (ciEnabled). */
  declare readonly workflowPaths?: pulumi.Output<string[]>;

  constructor(name: string, args: PgseedArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pgseed:index:Pgseed", name, {}, opts);
    const dynamic = new DynamicChildren(`${name}-dynamic`, { parent: this });
    const inner = new Library(name, args, { parent: this, providers: [dynamic] });
    const outputs = inner.outputs();
    Object.assign(this, outputs);
    this.registerOutputs(outputs);
  }
}

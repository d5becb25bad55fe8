/**
 * SeedDump: a dynamic resource whose provider is a thin shell over seed/. Its text is serialized
 * into the state and run later by the dynamic-provider host (cwd = the project folder), so the
 * methods load the compiled engine (dist/components/seedDumpOps.js) inside their bodies and
 * capture nothing but the tiny `ops` loader below: no settings object, no secret.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SeedDumpInputs, SeedDumpOutputs } from "./seedDumpOps";

/** Loads the engine from the project's build; the host runs with cwd = the project folder. */
function ops(): { root: string; m: typeof import("./seedDumpOps") } {
  const path = require("path");
  const root: string = process.env.PGSEED_PROJECT_DIR || process.cwd();
  const file = path.join(root, "dist", "components", "seedDumpOps.js");
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

/** The provider; exported so tests can drive it. Each method is a few lines over seedDumpOps. */
export const seedDumpProvider: pulumi.dynamic.ResourceProvider = {
  async check(_olds: any, news: any) {
    const { root, m } = ops();
    return { inputs: news, failures: m.checkInputs(news, root) };
  },
  async diff(_id: string, olds: any, news: any) {
    const { root, m } = ops();
    const d = m.diffSeed(olds, news, await m.fileState(m.seedPathOf(news, root)));
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  },
  async create(inputs: any) {
    const { root, m } = ops();
    const outs = await m.regenerateSeed(inputs, root);
    return { id: m.seedPathOf(inputs, root).slice(root.length + 1) || "seed", outs };
  },
  async update(_id: string, olds: any, news: any) {
    const { root, m } = ops();
    // A teammate's intact seed of this fingerprint (git pull) is reused, not rebuilt.
    const force = m.updateNeedsForce(
      olds,
      await m.fileState(m.seedPathOf(news, root)),
      news.fingerprint,
    );
    return { outs: await m.regenerateSeed(news, root, force) };
  },
  // refresh: a seed that is not this state's (hand edit) is flagged, so the next up regenerates it.
  async read(id: string, props: any) {
    const { root, m } = ops();
    return { id, props: await m.readSeedState(props, root) };
  },
  async delete() {
    // The seed file belongs to the repository (it is committed): never remove it.
  },
};

export interface SeedDumpArgs {
  /** Engine settings (from seedDumpOps.engineInputs): plain values, project-relative paths. */
  settings: pulumi.Input<SeedDumpInputs["settings"]>;
  /** Fingerprint computed by the program at preview time (files only, no server). */
  fingerprint: pulumi.Input<string>;
}

/**
 * A seed file kept at the seed of the current fingerprint. Type token
 * pulumi-nodejs:dynamic/pgseed:SeedDump.
 */
export class SeedDump extends pulumi.dynamic.Resource {
  declare readonly settings: pulumi.Output<SeedDumpInputs["settings"]>;
  /** Absolute path of the seed file. */
  declare readonly path: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;
  /** sha256 of the file's bytes ("sha256:<hex>"). */
  declare readonly sha256: pulumi.Output<string>;
  declare readonly bytes: pulumi.Output<number>;
  declare readonly serverVersion: pulumi.Output<string>;
  declare readonly migrationCount: pulumi.Output<number>;

  constructor(name: string, args: SeedDumpArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof SeedDumpOutputs, unknown> = {
      settings: args.settings,
      fingerprint: args.fingerprint,
      path: undefined,
      sha256: undefined,
      bytes: undefined,
      serverVersion: undefined,
      migrationCount: undefined,
    };
    super(seedDumpProvider, name, props, opts, "pgseed", "SeedDump");
  }
}

/**
 * SeedDump: a dynamic resource that keeps a seed file at the seed of its app's current
 * fingerprint. The fingerprint is computed while the program runs (files only, no server), so a
 * preview sees a new migration at once; the provider (a few lines over seedDumpOps.ts, loaded
 * from the installed pgseed: dynamicProvider.ts) builds the seed on `up`.
 */
import * as pulumi from "@pulumi/pulumi";
import { resolveSettings, RawSettings } from "../config";
import { engineProvider } from "./dynamicProvider";
import { pulumiError } from "./errors";
import { projectRoot } from "./project";
import type * as Ops from "./seedDumpOps";
import { seedDumpInputs, EngineValues, SeedDumpOutputs } from "./seedDumpOps";

/** The provider; exported so tests can drive it. Each method is a few lines over seedDumpOps. */
export const seedDumpProvider = engineProvider<typeof Ops>("seedDumpOps.js", {
  async check({ m, project }, olds: any, news: any) {
    return m.checkSeedDump(olds, news, project);
  },
  async diff({ m, project }, _id: string, olds: any, news: any) {
    const d = m.diffSeed(olds, news, await m.fileState(m.seedPathOf(news, project)));
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: false };
  },
  async create({ m, project }, inputs: any) {
    const outs = await m.regenerateSeed(inputs, project);
    return { id: m.seedPathOf(inputs, project).slice(project.length + 1) || "seed", outs };
  },
  async update({ m, project }, _id: string, olds: any, news: any) {
    // A teammate's intact seed of this fingerprint (git pull) is reused, not rebuilt.
    const file = await m.fileState(m.seedPathOf(news, project));
    return {
      outs: await m.regenerateSeed(news, project, m.updateNeedsForce(olds, file, news.fingerprint)),
    };
  },
  // refresh: a seed that is not this state's (hand edit) is named in `drift`; the next up rebuilds.
  async read({ m, project }, id: string, props: any) {
    return { id, props: await m.readSeedState(props, project) };
  },
  async delete() {
    // The seed file belongs to the repository (it is committed): never remove it.
  },
});

/** Where Pgseed hands over the inputs it computed itself (with its own errors). */
export const COMPUTED = Symbol("pgseed.seedDumpInputs");
type Computed = ReturnType<typeof seedDumpInputs>;

export interface SeedDumpArgs {
  /**
   * Engine settings as the CLI takes them (appDir, preset, migrations, seed, postgresVersion, …),
   * paths relative to projectDir. Plain: the fingerprint is computed from them while the program
   * runs.
   */
  settings: EngineValues;
  /** Folder the settings' paths are relative to (default: the Pulumi project's folder). */
  projectDir?: string;
  [COMPUTED]?: Computed;
}

function inputsOf(name: string, args: SeedDumpArgs, project: string): Computed {
  if (args[COMPUTED]) return args[COMPUTED];
  try {
    return seedDumpInputs(
      resolveSettings(args.settings as RawSettings, args.projectDir ?? project),
      project,
    );
  } catch (err) {
    const e = pulumiError(err, "args");
    if (e instanceof pulumi.RunError) e.message = `SeedDump ${name}: ${e.message}`;
    throw e;
  }
}

/**
 * A seed file kept at the seed of its app's current fingerprint. Type token
 * pulumi-nodejs:dynamic/pgseed:SeedDump (a dynamic resource's token always starts so).
 */
export class SeedDump extends pulumi.dynamic.Resource {
  /** Engine settings, relative to the Pulumi project. */
  declare readonly settings: pulumi.Output<EngineValues>;
  /** Absolute path of the seed file on the machine that last ran the provider. */
  declare readonly path: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;
  /** Each input of the fingerprint and its short hash. */
  declare readonly files: pulumi.Output<Record<string, string>>;
  /** What the seed file was when last checked: intact, missing, edited by hand, … */
  declare readonly seedFile: pulumi.Output<string>;
  /** sha256 of the file's bytes ("sha256:<hex>"). */
  declare readonly sha256: pulumi.Output<string>;
  declare readonly bytes: pulumi.Output<number>;
  /** Version of the server that built the seed (e.g. 15.14). */
  declare readonly serverVersion: pulumi.Output<string>;
  declare readonly migrationCount: pulumi.Output<number>;
  /** Why refresh found the file not to be this state's seed; "" when it is. */
  declare readonly drift: pulumi.Output<string>;

  constructor(name: string, args: SeedDumpArgs, opts?: pulumi.CustomResourceOptions) {
    const inputs = inputsOf(name, args, projectRoot());
    const props: Record<keyof SeedDumpOutputs, unknown> = {
      settings: inputs.settings,
      fingerprint: inputs.fingerprint,
      files: inputs.files,
      seedFile: undefined,
      path: undefined,
      sha256: undefined,
      bytes: undefined,
      serverVersion: undefined,
      migrationCount: undefined,
      drift: undefined,
    };
    super(seedDumpProvider, name, props, opts, "pgseed", "SeedDump");
  }
}

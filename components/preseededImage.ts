/**
 * PreseededImage: the target image with this seed already in PGDATA (`pgseed image`), built
 * for each new seed and, for CI, pushed: a container from it starts at the seed with no initdb
 * and no SQL replay. Like SeedDump, the serialized methods load the compiled ops by path and
 * capture nothing (the few lines of `ops()` are repeated: see instanceMigration.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { PreseededImageInputs, PreseededImageOutputs } from "./preseededImageOps";

function ops(): { root: string; m: typeof import("./preseededImageOps") } {
  const path = require("path");
  const root: string = process.env.PGSEED_PROJECT_DIR || process.cwd();
  const file = path.join(root, "dist", "components", "preseededImageOps.js");
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

export const preseededImageProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: any, news: any) {
    const { m } = ops();
    // A local image removed since (docker image prune) is built again.
    const changes = m.diffImage(olds, news).changes || (await m.localImageGone(olds));
    return { changes, replaces: [], deleteBeforeReplace: false };
  },
  async create(inputs: any) {
    const { root, m } = ops();
    const outs = await m.buildImage(inputs, root);
    return { id: "preseeded-image", outs };
  },
  async update(_id: string, olds: any, news: any) {
    const { root, m } = ops();
    const outs = await m.buildImage(news, root);
    await m.removeOldImage(olds, outs.ref);
    return { outs };
  },
  async delete(_id: string, props: any) {
    const { m } = ops();
    await m.removeOldImage(props);
  },
};

export class PreseededImage extends pulumi.dynamic.Resource {
  /** REPO:<short fingerprint>: what the CI postgres service runs. */
  declare readonly ref: pulumi.Output<string>;
  declare readonly imageId: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;

  constructor(
    name: string,
    args: { [K in keyof PreseededImageInputs]: pulumi.Input<PreseededImageInputs[K]> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    const props: Record<keyof PreseededImageOutputs, unknown> = {
      ...args,
      ref: undefined,
      imageId: undefined,
    };
    super(preseededImageProvider, name, props, opts, "pgseed", "PreseededImage");
  }
}

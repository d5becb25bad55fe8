/**
 * PreseededImage: the target image with this seed already in PGDATA (`pgseed image`), built
 * for each new seed and, for CI, pushed: a container from it starts at the seed with no initdb
 * and no SQL replay. Like SeedDump's, its provider loads the ops from the installed pgseed
 * (dynamicProvider.ts). Paths are relative to the Pulumi project.
 */
import * as pulumi from "@pulumi/pulumi";
import { engineProvider } from "./dynamicProvider";
import type * as Ops from "./preseededImageOps";
import type { PreseededImageInputs, PreseededImageOutputs } from "./preseededImageOps";

export const preseededImageProvider = engineProvider<typeof Ops>("preseededImageOps.js", {
  async diff({ m }, _id: string, olds: any, news: any) {
    // A local image removed since (docker image prune) is built again.
    const changes = m.diffImage(olds, news).changes || (await m.localImageGone(olds));
    return { changes, replaces: [], deleteBeforeReplace: false };
  },
  async create({ m, project }, inputs: any) {
    return { id: "preseeded-image", outs: await m.buildImage(inputs, project) };
  },
  async update({ m, project }, _id: string, olds: any, news: any) {
    const outs = await m.buildImage(news, project);
    await m.removeOldImage(olds, outs.ref);
    return { outs };
  },
  async delete({ m }, _id: string, props: any) {
    await m.removeOldImage(props);
  },
});

/** PreseededImage's arguments: its inputs (preseededImageOps.ts), each an Input. */
export type PreseededImageArgs = {
  [K in keyof PreseededImageInputs]: pulumi.Input<PreseededImageInputs[K]>;
};

/** Type token pulumi-nodejs:dynamic/pgseed:PreseededImage. */
export class PreseededImage extends pulumi.dynamic.Resource {
  /** REPO:<short fingerprint>: what the CI postgres service runs. */
  declare readonly ref: pulumi.Output<string>;
  declare readonly imageId: pulumi.Output<string>;
  declare readonly fingerprint: pulumi.Output<string>;

  constructor(name: string, args: PreseededImageArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<keyof PreseededImageOutputs, unknown> = {
      ...args,
      ref: undefined,
      imageId: undefined,
    };
    super(preseededImageProvider, name, props, opts, "pgseed", "PreseededImage");
  }
}

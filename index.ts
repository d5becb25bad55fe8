/**
 * This repository's Pulumi program (Pulumi.yaml `main`, the example stacks dev, seed-only, multi
 * and ci-fleet): one consumer of pgseed's library, driven by the stack's `pgseed:` config. A
 * project that installs pgseed writes the same few lines with `from "pgseed"`.
 */
import * as pulumi from "@pulumi/pulumi";
import { Pgseed } from "./lib";

// The program's resources before they moved under Pgseed: kept as aliases, so a stack made by the
// earlier program updates in place instead of replacing its seed, containers and volumes.
const EARLIER: Record<string, string> = {
  "pgseed-seed": "seed",
  "pgseed-password": "postgres-password",
  "pgseed-db": "db",
  "pgseed-preseeded-image": "preseeded-image",
  "pgseed-ci": "ci",
};
const keepEarlierNames: pulumi.ResourceTransformation = ({ name, props, opts }) =>
  EARLIER[name] === undefined
    ? undefined
    : {
        props,
        opts: pulumi.mergeOptions(opts, {
          aliases: [{ name: EARLIER[name], parent: pulumi.rootStackResource }],
        }),
      };

const app = Pgseed.fromConfig("pgseed", { transformations: [keepEarlierNames] });

export const seedPath = app.seedPath;
export const seedFingerprint = app.fingerprint;
export const seedMigrationCount = app.migrationCount;
export const seedBytes = app.seedBytes;
export const seedServerVersion = app.serverVersion;
// Only the parts a stack has: a seed-only stack exports no empty lists.
export const instanceUrls = app.instanceUrls; // a secret
export const instanceFingerprints = app.instanceFingerprints;
export const instanceStates = app.instanceStates;
export const preseededImageRef = app.preseededImageRef;
export const workflowPaths = app.workflowPaths;

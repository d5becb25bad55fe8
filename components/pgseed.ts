/**
 * Pgseed: pgseed in one component, from the same settings as the CLI (pgseedArgs.ts). A SeedDump
 * keeps the seed at the app's current fingerprint; with instances > 0, SeededPostgres runs seeded
 * containers; with preseededImage, a PreseededImage is built per seed (and pushed for CI); with
 * ciEnabled, CiWorkflow writes the workflow to each repository of the fleet. Children are named
 * `<name>-seed`, `-password`, `-db`, `-preseeded-image`, `-ci`. Type token pgseed:index:Pgseed.
 *
 * Outputs (stable, like the arguments): seedPath, fingerprint, migrationCount, seedBytes,
 * serverVersion; and, only where the part exists, instanceUrls (secret), instanceFingerprints,
 * instanceStates, preseededImageRef, workflowPaths.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type * as randomTypes from "@pulumi/random";
import { resolveSettings, Settings } from "../config";
import { testDatabasePlan, workflowOptions } from "../deploy/workflow";
import { CiWorkflow, missingGithubToken } from "./ciWorkflow";
import { pulumiError } from "./errors";
import { peerModule } from "./peer";
import { PgseedArgs, plainSettings, resolvedSettings } from "./pgseedArgs";
import { PreseededImage } from "./preseededImage";
import { projectRoot } from "./project";
import { COMPUTED, SeedDump } from "./seedDump";
import { seedDumpInputs } from "./seedDumpOps";
import { SeededPostgres } from "./seededPostgres";
import { NAMING, Naming } from "./terms";
import { pgseedConfig } from "./stackConfig";

export type { PgseedArgs } from "./pgseedArgs";

/** The CI step's own database (django: test_<db>), copied in the pre-seeded image. */
function imageCopies(s: Settings): string[] {
  const database = testDatabasePlan(workflowOptions(s)).database;
  return s.ci.enabled && database !== s.deploy.dbName ? [database] : [];
}

export class Pgseed extends pulumi.ComponentResource {
  /** The seed file's resource. */
  readonly seed: SeedDump;
  /** The seeded containers (instances > 0). */
  readonly database?: SeededPostgres;
  /** The pre-seeded image of the current seed (preseededImage set). */
  readonly preseeded?: PreseededImage;
  /** The CI fleet's workflows (ciEnabled). */
  readonly ci?: CiWorkflow;
  /** Absolute path of the seed on this machine, once it is current. */
  readonly seedPath: pulumi.Output<string>;
  /** The seed's fingerprint. */
  readonly fingerprint: pulumi.Output<string>;
  /** Migrations the seed holds. */
  readonly migrationCount: pulumi.Output<number>;
  /** Size of the seed file. */
  readonly seedBytes: pulumi.Output<number>;
  /** Version of the PostgreSQL server that built the seed. */
  readonly serverVersion: pulumi.Output<string>;
  /** postgresql:// URL of each instance (a secret). */
  readonly instanceUrls?: pulumi.Output<string[]>;
  /** The fingerprint each instance is at. */
  readonly instanceFingerprints?: pulumi.Output<string[]>;
  /** "current" or "stale", per instance. */
  readonly instanceStates?: pulumi.Output<string[]>;
  /** REPO:<short fingerprint> of the pre-seeded image. */
  readonly preseededImageRef?: pulumi.Output<string>;
  /** owner/name:.github/workflows/<name>.yml per repository. */
  readonly workflowPaths?: pulumi.Output<string[]>;

  /**
   * A Pgseed from the stack's config (pgseed:<key> per setting, pgseed:postgresPassword and
   * github:token as secrets); its errors name the config keys and `pulumi config set`.
   */
  static fromConfig(name = "pgseed", opts?: pulumi.ComponentResourceOptions): Pgseed {
    return new Pgseed(name, pgseedConfig(), opts);
  }

  constructor(
    name: string,
    args: PgseedArgs & { [NAMING]?: Naming } = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super("pgseed:index:Pgseed", name, {}, opts);
    const naming = args[NAMING] ?? "args";
    const fail = (err: unknown) => pulumiError(err, naming, this);
    const project = projectRoot();
    const base = path.resolve(project, args.projectDir ?? ".");
    let settings: Settings;
    let computed: ReturnType<typeof seedDumpInputs>;
    try {
      settings = resolveSettings(plainSettings(args), base);
      // Before any resource: a CI fleet with no token fails here, not halfway through an update.
      const noToken = settings.ci.enabled
        ? missingGithubToken(args.githubToken !== undefined, process.env)
        : undefined;
      if (noToken) throw noToken;
      computed = seedDumpInputs(settings, project);
    } catch (err) {
      throw fail(err);
    }
    const resolved = resolvedSettings(args, settings, base, fail);
    const child = { parent: this };
    this.seed = new SeedDump(
      `${name}-seed`,
      { settings: computed.settings, [COMPUTED]: computed },
      child,
    );
    const seed = this.seed;
    // This checkout's seed once SeedDump has made it current (the state may come from another
    // machine, where the seed sat at another absolute path).
    this.seedPath = seed.sha256.apply(() => settings.engine.seedPath);
    this.fingerprint = seed.fingerprint;
    this.migrationCount = seed.migrationCount;
    this.seedBytes = seed.bytes;
    this.serverVersion = seed.serverVersion;

    const { deploy, ci } = settings;
    const password = this.password(name, args, deploy.instances > 0 || ci.enabled, naming);
    const dbName = resolved.apply((s) => s.deploy.dbName);
    const dbUser = resolved.apply((s) => s.deploy.dbUser);
    if (deploy.instances > 0) {
      this.database = new SeededPostgres(
        `${name}-db`,
        {
          image: settings.engine.image,
          major: settings.engine.postgresVersion,
          // A seed from a newer minor re-pulls the image, so its psql reads the seed's \restrict.
          seedServerVersion: seed.serverVersion,
          network: deploy.network,
          seedPath: this.seedPath,
          seedSha256: seed.sha256,
          fingerprint: seed.fingerprint,
          password: password!,
          instances: deploy.instances,
          basePort: deploy.basePort,
          bindAddress: resolved.apply((s) => s.deploy.bindAddress),
          dockerHosts: deploy.dockerHosts,
          onSeedChange: deploy.onSeedChange,
          migrateSettings: computed.settings,
          dbName,
          dbUser,
          [NAMING]: naming,
        },
        child,
      );
      this.instanceUrls = this.database.urls;
      this.instanceFingerprints = this.database.fingerprints;
      this.instanceStates = this.database.states;
    }
    if (deploy.preseededImage) {
      const relative = (p: string) => path.relative(project, p).split(path.sep).join("/") || ".";
      this.preseeded = new PreseededImage(
        `${name}-preseeded-image`,
        {
          repo: deploy.preseededImage,
          appDir: relative(settings.engine.appDir),
          seedPath: relative(settings.engine.seedPath),
          fingerprint: seed.fingerprint,
          seedSha256: seed.sha256,
          baseImage: settings.engine.image,
          dbUser,
          dbName,
          copies: resolved.apply(imageCopies),
          push: ci.enabled,
        },
        child,
      );
      this.preseededImageRef = this.preseeded.ref;
    }
    if (ci.enabled) {
      this.ci = new CiWorkflow(
        `${name}-ci`,
        {
          token: args.githubToken,
          repositories: ci.repositories,
          branch: resolved.apply((s) => s.ci.branch),
          fingerprint: seed.fingerprint,
          password: password!,
          workflow: resolved.apply(workflowOptions),
        },
        // The workflow names REPO:<short fingerprint>: committed once that image is pushed.
        { parent: this, dependsOn: this.preseeded ? [this.preseeded] : [] },
      );
      this.workflowPaths = this.ci.paths;
    }
    this.registerOutputs(this.outputs());
  }

  /** The stack's password, or one generated (random) when a part needs one and none is set. */
  private password(
    name: string,
    args: PgseedArgs,
    needed: boolean,
    naming: Naming,
  ): pulumi.Output<string> | undefined {
    if (args.postgresPassword !== undefined) return pulumi.secret(args.postgresPassword);
    if (!needed) return undefined;
    const random = peerModule<typeof randomTypes>("@pulumi/random", "Pgseed", this, naming);
    const generated = new random.RandomPassword(
      `${name}-password`,
      { length: 32, special: false },
      { parent: this },
    );
    return generated.result;
  }

  /** The outputs that exist (a seed-only Pgseed has no instanceUrls, not an empty list). */
  outputs(): Record<string, pulumi.Output<unknown>> {
    const all: Record<string, pulumi.Output<unknown> | undefined> = {
      seedPath: this.seedPath,
      fingerprint: this.fingerprint,
      migrationCount: this.migrationCount,
      seedBytes: this.seedBytes,
      serverVersion: this.serverVersion,
      instanceUrls: this.instanceUrls,
      instanceFingerprints: this.instanceFingerprints,
      instanceStates: this.instanceStates,
      preseededImageRef: this.preseededImageRef,
      workflowPaths: this.workflowPaths,
    };
    return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as Record<
      string,
      pulumi.Output<unknown>
    >;
  }
}

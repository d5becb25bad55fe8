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
import { registryLoginProblem, testDatabasePlan, workflowOptions } from "../deploy/workflow";
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

/** What the parts are built from. */
interface Plan {
  name: string;
  naming: Naming;
  project: string;
  settings: Settings;
  computed: ReturnType<typeof seedDumpInputs>;
  /** The settings once the Input arguments resolve. */
  resolved: pulumi.Output<Settings>;
  password?: pulumi.Output<string>;
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
    const project = projectRoot();
    const base = path.resolve(project, args.projectDir ?? ".");
    const fail = (err: unknown) => pulumiError(err, naming, this);
    const { settings, computed } = this.prepare(args, base, project, fail);
    this.seed = new SeedDump(
      `${name}-seed`,
      { settings: computed.settings, [COMPUTED]: computed },
      { parent: this },
    );
    // This checkout's seed once SeedDump has made it current (the state may come from another
    // machine, where the seed sat at another absolute path).
    this.seedPath = this.seed.sha256.apply(() => settings.engine.seedPath);
    this.fingerprint = this.seed.fingerprint;
    this.migrationCount = this.seed.migrationCount;
    this.seedBytes = this.seed.bytes;
    this.serverVersion = this.seed.serverVersion;
    const { deploy, ci } = settings;
    const plan: Plan = {
      name,
      naming,
      project,
      settings,
      computed,
      resolved: resolvedSettings(args, settings, base, fail),
      password: this.password(name, args, deploy.instances > 0 || ci.enabled, naming),
    };
    if (deploy.instances > 0) {
      this.database = this.seededPostgres(plan);
      this.instanceUrls = this.database.urls;
      this.instanceFingerprints = this.database.fingerprints;
      this.instanceStates = this.database.states;
    }
    if (deploy.preseededImage) {
      this.preseeded = this.preseededImage(plan);
      this.preseededImageRef = this.preseeded.ref;
    }
    if (ci.enabled) {
      this.ci = this.ciWorkflow(plan, args);
      this.workflowPaths = this.ci.paths;
    }
    this.registerOutputs(this.outputs());
  }

  /**
   * The settings and the seed's inputs, before any child: bad settings, an app folder that is not
   * there and a CI fleet with no token fail here, not halfway through an update.
   */
  private prepare(
    args: PgseedArgs,
    base: string,
    project: string,
    fail: (err: unknown) => Error,
  ): { settings: Settings; computed: ReturnType<typeof seedDumpInputs> } {
    try {
      const settings = resolveSettings(plainSettings(args), base);
      const noToken = settings.ci.enabled
        ? missingGithubToken(args.githubToken !== undefined, process.env)
        : undefined;
      if (noToken) throw noToken;
      const halfLogin = registryLoginProblem(
        args.registryUsername !== undefined,
        args.registryPassword !== undefined,
      );
      if (halfLogin) throw halfLogin;
      return { settings, computed: seedDumpInputs(settings, project) };
    } catch (err) {
      throw fail(err);
    }
  }

  private seededPostgres(plan: Plan): SeededPostgres {
    const { settings, resolved } = plan;
    const { deploy } = settings;
    return new SeededPostgres(
      `${plan.name}-db`,
      {
        image: settings.engine.image,
        major: settings.engine.postgresVersion,
        // A seed from a newer minor re-pulls the image, so its psql reads the seed's \restrict.
        seedServerVersion: this.seed.serverVersion,
        network: deploy.network,
        seedPath: this.seedPath,
        seedSha256: this.seed.sha256,
        fingerprint: this.seed.fingerprint,
        password: plan.password!,
        instances: deploy.instances,
        basePort: deploy.basePort,
        bindAddress: resolved.apply((s) => s.deploy.bindAddress),
        dockerHosts: deploy.dockerHosts,
        onSeedChange: deploy.onSeedChange,
        migrateSettings: plan.computed.settings,
        dbName: resolved.apply((s) => s.deploy.dbName),
        dbUser: resolved.apply((s) => s.deploy.dbUser),
        [NAMING]: plan.naming,
      },
      { parent: this },
    );
  }

  private preseededImage(plan: Plan): PreseededImage {
    const { settings, resolved } = plan;
    const relative = (p: string) => path.relative(plan.project, p).split(path.sep).join("/") || ".";
    return new PreseededImage(
      `${plan.name}-preseeded-image`,
      {
        repo: settings.deploy.preseededImage,
        appDir: relative(settings.engine.appDir),
        seedPath: relative(settings.engine.seedPath),
        fingerprint: this.seed.fingerprint,
        seedSha256: this.seed.sha256,
        baseImage: settings.engine.image,
        dbUser: resolved.apply((s) => s.deploy.dbUser),
        dbName: resolved.apply((s) => s.deploy.dbName),
        copies: resolved.apply(imageCopies),
        push: settings.ci.enabled,
      },
      { parent: this },
    );
  }

  private ciWorkflow(plan: Plan, args: PgseedArgs): CiWorkflow {
    return new CiWorkflow(
      `${plan.name}-ci`,
      {
        token: args.githubToken,
        repositories: plan.settings.ci.repositories,
        branch: plan.resolved.apply((s) => s.ci.branch),
        fingerprint: this.seed.fingerprint,
        password: plan.password!,
        workflow: plan.resolved.apply(workflowOptions),
        ...(args.registryUsername !== undefined && args.registryPassword !== undefined
          ? { registry: { username: args.registryUsername, password: args.registryPassword } }
          : {}),
      },
      // The workflow names REPO:<short fingerprint>: committed once that image is pushed.
      { parent: this, dependsOn: this.preseeded ? [this.preseeded] : [] },
    );
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

/**
 * SeededPostgres: per Docker host an image, and per instance a volume and a container that starts
 * from the seed (/docker-entrypoint-initdb.d). What a new fingerprint does to an existing instance
 * is the stack's onSeedChange policy: reseed (new volume and container: dev), migrate (volume and
 * container kept, `pgseed migrate` run against each instance in turn: deploys), keep (nothing
 * changes; the instances are reported stale). New instances always start from the current seed.
 * The decisions are pure functions in deploy/ (instances.ts, containerSpec.ts); this file wires
 * them.
 */
import * as pulumi from "@pulumi/pulumi";
import type * as dockerTypes from "@pulumi/docker";
import { containerSpec, FINGERPRINT_LABEL, majorOfImage } from "../deploy/containerSpec";
import { containerArgs, SPEC_DEFAULTS, SpecOf } from "./containerArgs";
import {
  healthcheckCommand,
  hostOf,
  instanceAction,
  InstancePlan,
  planInstances,
  SeedChangePolicy,
  volumeName,
} from "../deploy/instances";
import { shortFingerprint } from "../seed/core/hash";
import { InstanceMigration } from "./instanceMigration";
import type { EngineValues } from "./seedDumpOps";
import { peerModule } from "./peer";
import { previewedImage } from "./errors";
import { NAMING, Naming } from "./terms";

export interface SeededPostgresArgs {
  /** Docker image, same PostgreSQL major as the seed (e.g. postgres:15). */
  image: pulumi.Input<string>;
  /**
   * Absolute path of the seed file on this machine; uploaded by the docker provider, never stored
   * in state.
   */
  seedPath: pulumi.Input<string>;
  /** sha256 of the seed's bytes (SeedDump.sha256): a new seed re-uploads. */
  seedSha256: pulumi.Input<string>;
  /** Fingerprint of the seed (SeedDump.fingerprint): what onSeedChange acts on. */
  fingerprint: pulumi.Input<string>;
  /** Password of dbUser: a secret. */
  password: pulumi.Input<string>;
  /** Containers per Docker host (default 1). Plain: it shapes the resource graph. */
  instances?: number;
  /**
   * Host port of instance 0; instance i gets basePort + i (default 5432). Plain: it names
   * resources.
   */
  basePort?: number;
  /** Host address the ports bind to (default 127.0.0.1: not reachable from other machines). */
  bindAddress?: pulumi.Input<string>;
  /** Docker hosts (ssh://…, tcp://…); empty: the default docker provider. Plain: one provider each. */
  dockerHosts?: string[];
  /** What a new fingerprint does to existing instances (default reseed). */
  onSeedChange?: SeedChangePolicy;
  /**
   * migrate policy: SeedDump's engine settings (the migrate command and where it runs, on the
   * machine running pulumi).
   */
  migrateSettings?: pulumi.Input<EngineValues>;
  /**
   * Prefix of the Docker container and volume names (default <project>-<stack>): two stacks on one
   * engine never share one.
   */
  dockerPrefix?: string;
  /**
   * PostgreSQL major of the image (default: its tag's, e.g. 15 for postgres:15): where PGDATA lives
   * (18 moved it).
   */
  major?: number;
  /**
   * bridge (default): the port published on bindAddress. host: the host's network, the server
   * itself binds bindAddress:port (engines without a bridge).
   */
  network?: "bridge" | "host";
  /**
   * The seed's server version (SeedDump.serverVersion): a new one pulls the image again, so its
   * psql is at least as new as the pg_dump that made the seed.
   */
  seedServerVersion?: pulumi.Input<string>;
  /** Database name (POSTGRES_DB). */
  dbName: pulumi.Input<string>;
  /** Owner role (POSTGRES_USER). */
  dbUser: pulumi.Input<string>;
  [NAMING]?: Naming;
}

/**
 * Per policy, what the docker provider may change on a container: reseed, a new seed is a new
 * container on a new volume; migrate, labels and uploads are fixed at creation (the provider
 * replaces a container for either) and the healthcheck takes any marker, so a new fingerprint
 * leaves the container as it is (InstanceMigration carries it); keep, the container keeps the
 * label and healthcheck of the seed its data came from.
 */
const CONTAINER_OPTIONS: Record<SeedChangePolicy, pulumi.CustomResourceOptions> = {
  reseed: { replaceOnChanges: ["labels", "volumes", "uploads"] },
  migrate: { ignoreChanges: ["labels", "uploads"] },
  keep: { ignoreChanges: ["labels", "healthcheck", "uploads"] },
};

/** What each instance's resources are built from (one SeededPostgres, one policy). */
interface Wiring {
  docker: typeof dockerTypes;
  name: string;
  args: SeededPostgresArgs;
  policy: SeedChangePolicy;
  specOf: SpecOf;
  fingerprint: pulumi.Output<string>;
  providers: dockerTypes.Provider[];
  images: dockerTypes.RemoteImage[];
}

/** The fingerprint label of a container: the seed its volume started from. */
const labelOf = (c: dockerTypes.Container) =>
  c.labels.apply((ls) => ls?.find((l) => l.label === FINGERPRINT_LABEL)?.value ?? "");

/** Seeded PostgreSQL containers. Type token pgseed:index:SeededPostgres. */
export class SeededPostgres extends pulumi.ComponentResource {
  /** postgresql:// URL per instance (secrets), in the order of planInstances. */
  readonly urls: pulumi.Output<string[]>;
  /**
   * Fingerprint each instance is at: migrate: its marker after the migration; reseed, keep: its
   * container label.
   */
  readonly fingerprints: pulumi.Output<string[]>;
  /** Per instance: "current" or "stale" (keep: instances stay at the seed their data came from). */
  readonly states: pulumi.Output<string[]>;
  /** Container names, in the same order. */
  readonly containerNames: pulumi.Output<string[]>;

  constructor(name: string, args: SeededPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pgseed:index:SeededPostgres", name, {}, opts);
    const naming = args[NAMING] ?? "args";
    const docker = peerModule<typeof dockerTypes>("@pulumi/docker", "SeededPostgres", this, naming);
    const policy = args.onSeedChange ?? "reseed";
    const major = this.checkedMajor(args, policy);
    const hosts = args.dockerHosts ?? [];
    const plan = planInstances(args.instances ?? 1, args.basePort ?? 5432, hosts.length);
    const network = args.network ?? "bridge";
    const specOf: SpecOf = (over) => containerSpec({ ...SPEC_DEFAULTS, major, network, ...over });
    const fingerprint = pulumi.output(args.fingerprint);

    const providers = hosts.map(
      (host, i) => new docker.Provider(`${name}-host-${i}`, { host }, { parent: this }),
    );
    const images = this.images(docker, name, args, providers, naming);
    const wiring: Wiring = { docker, name, args, policy, specOf, fingerprint, providers, images };
    const containers = plan.map((p) => this.instance(wiring, p));
    const urls = plan.map((p) => {
      const host = p.hostIndex === undefined ? "127.0.0.1" : hostOf(hosts[p.hostIndex]);
      return pulumi.interpolate`postgresql://${args.dbUser}:${pulumi.secret(args.password)}@${host}:${p.port}/${args.dbName}`;
    });
    const migrations =
      policy === "migrate" ? this.migrateInOrder(name, args, plan, urls, containers) : [];

    this.containerNames = pulumi.all(containers.map((c) => c.name));
    // migrate: the marker each InstanceMigration left; else the label (keep: the seed the data came
    // from).
    this.fingerprints = pulumi.all(
      policy === "migrate" ? migrations.map((m) => m.fingerprint) : containers.map(labelOf),
    );
    this.states = pulumi
      .all([this.fingerprints, fingerprint])
      .apply(([fps, fp]) => fps.map((f) => (f === fp ? "current" : "stale")));
    // keep: say which instances stay stale. reseed and migrate show in the diff itself: a replaced
    // volume, or InstanceMigration's fingerprint A => B.
    if (policy === "keep") this.warnStale(name, plan, containers, fingerprint);
    this.urls = pulumi.secret(pulumi.all(urls));
    this.registerOutputs({
      urls: this.urls,
      fingerprints: this.fingerprints,
      states: this.states,
      containerNames: this.containerNames,
    });
  }

  /** The image's PostgreSQL major, once the arguments are known to fit together. */
  private checkedMajor(args: SeededPostgresArgs, policy: SeedChangePolicy): number {
    if (policy === "migrate" && args.migrateSettings === undefined)
      throw new pulumi.ResourceError(
        "onSeedChange migrate needs migrateSettings (SeedDump's engine settings)",
        this,
        true,
      );
    const major =
      args.major ?? (typeof args.image === "string" ? majorOfImage(args.image) : undefined);
    if (major === undefined)
      throw new pulumi.ResourceError(
        "set major (the image's PostgreSQL major): the image reference does not say it",
        this,
        true,
      );
    return major;
  }

  /** The image per Docker host (one on the default provider when no host is named). */
  private images(
    docker: typeof dockerTypes,
    name: string,
    args: SeededPostgresArgs,
    providers: dockerTypes.Provider[],
    naming: Naming,
  ): dockerTypes.RemoteImage[] {
    return (providers.length ? providers : [undefined]).map(
      (provider, i) =>
        new docker.RemoteImage(
          providers.length ? `${name}-image-h${i}` : `${name}-image`,
          // A cached image older than the seed's pg_dump has a psql that rejects the seed's
          // \restrict lines.
          {
            name: previewedImage(args.image, providers.length === 0, this, naming),
            keepLocally: true,
            ...(args.seedServerVersion === undefined
              ? {}
              : { pullTriggers: [args.seedServerVersion] }),
          },
          { parent: this, provider },
        ),
    );
  }

  /** One instance: its volume and the container that starts from the seed on it. */
  private instance(w: Wiring, p: InstancePlan): dockerTypes.Container {
    const { args, policy, fingerprint } = w;
    const provider = p.hostIndex === undefined ? undefined : w.providers[p.hostIndex];
    const base = `${w.name}-${p.key}`;
    const dockerName = `${args.dockerPrefix ?? `${pulumi.getProject()}-${pulumi.getStack()}`}-${base}`;
    const volume = new w.docker.Volume(
      `${base}-data`,
      { name: fingerprint.apply((fp) => volumeName(dockerName, fp, policy !== "reseed")) },
      // migrate, keep: never replace the volume for a new seed (nor when a stack switches from
      // reseed).
      { parent: this, provider, ...(policy !== "reseed" ? { ignoreChanges: ["name"] } : {}) },
    );
    const spec = containerArgs(w.specOf, {
      dbUser: args.dbUser,
      dbName: args.dbName,
      password: pulumi.secret(args.password),
      fingerprint,
      volumeName: volume.name,
      seedPath: args.seedPath,
      seedSha256: args.seedSha256,
      healthcheck:
        policy === "migrate"
          ? healthcheckCommand(undefined)
          : fingerprint.apply(healthcheckCommand),
      port: p.port,
      bindAddress: args.bindAddress ?? "127.0.0.1",
    });
    // Same container name and host port: the old one must go first.
    const options = {
      parent: this,
      provider,
      dependsOn: [volume],
      deleteBeforeReplace: true,
      ...CONTAINER_OPTIONS[policy],
    };
    return new w.docker.Container(
      base,
      {
        name: dockerName,
        image: w.images[p.hostIndex ?? 0].imageId,
        ...spec,
        wait: true,
        waitTimeout: 600,
      },
      options,
    );
  }

  /** keep: a warning per instance whose data is at another seed than the current one. */
  private warnStale(
    name: string,
    plan: InstancePlan[],
    containers: dockerTypes.Container[],
    fingerprint: pulumi.Output<string>,
  ): void {
    pulumi.all([pulumi.all(containers.map(labelOf)), fingerprint]).apply(([labels, fp]) =>
      labels.forEach((label, i) => {
        if (label && label !== fp)
          pulumi.log.warn(
            `${name}-${plan[i].key}: at ${shortFingerprint(label)}, seed is ${shortFingerprint(fp)}: ${instanceAction("keep", label, fp)}; run pgseed migrate --url … or set onSeedChange: migrate`,
            this,
          );
      }),
    );
  }

  /**
   * migrate: one InstanceMigration per instance, in plan order, each current before the next
   * starts.
   */
  private migrateInOrder(
    name: string,
    args: SeededPostgresArgs,
    plan: InstancePlan[],
    urls: pulumi.Output<string>[],
    containers: pulumi.Resource[],
  ): InstanceMigration[] {
    const hosts = args.dockerHosts ?? [];
    const migrations: InstanceMigration[] = [];
    plan.forEach((p, i) => {
      const host = p.hostIndex === undefined ? undefined : hosts[p.hostIndex];
      // A remote (ssh://) host binds the port on its own 127.0.0.1: migrate through an SSH forward.
      const tunnel = host?.startsWith("ssh://")
        ? { tunnel: host, tunnelTarget: args.bindAddress ?? "127.0.0.1" }
        : {};
      migrations.push(
        new InstanceMigration(
          `${name}-${p.key}-migrate`,
          {
            url: urls[i],
            fingerprint: args.fingerprint,
            settings: args.migrateSettings!,
            ...tunnel,
          },
          { parent: this, dependsOn: [containers[i], ...(i > 0 ? [migrations[i - 1]] : [])] },
        ),
      );
    });
    return migrations;
  }
}

/**
 * SeededPostgres: per Docker host an image, and per instance a volume and a container that starts
 * from the seed (/docker-entrypoint-initdb.d). What a new fingerprint does to an existing instance
 * is the stack's onSeedChange policy: reseed (new volume and container: dev), migrate (volume and
 * container kept, `pgseed migrate` run against each instance in turn: deploys), keep (nothing
 * changes; the instances are reported stale). New instances always start from the current seed.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { MARKER_QUERY, markerText } from "../seed/seedfile/format";
import { containerSpec, ContainerSpecInput, FINGERPRINT_LABEL, majorOfImage } from "../deploy/containerSpec";
import { InstanceMigration } from "./instanceMigration";
import type { InstanceMigrationInputs } from "./instanceMigrationOps";

/** What a new fingerprint does to an existing instance. */
export type SeedChangePolicy = "reseed" | "migrate" | "keep";
export const SEED_CHANGE_POLICIES: readonly SeedChangePolicy[] = ["reseed", "migrate", "keep"];

export interface SeededPostgresArgs {
  /** Docker image, same PostgreSQL major as the seed (e.g. postgres:15). */
  image: pulumi.Input<string>;
  /** Absolute path of the seed file (SeedDump.path); uploaded by the docker provider, never stored in state. */
  seedPath: pulumi.Input<string>;
  /** sha256 of the seed's bytes (SeedDump.sha256): a new seed re-uploads. */
  seedSha256: pulumi.Input<string>;
  /** Fingerprint of the seed (SeedDump.fingerprint): a new one re-seeds unless keepData. */
  fingerprint: pulumi.Input<string>;
  /** Password of dbUser: a secret. */
  password: pulumi.Input<string>;
  /** Containers per Docker host (default 1). */
  instances?: pulumi.Input<number>;
  /** Host port of instance 0; instance i gets basePort + i (default 5432). */
  basePort?: pulumi.Input<number>;
  /** Host address the ports bind to (default 127.0.0.1: not reachable from other machines). */
  bindAddress?: pulumi.Input<string>;
  /** Docker hosts (ssh://…, tcp://…); empty: the default docker provider. */
  dockerHosts?: pulumi.Input<string>[];
  /** What a new fingerprint does to existing instances (default reseed). */
  onSeedChange?: SeedChangePolicy;
  /** Old name: keepData true is onSeedChange keep. */
  keepData?: pulumi.Input<boolean>;
  /** migrate policy: SeedDump's engine settings (the migrate command and where it runs, on the machine running pulumi). */
  migrateSettings?: pulumi.Input<InstanceMigrationInputs["settings"]>;
  /** Prefix of the Docker container and volume names (default <project>-<stack>): two stacks on one engine never share one. */
  dockerPrefix?: string;
  /** PostgreSQL major of the image (default: its tag's, e.g. 15 for postgres:15): where PGDATA lives (18 moved it). */
  major?: number;
  /** bridge (default): the port published on bindAddress. host: the host's network, the server itself binds bindAddress:port (engines without a bridge). */
  network?: "bridge" | "host";
  /** The seed's server version (SeedDump.serverVersion): a new one pulls the image again, so its psql is at least as new as the pg_dump that made the seed. */
  seedServerVersion?: pulumi.Input<string>;
  /** Database name (POSTGRES_DB). */
  dbName: pulumi.Input<string>;
  /** Owner role (POSTGRES_USER). */
  dbUser: pulumi.Input<string>;
}

export interface InstancePlan {
  /** Suffix of the Pulumi and Docker names: "0", or "h1-0" with several hosts. */
  key: string;
  /** Index into dockerHosts, or undefined for the default provider. */
  hostIndex?: number;
  port: number;
}

/** Pure: the instances of a deployment; names unique per stack, ports unique per host. */
export function planInstances(instances: number, basePort: number, hostCount: number): InstancePlan[] {
  if (!Number.isInteger(instances) || instances < 1) throw new Error(`instances must be 1 or more, got ${instances}`);
  if (basePort < 1 || basePort + instances - 1 > 65535) throw new Error(`basePort ${basePort} with ${instances} instance(s) gives ports outside 1-65535`);
  const hosts = hostCount > 0 ? [...Array(hostCount).keys()] : [undefined];
  return hosts.flatMap((h) =>
    [...Array(instances).keys()].map((i) => ({ key: h === undefined ? `${i}` : `h${h}-${i}`, hostIndex: h, port: basePort + i })),
  );
}

/** Short form of a fingerprint for names and labels. */
export const shortFingerprint = (fp: string) => fp.replace(/^sha256:/, "").slice(0, 12);

/**
 * Pure: the data volume's name. Under reseed it carries the fingerprint, so a new seed means a
 * new, empty volume; otherwise it is stable (`stable`: migrate or keep).
 */
export const volumeName = (base: string, fingerprint: string, stable: boolean) =>
  stable ? `${base}-data` : `${base}-data-${shortFingerprint(fingerprint)}`;

/** Pure: the policy from onSeedChange and the old keepData flag (which may only agree with it). */
export function seedChangePolicy(onSeedChange: string | undefined, keepData: boolean | undefined): SeedChangePolicy {
  if (onSeedChange !== undefined && !(SEED_CHANGE_POLICIES as readonly string[]).includes(onSeedChange)) {
    throw new Error(`onSeedChange must be one of ${SEED_CHANGE_POLICIES.join(", ")}, got ${JSON.stringify(onSeedChange)}`);
  }
  if (keepData && onSeedChange && onSeedChange !== "keep") {
    throw new Error(`keepData: true and onSeedChange: ${onSeedChange} disagree; keepData is the old name of onSeedChange: keep: remove keepData`);
  }
  return (onSeedChange as SeedChangePolicy | undefined) ?? (keepData ? "keep" : "reseed");
}

/** Pure: what a preview does to an instance now at `current` (undefined: new) for the seed `next`. */
export function instanceAction(policy: SeedChangePolicy, current: string | undefined, next: string): string {
  if (current === undefined) return "create from the current seed";
  if (current === next) return "none (current)";
  return { reseed: "re-seed (new volume: its data is dropped)", migrate: "migrate (pgseed migrate, data kept)", keep: "keep (stays stale)" }[policy];
}

/**
 * Pure: healthy only once the seed is loaded. The init server listens on the unix socket only, so
 * a TCP check fails until init is over; then the marker must be the expected fingerprint.
 * The password comes from the container's own environment, never from this text.
 */
export function healthcheckCommand(fingerprint: string | undefined): string {
  const marker = `PGPASSWORD="$POSTGRES_PASSWORD" psql -X -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atqc "${MARKER_QUERY}"`;
  // undefined (migrate policy): any pgseed marker, since a migrated instance carries the new one
  // and the container must not change when the fingerprint does.
  if (fingerprint === undefined) return `${marker} | grep -q '^${markerText("sha256:")}'`;
  return [`test "$(${marker})"`, `= '${markerText(fingerprint)}'`].join(" ");
}

export { FINGERPRINT_LABEL };

/** Placeholders for the spec fields a container argument does not depend on (never reach the provider). */
const SPEC_DEFAULTS: ContainerSpecInput = {
  name: "", image: "", major: 15, network: "bridge", port: 5432, bindAddress: "127.0.0.1", dbUser: "", dbName: "",
  fingerprint: "", healthcheck: "", volumeName: "", seedPath: "seed-db.sql", seedSha256: "",
};

type I<T> = pulumi.Input<T>;
/** The docker.Container arguments of one instance's containerSpec, each from just its own inputs. */
function containerArgs(
  specOf: (over: Partial<ContainerSpecInput>) => ReturnType<typeof containerSpec>,
  i: { dbUser: I<string>; dbName: I<string>; password: I<string>; fingerprint: I<string>; volumeName: I<string>; seedPath: I<string>; seedSha256: I<string>; healthcheck: I<string>; port: number; bindAddress: I<string> },
) {
  const fixed = specOf({ port: i.port });
  const env = pulumi.all([i.dbUser, i.dbName]).apply(([dbUser, dbName]) => specOf({ dbUser, dbName, port: i.port }).env);
  return {
    entrypoints: fixed.entrypoint,
    restart: fixed.restart,
    networkMode: fixed.networkMode,
    command: pulumi.output(i.bindAddress).apply((bindAddress) => specOf({ port: i.port, bindAddress }).command),
    envs: pulumi.all([env, pulumi.secret(pulumi.interpolate`POSTGRES_PASSWORD=${i.password}`)]).apply(([e, pw]) => [...e, pw]),
    labels: pulumi.output(i.fingerprint).apply((fingerprint) => specOf({ fingerprint }).labels),
    ports: pulumi.output(i.bindAddress).apply((bindAddress) => specOf({ port: i.port, bindAddress }).ports),
    volumes: pulumi.output(i.volumeName).apply((volumeName) => specOf({ volumeName }).volumes),
    uploads: pulumi.all([i.seedPath, i.seedSha256]).apply(([seedPath, seedSha256]) => specOf({ seedPath, seedSha256 }).uploads),
    healthcheck: pulumi.output(i.healthcheck).apply((healthcheck) => specOf({ healthcheck }).healthcheck),
  };
}


/** Seeded PostgreSQL containers. Type token pgseed:index:SeededPostgres. */
export class SeededPostgres extends pulumi.ComponentResource {
  /** postgresql:// URL per instance (secrets), in the order of planInstances. */
  readonly urls: pulumi.Output<string[]>;
  /** Fingerprint each instance is at: migrate: its marker after the migration; reseed, keep: its container label. */
  readonly fingerprints: pulumi.Output<string[]>;
  /** Per instance: "current" or "stale" (keep: instances stay at the seed their data came from). */
  readonly states: pulumi.Output<string[]>;
  /** Container names, in the same order. */
  readonly containerNames: pulumi.Output<string[]>;

  constructor(name: string, args: SeededPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pgseed:index:SeededPostgres", name, {}, opts);
    // The counts shape the resource graph, so they must be known while the program runs.
    const plain = <T>(v: pulumi.Input<T> | undefined, fallback: T): T => {
      if (v === undefined) return fallback;
      if (pulumi.Output.isInstance(v) || v instanceof Promise) throw new Error(`SeededPostgres ${name}: instances, basePort, onSeedChange, keepData and dockerHosts must be plain values`);
      return v as T;
    };
    const hosts = (args.dockerHosts ?? []).map((h, i) => plain(h, `host ${i}`));
    const policy = seedChangePolicy(plain<string | undefined>(args.onSeedChange, undefined), plain<boolean | undefined>(args.keepData, undefined));
    if (args.keepData !== undefined && args.onSeedChange === undefined) {
      pulumi.log.warn(`SeededPostgres ${name}: keepData is the old name of onSeedChange: ${policy}; set onSeedChange instead`, this);
    }
    if (policy === "migrate" && args.migrateSettings === undefined) throw new Error(`SeededPostgres ${name}: onSeedChange migrate needs migrateSettings (SeedDump's engine settings)`);
    const stable = policy !== "reseed";
    const plan = planInstances(plain(args.instances, 1), plain(args.basePort, 5432), hosts.length);
    const bind = args.bindAddress ?? "127.0.0.1";
    const major = args.major ?? (typeof args.image === "string" ? majorOfImage(args.image) : undefined);
    if (major === undefined) throw new Error(`SeededPostgres ${name}: set major (the image's PostgreSQL major): the image reference does not say it`);
    const network = plain(args.network, "bridge");
    const specOf = (over: Partial<ContainerSpecInput>) => containerSpec({ ...SPEC_DEFAULTS, major, network, ...over });
    const password = pulumi.secret(args.password);
    const fingerprint = pulumi.output(args.fingerprint);

    const providers = hosts.map((host, i) => new docker.Provider(`${name}-host-${i}`, { host }, { parent: this }));
    const images = (providers.length ? providers : [undefined]).map(
      (provider, i) =>
        new docker.RemoteImage(
          providers.length ? `${name}-image-h${i}` : `${name}-image`,
          // A cached image older than the seed's pg_dump has a psql that rejects the seed's \restrict lines.
          { name: args.image, keepLocally: true, ...(args.seedServerVersion === undefined ? {} : { pullTriggers: [args.seedServerVersion] }) },
          { parent: this, provider },
        ),
    );

    const containers = plan.map((p) => {
      const provider = p.hostIndex === undefined ? undefined : providers[p.hostIndex];
      const image = images[p.hostIndex ?? 0];
      const base = `${name}-${p.key}`;
      const dockerName = `${args.dockerPrefix ?? `${pulumi.getProject()}-${pulumi.getStack()}`}-${base}`;
      const volume = new docker.Volume(
        `${base}-data`,
        { name: fingerprint.apply((fp) => volumeName(dockerName, fp, stable)) },
        // migrate, keep: never replace the volume for a new seed (nor when a stack switches from reseed).
        { parent: this, provider, ...(stable ? { ignoreChanges: ["name"] } : {}) },
      );
      return new docker.Container(
        base,
        {
          name: dockerName,
          image: image.imageId,
          // Each field from containerSpec (the spec tests/docker/ runs on a real engine), fed only
          // the inputs that field depends on: a new fingerprint must not touch the others.
          ...containerArgs(specOf, {
            dbUser: args.dbUser,
            dbName: args.dbName,
            password,
            fingerprint,
            volumeName: volume.name,
            seedPath: args.seedPath,
            seedSha256: args.seedSha256,
            healthcheck: policy === "migrate" ? healthcheckCommand(undefined) : fingerprint.apply(healthcheckCommand),
            port: p.port,
            bindAddress: bind,
          }),
          wait: true,
          waitTimeout: 600,
        },
        {
          parent: this,
          provider,
          dependsOn: [volume],
          // Same container name and host port: the old one must go first.
          deleteBeforeReplace: true,
          // reseed: a new seed is a new container on a new volume. migrate: labels and uploads are
          // fixed at creation (the docker provider replaces a container for either) and the
          // healthcheck takes any marker, so a new fingerprint leaves the container as it is; the
          // InstanceMigration below carries the fingerprint. keep: the container keeps the label
          // and healthcheck of the seed its data came from.
          ...{
            reseed: { replaceOnChanges: ["labels", "volumes", "uploads"] },
            migrate: { ignoreChanges: ["labels", "uploads"] },
            keep: { ignoreChanges: ["labels", "healthcheck", "uploads"] },
          }[policy],
        },
      );
    });

    const urls = plan.map((p) => {
      const host = p.hostIndex === undefined ? "127.0.0.1" : hostOf(hosts[p.hostIndex]);
      return pulumi.interpolate`postgresql://${args.dbUser}:${password}@${host}:${p.port}/${args.dbName}`;
    });
    // migrate: one instance at a time, in plan order, each current before the next starts.
    const migrations: InstanceMigration[] = [];
    if (policy === "migrate") {
      plan.forEach((p, i) => {
        migrations.push(
          new InstanceMigration(
            `${name}-${p.key}-migrate`,
            // A remote (ssh://) host binds the port on its own 127.0.0.1: migrate through an SSH forward.
            { url: urls[i], fingerprint, settings: args.migrateSettings!, ...(p.hostIndex !== undefined && hosts[p.hostIndex].startsWith("ssh://") ? { tunnel: hosts[p.hostIndex], tunnelTarget: bind } : {}) },
            { parent: this, dependsOn: [containers[i], ...(i > 0 ? [migrations[i - 1]] : [])] },
          ),
        );
      });
    }

    this.containerNames = pulumi.all(containers.map((c) => c.name));
    const labelOf = (c: docker.Container) => c.labels.apply((ls) => ls?.find((l) => l.label === FINGERPRINT_LABEL)?.value ?? "");
    // migrate: the marker each InstanceMigration left; else the label (keep: the seed the data came from).
    this.fingerprints = pulumi.all(policy === "migrate" ? migrations.map((m) => m.fingerprint) : containers.map(labelOf));
    this.states = pulumi.all([this.fingerprints, fingerprint]).apply(([fps, fp]) => fps.map((f) => (f === fp ? "current" : "stale")));
    // keep: say which instances stay stale (the label is the seed their data came from). reseed
    // and migrate show in the diff itself: a replaced volume, or InstanceMigration's fingerprint A => B.
    if (policy === "keep") {
      pulumi.all([pulumi.all(containers.map(labelOf)), fingerprint]).apply(([labels, fp]) =>
        labels.forEach((label, i) => {
          if (label && label !== fp) pulumi.log.warn(`${name}-${plan[i].key}: at ${shortFingerprint(label)}, seed is ${shortFingerprint(fp)}: ${instanceAction(policy, label, fp)}; run pgseed migrate --url … or set onSeedChange: migrate`, this);
        }),
      );
    }
    this.urls = pulumi.secret(pulumi.all(urls));
    this.registerOutputs({ urls: this.urls, fingerprints: this.fingerprints, states: this.states, containerNames: this.containerNames });
  }
}

/** Pure: the address clients use for a Docker host URL (ssh://user@db1:22 → db1; unix socket → 127.0.0.1). */
export function hostOf(dockerHost: string): string {
  const m = /^(?:ssh|tcp|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(dockerHost);
  return m ? m[1] : "127.0.0.1";
}

/**
 * SeededPostgres: per Docker host an image, and per instance a volume and a container that starts
 * from the seed (/docker-entrypoint-initdb.d). A new fingerprint replaces volume and container
 * (re-seed), unless keepData: then the data stays and migrations must be run by hand.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { MARKER_QUERY, markerText } from "../seed/seedFile";

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
  /** Keep each volume when the seed changes. The data then stays at the old fingerprint: run migrations yourself. */
  keepData?: pulumi.Input<boolean>;
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

/** Pure: the data volume's name. It carries the fingerprint, so a new seed means a new, empty volume. */
export const volumeName = (base: string, fingerprint: string, keepData: boolean) =>
  keepData ? `${base}-data` : `${base}-data-${shortFingerprint(fingerprint)}`;

/**
 * Pure: healthy only once the seed is loaded. The init server listens on the unix socket only, so
 * a TCP check fails until init is over; then the marker must be the expected fingerprint.
 * The password comes from the container's own environment, never from this text.
 */
export function healthcheckCommand(fingerprint: string): string {
  return [
    `test "$(PGPASSWORD="$POSTGRES_PASSWORD" psql -X -h 127.0.0.1 -U "$POSTGRES_USER" -d "$POSTGRES_DB" -Atqc "${MARKER_QUERY}")"`,
    `= '${markerText(fingerprint)}'`,
  ].join(" ");
}

export const FINGERPRINT_LABEL = "pgseed.fingerprint";
const SEED_FILE_IN_CONTAINER = (seedPath: string) => `/docker-entrypoint-initdb.d/${seedPath.endsWith(".gz") ? "seed-db.sql.gz" : "seed-db.sql"}`;

/** Seeded PostgreSQL containers. Type token pgseed:index:SeededPostgres. */
export class SeededPostgres extends pulumi.ComponentResource {
  /** postgresql:// URL per instance (secrets), in the order of planInstances. */
  readonly urls: pulumi.Output<string[]>;
  /** Fingerprint each instance was seeded from (its container label). */
  readonly fingerprints: pulumi.Output<string[]>;
  /** Container names, in the same order. */
  readonly containerNames: pulumi.Output<string[]>;

  constructor(name: string, args: SeededPostgresArgs, opts?: pulumi.ComponentResourceOptions) {
    super("pgseed:index:SeededPostgres", name, {}, opts);
    // The counts shape the resource graph, so they must be known while the program runs.
    const plain = <T>(v: pulumi.Input<T> | undefined, fallback: T): T => {
      if (v === undefined) return fallback;
      if (pulumi.Output.isInstance(v) || v instanceof Promise) throw new Error(`SeededPostgres ${name}: instances, basePort, keepData and dockerHosts must be plain values`);
      return v as T;
    };
    const hosts = (args.dockerHosts ?? []).map((h, i) => plain(h, `host ${i}`));
    const keepData = plain(args.keepData, false);
    const plan = planInstances(plain(args.instances, 1), plain(args.basePort, 5432), hosts.length);
    const bind = args.bindAddress ?? "127.0.0.1";
    const password = pulumi.secret(args.password);
    const fingerprint = pulumi.output(args.fingerprint);

    const providers = hosts.map((host, i) => new docker.Provider(`${name}-host-${i}`, { host }, { parent: this }));
    const images = (providers.length ? providers : [undefined]).map(
      (provider, i) =>
        new docker.RemoteImage(
          providers.length ? `${name}-image-h${i}` : `${name}-image`,
          { name: args.image, keepLocally: true },
          { parent: this, provider },
        ),
    );

    const containers = plan.map((p) => {
      const provider = p.hostIndex === undefined ? undefined : providers[p.hostIndex];
      const image = images[p.hostIndex ?? 0];
      const base = `${name}-${p.key}`;
      const volume = new docker.Volume(
        `${base}-data`,
        { name: fingerprint.apply((fp) => volumeName(base, fp, keepData)) },
        // keepData: the name is stable; never replace the volume for a new seed.
        { parent: this, provider, ...(keepData ? { ignoreChanges: ["name"] } : {}) },
      );
      return new docker.Container(
        base,
        {
          name: base,
          image: image.imageId,
          restart: "unless-stopped",
          envs: [
            pulumi.interpolate`POSTGRES_USER=${args.dbUser}`,
            pulumi.interpolate`POSTGRES_DB=${args.dbName}`,
            pulumi.secret(pulumi.interpolate`POSTGRES_PASSWORD=${password}`),
          ],
          labels: [{ label: FINGERPRINT_LABEL, value: fingerprint }],
          ports: [{ internal: 5432, external: p.port, ip: bind }],
          volumes: [{ volumeName: volume.name, containerPath: "/var/lib/postgresql/data" }],
          uploads: [
            {
              file: pulumi.output(args.seedPath).apply(SEED_FILE_IN_CONTAINER),
              source: args.seedPath,
              sourceHash: args.seedSha256,
            },
          ],
          healthcheck: {
            tests: ["CMD-SHELL", fingerprint.apply(healthcheckCommand)],
            interval: "2s",
            timeout: "5s",
            startPeriod: "10s",
            retries: 150,
          },
          wait: true,
          waitTimeout: 600,
        },
        {
          parent: this,
          provider,
          dependsOn: [volume],
          // Same container name and host port: the old one must go first.
          deleteBeforeReplace: true,
          // keepData: the container keeps the label and healthcheck of the seed its data came from.
          ...(keepData
            ? { ignoreChanges: ["labels", "healthcheck", "uploads"] }
            : { replaceOnChanges: ["labels", "volumes", "uploads"] }),
        },
      );
    });

    this.containerNames = pulumi.all(containers.map((c) => c.name));
    this.fingerprints = pulumi.all(
      containers.map((c) => c.labels.apply((ls) => ls?.find((l) => l.label === FINGERPRINT_LABEL)?.value ?? "")),
    );
    this.urls = pulumi.secret(
      pulumi.all(
        plan.map((p) => {
          const host = p.hostIndex === undefined ? "127.0.0.1" : hostOf(hosts[p.hostIndex]);
          return pulumi.interpolate`postgresql://${args.dbUser}:${password}@${host}:${p.port}/${args.dbName}`;
        }),
      ),
    );
    this.registerOutputs({ urls: this.urls, fingerprints: this.fingerprints, containerNames: this.containerNames });
  }
}

/** Pure: the address clients use for a Docker host URL (ssh://user@db1:22 → db1; unix socket → 127.0.0.1). */
export function hostOf(dockerHost: string): string {
  const m = /^(?:ssh|tcp|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(dockerHost);
  return m ? m[1] : "127.0.0.1";
}

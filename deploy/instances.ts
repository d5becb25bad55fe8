/**
 * Pure deploy logic of seeded instances: which instances a stack has, their names and ports, what
 * a new fingerprint does to each, and the healthcheck that says a seed is loaded. No Pulumi: the
 * CLI (`pgseed status --stack`) and the components both use it.
 */
import { shortFingerprint } from "../seed/core/hash";
import { MARKER_QUERY, markerText } from "../seed/seedfile/format";

/** What a new fingerprint does to an existing instance. */
export const SEED_CHANGE_POLICIES = ["reseed", "migrate", "keep"] as const;
export type SeedChangePolicy = (typeof SEED_CHANGE_POLICIES)[number];

export interface InstancePlan {
  /** Suffix of the Pulumi and Docker names: "0", or "h1-0" with several hosts. */
  key: string;
  /** Index into dockerHosts, or undefined for the default provider. */
  hostIndex?: number;
  port: number;
}

/** Pure: the instances of a deployment; names unique per stack, ports unique per host. */
export function planInstances(
  instances: number,
  basePort: number,
  hostCount: number,
): InstancePlan[] {
  if (!Number.isInteger(instances) || instances < 1)
    throw new Error(`instances must be 1 or more, got ${instances}`);
  if (basePort < 1 || basePort + instances - 1 > 65535)
    throw new Error(
      `basePort ${basePort} with ${instances} instance(s) gives ports outside 1-65535`,
    );
  const hosts = hostCount > 0 ? [...Array(hostCount).keys()] : [undefined];
  return hosts.flatMap((h) =>
    [...Array(instances).keys()].map((i) => ({
      key: h === undefined ? `${i}` : `h${h}-${i}`,
      hostIndex: h,
      port: basePort + i,
    })),
  );
}

/**
 * Pure: the data volume's name. Under reseed it carries the fingerprint, so a new seed means a
 * new, empty volume; otherwise it is stable (`stable`: migrate or keep).
 */
export const volumeName = (base: string, fingerprint: string, stable: boolean) =>
  stable ? `${base}-data` : `${base}-data-${shortFingerprint(fingerprint)}`;

/**
 * Pure: what a preview does to an instance now at `current` (undefined: new) for the seed `next`.
 */
export function instanceAction(
  policy: SeedChangePolicy,
  current: string | undefined,
  next: string,
): string {
  if (current === undefined) return "create from the current seed";
  if (current === next) return "none (current)";
  return {
    reseed: "re-seed (new volume: its data is dropped)",
    migrate: "migrate (pgseed migrate, data kept)",
    keep: "keep (stays stale)",
  }[policy];
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

/** Pure: the address clients use for a Docker host URL (ssh://user@db1:22 → db1; unix socket → 127.0.0.1). */
export function hostOf(dockerHost: string): string {
  const m = /^(?:ssh|tcp|https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^:/]+)/.exec(dockerHost);
  return m ? m[1] : "127.0.0.1";
}

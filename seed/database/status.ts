/**
 * Status: what a live instance holds compared with the current fingerprint, read from its marker.
 * Read-only: one connection, one query.
 */
import { PgseedError, maskUrls } from "../core/errors";
import { ConnectError } from "../core/connectErrors";
import { withClient } from "./connect";
import { readMarker } from "./migrate";

/**
 * unreachable: nothing answered (refused, no route, timed out); rejected: the server answered and
 * refused the connection (authentication, no such database, TLS required).
 */
export type InstanceState = "current" | "stale" | "unseeded" | "unreachable" | "rejected";

export interface InstanceStatus {
  /** The URL, password masked. */
  url: string;
  /** Fingerprint its marker names (null: no pgseed marker, or unreachable). */
  marker: string | null;
  fingerprint: string;
  state: InstanceState;
  /** Why it is unreachable or rejected, and what to do. */
  problem?: string;
  fix?: string;
}

/** Pure: the state of a marker against the current fingerprint. */
export const stateOf = (marker: string | null, fingerprint: string): InstanceState =>
  marker === null ? "unseeded" : marker === fingerprint ? "current" : "stale";

export async function instanceStatus(url: string, fingerprint: string): Promise<InstanceStatus> {
  const base = { url: maskUrls(url), fingerprint };
  try {
    const marker = (await withClient(url, readMarker)).fingerprint ?? null;
    return { ...base, marker, state: stateOf(marker, fingerprint) };
  } catch (err) {
    // A bad URL is the caller's mistake, not the instance's state.
    if (err instanceof PgseedError && /not a valid URL|must start with/.test(err.message))
      throw err;
    return {
      ...base,
      marker: null,
      state: err instanceof ConnectError && err.answered ? "rejected" : "unreachable",
      problem: (err as Error).message.split("\n")[0],
      ...(err instanceof PgseedError && err.fix ? { fix: err.fix } : {}),
    };
  }
}

/** Pure: one line per instance, as `pgseed status` prints it. */
export function statusLine(s: InstanceStatus): string {
  const fp = (f: string | null) => (f ? f.slice(0, 19) + "…" : "none");
  // The URL leads the line already.
  const why = `${s.problem?.replace(/^cannot connect to \S+: /, "")}${s.fix ? ` (fix: ${s.fix})` : ""}`;
  const what: Record<InstanceState, string> = {
    current: `current (${fp(s.marker)})`,
    stale: `stale: at ${fp(s.marker)}, current is ${fp(s.fingerprint)} (run pgseed migrate --url …)`,
    unseeded: "unseeded: no pgseed marker (pgseed migrate --adopt, or load a seed)",
    unreachable: `unreachable: ${why}`,
    rejected: `rejected: ${why}`,
  };
  return `${s.url}  ${what[s.state]}`;
}

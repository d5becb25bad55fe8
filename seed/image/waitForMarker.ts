/**
 * The build container's init is over when the seed's marker answers over TCP (init listens on
 * its socket only).
 */
import { docker, notRunning } from "../core/docker";
import { PgseedError } from "../core/errors";
import { tail } from "../core/text";
import { connectClient } from "../database/connect";
import { MARKER_QUERY, markerText } from "../seedfile/format";

/**
 * Polls until the seed's marker answers over TCP (init runs on the socket only: TCP means init is
 * over).
 */
export async function waitForMarker(o: {
  name: string;
  url: string;
  port: number;
  fingerprint: string;
  timeoutMs: number;
}): Promise<void> {
  const started = Date.now();
  let lastCheck = 0;
  for (;;) {
    const client = await connectClient(o.url, 2000).catch(() => undefined);
    const row = await client
      ?.query(`SELECT current_setting('cluster_name') AS cluster, (${MARKER_QUERY}) AS marker`)
      .then(
        (r) => r.rows[0],
        () => undefined,
      )
      .finally(() => client.end().catch(() => undefined));
    if (row) {
      if (row.cluster !== o.name)
        throw new PgseedError(
          `port ${o.port} on 127.0.0.1 is answered by another PostgreSQL (cluster_name ${JSON.stringify(row.cluster)})`,
          "run again: the free port was taken meanwhile",
        );
      if (row.marker === markerText(o.fingerprint)) return;
      throw new PgseedError(
        `the seeded database carries ${JSON.stringify(row.marker)}, not the seed's marker`,
        "regenerate the seed (pgseed regenerate --force)",
      );
    }
    if (Date.now() - lastCheck > 1000) {
      lastCheck = Date.now();
      const state = await docker(["inspect", "--format", "{{.State.Status}}", o.name], {
        leftBehind: `container ${o.name}`,
      });
      if (state.stdout.trim() === "paused") throw notRunning(o.name, "paused");
      if (state.stdout.trim() !== "running") {
        const logs = await docker(["logs", "--tail", "25", o.name], {
          all: true,
          leftBehind: `container ${o.name}`,
        });
        throw new Error(`the container exited before the seed loaded:\n${tail(logs.all ?? "")}`);
      }
    }
    if (Date.now() - started > o.timeoutMs)
      throw new Error(`the seed had not loaded after ${o.timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

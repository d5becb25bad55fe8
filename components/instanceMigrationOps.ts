/**
 * What the InstanceMigration provider does, as plain functions over seed/: no Pulumi import, so
 * the serialized provider stays a few lines that load this compiled module by path. It runs on
 * the machine running pulumi, against the instance's URL.
 */
import type { SeedDumpInputs } from "./seedDumpOps";

export interface InstanceMigrationInputs {
  /** The instance's postgresql:// URL (a secret). */
  url: string;
  /** The fingerprint the instance must be brought to. */
  fingerprint: string;
  /** Raw engine settings, project-relative (SeedDump's): the migrate command and where it runs. */
  settings: SeedDumpInputs["settings"];
  /** Seconds to wait for the instance to answer before migrating and to be healthy after. */
  waitSeconds?: number;
}

export interface InstanceMigrationOutputs extends InstanceMigrationInputs {
  /** What the marker named before this run (null: no marker). */
  from: string | null;
  /** true when the migrate command ran (false: the instance was already at the fingerprint). */
  migrated: boolean;
}

/** Pure: a new fingerprint or other migrate settings are an update in place, never a replacement. */
export function diffMigration(olds: Partial<InstanceMigrationInputs>, news: InstanceMigrationInputs): { changes: boolean; reasons: string[] } {
  const { stableJson } = require("./seedDumpOps") as typeof import("./seedDumpOps");
  const reasons: string[] = [];
  if (olds.fingerprint !== news.fingerprint) reasons.push("fingerprint");
  if (olds.url !== news.url) reasons.push("url");
  if (stableJson(olds.settings) !== stableJson(news.settings)) reasons.push("settings");
  return { changes: reasons.length > 0, reasons };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the instance's state satisfies `ok`, or throws after `seconds`. */
async function waitFor(url: string, fingerprint: string, seconds: number, ok: (state: string) => boolean, what: string): Promise<void> {
  const { instanceStatus } = await import("../seed/status");
  const { PgseedError } = await import("../seed/errors");
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const s = await instanceStatus(url, fingerprint);
    if (ok(s.state)) return;
    if (Date.now() > deadline) {
      throw new PgseedError(`instance ${s.url} did not become ${what} within ${seconds}s (it is ${s.state}${s.problem ? `: ${s.problem}` : ""})`, "check the container's logs (docker logs <name>), then run pulumi up again");
    }
    await sleep(1000);
  }
}

/** create/update: wait for the instance, migrate it (a no-op when current), then wait until its marker is the fingerprint. */
export async function migrateInstance(inputs: InstanceMigrationInputs, projectDir: string): Promise<InstanceMigrationOutputs> {
  const { settingsOf } = await import("./seedDumpOps");
  const { runnableMigrateCommand } = await import("../seed/presets");
  const { migrateDatabase } = await import("../seed/migrate");
  const wait = inputs.waitSeconds ?? 300;
  const engine = settingsOf({ settings: inputs.settings }, projectDir);
  await waitFor(inputs.url, inputs.fingerprint, wait, (s) => s !== "unreachable", "reachable");
  const command = await runnableMigrateCommand(engine);
  const r = await migrateDatabase({ url: inputs.url, settings: engine, command, fingerprint: inputs.fingerprint });
  await waitFor(inputs.url, inputs.fingerprint, wait, (s) => s === "current", "current");
  return { ...inputs, from: r.from, migrated: r.migrated };
}

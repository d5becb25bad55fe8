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
  /**
   * The instance's Docker host when it is ssh://[user@]host[:port]: its port is bound on that
   * host's bindAddress (127.0.0.1 by default), so the migrate reaches it through an SSH forward
   * (the ssh client and config the docker provider uses; PGSEED_SSH_COMMAND overrides `ssh`).
   */
  tunnel?: string;
  /**
   * Address the port is bound to on the Docker host (default 127.0.0.1; 0.0.0.0 reads as
   * 127.0.0.1).
   */
  tunnelTarget?: string;
}

export interface InstanceMigrationOutputs extends InstanceMigrationInputs {
  /** What the marker named before this run (null: no marker). */
  from: string | null;
  /** true when the migrate command ran (false: the instance was already at the fingerprint). */
  migrated: boolean;
}

/**
 * Pure: a new fingerprint or other migrate settings are an update in place, never a replacement.
 */
export function diffMigration(
  olds: Partial<InstanceMigrationInputs>,
  news: InstanceMigrationInputs,
): { changes: boolean; reasons: string[] } {
  const { stableJson } = require("./seedDumpOps") as typeof import("./seedDumpOps");
  const reasons: string[] = [];
  if (olds.fingerprint !== news.fingerprint) reasons.push("fingerprint");
  if (olds.url !== news.url) reasons.push("url");
  if (stableJson(olds.settings) !== stableJson(news.settings)) reasons.push("settings");
  return { changes: reasons.length > 0, reasons };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Pure: the ssh arguments of a local forward 127.0.0.1:localPort → target:remotePort on the Docker
 * host.
 */
export function tunnelArgs(
  dockerHost: string,
  localPort: number,
  target: string,
  remotePort: number,
): string[] {
  const m = /^ssh:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(dockerHost);
  if (!m)
    throw new Error(
      `pgseed: docker host ${dockerHost} is not ssh://[user@]host[:port]\n  fix: write it as ssh://user@host`,
    );
  const to = ["0.0.0.0", "*", "::", ""].includes(target) ? "127.0.0.1" : target;
  return [
    "-N",
    "-o",
    "ExitOnForwardFailure=yes",
    "-o",
    "BatchMode=yes",
    "-o",
    "ServerAliveInterval=15",
    "-L",
    `127.0.0.1:${localPort}:${to.includes(":") ? `[${to}]` : to}:${remotePort}`,
    ...(m[3] ? ["-p", m[3]] : []),
    m[1] ? `${m[1]}@${m[2]}` : m[2],
  ];
}

/**
 * The URL to migrate through: the instance's own, or (ssh:// Docker host) the same database
 * through a local SSH forward, open until close().
 */
export async function reach(
  inputs: InstanceMigrationInputs,
  seconds: number,
): Promise<{ url: string; close: () => void }> {
  if (!inputs.tunnel?.startsWith("ssh://")) return { url: inputs.url, close: () => undefined };
  const execa = (await import("execa")).default;
  const net = await import("net");
  const { registerCleanup } = await import("../seed/core/cleanup");
  const { PgseedError, maskUrls } = await import("../seed/core/errors");
  const { freePort } = await import("../seed/core/net");
  const u = new URL(inputs.url);
  const local = await freePort();
  const [cmd, ...pre] = (process.env.PGSEED_SSH_COMMAND || "ssh").split(/\s+/);
  const child = execa(
    cmd,
    [
      ...pre,
      ...tunnelArgs(
        inputs.tunnel,
        local,
        inputs.tunnelTarget ?? "127.0.0.1",
        Number(u.port || 5432),
      ),
    ],
    { reject: false, all: true, stdin: "ignore" },
  );
  const reg = registerCleanup(() => void child.kill("SIGTERM"));
  const close = () => {
    child.kill("SIGTERM");
    reg.run();
  };
  let exited = false;
  void child.then(() => (exited = true));
  const open = () =>
    new Promise<boolean>((r) =>
      net
        .connect(local, "127.0.0.1")
        .once("connect", function (this: import("net").Socket) {
          this.destroy();
          r(true);
        })
        .once("error", () => r(false)),
    );
  for (const deadline = Date.now() + seconds * 1000; !(await open()); await sleep(200)) {
    if (exited || Date.now() > deadline) {
      close();
      const out = ((await child).all ?? "").trim().split("\n").slice(-3).join(" / ");
      throw new PgseedError(
        `cannot open an SSH forward to ${maskUrls(inputs.url)} through ${inputs.tunnel}: ${out || "no answer"}`,
        "check that `ssh` reaches that host without a prompt (ssh-agent or ~/.ssh/config), as the docker provider needs too",
      );
    }
  }
  u.hostname = "127.0.0.1";
  u.port = String(local);
  return { url: u.toString(), close };
}

/** Polls until the instance's state satisfies `ok`, or throws after `seconds`. */
async function waitFor(
  url: string,
  fingerprint: string,
  seconds: number,
  ok: (state: string) => boolean,
  what: string,
): Promise<void> {
  const { instanceStatus } = await import("../seed/database/status");
  const { PgseedError } = await import("../seed/core/errors");
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const s = await instanceStatus(url, fingerprint);
    if (ok(s.state)) return;
    if (Date.now() > deadline) {
      throw new PgseedError(
        `instance ${s.url} did not become ${what} within ${seconds}s (it is ${s.state}${s.problem ? `: ${s.problem}` : ""})`,
        "check the container's logs (docker logs <name>), then run pulumi up again",
      );
    }
    await sleep(1000);
  }
}

/**
 * create/update: wait for the instance, migrate it (a no-op when current), then wait until its
 * marker is the fingerprint.
 */
export async function migrateInstance(
  inputs: InstanceMigrationInputs,
  projectDir: string,
): Promise<InstanceMigrationOutputs> {
  const { settingsOf } = await import("./seedDumpOps");
  const { runnableMigrateCommand } = await import("../seed/presets");
  const { migrateDatabase } = await import("../seed/database/migrate");
  const wait = inputs.waitSeconds ?? 300;
  const engine = settingsOf({ settings: inputs.settings }, projectDir);
  const { url, close } = await reach(inputs, wait);
  try {
    await waitFor(url, inputs.fingerprint, wait, (s) => s !== "unreachable", "reachable");
    const r = await migrateDatabase({
      url,
      settings: engine,
      command: runnableMigrateCommand(engine),
      fingerprint: inputs.fingerprint,
    });
    await waitFor(url, inputs.fingerprint, wait, (s) => s === "current", "current");
    return { ...inputs, from: r.from, migrated: r.migrated };
  } finally {
    close();
  }
}

/**
 * Runs a SeededPostgres containerSpec with the docker CLI, the way the docker provider does:
 * create the volume, create the container, copy the uploads in, start it; then wait for health.
 */
import { ContainerSpec } from "../../deploy/containerSpec";
import { docker, sleep } from "./engine";

export function createArgs(spec: ContainerSpec, password: string): string[] {
  const [entrypoint, ...entrypointArgs] = spec.entrypoint;
  return [
    "create",
    "--name",
    spec.name,
    "--entrypoint",
    entrypoint,
    "--restart",
    spec.restart,
    "--network",
    spec.networkMode,
    ...spec.ports.flatMap((p) => ["--publish", `${p.ip}:${p.external}:${p.internal}`]),
    ...[...spec.env, `POSTGRES_PASSWORD=${password}`].flatMap((e) => ["--env", e]),
    ...spec.labels.flatMap((l) => ["--label", `${l.label}=${l.value}`]),
    ...spec.volumes.flatMap((v) => [
      "--mount",
      `type=volume,src=${v.volumeName},dst=${v.containerPath}`,
    ]),
    "--health-cmd",
    healthShell(spec),
    "--health-interval",
    spec.healthcheck.interval,
    "--health-timeout",
    spec.healthcheck.timeout,
    "--health-start-period",
    spec.healthcheck.startPeriod,
    "--health-retries",
    String(spec.healthcheck.retries),
    spec.image,
    // The CLI takes one entrypoint word; the rest goes first in the command: the same argv.
    ...entrypointArgs,
    ...spec.command,
  ];
}

function healthShell(spec: ContainerSpec): string {
  const [kind, cmd] = spec.healthcheck.tests;
  if (kind !== "CMD-SHELL")
    throw new Error(`healthcheck kind ${kind} not supported by this runner`);
  return cmd;
}

async function must(args: string[]): Promise<string> {
  const r = await docker(args, { all: true });
  if (r.exitCode !== 0) throw new Error(`docker ${args.slice(0, 2).join(" ")} failed: ${r.all}`);
  return r.stdout;
}

/** Volume (if new), container, uploads, start. */
export async function runSpec(spec: ContainerSpec, password: string): Promise<void> {
  for (const v of spec.volumes) await must(["volume", "create", v.volumeName]);
  await must(createArgs(spec, password));
  for (const u of spec.uploads) await must(["cp", u.source, `${spec.name}:${u.file}`]);
  await must(["start", spec.name]);
}

export async function health(name: string): Promise<string> {
  const r = await docker([
    "inspect",
    "--format",
    "{{.State.Status}}/{{if .State.Health}}{{.State.Health.Status}}{{end}}",
    name,
  ]);
  return r.exitCode === 0 ? r.stdout.trim() : "gone";
}

/**
 * Waits until the container is healthy; returns the seconds it took. Throws with the logs when it
 * does not get there.
 */
export async function waitHealthy(name: string, timeoutMs = 120000): Promise<number> {
  const start = Date.now();
  for (;;) {
    const h = await health(name);
    if (h === "running/healthy") return (Date.now() - start) / 1000;
    if (Date.now() - start > timeoutMs)
      throw new Error(
        `${name} not healthy after ${timeoutMs / 1000} s (${h}):\n${await logs(name)}`,
      );
    await sleep(100);
  }
}

export async function logs(name: string): Promise<string> {
  return (await docker(["logs", name], { all: true })).all ?? "";
}

export async function removeContainer(name: string): Promise<void> {
  await docker(["rm", "--force", "--volumes", name]); // anonymous volumes only: named ones stay
}

export async function removeVolume(name: string): Promise<void> {
  await docker(["volume", "rm", "--force", name]);
}

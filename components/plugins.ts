/**
 * Provider plugins (docker, random, github): the Pulumi CLI downloads one the first time a program
 * uses it. On a machine that cannot download it, the CLI's own error suggests a command that fails
 * the same way; so before the first resource of a plugin, pgseed looks for it (the plugin cache,
 * or pulumi-resource-<name> on PATH) and, when it is missing and cannot be downloaded, says which
 * plugin and how to install it from a file.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { usageError } from "../seed/core/errors";

/** Where the CLI downloads plugins from. */
const DOWNLOAD_HOST = "https://get.pulumi.com/releases/plugins/";

const semver = (v: string) => v.split(/[.-]/, 3).map(Number);

/** Pure: whether an installed plugin version serves a request (same major, not older). */
export function serves(installed: string, wanted: string): boolean {
  const [a, b] = [semver(installed), semver(wanted)];
  if (a.some(isNaN) || a[0] !== b[0]) return false;
  for (let i = 1; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return true;
}

/** Whether the CLI will find the plugin: in PULUMI_HOME's plugin cache, or on PATH. */
export function pluginInstalled(
  name: string,
  version: string,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const onPath = (env.PATH ?? "")
    .split(path.delimiter)
    .some((d) => d && fs.existsSync(path.join(d, `pulumi-resource-${name}`)));
  if (onPath) return true;
  const dir = pluginDir(env);
  const prefix = `resource-${name}-v`;
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return false;
  }
  return names.some(
    (n) =>
      n.startsWith(prefix) &&
      !n.endsWith(".partial") &&
      !n.endsWith(".lock") &&
      !names.includes(`${n}.partial`) &&
      serves(n.slice(prefix.length), version),
  );
}

const pluginDir = (env: NodeJS.ProcessEnv) =>
  path.join(env.PULUMI_HOME || path.join(os.homedir(), ".pulumi"), "plugins");

/** Why the CLI cannot download a plugin here, or undefined when it may. */
export function downloadBlocked(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (/^(1|true)$/i.test(env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION ?? ""))
    return "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION is set";
  const probe = `require("https").request(${JSON.stringify(DOWNLOAD_HOST)}, { method: "HEAD", timeout: 5000 }, () => process.exit(0)).on("timeout", function () { this.destroy(new Error("no answer in 5 s")); }).on("error", (e) => { console.error(e.code || e.message); process.exit(1); }).end();`;
  try {
    execFileSync(process.execPath, ["-e", probe], {
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 8000,
    });
    return undefined;
  } catch (err) {
    const why = String((err as { stderr?: Buffer }).stderr ?? "").trim() || "no answer";
    return `${new URL(DOWNLOAD_HOST).host} cannot be reached: ${why}`;
  }
}

/** The installed SDK's plugin: its name and the version its resources ask the CLI for. */
export function pluginOf(pkg: string): { name: string; version: string } {
  const meta = require(`${pkg}/package.json`) as { version: string; pulumi?: { name?: string } };
  return { name: meta.pulumi?.name ?? pkg.replace(/^@pulumi\//, ""), version: meta.version };
}

/**
 * Throws the missing-plugin error (one line and its fix) when `pkg`'s plugin is neither installed
 * nor downloadable.
 */
export function requirePlugin(pkg: string, usedFor: string, env: NodeJS.ProcessEnv = process.env) {
  const { name, version } = pluginOf(pkg);
  if (pluginInstalled(name, version, env)) return;
  const blocked = downloadBlocked(env);
  if (!blocked) return; // the CLI downloads it
  const arch = { x64: "amd64", arm64: "arm64" }[process.arch as string] ?? process.arch;
  const file = `pulumi-resource-${name}-v${version}-${process.platform}-${arch}.tar.gz`;
  throw usageError(
    `${usedFor} needs the Pulumi ${name} provider plugin ${version}, which is not installed (${pluginDir(env)}) and cannot be downloaded here (${blocked})`,
    `download ${file} where you can (${DOWNLOAD_HOST}${file}), copy it here, then: pulumi plugin install resource ${name} ${version} --file ${file}`,
  );
}

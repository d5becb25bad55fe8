/**
 * Fixtures of the tests on the real Docker engine: the engine must answer (started by
 * scripts/start-dockerd.sh, which .ci/run runs), and the offline postgres:15 stand-in image is
 * built once (cached by its recipe hash, ~0.3 s when up to date).
 */
import * as path from "path";
import execa from "execa";
import { ROOT } from "../helpers";

export const IMAGE = "postgres:15";

let ready = false;
/** Fails with what to run when no engine answers; builds the image when missing or outdated. */
export function requireDockerImage(): void {
  if (ready) return;
  const info = execa.sync("docker", ["version", "--format", "{{.Server.Version}}"], {
    reject: false,
    timeout: 20000,
  });
  if (info.exitCode !== 0 || !info.stdout.trim()) {
    throw new Error(
      `these tests need a Docker engine, and none answers at ${process.env.DOCKER_HOST || "unix:///var/run/docker.sock"}: ${(info.stderr || "no answer").split("\n")[0]}\n(run: bash scripts/start-dockerd.sh)`,
    );
  }
  const build = execa.sync("bash", [path.join(ROOT, "tests/docker/build-postgres-image.sh")], {
    reject: false,
  });
  if (build.exitCode !== 0)
    throw new Error(
      `building the offline ${IMAGE} image failed:\n${build.stdout}\n${build.stderr}`,
    );
  ready = true;
}

export async function docker(
  args: string[],
  opts: execa.Options = {},
): Promise<execa.ExecaReturnValue> {
  return execa("docker", args, { reject: false, ...opts });
}

/** Names of containers (running or not) whose name or label matches. */
export async function containers(filter: string): Promise<string[]> {
  const r = await docker(["ps", "-a", "--filter", filter, "--format", "{{.Names}}"]);
  if (r.exitCode !== 0) throw new Error(`docker ps failed: ${r.stderr}`);
  return r.stdout.split("\n").filter(Boolean);
}

export async function volumeExists(name: string): Promise<boolean> {
  return (await docker(["volume", "inspect", name])).exitCode === 0;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * postgres:15 with a psql that behaves like one before 15.14: it rejects \restrict (as
 * "invalid command"), the way an old cached image meets a seed from a newer pg_dump.
 */
export async function oldPsqlImage(): Promise<string> {
  const tag = "pgseed-test/postgres:15-old-psql";
  if ((await docker(["image", "inspect", tag])).exitCode === 0) return tag;
  const fs = await import("fs");
  const os = await import("os");
  const ctx = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-oldpsql-"));
  try {
    fs.writeFileSync(
      path.join(ctx, "psql"),
      [
        "#!/bin/bash",
        "# psql before 15.14: \\restrict is an invalid command",
        "real=/usr/lib/postgresql/15/bin/psql.real",
        "file=; prev=; stdin=1",
        'for a in "$@"; do case "$prev" in -f) file=$a;; esac; case "$a" in -c|-f|--version|-V|--command=*|--file=*|-[A-Za-z]*[cf]) stdin=;; esac; prev=$a; done',
        "reject() { echo 'invalid command \\restrict' >&2; exit 3; }",
        `if [ -n "$file" ] && grep -q '^.restrict ' "$file"; then reject; fi`,
        `if [ -n "$stdin" ]; then in=$(cat); if grep -q '^.restrict ' <<<"$in"; then reject; fi; exec "$real" "$@" <<<"$in"; fi`,
        'exec "$real" "$@"',
        "",
      ].join("\n"),
      { mode: 0o755 },
    );
    fs.copyFileSync("/usr/lib/postgresql/15/bin/psql", path.join(ctx, "psql.real"));
    fs.chmodSync(path.join(ctx, "psql.real"), 0o755);
    fs.writeFileSync(
      path.join(ctx, "Dockerfile"),
      `FROM ${IMAGE}\nCOPY psql.real psql /usr/lib/postgresql/15/bin/\n`,
    );
    const r = await docker(["build", "-q", "-t", tag, ctx], {
      env: { DOCKER_BUILDKIT: "0" },
      all: true,
    });
    if (r.exitCode !== 0) throw new Error(`building ${tag} failed:\n${r.all}`);
    return tag;
  } finally {
    fs.rmSync(ctx, { recursive: true, force: true });
  }
}

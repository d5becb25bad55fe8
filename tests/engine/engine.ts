/**
 * The engine tier's harness: the real Pulumi CLI (built by scripts/build-pulumi.sh), a local file
 * backend and PULUMI_HOME in a temp folder, a passphrase, no update check and no plugin downloads,
 * on a temp copy of the project (the work tree, or with PGSEED_ENGINE_SOURCE=HEAD the committed
 * tree; node_modules linked, dist/ built in the copy). Every command's own
 * output is printed, so `npm run test:engine` shows the CLI's `Resources:` and `Duration:` lines.
 */
import execa from "execa";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");
const VERSION: string = require(
  path.join(ROOT, "node_modules/@pulumi/pulumi/package.json"),
).version;
export const BIN = path.join(
  process.env.PGSEED_CACHE || path.join(os.homedir(), ".cache/pgseed"),
  `pulumi-v${VERSION}`,
  "bin",
);
const TOOLS = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"];

/** Throws, naming the recipe, when the CLI or its language host has not been built. */
export function requireCli(): void {
  const missing = TOOLS.filter((t) => !fs.existsSync(path.join(BIN, t)));
  if (missing.length) {
    throw new Error(
      `the Pulumi CLI v${VERSION} is not built: ${missing.map((t) => path.join(BIN, t)).join(", ")} missing\n  fix: bash scripts/build-pulumi.sh (builds it from the Go module proxy, 10-25 min once, then cached)`,
    );
  }
}

export interface Project {
  /** The project copy (cwd of every command). */
  dir: string;
  /** Its example app. */
  app: string;
  /** PGSEED_TMP of the commands (freshPgTmp gives one command its own). */
  pgTmp: string;
  /** A new, empty PGSEED_TMP: after a command run with it, empty means no server started. */
  freshPgTmp(): string;
  env: Record<string, string>;
  cleanup(): void;
}

/** A temp copy of the project with its own backend, PULUMI_HOME and PGSEED_TMP. */
export async function makeProject(prefix: string): Promise<Project> {
  requireCli();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `pgseed-engine-${prefix}-`));
  // as root the throwaway server runs as another account, which must reach PGSEED_TMP
  fs.chmodSync(base, 0o755);
  const dir = path.join(base, "project");
  if (process.env.PGSEED_ENGINE_SOURCE === "HEAD") {
    // The committed tree only (git archive): others' uncommitted edits in a shared work tree stay
    // out.
    fs.mkdirSync(dir);
    const tar = await execa("sh", ["-c", `git -C "${ROOT}" archive HEAD | tar -x -C "${dir}"`], {
      reject: false,
      all: true,
    });
    if (tar.exitCode !== 0) throw new Error(`git archive HEAD failed: ${tar.all}`);
  } else {
    const skip = new Set(["node_modules", "dist", ".git", "bench"]);
    fs.cpSync(ROOT, dir, {
      recursive: true,
      filter: (src) =>
        !skip.has(path.relative(ROOT, src).split(path.sep)[0]) || path.relative(ROOT, src) === "",
    });
  }
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  // The dynamic provider runs the compiled engine of the project it runs in.
  await execa("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: dir, reject: false });
  if (!fs.existsSync(path.join(dir, "dist/components/seedDumpOps.js")))
    throw new Error(`tsc did not build ${dir}/dist: run npm run build there to see why`);
  return projectAt(base, dir, path.join(dir, "examples/django-blog"), prefix);
}

/**
 * A Pulumi project at `dir` (its app at `app`) with its own file backend, PULUMI_HOME and
 * PGSEED_TMP under `base`, removed by cleanup().
 */
export function projectAt(base: string, dir: string, app: string, prefix: string): Project {
  for (const d of ["home", "state"]) fs.mkdirSync(path.join(base, d), { recursive: true });
  // PGSEED_TMP in /dev/shm, where a server start leaves its initdb cache (seed/postgres.ts keeps
  // that cache only in RAM): an empty folder afterwards is proof that no server started.
  try {
    fs.accessSync("/dev/shm", fs.constants.W_OK);
  } catch {
    throw new Error(
      "the engine tier needs a writable /dev/shm (it watches the throwaway servers' initdb cache there)\n  fix: run it on a Linux machine with /dev/shm",
    );
  }
  const pgTmps: string[] = [];
  const freshPgTmp = () => {
    const d = fs.mkdtempSync(path.join("/dev/shm", `pgseed-engine-${prefix}-`));
    fs.chmodSync(d, 0o755);
    pgTmps.push(d);
    return d;
  };
  const pgTmp = freshPgTmp();
  const env: Record<string, string> = {
    PATH: `${BIN}:${process.env.PATH}`,
    PULUMI_HOME: path.join(base, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(base, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "engine-tier-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "1",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_SKIP_CONFIRMATIONS: "true",
    PGSEED_TMP: pgTmp,
  };
  return {
    dir,
    app,
    pgTmp: env.PGSEED_TMP,
    freshPgTmp,
    env,
    cleanup: () => {
      fs.rmSync(base, { recursive: true, force: true });
      for (const d of pgTmps) fs.rmSync(d, { recursive: true, force: true });
    },
  };
}

export interface Run {
  exitCode: number;
  output: string;
  seconds: number;
}

/** Runs the real CLI and prints its own output under a heading. */
export async function pulumi(
  p: Project,
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<Run> {
  const t0 = Date.now();
  const r = await execa(path.join(BIN, "pulumi"), [...args, "--non-interactive", "--color=never"], {
    cwd: p.dir,
    env: { ...p.env, ...extraEnv },
    extendEnv: true,
    reject: false,
    all: true,
    timeout: 600_000,
  });
  const seconds = (Date.now() - t0) / 1000;
  const output = r.all ?? "";
  process.stdout.write(
    `\n──── $ pulumi ${args.join(" ")}   (exit ${r.exitCode}, ${seconds.toFixed(1)} s)\n${output}\n`,
  );
  return { exitCode: r.exitCode, output, seconds };
}

/** The CLI's summary: the lines from `Resources:` on (counts, then `Duration:` after an update). */
export function summary(output: string): string {
  const i = output.lastIndexOf("Resources:");
  return i < 0 ? "" : output.slice(i).trim();
}

/** "+ 2 to create", "1 updated", "2 unchanged" …, as the CLI printed them. */
export function counts(output: string): string[] {
  return summary(output)
    .split("\n")
    .slice(1)
    .map((l) => l.trim())
    .filter((l) => /^([-+~]\s+)?\d+ /.test(l));
}

/** A resource's outputs in the stack's state, as `pulumi stack export` shows them. */
export async function stateOf(
  p: Project,
  stack: string,
  type: string,
): Promise<Record<string, any>> {
  const r = await execa(path.join(BIN, "pulumi"), ["stack", "export", "--stack", stack], {
    cwd: p.dir,
    env: p.env,
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(`pulumi stack export failed: ${r.stderr}`);
  const res = JSON.parse(r.stdout).deployment.resources.find(
    (x: { type: string }) => x.type === type,
  );
  return res?.outputs ?? {};
}

/** The resources the program registered (type::name, once each), from the engine's own gRPC log. */
export function registrations(grpcLog: string): string[] {
  if (!fs.existsSync(grpcLog)) return [];
  const all = fs
    .readFileSync(grpcLog, "utf8")
    .split("\n")
    .filter((l) => l.includes("/pulumirpc.ResourceMonitor/RegisterResource"))
    .map((l) => JSON.parse(l).request)
    .filter((req) => req && req.type)
    .map((req: { type: string; name: string }) => `${req.type}::${req.name}`);
  return [...new Set(all)];
}

/** Names in a PGSEED_TMP: any server start leaves its initdb cache there. */
export const serverTraces = (pgTmp: string) => fs.readdirSync(pgTmp);

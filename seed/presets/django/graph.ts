/**
 * Django's own migration graph, for the fingerprint: every migration Django would apply to an
 * empty database (project, contrib and third-party apps wherever installed) with what it depends
 * on, the Django version and the INSTALLED_APPS order, read by python/pgseed_django.py's `probe`
 * with every database alias pointed nowhere. The probe sees pgseed's environment, never the
 * user's (presets/env.ts: a fixed placeholder database, the `env` setting), so the graph is the
 * same on every machine. It costs a Python start (~1 s with Django's import), so its result is
 * cached (probeCache.ts) and reused while nothing it depends on changed.
 */
import * as fs from "fs";
import * as path from "path";
import { PgseedError, EXIT_USAGE } from "../../core/errors";
import { cacheRoot } from "../../core/cache";
import { PYTHONS } from "../python";
import { EnvPolicy, PROBE_CONNECTION, ProjectContext, projectEnv } from "../env";
import type { FingerprintExtras } from "../types";
import {
  cacheFile,
  readCacheEntry,
  resolveOnPath,
  stampOf,
  pythonTree,
  validGraph,
  writeCache,
} from "./probeCache";
import { runnerPath } from "./runner";

/** What the probe prints (python/pgseed_django.py). */
export interface DjangoGraph {
  django: string;
  python: string;
  executable: string;
  /** The name it ran under (one of PYTHONS): the migrate command runs under the same one. */
  interpreter: string;
  settingsModule: string;
  settingsFile: string | null;
  installedApps: string[];
  migrations: Array<{
    app: string;
    name: string;
    file: string | null;
    replaces: Array<[string, string]>;
    /** What it depends on, resolved (swappable models, __first__/__latest__, run_before). */
    dependencies?: Array<[string, string]>;
  }>;
  migrationDirs: string[];
  sysPath: string[];
  /** What the probe could not do (an AppConfig.ready() that queried the database). */
  warnings?: string[];
  /** Variables the project looked up and did not find. */
  unsetReads?: string[];
}

/** How Django starts: the interpreter's variables of the user's only; dj-database-url's form. */
export const DJANGO_ENV: EnvPolicy = { databaseUrlScheme: "postgres", inheritsUserEnv: false };

/** The probe's whole environment: a placeholder database, the `env` setting. */
export const probeEnv = (project: ProjectContext, base: NodeJS.ProcessEnv = process.env) =>
  projectEnv(DJANGO_ENV, project, PROBE_CONNECTION, base);

/**
 * Pure: the fingerprint's share of a graph. Each migration keyed `django:<app>/<name>` (never by
 * path): its file and what it depends on once resolved, so an existing migration that would now
 * run after another (AUTH_USER_MODEL moved to a new app, a run_before) counts as changed.
 * INSTALLED_APPS as an ordered list: an app added keeps the others' entries as they were.
 */
export function graphExtras(
  graph: DjangoGraph,
  read: (file: string) => Buffer = fs.readFileSync,
): FingerprintExtras {
  const files: Array<[string, Buffer]> = [["django:version", Buffer.from(graph.django)]];
  for (const m of graph.migrations) {
    const deps = (m.dependencies ?? []).map(([a, n]) => `${a}/${n}`).join(" ");
    files.push([
      `django:${m.app}/${m.name}`,
      Buffer.concat([
        m.file ? read(m.file) : Buffer.from(`no file: ${m.app}.${m.name}`),
        Buffer.from(`\0depends on: ${deps}`),
      ]),
    ]);
  }
  return {
    files,
    ordered: { "django:installed_apps": graph.installedApps },
    migrationCount: graph.migrations.length,
  };
}

export interface ProbeOptions {
  /** The user's environment (what the probe keeps of it: presets/env.ts). */
  base?: NodeJS.ProcessEnv;
  /** Skip the cache (the bench measures the probe itself). */
  noCache?: boolean;
}

/** The runner's last stderr line on a failure: what the project looked up and did not find. */
const UNSET_READS = /^pgseed_django: unset reads: ?(.*)$/m;
/** Read by terminals and tools, never what a seed depends on. */
const NOISE =
  /^(?:TERM|COLUMNS|LINES|SHELL|PWD|OLDPWD|SHLVL|HOSTNAME|DISPLAY|EDITOR|VISUAL|PAGER|NO_COLOR|FORCE_COLOR|CLICOLOR\w*|DJANGO_COLORS|DJANGO_ALLOW_ASYNC_UNSAFE|PYTHON\w+)$/;

/**
 * Pure: of the names the project looked up unset, those the user's own environment sets: what
 * the user may have meant to give (the `env` setting does).
 */
export const hiddenFromProject = (unsetReads: readonly string[], base: NodeJS.ProcessEnv) =>
  unsetReads.filter((n) => base[n] !== undefined && !NOISE.test(n));

const envHint = (names: string[]) =>
  `${names.join(", ")} ${names.length === 1 ? "is" : "are"} set in your environment, which the project does not see here (a seed must not depend on who builds it): give ${names.length === 1 ? "it" : "them"} with the env setting (--env ${names[0]}=…, or env = { ${names[0]} = "…" } in the project file) if the seed should`;

/** What a probe that ran says besides its graph, once (a cached graph says nothing). */
function reportProbe(graph: DjangoGraph, base: NodeJS.ProcessEnv): void {
  // A DJANGO_SETTINGS_MODULE equal to the one manage.py picked changed nothing.
  const hidden = hiddenFromProject(graph.unsetReads ?? [], base).filter(
    (n) => n !== "DJANGO_SETTINGS_MODULE" || base[n] !== graph.settingsModule,
  );
  const lines = [...(graph.warnings ?? []), ...(hidden.length ? [envHint(hidden)] : [])];
  for (const line of lines) process.stderr.write(`pgseed: warning: ${line}\n`);
}

/** A failed probe as one error: Django's last lines, and what the user's environment had. */
function probeFailure(
  py: string,
  runner: string,
  appDir: string,
  r: { exitCode: number; stderr: string; stdout: string },
  base: NodeJS.ProcessEnv,
): PgseedError {
  const reads = UNSET_READS.exec(r.stderr)?.[1].split(" ").filter(Boolean) ?? [];
  const hidden = hiddenFromProject(reads, base);
  const last = (r.stderr.replace(UNSET_READS, "") || r.stdout)
    .trimEnd()
    .split("\n")
    .slice(-8)
    .map((l) => `    | ${l}`)
    .join("\n");
  return new PgseedError(
    `Django could not load this project's migrations (${py} ${path.basename(runner)} probe in ${appDir}, exit ${r.exitCode}):\n${last}`,
    `${hidden.length ? `${envHint(hidden)}; else ` : ""}fix the error above (settings, INSTALLED_APPS, a migration that does not import), or pass --preset custom with --migrations`,
    EXIT_USAGE,
  );
}

/**
 * Runs the probe under the first interpreter that imports Django; `likely` (the one of a stale
 * cache entry) is tried first: a pyenv shim without Django costs ~0.1 s to say no. Synchronous:
 * the fingerprint is.
 */
function runProbe(
  appDir: string,
  runner: string,
  env: Record<string, string>,
  base: NodeJS.ProcessEnv,
  likely?: string,
): DjangoGraph {
  const tried: string[] = [];
  const order =
    likely && PYTHONS.includes(likely) ? [likely, ...PYTHONS.filter((p) => p !== likely)] : PYTHONS;
  for (const py of order) {
    const execa = require("execa") as typeof import("execa"); // only a cache miss runs Python: check stays light
    const r = execa.sync(py, [runner, "probe"], {
      cwd: appDir,
      env,
      extendEnv: false,
      reject: false,
    });
    if (r.exitCode === undefined || r.exitCode === 127) {
      tried.push(`${py} (not found)`);
      continue;
    }
    if (r.exitCode === 3) {
      tried.push(`${py} (no Django)`);
      continue;
    }
    if (r.exitCode !== 0) throw probeFailure(py, runner, appDir, r, base);
    try {
      return {
        ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as Omit<DjangoGraph, "interpreter">),
        interpreter: py,
      };
    } catch {
      throw new PgseedError(
        `the Django probe printed no JSON (${py}): ${r.stdout.slice(0, 200)}`,
        "make sure the settings module prints nothing on import",
        EXIT_USAGE,
      );
    }
  }
  throw new PgseedError(
    `no Python interpreter here can import Django (tried ${tried.join(", ")})`,
    "install Django for python3 (Debian: apt-get install -y python3-django python3-psycopg2; or activate the project's virtualenv), or pass --preset custom",
    EXIT_USAGE,
  );
}

/** The migration graph of the Django project (cached; see the file comment). */
export function probeDjango(project: ProjectContext, options: ProbeOptions = {}): DjangoGraph {
  const base = options.base ?? process.env;
  const env = probeEnv(project, base);
  const { appDir } = project;
  const runner = runnerPath();
  const interpreters = PYTHONS.map((p) => resolveOnPath(p, env));
  const file = cacheFile(appDir, runner, env, cacheRoot(base));
  const entry = options.noCache ? undefined : readCacheEntry(file);
  const hit = entry && validGraph(entry, appDir, interpreters);
  if (hit) return hit;
  const before: Record<string, string> = {};
  for (const f of [...pythonTree(appDir).files, ...interpreters]) before[f] = stampOf(f);
  const graph = runProbe(appDir, runner, env, base, entry?.graph.interpreter);
  reportProbe(graph, base);
  writeCache(file, appDir, graph, interpreters, before);
  return graph;
}

/**
 * The django preset's fingerprint extras: the graph's migrations, version and app order, and the
 * lock files above the app dir.
 */
export function djangoFingerprintExtras(
  project: ProjectContext,
  options: ProbeOptions = {},
): FingerprintExtras {
  const { appDir } = project;
  // No such folder: computeFingerprint says so, as for every preset.
  if (!fs.statSync(appDir, { throwIfNoEntry: false })?.isDirectory())
    return { files: [], migrationCount: 0 };
  if (!fs.existsSync(path.join(appDir, "manage.py")) && !project.env?.DJANGO_SETTINGS_MODULE) {
    throw new PgseedError(
      `no manage.py in ${appDir}, and DJANGO_SETTINGS_MODULE is not set: the django preset cannot find the project's settings`,
      "pass --app-dir with the folder that holds manage.py (or give the settings module with the env setting: --env DJANGO_SETTINGS_MODULE=mysite.settings), or use --preset custom",
      EXIT_USAGE,
    );
  }
  return graphExtras(probeDjango(project, options));
}

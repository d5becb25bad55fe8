/**
 * Django's own migration graph, for the fingerprint: every migration Django would apply to an
 * empty database (project, contrib and third-party apps wherever installed), the Django version
 * and the INSTALLED_APPS order, read by python/pgseed_django.py's `probe` without a database.
 * The probe costs a Python start (~1 s with Django's import), so its result is cached
 * (probeCache.ts) and reused while nothing it depends on changed.
 */
import * as fs from "fs";
import * as path from "path";
import { PgseedError, EXIT_USAGE } from "../../core/errors";
import { PYTHONS } from "../python";
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
  }>;
  migrationDirs: string[];
  sysPath: string[];
}

/** Pure: the fingerprint's share of a graph. Files keyed `django:<app>/<name>`, never by path. */
export function graphExtras(
  graph: DjangoGraph,
  read: (file: string) => Buffer = fs.readFileSync,
): FingerprintExtras {
  const files: Array<[string, Buffer]> = [
    ["django:version", Buffer.from(graph.django)],
    ["django:installed_apps", Buffer.from(graph.installedApps.join("\n"))],
  ];
  for (const m of graph.migrations) {
    files.push([
      `django:${m.app}/${m.name}`,
      m.file ? read(m.file) : Buffer.from(`no file: ${m.app}.${m.name}`),
    ]);
  }
  return { files, migrationCount: graph.migrations.length };
}

export interface ProbeOptions {
  env?: NodeJS.ProcessEnv;
  /** Skip the cache (the bench measures the probe itself). */
  noCache?: boolean;
}

/**
 * Runs the probe under the first interpreter that imports Django; `likely` (the one of a stale
 * cache entry) is tried first: a pyenv shim without Django costs ~0.1 s to say no. Synchronous:
 * the fingerprint is.
 */
function runProbe(
  appDir: string,
  runner: string,
  env: NodeJS.ProcessEnv,
  likely?: string,
): DjangoGraph {
  const tried: string[] = [];
  const order =
    likely && PYTHONS.includes(likely) ? [likely, ...PYTHONS.filter((p) => p !== likely)] : PYTHONS;
  for (const py of order) {
    const execa = require("execa") as typeof import("execa"); // only a cache miss runs Python: check stays light
    const r = execa.sync(py, [runner, "probe"], {
      cwd: appDir,
      env: { ...env, PYTHONDONTWRITEBYTECODE: "1" },
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
    if (r.exitCode !== 0) {
      const last = (r.stderr || r.stdout)
        .trimEnd()
        .split("\n")
        .slice(-8)
        .map((l) => `    | ${l}`)
        .join("\n");
      throw new PgseedError(
        `Django could not load this project's migrations (${py} ${path.basename(runner)} probe in ${appDir}, exit ${r.exitCode}):\n${last}`,
        "fix the error above (settings, INSTALLED_APPS, a migration that does not import), or pass --preset custom with --migrations",
        EXIT_USAGE,
      );
    }
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

/** The migration graph of the Django project in appDir (cached; see the file comment). */
export function probeDjango(appDir: string, options: ProbeOptions = {}): DjangoGraph {
  const env = options.env ?? process.env;
  const runner = runnerPath();
  const interpreters = PYTHONS.map((p) => resolveOnPath(p, env));
  const file = cacheFile(appDir, runner, env);
  const entry = options.noCache ? undefined : readCacheEntry(file);
  const hit = entry && validGraph(entry, appDir, interpreters);
  if (hit) return hit;
  const before: Record<string, string> = {};
  for (const f of [...pythonTree(appDir).files, ...interpreters]) before[f] = stampOf(f);
  const graph = runProbe(appDir, runner, env, entry?.graph.interpreter);
  writeCache(file, appDir, graph, interpreters, before);
  return graph;
}

/**
 * The django preset's fingerprint extras: the graph's migrations, version and app order, and the
 * lock files above the app dir.
 */
export function djangoFingerprintExtras(
  appDir: string,
  options: ProbeOptions = {},
): FingerprintExtras {
  // No such folder: computeFingerprint says so, as for every preset.
  if (!fs.statSync(appDir, { throwIfNoEntry: false })?.isDirectory())
    return { files: [], migrationCount: 0 };
  if (
    !fs.existsSync(path.join(appDir, "manage.py")) &&
    !(options.env ?? process.env).DJANGO_SETTINGS_MODULE
  ) {
    throw new PgseedError(
      `no manage.py in ${appDir}, and DJANGO_SETTINGS_MODULE is not set: the django preset cannot find the project's settings`,
      "pass --app-dir with the folder that holds manage.py (or set DJANGO_SETTINGS_MODULE), or use --preset custom",
      EXIT_USAGE,
    );
  }
  return graphExtras(probeDjango(appDir, options));
}

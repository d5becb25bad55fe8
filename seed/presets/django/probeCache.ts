/**
 * The Django probe's cache: a graph is reused while nothing it depends on changed: every .py
 * under the app dir, each migration file and migrations folder it listed, the settings file, the
 * interpreter, and every sys.path folder with its *.dist-info/*.egg-info/*.pth entries (installing
 * or upgrading a package changes them). Folders the .py walk covers are not stamped themselves:
 * writing the seed into the app folder, or migrate's first __pycache__, must not cost a probe.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { cacheRoot } from "../../core/cache";
import { isIgnoredName } from "../../core/files";
import { findOnPath } from "../python";
import type { DjangoGraph } from "./graph";

/** Environment that decides what the probe sees (besides files). */
const KEY_ENV = [
  "PATH",
  "DJANGO_SETTINGS_MODULE",
  "PYTHONPATH",
  "PYTHONHOME",
  "VIRTUAL_ENV",
  "PYENV_VERSION",
  "CONDA_PREFIX",
];

/** A file's identity for the cache: a changed, replaced or touched file never matches. */
export function stampOf(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return "missing";
  }
}

/**
 * Every .py under the app dir, and the folders walked (ignored names and virtualenvs skipped, as in
 * the fingerprint walk).
 */
export function pythonTree(appDir: string): { files: string[]; dirs: Set<string> } {
  const root = fs.realpathSync(appDir); // as Python names the folders (its cwd is real)
  const out: string[] = [];
  const dirs = new Set<string>();
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (dir !== root && entries.some((e) => e.name === "pyvenv.cfg")) return;
    dirs.add(dir);
    for (const e of entries) {
      if (isIgnoredName(e.name)) continue;
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".py")) out.push(p);
    }
  };
  walk(root);
  return { files: out.sort(), dirs };
}

/** The files whose stamps decide whether a cached graph still holds. */
function watchedFiles(appDir: string, graph: DjangoGraph, interpreters: string[]): string[] {
  const tree = pythonTree(appDir);
  const files = new Set<string>([...tree.files, ...interpreters, graph.executable]);
  // A walked folder's new or removed .py already changes the list; its own mtime also moves on any
  // write.
  const addFolder = (d: string) => tree.dirs.has(d) || files.add(d);
  if (graph.settingsFile) files.add(graph.settingsFile);
  for (const m of graph.migrations) if (m.file) files.add(m.file);
  for (const d of graph.migrationDirs) addFolder(d);
  for (const d of graph.sysPath) {
    addFolder(d);
    let names: string[] = [];
    try {
      names = fs.readdirSync(d);
    } catch {
      // gone: its own stamp says so
    }
    for (const n of names) if (/\.(dist-info|egg-info|pth)$/.test(n)) files.add(path.join(d, n));
  }
  return [...files].sort();
}

/**
 * Where each bare interpreter name resolves on PATH (a new python3 first on PATH changes the key).
 */
export const resolveOnPath = (name: string, env: NodeJS.ProcessEnv): string =>
  name.includes("/") ? name : (findOnPath(name, env) ?? `${name}:not-on-path`);

export interface CacheEntry {
  graph: DjangoGraph;
  stamps: Record<string, string>;
}

export function cacheFile(appDir: string, runner: string, env: NodeJS.ProcessEnv): string {
  const key = JSON.stringify({
    appDir: fs.realpathSync(appDir),
    runner: crypto.createHash("sha256").update(fs.readFileSync(runner)).digest("hex"),
    env: KEY_ENV.map((k) => env[k] ?? null),
    // Settings often read DJANGO_* variables (DJANGO_DEBUG adding debug_toolbar to INSTALLED_APPS).
    django: Object.keys(env)
      .filter((k) => k.startsWith("DJANGO_"))
      .sort()
      .map((k) => [k, env[k]]),
  });
  return path.join(
    cacheRoot(env),
    "django-probe",
    crypto.createHash("sha256").update(key).digest("hex").slice(0, 32) + ".json",
  );
}

export function readCacheEntry(file: string): CacheEntry | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The cached graph while every stamp still matches. */
export function validGraph(
  entry: CacheEntry,
  appDir: string,
  interpreters: string[],
): DjangoGraph | undefined {
  if (!entry.graph.interpreter) return undefined; // written by an older pgseed
  const files = watchedFiles(appDir, entry.graph, interpreters);
  if (files.length !== Object.keys(entry.stamps).length) return undefined;
  for (const f of files) if (entry.stamps[f] !== stampOf(f)) return undefined;
  return entry.graph;
}

export function writeCache(
  file: string,
  appDir: string,
  graph: DjangoGraph,
  interpreters: string[],
  stamps: Record<string, string>,
): void {
  try {
    // The app's .py files were stamped before the probe ran: one edited meanwhile reads as changed
    // next time.
    for (const f of watchedFiles(appDir, graph, interpreters))
      if (!(f in stamps)) stamps[f] = stampOf(f);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ graph, stamps } satisfies CacheEntry));
    fs.renameSync(tmp, file);
    pruneCache(path.dirname(file));
  } catch {
    // a cache we cannot write only costs the next run a probe
  }
}

/**
 * Entries last written 14 days ago or more go (temp checkouts leave one each): a miss costs one
 * probe.
 */
function pruneCache(dir: string, now = Date.now()): void {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > 14 * 24 * 3600 * 1000) fs.rmSync(file, { force: true });
  }
}

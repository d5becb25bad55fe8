/**
 * The Django probe's cache: a graph is reused while nothing it depends on changed. Its key is
 * the probe's whole environment (pgseed's, presets/env.ts: the interpreter's variables of the
 * user's, the `env` setting, a placeholder database), the app folder and the runner. Its stamps:
 * every .py under the app dir, each migration file, the settings file, the interpreter, every
 * *.dist-info/*.egg-info/*.pth entry of sys.path (installing or upgrading a package changes them),
 * and, for each migrations folder and sys.path folder outside the app dir, the names in it that
 * an import could find. Never a folder's mtime: a seed or its lock written beside the project, or
 * migrate's __pycache__, must not cost a probe.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { cacheRoot } from "../../core/cache";
import { isIgnoredName } from "../../core/files";
import { findOnPath } from "../python";
import type { DjangoGraph } from "./graph";

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

/** What an import can find in a folder: modules, packages, extensions, .pth, package metadata. */
const IMPORTABLE =
  /^(?:[A-Za-z_]\w*(?:\.py|\.pth|(?:\.[\w-]+)*\.(?:so|pyd))?|[\w.+-]+\.(?:dist-info|egg-info|egg-link|pth))$/;

/** A folder's stamp: the importable names in it (a new migration or package changes it). */
function listingOf(dir: string): string {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return "missing";
  }
  const found = names.filter((n) => IMPORTABLE.test(n) && !isIgnoredName(n)).sort();
  return crypto.createHash("sha256").update(found.join("\n")).digest("hex").slice(0, 32);
}

/** A watched path's stamp: `dir:` entries by their listing, files by stampOf. */
const stampOfWatched = (p: string) =>
  p.startsWith("dir:") ? `ls:${listingOf(p.slice(4))}` : stampOf(p);

/** The paths whose stamps decide whether a cached graph still holds (`dir:` marks a folder). */
function watchedFiles(appDir: string, graph: DjangoGraph, interpreters: string[]): string[] {
  const tree = pythonTree(appDir);
  const files = new Set<string>([...tree.files, ...interpreters, graph.executable]);
  // A walked folder's new or removed .py already changes the list.
  const addFolder = (d: string) => tree.dirs.has(d) || files.add(`dir:${d}`);
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

/** The entry of a probe run in this environment (the probe's whole environment: probeEnv). */
export function cacheFile(
  appDir: string,
  runner: string,
  env: Record<string, string>,
  root = cacheRoot(),
): string {
  const key = JSON.stringify({
    appDir: fs.realpathSync(appDir),
    runner: crypto.createHash("sha256").update(fs.readFileSync(runner)).digest("hex"),
    env: Object.keys(env)
      .sort()
      .map((k) => [k, env[k]]),
  });
  return path.join(
    root,
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
  for (const f of files) if (entry.stamps[f] !== stampOfWatched(f)) return undefined;
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
      if (!(f in stamps)) stamps[f] = stampOfWatched(f);
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

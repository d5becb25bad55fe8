/**
 * Django's own migration graph, for the fingerprint: every migration Django would apply to an
 * empty database (project, contrib and third-party apps wherever installed), the Django version
 * and the INSTALLED_APPS order, read by python/pgseed_django.py's `probe` without a database.
 * The probe costs a Python start (~1 s with Django's import), so its result is cached and reused
 * while nothing it depends on changed: every .py under the app dir, each migration file and
 * migrations folder it listed, the settings file, the interpreter, and every sys.path folder
 * with its *.dist-info/*.egg-info/*.pth entries (installing or upgrading a package changes them).
 * Folders the .py walk covers are not stamped themselves: writing the seed into the app folder,
 * or migrate's first __pycache__, must not cost the next run a probe.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PgseedError, EXIT_USAGE } from "../../core/errors";
import { isIgnoredName } from "../../core/files";
import { findOnPath, PYTHONS } from "../python";

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
  migrations: Array<{ app: string; name: string; file: string | null; replaces: Array<[string, string]> }>;
  migrationDirs: string[];
  sysPath: string[];
}

/** What a preset adds to the fingerprint besides the glob-matched files. */
export interface FingerprintExtras {
  /** (key, content) pairs; keys are machine independent (never an absolute path). */
  files: Array<[string, Buffer]>;
  /** Migrations these files stand for (reported as the migration count). */
  migrationCount: number;
}

/**
 * One of pgseed's python/ runners (pgseed_django.py, pgseed_alembic.py), found from the compiled
 * file (dist/seed/…) and from ts-jest's source (seed/…) alike: the nearest ancestor folder that holds it.
 */
export function pythonRunner(name: string, from = __dirname): string {
  for (let dir = from, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "python", name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new PgseedError(`pgseed's python/${name} is missing (looked above ${from})`, "reinstall pgseed: its package must include the python/ folder", EXIT_USAGE);
}

export const runnerPath = (from = __dirname) => pythonRunner("pgseed_django.py", from);

const LOCK_FILE_RE = /^(requirements[^/]*\.txt|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock)$/; // pyproject.toml: no (tool settings churn it)

/**
 * Lock files in the folders above the app dir, up to the repository root (the nearest folder
 * with .git; none found: none, the app dir's own are found by the glob walk). Keyed by their
 * path relative to the app dir (`../poetry.lock`), so the checkout's location does not count.
 */
export function ancestorLockFiles(appDir: string): Array<[string, Buffer]> {
  const start = path.resolve(appDir);
  let root: string | undefined;
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) {
      root = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  if (!root || root === start) return [];
  const out: Array<[string, Buffer]> = [];
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!LOCK_FILE_RE.test(name)) continue;
      const file = path.join(dir, name);
      if (fs.statSync(file).isFile()) out.push([path.relative(start, file).split(path.sep).join("/"), fs.readFileSync(file)]);
    }
    if (dir === root) break;
  }
  return out;
}

/** Pure: the fingerprint's share of a graph. Files keyed `django:<app>/<name>`, never by path. */
export function graphExtras(graph: DjangoGraph, read: (file: string) => Buffer = fs.readFileSync): FingerprintExtras {
  const files: Array<[string, Buffer]> = [
    ["django:version", Buffer.from(graph.django)],
    ["django:installed_apps", Buffer.from(graph.installedApps.join("\n"))],
  ];
  for (const m of graph.migrations) {
    files.push([`django:${m.app}/${m.name}`, m.file ? read(m.file) : Buffer.from(`no file: ${m.app}.${m.name}`)]);
  }
  return { files, migrationCount: graph.migrations.length };
}

// ---- the probe and its cache ----

/** Environment that decides what the probe sees (besides files). */
const KEY_ENV = ["PATH", "DJANGO_SETTINGS_MODULE", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYENV_VERSION", "CONDA_PREFIX"];

export function cacheRoot(env = process.env): string {
  if (env.PGSEED_CACHE) return env.PGSEED_CACHE;
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), ".cache"), "pgseed");
}

/** A file's identity for the cache: a changed, replaced or touched file never matches. */
function stampOf(file: string): string {
  try {
    const s = fs.statSync(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch {
    return "missing";
  }
}

/** Every .py under the app dir, and the folders walked (ignored names and virtualenvs skipped, as in the fingerprint walk). */
function pythonTree(appDir: string): { files: string[]; dirs: Set<string> } {
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
  // A walked folder's new or removed .py already changes the list; its own mtime also moves on any write.
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

/** Where each bare interpreter name resolves on PATH (a new python3 first on PATH changes the key). */
const resolveOnPath = (name: string, env: NodeJS.ProcessEnv): string => (name.includes("/") ? name : (findOnPath(name, env) ?? `${name}:not-on-path`));

interface CacheEntry {
  graph: DjangoGraph;
  stamps: Record<string, string>;
}

function cacheFile(appDir: string, runner: string, env: NodeJS.ProcessEnv): string {
  const key = JSON.stringify({
    appDir: fs.realpathSync(appDir),
    runner: crypto.createHash("sha256").update(fs.readFileSync(runner)).digest("hex"),
    env: KEY_ENV.map((k) => env[k] ?? null),
    // Settings often read DJANGO_* variables (DJANGO_DEBUG adding debug_toolbar to INSTALLED_APPS).
    django: Object.keys(env).filter((k) => k.startsWith("DJANGO_")).sort().map((k) => [k, env[k]]),
  });
  return path.join(cacheRoot(env), "django-probe", crypto.createHash("sha256").update(key).digest("hex").slice(0, 32) + ".json");
}

function readCacheEntry(file: string): CacheEntry | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** The cached graph while every stamp still matches. */
function validGraph(entry: CacheEntry, appDir: string, interpreters: string[]): DjangoGraph | undefined {
  if (!entry.graph.interpreter) return undefined; // written by an older pgseed
  const files = watchedFiles(appDir, entry.graph, interpreters);
  if (files.length !== Object.keys(entry.stamps).length) return undefined;
  for (const f of files) if (entry.stamps[f] !== stampOf(f)) return undefined;
  return entry.graph;
}

function writeCache(file: string, appDir: string, graph: DjangoGraph, interpreters: string[], stamps: Record<string, string>): void {
  try {
    // The app's .py files were stamped before the probe ran: one edited meanwhile reads as changed next time.
    for (const f of watchedFiles(appDir, graph, interpreters)) if (!(f in stamps)) stamps[f] = stampOf(f);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify({ graph, stamps } satisfies CacheEntry));
    fs.renameSync(tmp, file);
    pruneCache(path.dirname(file));
  } catch {
    // a cache we cannot write only costs the next run a probe
  }
}

/** Entries last written 14 days ago or more go (temp checkouts leave one each): a miss costs one probe. */
function pruneCache(dir: string, now = Date.now()): void {
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    const stat = fs.statSync(file, { throwIfNoEntry: false });
    if (stat && now - stat.mtimeMs > 14 * 24 * 3600 * 1000) fs.rmSync(file, { force: true });
  }
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
function runProbe(appDir: string, runner: string, env: NodeJS.ProcessEnv, likely?: string): DjangoGraph {
  const tried: string[] = [];
  const order = likely && PYTHONS.includes(likely) ? [likely, ...PYTHONS.filter((p) => p !== likely)] : PYTHONS;
  for (const py of order) {
    const execa = require("execa") as typeof import("execa"); // only a cache miss runs Python: check stays light
    const r = execa.sync(py, [runner, "probe"], { cwd: appDir, env: { ...env, PYTHONDONTWRITEBYTECODE: "1" }, extendEnv: false, reject: false });
    if (r.exitCode === undefined || r.exitCode === 127) {
      tried.push(`${py} (not found)`);
      continue;
    }
    if (r.exitCode === 3) {
      tried.push(`${py} (no Django)`);
      continue;
    }
    if (r.exitCode !== 0) {
      const last = (r.stderr || r.stdout).trimEnd().split("\n").slice(-8).map((l) => `    | ${l}`).join("\n");
      throw new PgseedError(`Django could not load this project's migrations (${py} ${path.basename(runner)} probe in ${appDir}, exit ${r.exitCode}):\n${last}`, "fix the error above (settings, INSTALLED_APPS, a migration that does not import), or pass --preset custom with --migrations", EXIT_USAGE);
    }
    try {
      return { ...(JSON.parse(r.stdout.trim().split("\n").pop()!) as Omit<DjangoGraph, "interpreter">), interpreter: py };
    } catch {
      throw new PgseedError(`the Django probe printed no JSON (${py}): ${r.stdout.slice(0, 200)}`, "make sure the settings module prints nothing on import", EXIT_USAGE);
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

/** The django preset's fingerprint extras: the graph's migrations, version and app order, and the lock files above the app dir. */
export function djangoFingerprintExtras(appDir: string, options: ProbeOptions = {}): FingerprintExtras {
  // No such folder: computeFingerprint says so, as for every preset.
  if (!fs.statSync(appDir, { throwIfNoEntry: false })?.isDirectory()) return { files: [], migrationCount: 0 };
  if (!fs.existsSync(path.join(appDir, "manage.py")) && !(options.env ?? process.env).DJANGO_SETTINGS_MODULE) {
    throw new PgseedError(`no manage.py in ${appDir}, and DJANGO_SETTINGS_MODULE is not set: the django preset cannot find the project's settings`, "pass --app-dir with the folder that holds manage.py (or set DJANGO_SETTINGS_MODULE), or use --preset custom", EXIT_USAGE);
  }
  const graph = graphExtras(probeDjango(appDir, options));
  return { files: [...graph.files, ...ancestorLockFiles(appDir)], migrationCount: graph.migrationCount };
}

const shellQuote = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/**
 * Pure: `<python> [path/]manage.py migrate …` → the same migrate through pgseed's runner, which
 * points the migrated alias at the server in PG* whatever the settings say. Any other command
 * (a custom --migrate-command) is returned as it is.
 */
export function throughRunner(command: string, runner = runnerPath()): string {
  const m = /^(\S+)\s+((?:\S*\/)?manage\.py)\s+migrate(?=\s|$)(.*)$/s.exec(command);
  if (!m || !/python/.test(m[1])) return command;
  return `${m[1]} ${shellQuote(runner)} migrate --manage ${shellQuote(m[2])}${m[3]}`;
}

/**
 * The fingerprint: a sha256 of everything that shapes the dump. Equal content gives an equal
 * fingerprint whatever the absolute path, the order on disk, mtimes or CRLF/LF line endings.
 * This runs on every preview and every `check`, so it only reads files; it starts nothing.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import picomatch from "picomatch";
import { PgseedError, usageError, EXIT_USAGE } from "../core/errors";
import { isIgnoredName } from "../core/files";
import { DUMP_OPTIONS, SEED_FORMAT_VERSION } from "../core/format";
import type { FingerprintExtras } from "../presets/types";

/**
 * A matcher for one glob over `/`-separated relative paths (picomatch: `**`, `*`, `?`, `{a,b}`,
 * `[0-9]`). Dot files never match (the walk skips them anyway); an unbalanced bracket or a bad
 * range is an error rather than a literal or a glob that silently matches nothing.
 */
export function globMatcher(glob: string): (relPath: string) => boolean {
  try {
    return picomatch(glob, { dot: false, windows: false, strictBrackets: true, debug: true });
  } catch (err) {
    // picomatch's own hint shows doubled backslashes; ours below says the same thing.
    const why = (err as Error).message
      .replace(/^Invalid regular expression: \/.*\/: /, "")
      .replace(/ - use .*$/, "");
    throw usageError(
      `migration glob "${glob}" is not a valid glob: ${why}`,
      "close every [ { (, escape a literal one with a backslash (\\[) and write ranges low to high, e.g. --migrations 'migrations/{[0-9]*.sql,*.py}'",
    );
  }
}

/** The app dir must be a folder before anything reads it or runs in it. */
export function checkAppDir(root: string): void {
  let rootStat: fs.Stats;
  try {
    rootStat = fs.statSync(root);
  } catch {
    throw usageError(
      `app dir ${root} does not exist`,
      "pass --app-dir with the folder that holds manage.py or your migrations",
    );
  }
  if (!rootStat.isDirectory())
    throw usageError(`app dir ${root} is not a folder`, "pass --app-dir with a folder");
}

/**
 * Relative paths (posix, sorted) of the files under root whose path matches a glob or whose name
 * is a lock file (`isLockFile`), skipping ignored names and Python virtualenvs (their packages are
 * pinned by the
 * lock files instead). `exclude` holds relative paths never to count (the seed itself).
 */
export function listInputFiles(
  root: string,
  globs: string[],
  isLockFile: (name: string) => boolean,
  exclude: string[] = [],
): { migrations: string[]; lockFiles: string[] } {
  checkAppDir(root);
  const patterns = globs.map(globMatcher);
  const skip = new Set(exclude);
  const migrations: string[] = [];
  const lockFiles: string[] = [];
  const walk = (dir: string, rel: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true });
    if (rel && entries.some((e) => e.name === "pyvenv.cfg")) return;
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), relPath);
      else if (entry.isFile() && !skip.has(relPath)) {
        if (patterns.some((matches) => matches(relPath))) migrations.push(relPath);
        else if (isLockFile(entry.name)) lockFiles.push(relPath);
      }
    }
  };
  walk(root, "");
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return { migrations: migrations.sort(byCodePoint), lockFiles: lockFiles.sort(byCodePoint) };
}

/** What shapes the dump besides the files: changing any of these re-seeds. */
export interface Recipe {
  preset: string;
  postgresMajor: number;
  /** Target image reference: a seed is made for the image its instances run. */
  image: string;
  migrateCommand: string;
  normalizeSql: string;
  /** The `env` setting, NAME=value sorted; none when empty (older recipes stay as they were). */
  env?: string[];
  /** DATABASE_URL's scheme, when a setting chose one other than the preset's. */
  databaseUrlScheme?: string;
}

/**
 * Pure: ordered lists as keys `list[0003]=item` with no content: an item appended adds keys and
 * leaves the others as they were; one removed, moved or inserted shifts those after it.
 */
export const orderedKeys = (lists: Record<string, readonly string[]> = {}) =>
  Object.entries(lists).flatMap(([list, items]) =>
    items.map((item, i): [string, Buffer] => [
      `${list}[${String(i).padStart(4, "0")}]=${item}`,
      Buffer.alloc(0),
    ]),
  );

/** Pure: a key of orderedKeys → its list, position and item; undefined for any other key. */
export function parseOrderedKey(
  key: string,
): { list: string; index: number; item: string } | undefined {
  const m = /^(.+)\[(\d{4,})\]=(.*)$/s.exec(key);
  return m ? { list: m[1], index: Number(m[2]), item: m[3] } : undefined;
}

/** One file's content hash, with CRLF folded to LF. */
function contentDigest(content: Buffer): string {
  const text = content.includes(13)
    ? Buffer.from(content.toString("latin1").replace(/\r\n/g, "\n"), "latin1")
    : content;
  return crypto.createHash("sha256").update(text).digest("hex");
}

/** The recipe's own line of the fingerprint (also what tells two seeds' recipes apart). */
const recipeText = (recipe: Recipe) =>
  JSON.stringify({ format: SEED_FORMAT_VERSION, dump: DUMP_OPTIONS, ...recipe });

/** Pure: the fingerprint of a recipe and a set of (relative path, content) pairs, in any order. */
export function fingerprintOf(recipe: Recipe, files: Array<[string, Buffer]>): string {
  return fingerprintOfDigests(recipe, inputDigests(files));
}

/**
 * Pure: key → content hash of each input (what a seed records, so a later regenerate can tell what
 * was added).
 */
export function inputDigests(files: Array<[string, Buffer]>): Record<string, string> {
  const sorted = [...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(sorted.map(([rel, content]) => [rel, contentDigest(content)]));
}

function fingerprintOfDigests(recipe: Recipe, digests: Record<string, string>): string {
  const hash = crypto.createHash("sha256");
  hash.update(recipeText(recipe) + "\n");
  for (const [rel, digest] of Object.entries(digests)) hash.update(`${rel}\0${digest}\n`);
  return `sha256:${hash.digest("hex")}`;
}

/** Pure: a short hash of the recipe, recorded beside the inputs. */
export const recipeDigest = (recipe: Recipe) =>
  crypto.createHash("sha256").update(recipeText(recipe)).digest("hex").slice(0, 32);

export interface FingerprintInput {
  appDir: string;
  migrations: string[];
  seedPath: string;
  /** Which file names are lock files (the preset's ecosystems). */
  isLockFile: (name: string) => boolean;
  recipe: Recipe;
  /**
   * What counts besides the glob-matched files (django: its migration graph; lock files above the
   * app dir), keys machine independent.
   */
  extras?: FingerprintExtras;
}

export interface FingerprintResult {
  fingerprint: string;
  migrationCount: number;
  lockFiles: string[];
  /**
   * What went into it: the recipe's hash and each input's content hash (the seed records these).
   */
  inputs: SeedInputs;
}

export interface SeedInputs {
  recipe: string;
  files: Record<string, string>;
}

/** A migration or lock file's bytes; one it cannot read is a usage error naming it. */
function readInput(appDir: string, rel: string): Buffer {
  try {
    return fs.readFileSync(path.join(appDir, rel));
  } catch (err) {
    throw new PgseedError(
      `cannot read ${path.join(appDir, rel)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
      "make it readable by this user (chmod a+r), or leave it out of --migrations",
      EXIT_USAGE,
    );
  }
}

/** Reads the migration and lock files of an app and fingerprints them with the recipe. */
export function computeFingerprint(input: FingerprintInput): FingerprintResult {
  const seedRel = path.relative(input.appDir, input.seedPath).split(path.sep).join("/");
  const { migrations, lockFiles } = listInputFiles(
    input.appDir,
    input.migrations,
    input.isLockFile,
    [seedRel],
  );
  const extras = input.extras ?? { files: [], migrationCount: 0 };
  if (migrations.length === 0 && extras.migrationCount === 0) {
    throw new PgseedError(
      `no migration files match ${input.migrations.map((g) => `"${g}"`).join(", ")} under ${input.appDir}`,
      "check --app-dir and --migrations (globs are relative to the app dir)",
      2,
    );
  }
  const files = [...migrations, ...lockFiles].map((rel): [string, Buffer] => [
    rel,
    readInput(input.appDir, rel),
  ]);
  files.push(...extras.files, ...orderedKeys(extras.ordered));
  const digests = inputDigests(files);
  // With a graph, it counts what will be applied; the globs may also match helpers beside the
  // migrations.
  return {
    fingerprint: fingerprintOfDigests(input.recipe, digests),
    migrationCount: extras.migrationCount || migrations.length,
    lockFiles,
    inputs: { recipe: recipeDigest(input.recipe), files: digests },
  };
}

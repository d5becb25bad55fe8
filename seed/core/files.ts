/**
 * Which files count: the names never part of a migration set (caches, editor droppings, dot
 * files), and the lock files that pin what shapes a schema. One list each: the fingerprint's walk,
 * the lock files above the app dir and the Django probe's cache all read them.
 */
import picomatch from "picomatch";

/** Never part of a migration set: caches, compiled files, editor and OS droppings, dot entries. */
export function isIgnoredName(name: string): boolean {
  return (
    name === "__pycache__" ||
    name === "node_modules" ||
    name.endsWith(".pyc") ||
    name.endsWith(".pyo") ||
    name.endsWith("~") ||
    name.endsWith(".swp") ||
    name.endsWith(".swo") ||
    name.endsWith(".tmp") ||
    (name.startsWith("#") && name.endsWith("#")) ||
    name.startsWith(".") // dot folders (.git, .venv), hidden files, .DS_Store, .#locks
  );
}

/**
 * Lock and requirements files, by ecosystem: they pin the framework, the migration tool and
 * third-party apps with their migrations. A preset counts those of its own ecosystem (a Django
 * seed must not go stale on a frontend's npm update). pyproject.toml is not one: tool settings
 * churn it.
 */
export const LOCK_FILES = {
  python: ["requirements*.txt", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock"],
  node: ["package-lock.json", "yarn.lock", "pnpm-lock.yaml"],
} as const;

export type LockFileSet = keyof typeof LOCK_FILES;

/** A matcher for the lock-file names of these ecosystems. */
export function lockFileMatcher(sets: readonly LockFileSet[]): (name: string) => boolean {
  const names = sets.flatMap((s) => LOCK_FILES[s]);
  return picomatch(names, { dot: false });
}

/**
 * Which files count: the names never part of a migration set (caches, editor droppings, dot
 * files), and the lock files that pin the framework and third-party apps. One list each: the
 * fingerprint's walk, the lock files above the app dir and the Django probe's cache all read them.
 */

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
 * Lock and requirements files: they pin what shapes the schema (the framework, third-party apps
 * and their migrations). pyproject.toml is not one: tool settings churn it.
 */
export const LOCK_FILE_NAMES = ["requirements*.txt", "poetry.lock", "Pipfile.lock", "uv.lock", "pdm.lock", "package-lock.json"] as const;

const LOCK_FILE_RE = /^(requirements[^/]*\.txt|poetry\.lock|Pipfile\.lock|uv\.lock|pdm\.lock|package-lock\.json)$/;

export const isLockFile = (name: string) => LOCK_FILE_RE.test(name);

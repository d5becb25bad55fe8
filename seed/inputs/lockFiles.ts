/**
 * Lock files in the folders above the app dir, up to the repository root (the nearest folder with
 * .git; none found: none). The app dir's own are found by the fingerprint's walk. Keyed by their
 * path relative to the app dir (`../poetry.lock`), so the checkout's location does not count.
 */
import * as fs from "fs";
import * as path from "path";

/** The repository root above `start` (the nearest folder holding .git), or undefined. */
export function repositoryRoot(start: string): string | undefined {
  for (let dir = path.resolve(start); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, ".git"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

export function ancestorLockFiles(
  appDir: string,
  isLockFile: (name: string) => boolean,
): Array<[string, Buffer]> {
  const start = path.resolve(appDir);
  const root = repositoryRoot(start);
  if (!root || root === start) return [];
  const out: Array<[string, Buffer]> = [];
  for (let dir = path.dirname(start); ; dir = path.dirname(dir)) {
    for (const name of fs.readdirSync(dir).sort()) {
      if (!isLockFile(name)) continue;
      const file = path.join(dir, name);
      if (fs.statSync(file).isFile())
        out.push([path.relative(start, file).split(path.sep).join("/"), fs.readFileSync(file)]);
    }
    if (dir === root) break;
  }
  return out;
}

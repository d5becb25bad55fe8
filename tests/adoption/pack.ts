/**
 * pgseed as a user gets it: `npm pack` of this work tree (its tracked and new files, as a fresh
 * clone plus the changes at hand), installed with `npm install <tarball>` into a project outside
 * the repository. The project's node_modules is seeded from this repository's own (the machine is
 * offline; npm then needs no registry), but pgseed itself comes only from the tarball.
 */
import execa from "execa";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "../..");
const MODULES = path.join(ROOT, "node_modules");

/** Packs pgseed (prepack cleans dist/, prepare builds it) into `into`; the tarball's path. */
export async function packPgseed(into: string): Promise<string> {
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-pack-src-"));
  try {
    const listed = await execa(
      "git",
      ["ls-files", "-z", "--cached", "--others", "--exclude-standard"],
      { cwd: ROOT },
    );
    for (const rel of listed.stdout.split("\0").filter(Boolean)) {
      const from = path.join(ROOT, rel);
      if (!fs.existsSync(from)) continue; // deleted in the work tree
      fs.mkdirSync(path.dirname(path.join(src, rel)), { recursive: true });
      fs.copyFileSync(from, path.join(src, rel));
      fs.chmodSync(path.join(src, rel), fs.statSync(from).mode);
    }
    fs.symlinkSync(MODULES, path.join(src, "node_modules"));
    const r = await execa("npm", ["pack", "--json", "--pack-destination", into], {
      cwd: src,
      reject: false,
      all: true,
    });
    if (r.exitCode !== 0) throw new Error(`npm pack failed:\n${r.all}`);
    const [{ filename }] = JSON.parse(r.stdout.slice(r.stdout.indexOf("["))) as Array<{
      filename: string;
    }>;
    return path.join(into, filename);
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
}

/** pgseed's own dependencies (package.json), which npm installs with it. */
export const pgseedDependencies = (): string[] =>
  Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies);

/** The packages `names` need at run time, from this repository's node_modules (transitively). */
export function closure(names: string[]): string[] {
  const seen = new Set<string>();
  const depsOf = (dir: string) => {
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    return Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies });
  };
  // Packages nested in a copied one (its own node_modules) come along; their dependencies that
  // npm hoisted must be copied too.
  const nested = (dir: string): string[] => {
    const inner = path.join(dir, "node_modules");
    if (!fs.existsSync(inner)) return [];
    return fs
      .readdirSync(inner)
      .flatMap((n) =>
        n.startsWith("@") ? fs.readdirSync(path.join(inner, n)).map((m) => `${n}/${m}`) : [n],
      )
      .filter((n) => fs.existsSync(path.join(inner, n, "package.json")))
      .flatMap((n) => [...depsOf(path.join(inner, n)), ...nested(path.join(inner, n))]);
  };
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const dir = path.join(MODULES, name);
    if (!fs.existsSync(path.join(dir, "package.json")))
      throw new Error(`${name} is not in ${MODULES}: run npm ci`);
    seen.add(name);
    for (const dep of [...depsOf(dir), ...nested(dir)])
      if (fs.existsSync(path.join(MODULES, dep))) visit(dep);
  };
  names.forEach(visit);
  return [...seen].sort();
}

/**
 * `npm install --save-dev <tarball>` in `project`, offline, its node_modules first seeded with
 * `seed` (package names, copied from this repository's node_modules). Returns npm's output.
 */
export async function installTarball(
  project: string,
  tarball: string,
  seed: string[],
): Promise<string> {
  for (const name of seed)
    fs.cpSync(path.join(MODULES, name), path.join(project, "node_modules", name), {
      recursive: true,
      verbatimSymlinks: true,
    });
  const r = await execa(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--save-dev", tarball],
    { cwd: project, reject: false, all: true },
  );
  if (r.exitCode !== 0) throw new Error(`npm install ${tarball} failed:\n${r.all}`);
  return r.all ?? "";
}

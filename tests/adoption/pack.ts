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

/**
 * `npm install --save-dev <tarball>` in `project`, offline: its node_modules is first a copy of
 * this repository's but `without` (top-level names, e.g. "@pulumi"), and npm removes what neither
 * the project's package.json nor pgseed needs. Returns npm's output.
 */
export async function installTarball(
  project: string,
  tarball: string,
  without: string[] = [],
): Promise<string> {
  fs.cpSync(MODULES, path.join(project, "node_modules"), {
    recursive: true,
    verbatimSymlinks: true,
    filter: (src) => !without.includes(path.relative(MODULES, src).split(path.sep)[0]),
  });
  const r = await execa(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--save-dev", tarball],
    { cwd: project, reject: false, all: true },
  );
  if (r.exitCode !== 0) throw new Error(`npm install ${tarball} failed:\n${r.all}`);
  return r.all ?? "";
}

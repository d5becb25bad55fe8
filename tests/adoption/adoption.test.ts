/**
 * pgseed adopted the way a user does: packed (npm pack), installed with `npm install <tarball>`
 * into a Django project of its own outside this repository (its own package.json and git
 * repository, settings in a [tool.pgseed] table), then the quick start there: --version,
 * regenerate, check, load, clone. Every command runs with this repository hidden (an empty tmpfs
 * mounted over it in a mount namespace of its own), so it can read nothing from here: what works,
 * works from the installed package alone. No @pulumi package is installed: the CLI needs none.
 */
import execa from "execa";
import * as fs from "fs";
import * as path from "path";
import { installTarball, packPgseed, ROOT } from "./pack";
import {
  copyExample,
  createDatabase,
  query,
  removeTempDirs,
  requirePostgres,
  targetServer,
  tempDir,
} from "../helpers";
import type { LocalCluster } from "../../seed/servers/cluster";

let project: string;
let server: LocalCluster;

/**
 * Runs a command in `cwd` in a mount namespace of its own where this repository is an empty,
 * read-only tmpfs: whatever it reads, it cannot read from here.
 */
const hidden = (cwd: string, command: string[]) =>
  execa(
    "unshare",
    [
      "--mount",
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount -t tmpfs -o size=1m,mode=0555 pgseed-hidden "$0" && cd "$1" && shift && exec "$@"',
      ROOT,
      cwd,
      ...command,
    ],
    { reject: false, all: true },
  );

/** Runs `pgseed ARGS` in the project, this repository hidden from it. */
async function pgseed(args: string[]) {
  const r = await hidden(project, ["node_modules/.bin/pgseed", ...args]);
  process.stdout.write(`\n──── $ pgseed ${args.join(" ")}   (exit ${r.exitCode})\n${r.all}\n`);
  return r;
}

beforeAll(async () => {
  requirePostgres();
  const empty = await hidden("/", ["ls", "-A", ROOT]);
  if (empty.exitCode !== 0 || empty.all !== "")
    throw new Error(
      `this test hides the repository with unshare --mount (util-linux) and mount -t tmpfs, which need root: ${empty.all}`,
    );
  const base = tempDir("pgseed-adoption-");
  const tarball = await packPgseed(base);
  project = copyExample("django-blog", base);
  fs.writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "blog", version: "1.0.0", private: true }, null, 2),
  );
  fs.mkdirSync(path.join(project, "db"));
  fs.writeFileSync(
    path.join(project, "pyproject.toml"),
    '[project]\nname = "blog"\n\n[tool.pgseed]\npreset = "django"\nseed = "db/seed.sql"\n',
  );
  const git = (args: string[]) =>
    execa("git", ["-c", "user.name=Blog", "-c", "user.email=blog@example.com", ...args], {
      cwd: project,
    });
  await git(["init", "-q"]);
  await git(["add", "-A"]);
  await git(["commit", "-qm", "blog"]);
  // Pulumi's packages left out: they are optional peers, which npm would keep if they were there.
  await installTarball(project, tarball, ["@pulumi"]);
  server = await targetServer();
}, 600000);

afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

test("the package installs with no @pulumi package and gives node_modules/.bin/pgseed", async () => {
  expect(fs.existsSync(path.join(project, "node_modules/@pulumi"))).toBe(false);
  expect(fs.lstatSync(path.join(project, "node_modules/pgseed")).isSymbolicLink()).toBe(false);
  const version = await pgseed(["--version"]);
  expect(version.exitCode).toBe(0);
  expect(version.stdout.trim()).toBe(require("../../package.json").version);
  // The Pulumi-free library entry loads without Pulumi too.
  const engine = await hidden(project, [
    "node",
    "-e",
    'console.log(typeof require("pgseed/engine").regenerate)',
  ]);
  expect(engine.all).toBe("function");
});

test("regenerate writes the seed the [tool.pgseed] table names; check finds it fresh", async () => {
  const r = await pgseed(["regenerate"]);
  expect(r.exitCode).toBe(0);
  const seed = fs.readFileSync(path.join(project, "db/seed.sql"), "utf8");
  expect(seed).toMatch(/^-- pgseed seed/);
  expect(seed).toContain("CREATE TABLE public.posts_post");
  const check = await pgseed(["check"]);
  expect(check.exitCode).toBe(0);
  expect(check.all).toMatch(/db\/seed\.sql is fresh/);
});

test("load fills an empty database from the seed", async () => {
  const db = await createDatabase(server);
  const r = await pgseed(["load", "--url", db.url]);
  expect(r.exitCode).toBe(0);
  const tables = await query(
    db.url,
    "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'posts_post'",
  );
  expect(tables[0].n).toBe(1);
});

test("clone makes databases from the seed", async () => {
  const db = await createDatabase(server);
  const r = await pgseed(["clone", "--url", db.url, "--count", "2", "--prefix", "blog_test"]);
  expect(r.exitCode).toBe(0);
  const names = await query(
    db.url,
    "SELECT datname FROM pg_database WHERE datname ~ '^blog_test_[0-9]+$' ORDER BY 1",
  );
  expect(names.map((n) => n.datname)).toEqual(["blog_test_1", "blog_test_2"]);
  const clone = new URL(db.url);
  clone.pathname = "/blog_test_2";
  const posts = await query(
    clone.toString(),
    "SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'posts_post'",
  );
  expect(posts[0].n).toBe(1);
});

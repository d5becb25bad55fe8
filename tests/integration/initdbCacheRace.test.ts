/**
 * Issue 21, item 5: the initdb cache under /dev/shm when two PostgreSQL minors prepare and prune it
 * at the same time. Two processes (the compiled engine, as the CLI runs it) each start empty
 * clusters over and over, one with the real binaries, one with a --pg-bin of symlinks whose
 * postgres reports another minor: each build of one prunes the other's cache. Every cluster either
 * gets must be whole (the same files as a fresh initdb), and no start may fail.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { findPgBin } from "../../seed/servers/pgBin";
import { PG_MAJOR, removeTempDirs, requirePostgres, ROOT, TEST_TMP, tempDir } from "../helpers";

const ROUNDS = 25;

/**
 * One process: `rounds` empty clusters, each checked against the reference listing (mode "check"),
 * or one whose listing becomes the reference (mode "write").
 */
const WORKER = `
const fs = require("fs");
const path = require("path");
const dist = (m) => require(path.join(${JSON.stringify(ROOT)}, "dist", "seed", "servers", m));
const { emptyCluster } = dist("initdbCache.js");
const { findPgBin } = dist("pgBin.js");
const { serverAccount } = dist("host.js");
const [binDir, outDir, rounds, referenceFile, mode] = process.argv.slice(2);
const listing = (dir) => {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p) + " " + fs.statSync(p).size);
    }
  };
  walk(dir);
  return out.sort().join("\\n");
};
(async () => {
  const bin = findPgBin(${PG_MAJOR}, binDir);
  const account = serverAccount();
  const problems = [];
  for (let i = 0; i < Number(rounds); i++) {
    const data = path.join(outDir, "c" + i);
    try {
      await emptyCluster(bin, data, account);
      if (mode === "write") fs.writeFileSync(referenceFile, listing(data));
      else if (listing(data) !== fs.readFileSync(referenceFile, "utf8"))
        problems.push("round " + i + ": the copy is not whole");
    } catch (err) {
      problems.push("round " + i + ": " + err.message.split("\\n")[0]);
    } finally {
      fs.rmSync(data, { recursive: true, force: true });
    }
  }
  process.stdout.write(JSON.stringify({ version: bin.version, problems }));
})();
`;

beforeAll(() => requirePostgres());
afterAll(() => removeTempDirs());

test("two minors preparing and pruning the cache at once: every copy is whole, none fails", async () => {
  const real = findPgBin(PG_MAJOR).dir;
  // Another minor: the same binaries, but postgres --version says 15.99 (initdb finds the real
  // postgres beside its own real path, so clusters are the same).
  const fake = tempDir("pgseed-fakeminor-");
  fs.chmodSync(fake, 0o755); // the server account runs these
  for (const tool of fs.readdirSync(real))
    if (tool !== "postgres") fs.symlinkSync(path.join(real, tool), path.join(fake, tool));
  fs.writeFileSync(
    path.join(fake, "postgres"),
    `#!/bin/sh\nif [ "$1" = "--version" ]; then echo "postgres (PostgreSQL) ${PG_MAJOR}.99"; exit 0; fi\nexec ${real}/postgres "$@"\n`,
    { mode: 0o755 },
  );
  const worker = path.join(tempDir(), "worker.js");
  fs.writeFileSync(worker, WORKER);
  const out = (name: string) => {
    const dir = fs.mkdtempSync(path.join(TEST_TMP, `race-${name}-`));
    fs.chmodSync(dir, 0o755);
    return dir;
  };
  const env = { PGSEED_TMP: TEST_TMP };
  const reference = path.join(tempDir(), "reference");
  const run = (bin: string, rounds: number, mode: string) =>
    execa("node", [worker, bin, out(mode), String(rounds), reference, mode], {
      env,
      reject: false,
    });

  // The reference: what one empty cluster holds (the fake minor's are the same bytes).
  const first = await run(real, 1, "write");
  expect(first.stderr).toBe("");
  expect(JSON.parse(first.stdout).problems).toEqual([]);

  const [a, b] = await Promise.all([run(real, ROUNDS, "check"), run(fake, ROUNDS, "check")]);
  const results = [a, b].map((r) => {
    if (r.exitCode !== 0) throw new Error(`worker failed: ${r.stderr}`);
    return JSON.parse(r.stdout) as { version: string; problems: string[] };
  });
  expect(results.map((r) => r.version)).toEqual([findPgBin(PG_MAJOR).version, `${PG_MAJOR}.99`]);
  expect(results.map((r) => r.problems)).toEqual([[], []]);
  // Nothing half-removed or stray is left where the caches live: caches, whole, and no trash.
  for (const name of fs.readdirSync(TEST_TMP).filter((n) => n.startsWith("pgseed-initdb-")))
    expect(name).toMatch(/^pgseed-initdb-15\.\d+-[0-9a-f]{12}$/);
}, 300000);

/**
 * The seed-only stack (Pulumi.seed-only.yaml: instances 0, CI off) through its whole life cycle
 * under the real Pulumi CLI, on a temp copy of the project and its Django example:
 * up over a fresh committed seed (taken as is, no server) → preview after a new migration (no
 * server, names it) → up (regenerated) → second up (no change) → a teammate's seed by "git pull"
 * (taken as is) → hand edit, refresh (drift named), up (regenerated) → destroy (the seed stays).
 * "No server" is observed, not assumed: such a command runs with a fresh PGSEED_TMP (in /dev/shm),
 * where any server start leaves its initdb cache.
 */
import execa from "execa";
import * as fs from "fs";
import * as path from "path";
import { Project, counts, makeProject, pulumi, serverTraces, stateOf, summary } from "./engine";

const STACK = ["--stack", "seed-only"];
let p: Project;
const seedFile = () => path.join(p.app, "seed-db.sql");
const header = (text: string) =>
  Object.fromEntries(
    text
      .split("\n", 4)
      .map((l) => /^-- (\w+): (\S+)$/.exec(l))
      .filter(Boolean)
      .map((m) => [m![1], m![2]]),
  );
const migration = (name: string, prev: string, table: string) =>
  [
    "from django.db import migrations",
    "",
    "",
    "class Migration(migrations.Migration):",
    `    dependencies = [("posts", "${prev}")]`,
    `    operations = [migrations.RunSQL("CREATE TABLE ${table} (id serial PRIMARY KEY, body text)", "DROP TABLE ${table}")]`,
    "",
  ].join("\n");
const addMigration = (app: string, name: string, prev: string, table: string) =>
  fs.writeFileSync(path.join(app, "posts/migrations", `${name}.py`), migration(name, prev, table));
async function output(name: string): Promise<string> {
  const r = await pulumi(p, ["stack", "output", name, ...STACK]);
  expect(r.exitCode).toBe(0);
  return r.output.trim();
}

beforeAll(async () => {
  p = await makeProject("seed-only");
  const init = await pulumi(p, ["stack", "init", "seed-only"]);
  expect(init.exitCode).toBe(0);
});
afterAll(() => p?.cleanup());

test("up over a fresh committed seed: the resource is created, the file taken as is, no server", async () => {
  // The committed seed made fresh first (as a team commits it), whatever the checkout holds.
  const fresh = await execa(
    "node",
    [path.join(p.dir, "bin/pgseed"), "regenerate", "--app-dir", p.app, "--preset", "django"],
    { env: { PGSEED_TMP: p.freshPgTmp() }, reject: false, all: true },
  );
  expect(fresh.exitCode).toBe(0);
  const before = fs.readFileSync(seedFile());
  const tmp = p.freshPgTmp();
  const r = await pulumi(p, ["up", "--yes", ...STACK], { PGSEED_TMP: tmp });
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["+ 3 created"]);
  expect(summary(r.output)).toMatch(/Duration: /);
  expect(await output("seedFingerprint")).toBe(header(before.toString()).fingerprint);
  expect(fs.readFileSync(seedFile()).equals(before)).toBe(true);
  expect(serverTraces(tmp)).toEqual([]);
  // The seed's outputs, and none of the parts a seed-only stack does not have (no empty lists).
  const all = await pulumi(p, ["stack", "output", "--json", ...STACK]);
  const outputs = JSON.parse(all.output);
  expect(Object.keys(outputs).sort()).toEqual([
    "seedBytes",
    "seedFingerprint",
    "seedMigrationCount",
    "seedPath",
    "seedServerVersion",
  ]);
  expect(outputs.seedBytes).toBe(before.length);
  expect(outputs.seedServerVersion).toBe(header(before.toString()).postgres);
});

test("preview after a new migration: shows the seed's update, starts no server, writes nothing", async () => {
  addMigration(p.app, "0006_engine_note", "0005_post_constraints_sql", "engine_tier_note");
  const before = fs.readFileSync(seedFile());
  const tmp = p.freshPgTmp();
  const r = await pulumi(p, ["preview", "--diff", ...STACK], { PGSEED_TMP: tmp });
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["~ 1 to update", "2 unchanged"]);
  expect(r.output).toMatch(/~ pulumi-nodejs:dynamic\/pgseed:SeedDump: \(update\)/);
  expect(r.output).toMatch(/~ fingerprint\s*: "sha256:[0-9a-f]{64}" => "sha256:[0-9a-f]{64}"/);
  expect(r.output).toMatch(/\+ posts\/migrations\/0006_engine_note\.py\s*: "[0-9a-f]{12}"/);
  expect(serverTraces(tmp)).toEqual([]);
  expect(fs.readFileSync(seedFile()).equals(before)).toBe(true);
});

test("up regenerates the seed (a server starts), and a second up changes nothing", async () => {
  const oldFp = header(fs.readFileSync(seedFile(), "utf8")).fingerprint;
  const tmp = p.freshPgTmp();
  const r = await pulumi(p, ["up", "--yes", ...STACK], { PGSEED_TMP: tmp });
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["~ 1 updated", "2 unchanged"]);
  const text = fs.readFileSync(seedFile(), "utf8");
  expect(header(text).fingerprint).not.toBe(oldFp);
  expect(header(text).fingerprint).toBe(await output("seedFingerprint"));
  expect(text).toContain("CREATE TABLE public.engine_tier_note");
  expect(serverTraces(tmp).some((n) => n.startsWith("pgseed-initdb-"))).toBe(true);

  const tmp2 = p.freshPgTmp();
  const again = await pulumi(p, ["up", "--yes", ...STACK], { PGSEED_TMP: tmp2 });
  expect(again.exitCode).toBe(0);
  expect(counts(again.output)).toEqual(["3 unchanged"]);
  expect(fs.readFileSync(seedFile(), "utf8")).toBe(text);
  expect(serverTraces(tmp2)).toEqual([]);
});

test("git pull brings a teammate's migration and seed: taken as is, not rebuilt", async () => {
  // The teammate's checkout: the same app plus migration 0007, its seed built there by the pgseed
  // CLI.
  const mate = path.join(path.dirname(p.dir), "teammate");
  fs.cpSync(p.app, mate, { recursive: true });
  addMigration(mate, "0007_engine_mate", "0006_engine_note", "engine_tier_mate");
  const built = await execa(
    "node",
    [path.join(p.dir, "bin/pgseed"), "regenerate", "--app-dir", mate, "--preset", "django"],
    {
      env: { PGSEED_TMP: p.freshPgTmp() },
      reject: false,
      all: true,
    },
  );
  process.stdout.write(
    `\n──── teammate: pgseed regenerate (exit ${built.exitCode})\n${built.all}\n`,
  );
  expect(built.exitCode).toBe(0);
  // Their PostgreSQL minor differs from ours: the header says so, the content hash still holds.
  const theirs = fs
    .readFileSync(path.join(mate, "seed-db.sql"), "utf8")
    .replace(/^-- postgres: \S+$/m, "-- postgres: 15.99");
  expect(theirs).toContain("CREATE TABLE public.engine_tier_mate");

  // "git pull": their migration and their seed land in our checkout.
  fs.copyFileSync(
    path.join(mate, "posts/migrations/0007_engine_mate.py"),
    path.join(p.app, "posts/migrations/0007_engine_mate.py"),
  );
  fs.writeFileSync(seedFile(), theirs);
  const tmp = p.freshPgTmp();
  const r = await pulumi(p, ["up", "--yes", ...STACK], { PGSEED_TMP: tmp });
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["~ 1 updated", "2 unchanged"]);
  expect(fs.readFileSync(seedFile(), "utf8")).toBe(theirs); // a rebuild here would say our minor
  expect(serverTraces(tmp)).toEqual([]);
  expect(await output("seedFingerprint")).toBe(header(theirs).fingerprint);
});

test("a hand edit: refresh names it in drift (the fingerprint stays), the next up regenerates it", async () => {
  const good = fs.readFileSync(seedFile(), "utf8");
  fs.appendFileSync(seedFile(), "INSERT INTO posts_tag (name) VALUES ('edited by hand');\n");
  const refresh = await pulumi(p, ["refresh", "--yes", ...STACK]);
  expect(refresh.exitCode).toBe(0);
  expect(counts(refresh.output)).toEqual(["~ 1 updated", "2 unchanged"]);
  // Refresh rewrites the resource's state (not the stack outputs, which only an up recomputes).
  const flagged = await stateOf(p, "seed-only", "pulumi-nodejs:dynamic/pgseed:SeedDump");
  expect(flagged.drift).toBe("its content hash does not match its header (edited by hand?)");
  expect(flagged.fingerprint).toBe(header(good).fingerprint);

  const r = await pulumi(p, ["up", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["~ 1 updated", "2 unchanged"]);
  const text = fs.readFileSync(seedFile(), "utf8");
  expect(text).not.toContain("edited by hand");
  expect(header(text).fingerprint).toBe(header(good).fingerprint);
  expect(header(text).postgres).not.toBe("15.99"); // rebuilt here, not the teammate's file
  expect(await output("seedFingerprint")).toBe(header(good).fingerprint);
});

test("destroy removes the stack's resources and leaves the seed file", async () => {
  const before = fs.readFileSync(seedFile());
  const r = await pulumi(p, ["destroy", "--yes", ...STACK]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["- 3 deleted"]);
  expect(summary(r.output)).toMatch(/Duration: /);
  expect(fs.readFileSync(seedFile()).equals(before)).toBe(true);
});

/**
 * Issue 21, item 1: a file at the seed path that is no pgseed seed (a hand-written dump, another
 * tool's file, a typo in --seed) is never overwritten: `regenerate` refuses naming it and the fix,
 * starts no server, and leaves its bytes as they were; --force replaces it. The SeedDump provider
 * (Pulumi) never forces over such a file either.
 */
import * as fs from "fs";
import * as path from "path";
import {
  cli,
  copyExample,
  leftovers,
  removeTempDirs,
  requirePostgres,
  sqlAppArgs,
  tempDir,
} from "../helpers";
import { fileState, regenerateSeed, updateNeedsForce } from "../../components/seedDumpOps";
import { parseHeader } from "../../seed/seedfile/format";

const APP = (app: string) => sqlAppArgs(app);
const HAND_WRITTEN = "-- my own dump, made by hand\nCREATE TABLE precious (id int);\n";

beforeAll(() => requirePostgres());
afterAll(() => removeTempDirs());

test("regenerate refuses a hand-written dump at the seed path, names it and the fix; --force replaces it", async () => {
  const app = copyExample("sql-app");
  const file = path.join(tempDir(), "dump.sql");
  fs.writeFileSync(file, HAND_WRITTEN);

  const refused = await cli(["regenerate", ...APP(app), "--seed", file]);
  expect(refused.stderr).toContain(
    `pgseed: error: ${file} is not a pgseed seed (its first 4 lines are not the pgseed header); regenerate does not overwrite it`,
  );
  expect(refused.stderr).toMatch(/fix: point --seed \(seedPath\) at another file, .*--force/);
  expect(refused.code).toBe(2);
  expect(fs.readFileSync(file, "utf8")).toBe(HAND_WRITTEN);
  expect(leftovers()).toEqual({ dirs: [], processes: [] });

  const forced = await cli(["regenerate", ...APP(app), "--seed", file, "--force", "--quiet"]);
  expect(forced).toMatchObject({ code: 0 });
  const text = fs.readFileSync(file, "utf8");
  expect(parseHeader(text, file).header.fingerprint).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(text).toContain("CREATE TABLE public.products");
});

test("the SeedDump provider never forces over a file that is no seed: create and update refuse it", async () => {
  const project = tempDir();
  const app = copyExample("sql-app", project);
  const file = path.join(app, "seed-db.sql");
  fs.writeFileSync(file, HAND_WRITTEN);
  const settings = {
    appDir: path.relative(project, app),
    preset: "custom",
    migrations: ["migrations/*.sql"],
    migrateCommand: "sh migrate.sh",
  };
  const fp = `sha256:${"a".repeat(64)}`;
  // update after a drift (the state's file was replaced by hand, or the seed path changed)
  const olds = { fingerprint: fp, sha256: `sha256:${"c".repeat(64)}` };
  expect(updateNeedsForce(olds, await fileState(file), fp)).toBe(false);
  await expect(
    regenerateSeed({ settings, fingerprint: fp, files: {} }, project, false),
  ).rejects.toThrow(/seed-db.sql is not a pgseed seed .*; regenerate does not overwrite it/);
  expect(fs.readFileSync(file, "utf8")).toBe(HAND_WRITTEN);
});

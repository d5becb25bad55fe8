/**
 * Lock files count in the fingerprint (seed/core/files.ts LOCK_FILES, one list): each name of a
 * preset's ecosystems, changed in the app folder, changes it; for presets that count the folders
 * above (alembic, django), so does a change in any folder up to the repository root, and not one
 * beyond it; a lock file of another ecosystem never does. Django's case, which probes the app with
 * Python, is in tests/integration/lockFiles.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import picomatch from "picomatch";
import { LOCK_FILES, lockFileMatcher, LockFileSet } from "../../seed/core/files";
import { computeFingerprint } from "../../seed/inputs/fingerprint";
import { fingerprintInput } from "../../seed/inputs/recipe";
import { presetOf } from "../../seed/presets";
import type { EngineSettings } from "../../seed/core/settings";
import { appInRepository, LOCK_FILE_EXAMPLES, removeTempDirs } from "../helpers";

afterAll(removeTempDirs);

const SETS = Object.keys(LOCK_FILE_EXAMPLES) as LockFileSet[];

test("every lock-file pattern has a name here, and every name here is a lock file of its set only", () => {
  expect(Object.keys(LOCK_FILES).sort()).toEqual([...SETS].sort());
  for (const set of SETS) {
    for (const pattern of LOCK_FILES[set])
      expect([pattern, LOCK_FILE_EXAMPLES[set].some((n) => picomatch(pattern)(n))]).toEqual([
        pattern,
        true,
      ]);
    for (const name of LOCK_FILE_EXAMPLES[set])
      for (const other of SETS)
        expect([name, other, lockFileMatcher([other])(name)]).toEqual([name, other, other === set]);
  }
});

describe.each([
  // preset, its migration glob and file, the ecosystems it counts, whether folders above count
  ["alembic", "versions/*.py", "versions/001_a.py", ["python"], true],
  ["custom", "migrations/*.sql", "migrations/001_a.sql", ["python", "node"], false],
] as const)("%s", (preset, glob, migration, sets, above) => {
  let dirs: ReturnType<typeof appInRepository>;
  let fingerprint: () => string;

  beforeEach(() => {
    dirs = appInRepository();
    fs.mkdirSync(path.join(dirs.app, path.dirname(migration)), { recursive: true });
    fs.writeFileSync(path.join(dirs.app, migration), "-- one migration\n");
    const settings: EngineSettings = {
      appDir: dirs.app,
      preset,
      migrations: [glob],
      migrateCommand: "make migrate",
      seedPath: path.join(dirs.app, "seed-db.sql"),
      postgresVersion: 15,
      image: "postgres:15",
      engine: "local",
      migrateTimeoutSeconds: 60,
    };
    fingerprint = () => computeFingerprint(fingerprintInput(settings)).fingerprint;
  });

  test(`counts the lock files of ${sets.join(" and ")}, ${above ? "and those above the app dir" : "in the app folder only"}`, () => {
    expect(presetOf(preset).lockFiles).toEqual({ sets, above });
  });

  const own = sets.flatMap((s) => LOCK_FILE_EXAMPLES[s]);
  const foreign = SETS.filter((s) => !(sets as readonly string[]).includes(s)).flatMap(
    (s) => LOCK_FILE_EXAMPLES[s],
  );

  test.each(own)("%s in the app folder: added or changed, the fingerprint changes", (name) => {
    const base = fingerprint();
    const file = path.join(dirs.app, name);
    fs.writeFileSync(file, "pinned 1.0\n");
    const added = fingerprint();
    fs.writeFileSync(file, "pinned 1.1\n");
    const changed = fingerprint();
    expect(new Set([base, added, changed]).size).toBe(3);
    fs.rmSync(file);
    expect(fingerprint()).toBe(base);
  });

  test.each(own)(
    `%s above the app dir, up to the repository root: ${above ? "counts" : "does not count"}; beyond the root: never`,
    (name) => {
      const base = fingerprint();
      for (const dir of [dirs.middle, dirs.repo]) {
        const file = path.join(dir, name);
        fs.writeFileSync(file, "pinned 1.0\n");
        const added = fingerprint();
        fs.writeFileSync(file, "pinned 1.1\n");
        const changed = fingerprint();
        if (above) expect([dir, new Set([base, added, changed]).size]).toEqual([dir, 3]);
        else expect([dir, added, changed]).toEqual([dir, base, base]);
        fs.rmSync(file);
      }
      fs.writeFileSync(path.join(dirs.outside, name), "pinned 1.0\n");
      expect(fingerprint()).toBe(base);
    },
  );

  if (foreign.length > 0)
    test.each(foreign)("%s (another ecosystem's) never counts, here or above", (name) => {
      const base = fingerprint();
      for (const dir of [dirs.app, dirs.middle, dirs.repo])
        fs.writeFileSync(path.join(dir, name), "pinned 1.0\n");
      expect(fingerprint()).toBe(base);
    });
});

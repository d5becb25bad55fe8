/**
 * Django's lock files (tests/unit/lockFiles.test.ts has the other presets): the fingerprint of the
 * django preset probes the app with Python, so this runs here. Each Python lock file changes it in
 * the app folder and in every folder above up to the repository root; a node lock file does not.
 */
import * as fs from "fs";
import * as path from "path";
import { computeFingerprint } from "../../seed/inputs/fingerprint";
import { fingerprintInput } from "../../seed/inputs/recipe";
import { django } from "../../seed/presets/django";
import {
  appInRepository,
  copyExample,
  djangoPython,
  LOCK_FILE_EXAMPLES,
  removeTempDirs,
} from "../helpers";

let dirs: ReturnType<typeof appInRepository>;
let fingerprint: () => string;

beforeAll(async () => {
  await djangoPython(); // fails naming what is missing
  dirs = appInRepository();
  const app = copyExample("django-blog", dirs.middle);
  fingerprint = () =>
    computeFingerprint(
      fingerprintInput({
        appDir: app,
        preset: "django",
        migrations: django.defaultMigrations(app),
        migrateCommand: django.defaultMigrateCommand,
        seedPath: path.join(app, "seed-db.sql"),
        postgresVersion: 15,
        image: "postgres:15",
        engine: "local",
        migrateTimeoutSeconds: 60,
      }),
    ).fingerprint;
  dirs.app = app;
});
afterAll(removeTempDirs);

test("django counts the Python lock files, and those above the app dir up to the repository root", () => {
  expect(django.lockFiles).toEqual({ sets: ["python"], above: true });
});

test.each(LOCK_FILE_EXAMPLES.python)(
  "%s changed in the app folder or a folder above it changes the fingerprint; beyond the root not",
  (name) => {
    const base = fingerprint();
    for (const dir of [dirs.app, dirs.middle, dirs.repo]) {
      const file = path.join(dir, name);
      const own = fs.existsSync(file) ? fs.readFileSync(file) : undefined; // the example's
      fs.writeFileSync(file, "pinned 1.0\n");
      const added = fingerprint();
      fs.writeFileSync(file, "pinned 1.1\n");
      const changed = fingerprint();
      expect([dir, new Set([base, added, changed]).size]).toEqual([dir, 3]);
      if (own) fs.writeFileSync(file, own);
      else fs.rmSync(file);
    }
    fs.writeFileSync(path.join(dirs.outside, name), "pinned 1.0\n");
    expect(fingerprint()).toBe(base);
  },
);

test.each(LOCK_FILE_EXAMPLES.node)("%s (a frontend's) never counts for django", (name) => {
  const base = fingerprint();
  for (const dir of [dirs.app, dirs.middle, dirs.repo])
    fs.writeFileSync(path.join(dir, name), "pinned 1.0\n");
  expect(fingerprint()).toBe(base);
});

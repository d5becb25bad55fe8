/** The SeedDump provider's decisions, as pure functions. */
import * as path from "path";
import { diffSeed, engineInputs, settingsOf, stableJson } from "../../components/seedDumpOps";
import { resolveSettings } from "../../config";

const root = path.resolve(__dirname, "../..");
const FP = `sha256:${"a".repeat(64)}`;
const olds = { settings: { appDir: "app", seed: "s.sql" }, fingerprint: FP, sha256: "sha256:1" };

test("diffSeed: the reasons to regenerate, always as an update", () => {
  expect(
    diffSeed(
      olds,
      { settings: { seed: "s.sql", appDir: "app" }, fingerprint: FP },
      { exists: true, sha256: "sha256:1" },
    ),
  ).toEqual({ changes: false, replaces: [], reasons: [] });
  expect(
    diffSeed(
      olds,
      { ...olds, fingerprint: `sha256:${"b".repeat(64)}` },
      { exists: true, sha256: "sha256:1" },
    ).reasons,
  ).toEqual(["fingerprint"]);
  expect(diffSeed(olds, olds, { exists: false }).reasons).toEqual(["missing"]);
  expect(diffSeed(olds, olds, { exists: true, sha256: "sha256:2" })).toEqual({
    changes: true,
    replaces: [],
    reasons: ["drifted"],
  });
});

test("engineInputs: project-relative, no secret, and they resolve back to the same settings", () => {
  const s = resolveSettings({ appDir: "examples/django-blog", postgresPassword: "x" } as any, root);
  const inputs = engineInputs(s);
  expect(inputs).toMatchObject({
    appDir: "examples/django-blog",
    seed: "seed-db.sql",
    preset: "django",
    postgresVersion: 15,
  });
  expect(stableJson(inputs)).not.toContain("postgresPassword");
  const back = settingsOf({ settings: inputs }, root);
  expect([back.appDir, back.seedPath, back.migrateCommand]).toEqual([
    s.engine.appDir,
    s.engine.seedPath,
    s.engine.migrateCommand,
  ]);
});

/** The SeedDump provider's decisions, as pure functions. */
import * as path from "path";
import {
  checkInputs,
  diffSeed,
  engineInputs,
  settingsOf,
  stableJson,
} from "../../components/seedDumpOps";
import { resolveSettings } from "../../config";

const root = path.resolve(__dirname, "../..");
const FP = `sha256:${"a".repeat(64)}`;
const olds = {
  settings: { appDir: "app", seed: "s.sql" },
  fingerprint: FP,
  files: {},
  sha256: "sha256:1",
};

test("diffSeed: the reasons to regenerate, always as an update", () => {
  expect(
    diffSeed(
      olds,
      { settings: { seed: "s.sql", appDir: "app" }, fingerprint: FP, files: {} },
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
  // Refresh found the file not to be the state's: rebuilt though its bytes are the state's now.
  expect(
    diffSeed({ ...olds, drift: "edited by hand" }, olds, { exists: true, sha256: "sha256:1" }),
  ).toMatchObject({ changes: true, reasons: ["drifted"] });
});

test("checkInputs: each problem once, for the resource as a whole, in Pulumi's terms", () => {
  expect(
    checkInputs({ settings: { appDir: ".", migrateTimeout: "soon" }, fingerprint: FP }, root),
  ).toEqual([
    {
      property: "",
      reason:
        'invalid settings:\n  - pgseed:migrateTimeout must be a whole number, got "soon"\n  fix: correct the values above: pulumi config set pgseed:<key> <value> for each',
    },
  ]);
  expect(checkInputs({ settings: { keepData: true } as any, fingerprint: "x" }, root)).toEqual([
    { property: "", reason: "SeedDump takes only engine settings; remove keepData" },
    { property: "", reason: 'fingerprint must read sha256:<64 hex>, got "x"' },
  ]);
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

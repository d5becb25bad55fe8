/**
 * The SeedDump provider (the object `pulumi up` serializes, running the compiled engine in dist/)
 * on the cases a team meets: a teammate's seed arriving with `git pull` is taken as is;
 * `pulumi refresh` names a hand-edited seed in `drift` so the next `up` regenerates it; check()
 * says what the file is (`seedFile`), which a preview's diff shows. No server is started: every
 * case here must be decided from the file alone (a rebuild would need PostgreSQL and fail the
 * serverVersion check below).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { seedDumpProvider as provider } from "../../components/seedDump";
import { checkSeedDump, diffSeed, fileState, updateNeedsForce } from "../../components/seedDumpOps";
import { resolveSettings } from "../../config";
import { computeFingerprint } from "../../seed/inputs/fingerprint";
import { fingerprintInput } from "../../seed/inputs/recipe";
import { encodeSeed, renderSeed, wrapDump } from "../oracle/seedText";
import { sha256 } from "../../seed/core/hash";

const root = path.resolve(__dirname, "../..");
const OLD_FP = `sha256:${"a".repeat(64)}`;
const TEAMMATE_PG = "15.99"; // no local build reports this: proof that nothing was rebuilt

let tmp: string;
let settings: Record<string, unknown>;
let fp: string;
const seedFile = () => path.join(tmp, "seed-db.sql");
/** A seed as `pgseed regenerate` writes it, here "built on a teammate's machine". */
const teammateSeed = (fingerprint: string, body = "CREATE TABLE blog_post (id int);") =>
  encodeSeed(seedFile(), renderSeed(wrapDump(body, fingerprint), fingerprint, TEAMMATE_PG));
const stateOf = (outs: any) => ({ ...outs, settings, fingerprint: outs.fingerprint });

beforeAll(() => {
  const ops = path.join(root, "dist/components/seedDumpOps.js");
  if (!fs.existsSync(ops) || !fs.readFileSync(ops, "utf8").includes("seedFileState")) {
    throw new Error(
      "dist/ is missing or older than components/: run `npm run build` (npm test runs it first)",
    );
  }
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-pull-"));
  fs.cpSync(path.join(root, "examples/django-blog"), tmp, { recursive: true });
  settings = {
    appDir: path.relative(root, tmp),
    preset: "django",
    seed: "seed-db.sql",
    postgresVersion: 15,
  };
  fp = computeFingerprint(
    fingerprintInput(resolveSettings(settings as any, root).engine),
  ).fingerprint;
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe("git pull brings a teammate's seed", () => {
  test("with new migrations (new fingerprint): update takes the file as is, no rebuild", async () => {
    const mine = teammateSeed(OLD_FP, "CREATE TABLE old_one (id int);");
    const olds = {
      settings,
      fingerprint: OLD_FP,
      path: seedFile(),
      sha256: sha256(mine),
      bytes: mine.length,
      serverVersion: "15.8",
      migrationCount: 1,
    };
    const pulled = teammateSeed(fp);
    fs.writeFileSync(seedFile(), pulled);
    const news = { settings, fingerprint: fp, files: {} };

    const d = await provider.diff!("seed", olds, news);
    expect(d.changes).toBe(true);
    expect(diffSeed(olds, news, await fileState(seedFile())).reasons).toEqual([
      "fingerprint",
      "pulled",
    ]);
    expect(updateNeedsForce(olds, await fileState(seedFile()), fp)).toBe(false);

    const { outs } = await provider.update!("seed", olds, news);
    expect(outs).toMatchObject({
      fingerprint: fp,
      sha256: sha256(pulled),
      bytes: pulled.length,
      serverVersion: TEAMMATE_PG,
    });
    expect(fs.readFileSync(seedFile()).equals(pulled)).toBe(true);
  });

  test("same fingerprint, other bytes (built elsewhere): the state catches up, no rebuild", async () => {
    const elsewhere = teammateSeed(fp, "CREATE TABLE blog_post (id bigint);");
    fs.writeFileSync(seedFile(), elsewhere);
    const olds = {
      settings,
      fingerprint: fp,
      path: seedFile(),
      sha256: `sha256:${"c".repeat(64)}`,
      bytes: 1,
      serverVersion: "15.8",
      migrationCount: 1,
    };
    expect(
      diffSeed(olds, { settings, fingerprint: fp, files: {} }, await fileState(seedFile())).reasons,
    ).toEqual(["pulled"]);
    const { outs } = await provider.update!("seed", olds, { settings, fingerprint: fp, files: {} });
    expect(outs).toMatchObject({ sha256: sha256(elsewhere), serverVersion: TEAMMATE_PG });
    expect(fs.readFileSync(seedFile()).equals(elsewhere)).toBe(true);
  });

  test("a seed that is not intact, or of another fingerprint, still forces a rebuild", async () => {
    const olds = { fingerprint: OLD_FP, sha256: `sha256:${"c".repeat(64)}` };
    fs.writeFileSync(seedFile(), teammateSeed(OLD_FP));
    expect(updateNeedsForce(olds, await fileState(seedFile()), fp)).toBe(true);
    fs.writeFileSync(seedFile(), Buffer.concat([teammateSeed(fp), Buffer.from("DROP TABLE x;\n")]));
    expect(updateNeedsForce(olds, await fileState(seedFile()), fp)).toBe(true);
    // Without the new fingerprint, any other bytes force (the old rule).
    fs.writeFileSync(seedFile(), teammateSeed(fp));
    expect(updateNeedsForce(olds, await fileState(seedFile()))).toBe(true);
  });
});

describe("pulumi refresh", () => {
  const written = () => {
    const bytes = teammateSeed(fp);
    fs.writeFileSync(seedFile(), bytes);
    return {
      settings,
      fingerprint: fp,
      path: seedFile(),
      sha256: sha256(bytes),
      bytes: bytes.length,
      serverVersion: TEAMMATE_PG,
      migrationCount: 1,
      drift: "",
    };
  };
  const news = () => ({ settings, fingerprint: fp, files: {} });

  test("an untouched seed reads back as the same state: the next up changes nothing", async () => {
    const state = written();
    const { props } = await provider.read!("seed", state);
    expect(props).toEqual(state);
    expect((await provider.diff!("seed", props, news())).changes).toBe(false);
  });

  test("a hand edit goes into drift (the fingerprint stays): the next up rebuilds", async () => {
    const state = written();
    fs.appendFileSync(seedFile(), "INSERT INTO blog_post VALUES (42);\n");
    const { props } = await provider.read!("seed", state);
    expect(props.drift).toBe("its content hash does not match its header (edited by hand?)");
    expect(props.fingerprint).toBe(fp);
    expect(props.sha256).toBe(sha256(fs.readFileSync(seedFile())));
    expect(diffSeed(stateOf(props), news(), await fileState(seedFile())).reasons).toEqual([
      "drifted",
    ]);
    expect((await provider.diff!("seed", props, news())).changes).toBe(true);
    expect(updateNeedsForce(props, await fileState(seedFile()), fp)).toBe(true);
  });

  test("a checked-out seed of another fingerprint is flagged too", async () => {
    const state = written();
    fs.writeFileSync(seedFile(), teammateSeed(OLD_FP));
    const { props } = await provider.read!("seed", state);
    expect(props.drift).toBe(`its header names ${OLD_FP}, not the state's fingerprint`);
    expect((await provider.diff!("seed", props, news())).changes).toBe(true);
  });

  test("a teammate's intact seed of the state's fingerprint is recorded as is", async () => {
    const state = written();
    const other = teammateSeed(fp, "CREATE TABLE blog_post (id bigint);");
    fs.writeFileSync(seedFile(), other);
    const { props } = await provider.read!("seed", state);
    expect(props).toMatchObject({
      fingerprint: fp,
      sha256: sha256(other),
      bytes: other.length,
      drift: "",
    });
    expect((await provider.diff!("seed", props, news())).changes).toBe(false);
  });
});

describe("check: seedFile says what the file is, for a preview's diff", () => {
  const olds = () => ({ settings, fingerprint: OLD_FP, files: {} });
  const seedFileNow = async () =>
    (await provider.check!(olds(), { settings, fingerprint: fp, files: {} })).inputs.seedFile;

  test("intact (a seed of the state's or the program's fingerprint), missing, edited, foreign", async () => {
    fs.writeFileSync(seedFile(), teammateSeed(fp));
    expect(await seedFileNow()).toBe("intact");
    fs.writeFileSync(seedFile(), teammateSeed(OLD_FP));
    expect(await seedFileNow()).toBe("intact");
    fs.writeFileSync(seedFile(), teammateSeed(`sha256:${"e".repeat(64)}`));
    expect(await seedFileNow()).toBe(`another seed (sha256:eeeeeeeeeeee…)`);
    fs.appendFileSync(seedFile(), "-- a hand edit\n");
    expect(await seedFileNow()).toBe("edited by hand");
    fs.writeFileSync(seedFile(), "SELECT 1;\n");
    expect(await seedFileNow()).toBe("not a pgseed seed");
    fs.rmSync(seedFile());
    expect(await seedFileNow()).toBe("missing");
  });

  test("a seed that must be built where no server can: one failure, in Pulumi terms, no dump", async () => {
    const noServer = async () =>
      "PostgreSQL 15 binaries not found (looked in nothing)\n  fix: pass --pg-bin DIR";
    fs.rmSync(seedFile(), { force: true });
    const r = await checkSeedDump(olds(), { settings, fingerprint: fp, files: {} }, root, noServer);
    expect(r.failures).toEqual([
      {
        property: "",
        reason:
          "the seed must be built, but PostgreSQL 15 binaries not found (looked in nothing)\n  fix: pass pgseed:pgBin DIR (pulumi config set pgseed:pgBin …)",
      },
    ]);
    // An intact seed of the fingerprint needs no server: a machine without one previews clean.
    fs.writeFileSync(seedFile(), teammateSeed(fp));
    const fresh = await checkSeedDump(
      olds(),
      { settings, fingerprint: fp, files: {} },
      root,
      noServer,
    );
    expect(fresh.failures).toEqual([]);
  });
});

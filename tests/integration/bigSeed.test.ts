/**
 * Seeds that grow: regenerate streams pg_dump into the file, check and load hash as they read.
 * Not timed (bench/bigseed.ts measures time and RSS): these assert behaviour on real PostgreSQL:
 * the streamed file is the in-memory path's bytes, check reads a 100 MB seed with a 64 MB heap,
 * and a truncated or tampered big seed is refused by load with nothing loaded.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import execa from "execa";
import { LocalCluster as TargetServer } from "../../seed/servers/cluster";
import { startServer } from "../../seed/servers";
import { encodeSeed, renderSeed, wrapDump } from "../oracle/seedText";
import { commitSeed, writeSeedStream } from "../../seed/seedfile/write";
import {
  cli,
  createDatabase,
  dumpText,
  query,
  removeTempDirs,
  requirePostgres,
  ROOT,
  targetServer,
  tempDir,
  PG_MAJOR,
  sqlAppArgs,
} from "../helpers";

const FP = `sha256:${"cd".repeat(32)}`;
/** About 100 bytes a row in the dump: 1M rows is a ~100 MB seed. */
const ROWS = 1_000_000;

let target: TargetServer;
let app: string;
let seed: string;

beforeAll(async () => {
  requirePostgres();
  target = await targetServer();
  app = tempDir();
  fs.mkdirSync(path.join(app, "migrations"));
  fs.writeFileSync(
    path.join(app, "migrations", "001_big.sql"),
    `CREATE TABLE big (id int PRIMARY KEY, payload text NOT NULL);\nINSERT INTO big SELECT g, md5(g::text) || repeat('x', 60) FROM generate_series(1, ${ROWS}) g;\n`,
  );
  // The example's migrate.sh: it records what it applied, so an incremental build applies only what
  // is new.
  fs.copyFileSync(
    path.join(ROOT, "examples", "sql-app", "migrate.sh"),
    path.join(app, "migrate.sh"),
  );
  seed = path.join(app, "seed-db.sql");
  const r = await cli(["regenerate", ...sqlAppArgs(app), "--quiet"]);
  expect(r).toMatchObject({ code: 0 });
}, 180_000);
afterAll(async () => {
  await target?.stop();
  removeTempDirs();
});

const relations = (url: string) =>
  query(url, "SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace");
const marker = async (url: string) =>
  (await query(url, "SELECT obj_description('public'::regnamespace, 'pg_namespace') AS m"))[0].m;

test("a real pg_dump streamed into the seed gives the bytes of the in-memory path (.sql and .sql.gz)", async () => {
  const server = await startServer({
    major: PG_MAJOR,
    image: `postgres:${PG_MAJOR}`,
    engine: "local",
  });
  try {
    await server.runSql(
      "CREATE TABLE t (id int PRIMARY KEY, name text); INSERT INTO t SELECT g, 'nämé ' || g FROM generate_series(1, 5000) g;",
    );
    const options = ["--format=plain", "--no-owner", "--restrict-key=pgseedtest"];
    const text = await dumpText(server, options);
    for (const name of ["seed-db.sql", "seed-db.sql.gz"]) {
      const file = path.join(tempDir(), name);
      const staged = await writeSeedStream(file, await server.dumpStream(options), {
        fingerprint: FP,
        postgres: server.version,
      });
      const written = await commitSeed(staged, file);
      const expected = encodeSeed(file, renderSeed(wrapDump(text, FP), FP, server.version));
      expect(fs.readFileSync(file).equals(expected)).toBe(true);
      expect(written.bytes).toBe(expected.length);
      expect(fs.readdirSync(path.dirname(file))).toEqual([name]);
    }
  } finally {
    await server.stop();
  }
}, 60_000);

test("the big seed is about 100 MB, its 4-line header first, and loads whole", async () => {
  const size = fs.statSync(seed).size;
  expect(size).toBeGreaterThan(90e6);
  const head = fs.readFileSync(seed).subarray(0, 400).toString().split("\n");
  expect(head[0]).toBe("-- pgseed seed v1");
  expect(head[3]).toMatch(/^-- content: sha256:[0-9a-f]{64}$/);
  const db = await createDatabase(target);
  const r = await cli(["load", "--url", db.url, "--seed", seed]);
  expect(r).toMatchObject({ code: 0 });
  expect(await query(db.url, "SELECT count(*)::int AS n FROM big")).toEqual([{ n: ROWS }]);
  expect(await marker(db.url)).toMatch(/^pgseed sha256:/);
}, 180_000);

test("check reads a 100 MB seed without holding it: it passes with a 64 MB heap", async () => {
  const r = await execa(
    "node",
    ["--max-old-space-size=64", path.join(ROOT, "bin", "pgseed"), "check", ...sqlAppArgs(app)],
    { reject: false },
  );
  expect(r.stderr + r.stdout).toMatch(/seed-db.sql is fresh/);
  expect(r.exitCode).toBe(0);
}, 120_000);

test("an incremental regenerate streams the 100 MB previous seed into its server: it passes with a 64 MB heap", async () => {
  const copy = path.join(tempDir(), "app");
  fs.cpSync(app, copy, { recursive: true });
  fs.writeFileSync(path.join(copy, "migrations", "002_more.sql"), "CREATE TABLE more (id int);\n");
  const r = await execa(
    "node",
    [
      "--max-old-space-size=64",
      path.join(ROOT, "bin", "pgseed"),
      "regenerate",
      ...sqlAppArgs(copy),
    ],
    { reject: false },
  );
  expect(r.stderr).toMatch(
    /incremental: loading the previous seed, then applying 1 added input \(migrations\/002_more.sql\)/,
  );
  expect(r.exitCode).toBe(0);
  const db = await createDatabase(target);
  expect(
    await cli(["load", "--url", db.url, "--seed", path.join(copy, "seed-db.sql"), "--quiet"]),
  ).toMatchObject({ code: 0 });
  expect(
    await query(
      db.url,
      "SELECT (SELECT count(*)::int FROM big) AS big, to_regclass('public.more') IS NOT NULL AS more",
    ),
  ).toEqual([{ big: ROWS, more: true }]);
}, 180_000);

describe("a damaged big seed is refused by load, nothing loaded", () => {
  const copy = (name: string, edit: (bytes: Buffer) => Buffer) => {
    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, edit(fs.readFileSync(seed)));
    return file;
  };
  const refused = async (file: string, problem: RegExp) => {
    const db = await createDatabase(target);
    const r = await cli(["load", "--url", db.url, "--seed", file]);
    expect(r.stderr).toMatch(problem);
    expect(r.code).toBe(1);
    expect(await relations(db.url)).toEqual([{ n: 0 }]);
    expect(String(await marker(db.url))).not.toMatch(/^pgseed/); // the default comment, no seed marker
  };
  const TAMPERED =
    /is truncated or tampered: its content hash does not match its header; nothing was loaded[\s\S]*fix: regenerate it with `pgseed regenerate --force`/;

  test("truncated half-way (inside COPY data)", async () => {
    await refused(
      copy("truncated.sql", (b) => b.subarray(0, Math.floor(b.length / 2))),
      TAMPERED,
    );
  }, 120_000);

  test("one row edited half-way (the SQL still valid)", async () => {
    await refused(
      copy("tampered.sql", (b) => {
        const at = b.indexOf("\n500000\t") + 1;
        const out = Buffer.from(b);
        out.write("7", at); // id 500000 becomes 700000: still a valid row
        return out;
      }),
      TAMPERED,
    );
  }, 120_000);

  test("a gzip seed cut short", async () => {
    const gz = zlib.gzipSync(fs.readFileSync(seed), { level: 1 });
    await refused(
      copy("cut.sql.gz", () => gz.subarray(0, Math.floor(gz.length * 0.7))),
      /cut.sql.gz is not valid gzip \(truncated or corrupt\)/,
    );
  }, 120_000);
});

/**
 * The alembic preset end to end through the real CLI: real PostgreSQL 15, real Alembic and
 * SQLAlchemy (pgseed's venv from scripts/install-python.sh, or any the preset finds), on temp
 * copies of examples/alembic-app. Only the preset's defaults are passed: no globs, no command.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { LocalCluster } from "../../seed/servers/cluster";
import { findAlembic } from "../../seed/presets/alembic";
import {
  ROOT,
  cli,
  copyExample,
  createDatabase,
  query,
  removeTempDirs,
  requirePostgres,
  targetServer,
  tempDir,
} from "../helpers";

let server: LocalCluster;
let alembicExe: string;

beforeAll(async () => {
  requirePostgres();
  try {
    alembicExe = await findAlembic(ROOT);
  } catch (err) {
    throw new Error(
      `these tests need Alembic: ${(err as Error).message}\n(run: bash scripts/install-python.sh)`,
    );
  }
  server = await targetServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

const PRESET = ["--preset", "alembic"];
const read = (file: string) => fs.readFileSync(file);

/** `alembic <args>` against a database, as a developer would run it in the app dir. */
const alembicRun = (app: string, url: string, args: string) =>
  execa("sh", ["-c", `${alembicExe} ${args}`], {
    cwd: app,
    env: { DATABASE_URL: url, PYTHONDONTWRITEBYTECODE: "1" },
    all: true,
  });

describe("alembic example", () => {
  let app: string;
  let seed: string;
  beforeAll(async () => {
    app = copyExample("alembic-app");
    const r = await cli(["regenerate", "--app-dir", app, ...PRESET]);
    expect(r).toMatchObject({ code: 0 });
    seed = path.join(app, "seed-db.sql");
  });

  test("the seed loads into an empty database; alembic current reports head; upgrade has nothing to do; the data revision's rows are there", async () => {
    const db = await createDatabase(server);
    expect(await cli(["load", "--url", db.url, "--seed", seed])).toMatchObject({ code: 0 });
    const current = await alembicRun(app, db.url, "current");
    expect(current.stdout.trim()).toBe("0003 (head)");
    const upgrade = await alembicRun(app, db.url, "upgrade head");
    expect(upgrade.all).not.toContain("Running upgrade");
    expect(await query(db.url, "SELECT id, code, label FROM genre ORDER BY id")).toEqual([
      { id: 1, code: "fiction", label: "Fiction" },
      { id: 2, code: "history", label: "History" },
      { id: 3, code: "science", label: "Science" },
    ]);
    expect(
      await query(db.url, "SELECT indexname FROM pg_indexes WHERE tablename = 'book' ORDER BY 1"),
    ).toEqual([
      { indexname: "book_pkey" },
      { indexname: "ix_book_author_year" },
      { indexname: "ix_book_isbn" },
    ]);
    // The sequence moved with the data revision: the app's next insert does not collide.
    await query(db.url, "INSERT INTO genre (code, label) VALUES ('poetry', 'Poetry')");
  });

  test("the fingerprint covers the three revisions and env.py, not script.py.mako", async () => {
    const r = await cli(["regenerate", "--app-dir", app, ...PRESET, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ regenerated: false, migrationCount: 4 });
  });

  test("--verify passes, and a clone at another path gives the same bytes", async () => {
    const other = copyExample("alembic-app", path.join(tempDir("pgseed-elsewhere-"), "deeper"));
    const r = await cli(["regenerate", "--app-dir", other, ...PRESET, "--verify"]);
    expect(r).toMatchObject({ code: 0 });
    expect(read(path.join(other, "seed-db.sql")).equals(read(seed))).toBe(true);
  });

  test("check: current exits 0; an edited revision or env.py exits 1; the revision template does not count", async () => {
    const copy = copyExample("alembic-app", tempDir(), true);
    fs.copyFileSync(seed, path.join(copy, "seed-db.sql"));
    const check = () => cli(["check", "--app-dir", copy, ...PRESET]);
    expect(await check()).toMatchObject({ code: 0 });

    fs.appendFileSync(path.join(copy, "migrations", "script.py.mako"), "\n# template only\n");
    expect(await check()).toMatchObject({ code: 0 });

    const revision = path.join(copy, "migrations", "versions", "0003_reference_genres.py");
    const original = fs.readFileSync(revision, "utf8");
    fs.writeFileSync(
      revision,
      original.replace('"label": "Science"', '"label": "Natural science"'),
    );
    const stale = await check();
    expect(stale.code).toBe(1);
    expect(stale.stdout + stale.stderr).toMatch(/stale/i);

    fs.writeFileSync(revision, original);
    expect(await check()).toMatchObject({ code: 0 });
    fs.appendFileSync(path.join(copy, "migrations", "env.py"), "\n# shapes the migration too\n");
    expect((await check()).code).toBe(1);
  });

  test("the committed examples/alembic-app/seed-db.sql is current", async () => {
    expect(
      await cli(["check", "--app-dir", path.join(ROOT, "examples", "alembic-app"), ...PRESET]),
    ).toMatchObject({ code: 0 });
  });

  test("without alembic.ini the preset says which file is missing and how to fix it (exit 2)", async () => {
    const copy = copyExample("alembic-app");
    fs.rmSync(path.join(copy, "alembic.ini"));
    const r = await cli(["check", "--app-dir", copy, ...PRESET]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `reads script_location from ${path.join(copy, "alembic.ini")}, which cannot be read (ENOENT)`,
    );
    expect(r.stderr).toMatch(
      /pass --app-dir with the folder that holds alembic\.ini, or --migrations/,
    );
  });
});

test("a stock env.py reading sqlalchemy.url from alembic.ini, which names another database: regenerate migrates pgseed's server, that database is untouched", async () => {
  const decoy = await createDatabase(server);
  await query(
    decoy.url,
    "CREATE TABLE customer_rows (id int); INSERT INTO customer_rows VALUES (1)",
  );
  const app = copyExample("alembic-app");
  // As `alembic init` writes it: the URL from the ini only (with its driver), no DATABASE_URL.
  const envPy = path.join(app, "migrations", "env.py");
  fs.writeFileSync(
    envPy,
    fs
      .readFileSync(envPy, "utf8")
      .replace(
        'url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")',
        'url = config.get_main_option("sqlalchemy.url")',
      ),
  );
  const iniFile = path.join(app, "alembic.ini");
  const decoyUrl = decoy.url.replace(/^postgresql:/, "postgresql+psycopg2:").replace(/%/g, "%%");
  fs.writeFileSync(
    iniFile,
    fs
      .readFileSync(iniFile, "utf8")
      .replace(/^\[alembic\]\n/m, `[alembic]\nsqlalchemy.url = ${decoyUrl}\n`),
  );
  const r = await cli(["regenerate", "--app-dir", app, ...PRESET, "--force", "--quiet"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
    "CREATE TABLE public.alembic_version",
  );
  const decoyTables = await query(
    decoy.url,
    "SELECT string_agg(relname, ',' ORDER BY relname) AS t FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
  );
  expect(decoyTables).toEqual([{ t: "customer_rows" }]);
});

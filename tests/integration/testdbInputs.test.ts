/**
 * python/pgseed-testdb reads what the engine writes: its pure tests (run with the pinned pytest),
 * the same digests, lock key and seed head as the TypeScript side computes, and the in-process
 * freshness check against seeds the CLI made, on Django 3.2, 4.2 and 5.2.
 */
import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import execa from "execa";
import { afterAll, describe, expect, test } from "@jest/globals";
import { removeTempDirs, tempDir } from "../helpers";
import { DJANGO_MATRIX, requireDjango } from "../djangoMatrix";
import { inputDigests } from "../../seed/inputs/fingerprint";
import { lockKey } from "../../seed/database/advisoryLock";
import { readSeedInputs } from "../../seed/seedfile/read";
import { readSeed } from "../oracle/seedText";
import { exampleApp, installedPackage, PACKAGE, regenerate } from "./testdbFixtures";

afterAll(removeTempDirs);

const PY52 = DJANGO_MATRIX.find((r) => r.name === "5.2")!;

async function python(code: string, cwd: string, env: Record<string, string>) {
  const r = await execa("python3", ["-c", code], {
    cwd,
    env,
    extendEnv: false,
    all: true,
    reject: false,
  });
  if (r.exitCode !== 0) throw new Error(`python failed (${r.exitCode}):\n${r.all}`);
  return r.stdout.trim();
}

test("the package's pure tests pass under the pinned pytest", async () => {
  requireDjango(PY52);
  const site = await installedPackage();
  const r = await execa(
    PY52.python,
    ["-m", "pytest", "-q", "-p", "no:cacheprovider", path.join(PACKAGE, "tests")],
    {
      cwd: tempDir(),
      env: { PATH: process.env.PATH!, PYTHONPATH: site, PYTHONDONTWRITEBYTECODE: "1" },
      extendEnv: false,
      all: true,
      reject: false,
    },
  );
  expect(r.all).toMatch(/\d+ passed/);
  expect(r.all).not.toMatch(/failed|error/i);
  expect(r.exitCode).toBe(0);
});

test("the same content digests (CRLF folded, other bytes kept) and advisory lock key as the engine", async () => {
  const site = await installedPackage();
  const contents: Array<[string, Buffer]> = [
    ["crlf.py", Buffer.from("a = 1\r\nb = 2\r\n")],
    ["lf.py", Buffer.from("a = 1\nb = 2\n")],
    ["lone-cr.py", Buffer.from("a\rb\r\n")],
    ["latin1.txt", Buffer.from([0xe9, 0x0d, 0x0a, 0xff])],
  ];
  const dir = tempDir();
  for (const [name, bytes] of contents) fs.writeFileSync(path.join(dir, name), bytes);
  const out = await python(
    "import json, os\nfrom pgseed_testdb import inputs, server\n" +
      `print(json.dumps({"files": {n: inputs.digest(open(n, "rb").read()) for n in sorted(os.listdir("."))}, "key": server.LOCK[1]}))`,
    dir,
    { PATH: process.env.PATH!, PYTHONPATH: site },
  );
  const py = JSON.parse(out);
  expect(py.files).toEqual(inputDigests(contents));
  expect(py.key).toBe(lockKey("test templates"));
});

test("reads the header and inputs line of a seed the CLI wrote, plain and gzip", async () => {
  const a = await exampleApp(PY52);
  await regenerate(a);
  const plain = path.join(a.app, "seed-db.sql");
  const gz = path.join(tempDir(), "seed-db.sql.gz");
  fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(plain)));
  const header = readSeed(plain)!.parsed.header;
  const recorded = await readSeedInputs(plain);
  for (const file of [plain, gz]) {
    const out = await python(
      `import json\nfrom pgseed_testdb.inputs import read_head\nh = read_head(${JSON.stringify(file)})\n` +
        "print(json.dumps([h.fingerprint, h.postgres, h.content, h.inputs]))",
      a.app,
      a.env,
    );
    expect(JSON.parse(out)).toEqual([
      header.fingerprint,
      header.postgres,
      header.content,
      recorded,
    ]);
  }
});

/** Django set up in-process as the tests would: what the freshness check says. */
const STALE_REASON =
  "import django\ndjango.setup()\nfrom pgseed_testdb.inputs import read_head, stale_reason\n" +
  "print(stale_reason(read_head('seed-db.sql'), '.'))";

describe.each(DJANGO_MATRIX)("the freshness check in a Django $name process", (row) => {
  test("finds a seed the CLI just made fresh, and names what changed since: a migration, a lock file, INSTALLED_APPS, a new migration", async () => {
    const a = await exampleApp(row);
    await regenerate(a);
    const env = { ...a.env, DJANGO_SETTINGS_MODULE: "blogsite.settings" };
    const reason = () => python(STALE_REASON, a.app, env);
    expect(await reason()).toBe("None");

    const migration = path.join(
      a.app,
      "blog",
      "migrations",
      "0004_author_bio_rename_blog_title.py",
    );
    const text = fs.readFileSync(migration, "utf8");
    fs.writeFileSync(migration, text.replace(/\n/g, "\r\n")); // line endings alone: still fresh
    expect(await reason()).toBe("None");
    fs.writeFileSync(migration, `${text}\n# edited\n`);
    fs.appendFileSync(path.join(a.app, "requirements.txt"), "django-extensions==3.2.3\n");
    expect(await reason()).toBe(
      "migration blog/0004_author_bio_rename_blog_title changed, requirements.txt changed",
    );
    fs.writeFileSync(migration, text);

    fs.writeFileSync(
      path.join(a.app, "blogsite", "settings_sessions.py"),
      'from .settings import *  # noqa\nINSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.sessions"]\n',
    );
    const withSessions = await python(STALE_REASON, a.app, {
      ...env,
      DJANGO_SETTINGS_MODULE: "blogsite.settings_sessions",
    });
    expect(withSessions).toBe(
      "other INSTALLED_APPS, new migration sessions/0001_initial, requirements.txt changed",
    );
  });
});

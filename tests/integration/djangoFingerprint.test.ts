/**
 * The django fingerprint comes from Django's own migration graph (python/pgseed_django.py probe):
 * it sees what changes the schema wherever it lives (a root lock file, a third-party app on
 * PYTHONPATH, INSTALLED_APPS), and nothing that does not (the checkout's path, line endings,
 * bytecode). The probe's result is cached; the cache never hides a change.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { removeTempDirs, tempDir } from "../helpers";
import { DJANGO_MATRIX, envFor, hardLayout, pgseedCli, requireDjango } from "../djangoMatrix";
import { graphExtras } from "../../seed/presets/django/graph";
import { ancestorLockFiles } from "../../seed/inputs/lockFiles";
import { runnerPath, throughRunner } from "../../seed/presets/django/runner";
import { missingMigrations } from "../../seed/build/guard";
import { lockFileMatcher } from "../../seed/core/files";

afterAll(removeTempDirs);

const edit = (file: string, fn: (s: string) => string) =>
  fs.writeFileSync(file, fn(fs.readFileSync(file, "utf8")));

function cacheFiles(cache: string): Array<{ file: string; ino: number }> {
  const dir = path.join(cache, "django-probe");
  return fs.existsSync(dir)
    ? fs.readdirSync(dir).map((f) => ({ file: f, ino: fs.statSync(path.join(dir, f)).ino }))
    : [];
}

describe("pure parts", () => {
  test("the runner is found from the source tree (and from dist/, one folder deeper)", () => {
    expect(runnerPath()).toBe(path.resolve(__dirname, "..", "..", "python", "pgseed_django.py"));
    expect(runnerPath(path.resolve(__dirname, "..", "..", "dist", "seed", "presets"))).toBe(
      runnerPath(),
    );
  });

  test("manage.py migrate runs through the runner; any other command is left as it is", () => {
    expect(
      throughRunner("/usr/bin/python3 manage.py migrate --noinput", "/r/pgseed_django.py"),
    ).toBe("/usr/bin/python3 /r/pgseed_django.py migrate --manage manage.py --noinput");
    expect(throughRunner("python3 src/manage.py migrate", "/r x/p.py")).toBe(
      "python3 '/r x/p.py' migrate --manage src/manage.py",
    );
    expect(throughRunner("python3 manage.py migrate_schemas", "/r/p.py")).toBe(
      "python3 manage.py migrate_schemas",
    );
    expect(throughRunner("cd . && python3 manage.py migrate", "/r/p.py")).toBe(
      "cd . && python3 manage.py migrate",
    );
    expect(throughRunner("sh migrate.sh", "/r/p.py")).toBe("sh migrate.sh");
  });

  test("graph keys are app/name, never a path; squashed migrations count when all they replace are applied", () => {
    const graph = {
      django: "5.2.19",
      python: "3.11",
      executable: "/x",
      interpreter: "python3",
      settingsModule: "s",
      settingsFile: null,
      migrationDirs: [],
      sysPath: [],
      installedApps: ["a", "b"],
      migrations: [
        {
          app: "a",
          name: "0001_initial",
          file: "/somewhere/a/migrations/0001_initial.py",
          replaces: [] as Array<[string, string]>,
        },
      ],
    };
    const extras = graphExtras(graph, () => Buffer.from("x"));
    expect(extras.files.map(([k]) => k)).toEqual(["django:version", "django:a/0001_initial"]);
    expect(extras.ordered).toEqual({ "django:installed_apps": ["a", "b"] });
    expect(extras.migrationCount).toBe(1);
    // What a migration depends on once resolved is part of its key's content.
    const resolved = graphExtras(
      {
        ...graph,
        migrations: [
          {
            ...graph.migrations[0],
            dependencies: [["users", "0001_initial"]] as Array<[string, string]>,
          },
        ],
      },
      () => Buffer.from("x"),
    );
    expect(resolved.files[1][1]).not.toEqual(extras.files[1][1]);
    const plan = [
      {
        app: "a",
        name: "0001_squashed_0002",
        replaces: [
          ["a", "0001_initial"],
          ["a", "0002_x"],
        ] as Array<[string, string]>,
      },
      { app: "b", name: "0001_initial" },
    ];
    expect(missingMigrations(plan, ["a/0001_initial", "a/0002_x"])).toEqual(["b/0001_initial"]);
    expect(missingMigrations(plan, ["a/0001_initial", "b/0001_initial"])).toEqual([
      "a/0001_squashed_0002",
    ]);
  });

  test("lock files are looked up from the app folder to the repository root, keyed relative to the app", () => {
    const root = hardLayout(tempDir());
    expect(
      ancestorLockFiles(path.join(root, "app"), lockFileMatcher(["python"])).map(([k]) => k),
    ).toEqual(["../poetry.lock"]);
    fs.rmSync(path.join(root, ".git"), { recursive: true });
    expect(ancestorLockFiles(path.join(root, "app"), lockFileMatcher(["python"]))).toEqual([]); // no repository: the app folder only (found by the glob walk)
  });
});

describe.each(DJANGO_MATRIX)("the django fingerprint on Django $name", (row) => {
  test("changes with what shapes the schema, not with the path, line endings or bytecode; the probe is cached", async () => {
    requireDjango(row);
    const cache = tempDir("pgseed-cache-");
    const fp = async (root: string, args: string[] = []) => {
      const r = await pgseedCli(["fingerprint", ...args], path.join(root, "app"), {
        ...envFor(row),
        PYTHONPATH: path.join(root, "vendor"),
        PGSEED_CACHE: cache,
      });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      return r.stdout.trim();
    };
    const a = hardLayout(tempDir());
    const base = await fp(a);
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    const [entry] = cacheFiles(cache);
    expect(await fp(a)).toBe(base);
    expect(cacheFiles(cache)).toEqual([entry]); // not rewritten: no probe ran

    // Same content at another path, with CRLF line endings and bytecode about: same fingerprint.
    const b = hardLayout(tempDir());
    expect(await fp(b)).toBe(base);
    const crlf = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory() && e.name !== ".git") crlf(p);
        else if (/\.(py|lock|toml)$/.test(e.name)) edit(p, (s) => s.replace(/\n/g, "\r\n"));
      }
    };
    crlf(b);
    expect(await fp(b)).toBe(base);
    for (const dir of ["vendor/taglite/migrations", "app/shop/migrations", "app/hardsite"]) {
      fs.mkdirSync(path.join(b, dir, "__pycache__"), { recursive: true });
      fs.writeFileSync(
        path.join(b, dir, "__pycache__", "0001_initial.cpython-311.pyc"),
        "\x6f\x0d\r\nbytecode",
      );
    }
    expect(await fp(b)).toBe(base);

    // The root lock file bumps Django.
    edit(path.join(a, "poetry.lock"), (s) => s.replace('version = "4.2.30"', 'version = "4.2.31"'));
    const bumped = await fp(a);
    expect(bumped).not.toBe(base);
    // A migration of the third-party app on PYTHONPATH, outside the app folder, is edited (the
    // cache must see it).
    edit(path.join(a, "vendor", "taglite", "migrations", "0002_tag_slug_taggeditem.py"), (s) =>
      s.replace(
        'max_length=100, unique=True, default=""',
        'max_length=120, unique=True, default=""',
      ),
    );
    const vendorEdited = await fp(a);
    expect(vendorEdited).not.toBe(bumped);
    // An app without migrations is added to INSTALLED_APPS (only the order and the list change).
    edit(path.join(a, "app", "hardsite", "settings.py"), (s) =>
      s.replace('"shop",\n', '"shop",\n    "django.contrib.humanize",\n'),
    );
    const appAdded = await fp(a);
    expect(appAdded).not.toBe(vendorEdited);
    // --migrations still adds files.
    fs.mkdirSync(path.join(a, "app", "sql"));
    fs.writeFileSync(path.join(a, "app", "sql", "extra.sql"), "CREATE VIEW v AS SELECT 1;\n");
    const globs = ["--migrations", "**/migrations/**/*.py", "--migrations", "sql/*.sql"];
    const withSql = await fp(a, globs);
    edit(path.join(a, "app", "sql", "extra.sql"), (s) => s.replace("SELECT 1", "SELECT 2"));
    expect(await fp(a, globs)).not.toBe(withSql);
  });

  test("a project whose migrations all come from installed apps works with the defaults", async () => {
    requireDjango(row);
    const root = hardLayout(tempDir());
    fs.rmSync(path.join(root, "app", "shop"), { recursive: true });
    edit(path.join(root, "app", "hardsite", "settings.py"), (s) => s.replace('    "shop",\n', ""));
    const r = await pgseedCli(["fingerprint", "--json"], path.join(root, "app"), {
      ...envFor(row),
      PYTHONPATH: path.join(root, "vendor"),
      PGSEED_CACHE: tempDir("pgseed-cache-"),
    });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).migrationCount).toBeGreaterThan(10); // contenttypes, auth, taglite
  });
});

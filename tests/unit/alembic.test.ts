/** The alembic preset's reading of alembic.ini: pure over the text, plus the file lookup. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { alembic, alembicMigrations, findAlembic } from "../../seed/presets/alembic";
import { pythonRunner } from "../../seed/presets/python";
import { globMatcher } from "../../seed/inputs/fingerprint";

const APP = "/srv/app";
const globs = (text: string, appDir = APP) =>
  alembicMigrations(appDir, text, path.join(appDir, "alembic.ini"));
const usage = (fn: () => unknown, message: RegExp) => {
  let err: any;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toMatchObject({ name: "PgseedError", exitCode: 2 });
  expect(err.message).toMatch(message);
  expect(err.message).toMatch(/\n  fix: /);
};

describe("script_location", () => {
  test("relative: the revision files and env.py under it", () => {
    expect(globs("[alembic]\nscript_location = migrations\n")).toEqual([
      "migrations/versions/**/*.py",
      "migrations/env.py",
    ]);
    expect(globs("[alembic]\nscript_location = ./db/alembic/\n")).toEqual([
      "db/alembic/versions/**/*.py",
      "db/alembic/env.py",
    ]);
  });

  test("%(here)s is the ini's folder; keys are case-insensitive as in ConfigParser; %% is a literal %", () => {
    expect(
      globs("[alembic]\nScript_Location = %(here)s/migrations\nfile_template = %%(rev)s\n"),
    ).toEqual(["migrations/versions/**/*.py", "migrations/env.py"]);
    expect(globs("[alembic]\nscript_location = %(here)s\n")).toEqual([
      "versions/**/*.py",
      "env.py",
    ]);
    expect(globs("[alembic]\nscript_location = %(here)s/100%%\n")).toEqual([
      "100%/versions/**/*.py",
      "100%/env.py",
    ]);
  });

  test("an absolute path inside the app dir becomes relative; glob characters in folder names stay literal", () => {
    const [versions, env] = globs("[alembic]\nscript_location = /srv/app/db[v2]\n");
    expect([versions, env]).toEqual(["db\\[v2\\]/versions/**/*.py", "db\\[v2\\]/env.py"]);
    expect(globMatcher(versions)("db[v2]/versions/0001_x.py")).toBe(true);
    expect(globMatcher(versions)("dbv/versions/0001_x.py")).toBe(false);
  });

  test("the globs match nested revision folders, and not script.py.mako or other files", () => {
    const [versions, env] = globs("[alembic]\nscript_location = migrations\n").map(globMatcher);
    expect(versions("migrations/versions/0001_a.py")).toBe(true);
    expect(versions("migrations/versions/2026/0002_b.py")).toBe(true);
    expect(env("migrations/env.py")).toBe(true);
    for (const other of [
      "migrations/script.py.mako",
      "migrations/helpers.py",
      "alembic.ini",
      "migrations/versions/README",
    ]) {
      expect(versions(other) || env(other)).toBe(false);
    }
  });

  test("version_locations replaces versions/, split by path_separator or alembic's legacy space/comma", () => {
    expect(
      globs(
        "[alembic]\nscript_location = migrations\nversion_locations = %(here)s/a %(here)s/b\npath_separator = space\n",
      ),
    ).toEqual(["a/**/*.py", "b/**/*.py", "migrations/env.py"]);
    expect(globs("[alembic]\nscript_location = migrations\nversion_locations = a,b\n")).toEqual([
      "a/**/*.py",
      "b/**/*.py",
      "migrations/env.py",
    ]);
    expect(
      globs(
        "[alembic]\nscript_location = migrations\nversion_locations = a:b\nversion_path_separator = os\n",
      ),
    ).toEqual(["a/**/*.py", "b/**/*.py", "migrations/env.py"]);
    usage(
      () =>
        globs("[alembic]\nscript_location = m\nversion_locations = a\npath_separator = newline\n"),
      /path_separator "newline" is not one pgseed reads/,
    );
    usage(
      () => globs("[alembic]\nscript_location = m\nversion_locations = a\n    b\n"),
      /version_locations spans several lines.*\n  fix: write it on one line/,
    );
  });

  test("refused: missing section, missing or empty key, package resources, outside the app dir, other interpolations", () => {
    usage(
      () => globs("[other]\nscript_location = migrations\n"),
      /alembic\.ini has no \[alembic\] section/,
    );
    usage(
      () => globs("[alembic]\nsqlalchemy.url = postgresql://x\n"),
      /\[alembic\] has no script_location/,
    );
    usage(() => globs("[alembic]\nscript_location =\n"), /\[alembic\] has no script_location/);
    usage(
      () => globs("[alembic]\nscript_location = myapp:migrations\n"),
      /script_location "myapp:migrations" is a package resource.*\n  fix: set script_location to a folder path/,
    );
    usage(
      () => globs("[alembic]\nscript_location = ../shared/migrations\n"),
      /script_location "\.\.\/shared\/migrations" is outside the app dir \/srv\/app/,
    );
    usage(
      () => globs("[alembic]\nscript_location = %(root)s/migrations\n"),
      /uses %\(root\)s, which pgseed cannot resolve/,
    );
  });
});

describe("defaultMigrations reads <appDir>/alembic.ini", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-alembic-unit-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the example's alembic.ini", () => {
    expect(
      alembic.defaultMigrations(path.resolve(__dirname, "../../examples/alembic-app")),
    ).toEqual(["migrations/versions/**/*.py", "migrations/env.py"]);
  });

  test("%(here)s resolves to the app dir given relatively", () => {
    fs.writeFileSync(
      path.join(dir, "alembic.ini"),
      "[alembic]\nscript_location = %(here)s/alembic\n",
    );
    expect(alembic.defaultMigrations(path.relative(process.cwd(), dir))).toEqual([
      "alembic/versions/**/*.py",
      "alembic/env.py",
    ]);
  });

  test("no alembic.ini: a usage error naming the file and the fix", () => {
    usage(
      () => alembic.defaultMigrations(dir),
      new RegExp(
        `reads script_location from ${path.join(dir, "alembic.ini").replace(/[.]/g, "\\.")}, which cannot be read \\(ENOENT\\)\\n  fix: pass --app-dir .*, or --migrations`,
      ),
    );
  });
});

describe("finding alembic", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-alembic-find-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const fakeAlembic = (venv: string) => {
    fs.mkdirSync(path.join(venv, "bin"), { recursive: true });
    fs.writeFileSync(path.join(venv, "bin", "alembic"), "#!/bin/sh\necho 'alembic 0.0-fake'\n", {
      mode: 0o755,
    });
    return path.join(venv, "bin", "alembic");
  };
  const noPath = () => ({ PATH: "/nonexistent", HOME: dir, PGSEED_CACHE: path.join(dir, "cache") });

  test("the app's .venv wins over $VIRTUAL_ENV and pgseed's cache venv", async () => {
    const own = fakeAlembic(path.join(dir, ".venv"));
    fakeAlembic(path.join(dir, "active"));
    fakeAlembic(path.join(dir, "cache", "venvs", "alembic"));
    expect(await findAlembic(dir, { ...noPath(), VIRTUAL_ENV: path.join(dir, "active") })).toBe(
      own,
    );
  });

  test("$VIRTUAL_ENV, then ${PGSEED_CACHE}/venvs/alembic", async () => {
    fakeAlembic(path.join(dir, "cache", "venvs", "alembic"));
    const active = fakeAlembic(path.join(dir, "active"));
    expect(await findAlembic(dir, { ...noPath(), VIRTUAL_ENV: path.join(dir, "active") })).toBe(
      active,
    );
    expect(await findAlembic(dir, noPath())).toBe(
      path.join(dir, "cache", "venvs", "alembic", "bin", "alembic"),
    );
  });

  test("a relative app dir gives an absolute path (the command runs inside the app dir)", async () => {
    const own = fakeAlembic(path.join(dir, ".venv"));
    expect(await findAlembic(path.relative(process.cwd(), dir), noPath())).toBe(own);
  });

  test("the preset runs `alembic …` and `python3 -m alembic …` through its runner, under the interpreter of the alembic found; other commands as they are", async () => {
    const own = fakeAlembic(path.join(dir, ".venv"));
    // A console script names its interpreter in its shebang: the runner runs under that one.
    fs.writeFileSync(
      own,
      `#!${path.join(dir, ".venv", "bin", "python")}\n# fake console script\n`,
      { mode: 0o755 },
    );
    const through = `${path.join(dir, ".venv", "bin", "python")} ${pythonRunner("pgseed_alembic.py")}`;
    expect(await alembic.runnableCommand("alembic upgrade head", { appDir: dir })).toBe(
      `${through} upgrade head`,
    );
    expect(
      await alembic.runnableCommand("python3 -m alembic -c alembic.ini upgrade head", {
        appDir: dir,
      }),
    ).toBe(`${through} -c alembic.ini upgrade head`);
    expect(await alembic.runnableCommand("alembicx upgrade", { appDir: dir })).toBe(
      "alembicx upgrade",
    );
    expect(await alembic.runnableCommand("sh migrate.sh", { appDir: dir })).toBe("sh migrate.sh");
  });

  test("a path with a space is quoted for the shell", async () => {
    const venv = path.join(dir, "my env");
    fakeAlembic(venv);
    expect(await findAlembic(dir, { ...noPath(), VIRTUAL_ENV: venv })).toBe(
      `'${venv}/bin/alembic'`,
    );
  });
});

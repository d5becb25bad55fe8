import * as fs from "fs";
import * as path from "path";
import {
  computeFingerprint,
  fingerprintOf,
  globMatcher,
  listInputFiles,
  Recipe,
} from "../../seed/inputs/fingerprint";
import { isIgnoredName } from "../../seed/core/files";
import { EXIT_USAGE, PgseedError } from "../../seed/core/errors";
import { removeTempDirs, tempDir } from "../helpers";
import { lockFileMatcher } from "../../seed/core/files";

// `as`: the recipe is gaining fields (image) while this file is edited in parallel.
const recipe = {
  preset: "django",
  postgresMajor: 15,
  image: "postgres:15",
  migrateCommand: "python3 manage.py migrate --noinput",
  normalizeSql: "",
} as Recipe;
const files = (o: Record<string, string>): Array<[string, Buffer]> =>
  Object.entries(o).map(([k, v]) => [k, Buffer.from(v)]);

function writeTree(root: string, tree: Record<string, string>): string {
  for (const [rel, content] of Object.entries(tree)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), content);
  }
  return root;
}
const fp = (root: string, globs = ["**/migrations/**/*.py"]) =>
  computeFingerprint({
    appDir: root,
    migrations: globs,
    seedPath: path.join(root, "seed-db.sql"),
    isLockFile: lockFileMatcher(["python", "node"]),
    recipe,
  }).fingerprint;

afterAll(removeTempDirs);

describe("fingerprintOf (pure)", () => {
  const base = files({
    "a/migrations/0001_initial.py": "x = 1\n",
    "a/migrations/0002_b.py": "y = 2\n",
  });
  const of = (f: Array<[string, Buffer]>, r: Recipe = recipe) => fingerprintOf(r, f);

  test("reads sha256:<64 hex> and ignores the order files are given in", () => {
    expect(of(base)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(of([...base].reverse())).toBe(of(base));
  });
  test("CRLF and LF line endings give the same fingerprint", () => {
    expect(
      of(
        files({
          "a/migrations/0001_initial.py": "x = 1\r\n",
          "a/migrations/0002_b.py": "y = 2\r\n",
        }),
      ),
    ).toBe(of(base));
  });
  test("an edit, an addition, a removal and a rename each change it", () => {
    const results = [
      of(base),
      of(files({ "a/migrations/0001_initial.py": "x = 1\n", "a/migrations/0002_b.py": "y = 3\n" })),
      of([...base, ["a/migrations/0003_c.py", Buffer.from("z\n")]]),
      of(base.slice(0, 1)),
      of(
        files({
          "a/migrations/0001_initial.py": "x = 1\n",
          "a/migrations/0002_renamed.py": "y = 2\n",
        }),
      ),
    ];
    expect(new Set(results).size).toBe(results.length);
  });
  test("every part of the recipe changes it", () => {
    const variants: Recipe[] = [
      { ...recipe, preset: "custom" },
      { ...recipe, postgresMajor: 16 },
      { ...recipe, migrateCommand: "python3 manage.py migrate" },
      { ...recipe, normalizeSql: "UPDATE t SET x = 1;" },
      { ...recipe, image: "postgres:16" } as Recipe,
    ];
    for (const v of variants) expect(of(base, v)).not.toBe(of(base));
  });
});

describe("globMatcher (picomatch)", () => {
  test.each([
    ["**/migrations/**/*.py", "blog/migrations/0001_initial.py", true],
    ["**/migrations/**/*.py", "migrations/0001.py", true],
    ["**/migrations/**/*.py", "a/b/migrations/sub/0001.py", true],
    ["**/migrations/**/*.py", "blog/models.py", false],
    ["**/migrations/**/*.py", "blog/migrations/.0001_hidden.py", false],
    ["migrations/*.sql", "migrations/001_a.sql", true],
    ["migrations/*.sql", "migrations/sub/001_a.sql", false],
    ["migrations/*.sql", "migrations/.hidden.sql", false],
    ["migrations/{*.sql,*.py}", "migrations/001_a.sql", true],
    ["migrations/{*.sql,*.py}", "migrations/002_b.py", true],
    ["migrations/{*.sql,*.py}", "migrations/notes.txt", false],
    ["[0-9]*.sql", "001_a.sql", true],
    ["[0-9]*.sql", "a_001.sql", false],
    ["db/{up,down}/*.sql", "db/down/1.sql", true],
    ["m?.sql", "m1.sql", true],
    ["m?.sql", "m12.sql", false],
  ])("%s matches %s: %s", (glob, file, expected) => {
    expect(globMatcher(glob)(file)).toBe(expected);
  });

  test.each([
    "migrations/{*.sql",
    "migrations/[0-9*.sql",
    "migrations/[9-0]*.sql",
    "migrations/(a.sql",
  ])("%s is a usage error naming the glob and the fix", (glob) => {
    let err: unknown;
    try {
      globMatcher(glob);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PgseedError);
    expect((err as PgseedError).exitCode).toBe(EXIT_USAGE);
    expect((err as Error).message).toContain(`migration glob "${glob}" is not a valid glob: `);
    expect((err as Error).message).toMatch(
      /\n  fix: close every \[ \{ \(, escape a literal one with a backslash/,
    );
  });
});

describe("listInputFiles / computeFingerprint on disk", () => {
  const tree = {
    "blog/migrations/__init__.py": "",
    "blog/migrations/0001_initial.py": "ops = []\n",
    "posts/migrations/0001_initial.py": "ops = [1]\n",
    "blog/models.py": "class M: pass\n",
    "requirements.txt": "Django==3.2.25\n",
  };

  test("equal content at two absolute paths, written in different orders, gives one fingerprint", () => {
    const a = writeTree(tempDir(), tree);
    const b = writeTree(tempDir(), Object.fromEntries(Object.entries(tree).reverse()));
    fs.utimesSync(
      path.join(b, "blog/migrations/0001_initial.py"),
      new Date(2001, 1, 1),
      new Date(2001, 1, 1),
    );
    expect(fp(a)).toBe(fp(b));
  });

  test("caches, compiled files, editor droppings, venvs and the seed never count", () => {
    const a = writeTree(tempDir(), tree);
    const before = fp(a);
    writeTree(a, {
      "blog/migrations/__pycache__/0001_initial.cpython-311.pyc": "junk",
      "blog/migrations/0001_initial.pyc": "junk",
      "blog/migrations/0001_initial.py~": "junk",
      "blog/migrations/.0001_initial.py.swp": "junk",
      "blog/migrations/#0001_initial.py#": "junk",
      "venv/pyvenv.cfg": "home = /usr",
      "venv/lib/django/migrations/0001_initial.py": "x",
      ".venv/lib/django/migrations/0001_initial.py": "x",
      "seed-db.sql": "-- seed",
    });
    expect(fp(a)).toBe(before);
  });

  test("lock files count: upgrading Django changes the fingerprint", () => {
    const a = writeTree(tempDir(), tree);
    const before = fp(a);
    fs.writeFileSync(path.join(a, "requirements.txt"), "Django==4.2.0\n");
    expect(fp(a)).not.toBe(before);
    expect(
      listInputFiles(a, ["**/migrations/**/*.py"], lockFileMatcher(["python"])).lockFiles,
    ).toEqual(["requirements.txt"]);
  });

  test("no matching file is an error naming the globs and the fix", () => {
    const a = writeTree(tempDir(), { "x.txt": "" });
    expect(() => fp(a)).toThrow(
      /no migration files match "\*\*\/migrations\/\*\*\/\*\.py"[\s\S]*fix: check --app-dir/,
    );
  });

  test("brace and bracket globs select files on disk; dot files never count", () => {
    const a = writeTree(tempDir(), {
      "migrations/001_a.sql": "",
      "migrations/002_b.py": "",
      "migrations/.003_c.sql": "",
      "migrations/README.md": "",
      "010_top.sql": "",
      "top.sql": "",
    });
    expect(
      listInputFiles(a, ["migrations/{*.sql,*.py}", "[0-9]*.sql"], lockFileMatcher(["python"]))
        .migrations,
    ).toEqual(["010_top.sql", "migrations/001_a.sql", "migrations/002_b.py"]);
  });

  test("an invalid glob fails computeFingerprint as a usage error, not an internal one", () => {
    const a = writeTree(tempDir(), tree);
    expect(() => fp(a, ["migrations/{*.sql,*.py"])).toThrow(
      /migration glob "migrations\/\{\*\.sql,\*\.py" is not a valid glob/,
    );
  });

  test("a missing app dir is an error naming it", () => {
    expect(() => fp("/nonexistent/app")).toThrow(/app dir \/nonexistent\/app does not exist/);
  });

  test("ignored names", () => {
    expect(
      ["__pycache__", "a.pyc", "a.py~", ".a.swp", "#a#", ".git", "node_modules"].every(
        isIgnoredName,
      ),
    ).toBe(true);
    expect(["0001_initial.py", "001_a.sql", "requirements.txt"].some(isIgnoredName)).toBe(false);
  });
});

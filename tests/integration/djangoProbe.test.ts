/**
 * No second probe after a regenerate, on every layout (issue 19): a no-change `check` right after
 * `regenerate` starts no process at all (strace: no execve besides node's own), whether the
 * migrations all live in installed apps, the app folder sits in a monorepo whose root is on
 * sys.path and holds the seed, or a migrations folder outside the app gains a __pycache__ while
 * migrate runs; and the regenerate itself probes once. Each on the Django versions of the matrix.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { copyExample, removeTempDirs, tempDir } from "../helpers";
import {
  DJANGO_MATRIX,
  envFor,
  hardLayout,
  processesStarted,
  requireDjango,
} from "../djangoMatrix";

afterAll(removeTempDirs);

interface Layout {
  /** The folder pgseed runs in. */
  app: string;
  /** Extra environment (the vendored app's folder on PYTHONPATH). */
  env: Record<string, string>;
  /** Extra regenerate/check arguments. */
  args: string[];
  /** What must be true after the regenerate, so the layout really did what it stands for. */
  after?: () => void;
}

const LAYOUTS: Array<[string, () => Layout]> = [
  [
    "migrations all in installed apps (contrib and a vendored app, none in the app folder)",
    () => {
      const root = hardLayout(tempDir());
      fs.rmSync(path.join(root, "app", "shop"), { recursive: true });
      const settings = path.join(root, "app", "hardsite", "settings.py");
      fs.writeFileSync(settings, fs.readFileSync(settings, "utf8").replace('    "shop",\n', ""));
      return {
        app: path.join(root, "app"),
        env: { PYTHONPATH: path.join(root, "vendor") },
        args: [],
      };
    },
  ],
  [
    "an app folder inside a monorepo whose root is on sys.path and holds the seed",
    () => {
      const root = tempDir();
      fs.mkdirSync(path.join(root, ".git"));
      fs.mkdirSync(path.join(root, "services"));
      const app = copyExample("django-blog", path.join(root, "services", "web"));
      return {
        app,
        env: { PYTHONPATH: root },
        args: ["--seed", path.join(root, "seed-db.sql")],
        after: () => expect(fs.existsSync(path.join(root, "seed-db.sql"))).toBe(true),
      };
    },
  ],
  [
    "a migrations folder outside the app that gains a __pycache__ while migrate runs",
    () => {
      const root = hardLayout(tempDir());
      const migrations = path.join(root, "vendor", "taglite", "migrations");
      // Bytecode of its own folder, written when applied (as a migrate that writes bytecode does).
      fs.writeFileSync(
        path.join(migrations, "0003_compiled.py"),
        `import py_compile\n\nfrom django.db import migrations\n\n\ndef compile_self(apps, schema_editor):\n    py_compile.compile(__file__, doraise=True)\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("taglite", "0002_tag_slug_taggeditem")]\n    operations = [migrations.RunPython(compile_self, migrations.RunPython.noop)]\n`,
      );
      return {
        app: path.join(root, "app"),
        env: { PYTHONPATH: path.join(root, "vendor") },
        args: [],
        after: () => expect(fs.readdirSync(path.join(migrations, "__pycache__"))).not.toEqual([]),
      };
    },
  ],
];

describe.each(DJANGO_MATRIX)("no second probe after a regenerate, on Django $name", (row) => {
  test.each(LAYOUTS)("%s", async (_name, make) => {
    requireDjango(row);
    const layout = make();
    const env = { ...envFor(row), ...layout.env, PGSEED_CACHE: tempDir("pgseed-cache-") };
    const regen = await processesStarted(
      ["regenerate", "--quiet", ...layout.args],
      layout.app,
      env,
    );
    expect(regen.code).toBe(0);
    layout.after?.();
    // One probe for the whole regenerate: the migrate's writes leave its graph valid.
    expect(regen.started.filter((c) => / \S*pgseed_django\.py probe$/.test(c))).toHaveLength(1);
    // The check a pre-commit hook runs next: fresh, from the cached graph, nothing started.
    expect(await processesStarted(["check", "--quiet", ...layout.args], layout.app, env)).toEqual({
      code: 0,
      started: [],
    });
  });
});

/**
 * New apps build incrementally (issue 19): an app appended to INSTALLED_APPS, or inserted before
 * others, with its migrations is an addition: regenerate loads the previous seed and applies only
 * the new migrations, and --verify proves the bytes equal a from-scratch build. What can alter
 * what existing migrations produced starts from scratch and the progress line names it: an app
 * removed, two apps swapped, an existing migration that would now run after a new one
 * (run_before), an edited migration. Each on the Django versions of the matrix.
 */
import * as fs from "fs";
import * as path from "path";
import { afterAll, describe, expect, test } from "@jest/globals";
import { copyExample, removeTempDirs, tempDir } from "../helpers";
import { DJANGO_MATRIX, envFor, pgseedCli, requireDjango } from "../djangoMatrix";

afterAll(removeTempDirs);

const edit = (file: string, fn: (s: string) => string) =>
  fs.writeFileSync(file, fn(fs.readFileSync(file, "utf8")));

/** A new app `name` (one model, one migration after blog's first), not yet installed. */
function writeApp(app: string, name: string, extra = ""): void {
  const dir = path.join(app, name);
  fs.mkdirSync(path.join(dir, "migrations"), { recursive: true });
  fs.writeFileSync(path.join(dir, "__init__.py"), "");
  fs.writeFileSync(path.join(dir, "migrations", "__init__.py"), "");
  fs.writeFileSync(
    path.join(dir, "models.py"),
    "from django.db import models\n\n\nclass Note(models.Model):\n    text = models.TextField()\n",
  );
  fs.writeFileSync(
    path.join(dir, "migrations", "0001_initial.py"),
    `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = [("blog", "0001_initial")]${extra}
    operations = [
        migrations.CreateModel(
            name="Note",
            fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")), ("text", models.TextField())],
        ),
    ]
`,
  );
}

/** INSTALLED_APPS of django-blog's settings, rewritten. */
function installed(app: string, apps: string[]): void {
  edit(path.join(app, "blogsite", "settings.py"), (s) =>
    s.replace(
      /INSTALLED_APPS = \[[^\]]*\]/,
      `INSTALLED_APPS = [\n${apps.map((a) => `    "${a}",\n`).join("")}]`,
    ),
  );
}

const CONTRIB = ["django.contrib.contenttypes", "django.contrib.auth"];

describe.each(DJANGO_MATRIX)("new apps on Django $name", (row) => {
  test("an app appended or inserted builds incrementally, bytes equal to from scratch; removals, moves and run_before start from scratch, saying which", async () => {
    requireDjango(row);
    const app = copyExample("django-blog");
    const env = { ...envFor(row), PGSEED_CACHE: tempDir("pgseed-cache-") };
    /** A regenerate (--verify: its build against one from scratch): its plan line. */
    const regenerate = async (...args: string[]) => {
      const r = await pgseedCli(["regenerate", ...args], app, env);
      expect({
        code: r.code,
        error: r.stderr.split("\n").filter((l) => /error|fix:/.test(l)),
      }).toEqual({ code: 0, error: [] });
      return r.stderr.split("\n").find((l) => /incremental:|from scratch:/.test(l));
    };
    expect(await regenerate()).toBe("pgseed: from scratch: there is no previous seed");

    writeApp(app, "notes");
    installed(app, [...CONTRIB, "blog", "posts", "notes"]);
    // The app, its migration in the graph, and its two files the preset's glob finds.
    expect(await regenerate("--verify")).toBe(
      "pgseed: incremental: loading the previous seed, then applying 4 added inputs (django:installed_apps[0004]=notes, django:notes/0001_initial, notes/migrations/0001_initial.py, …)",
    );

    writeApp(app, "memos");
    installed(app, [...CONTRIB, "blog", "memos", "posts", "notes"]);
    expect(await regenerate("--verify")).toMatch(
      /^pgseed: incremental: loading the previous seed, then applying 4 added inputs \(django:installed_apps\[0003\]=memos, django:memos\/0001_initial, /,
    );
    expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
      "CREATE TABLE public.memos_note (",
    );

    installed(app, [...CONTRIB, "blog", "posts", "memos", "notes"]);
    expect(await regenerate()).toBe(
      "pgseed: from scratch: INSTALLED_APPS: posts now comes before memos (reordered)",
    );
    installed(app, [...CONTRIB, "blog", "posts", "memos"]);
    expect(await regenerate()).toBe("pgseed: from scratch: INSTALLED_APPS: notes was removed");

    // A new app whose migration runs before an existing one: that one's resolved dependencies
    // changed, so what it produced may have.
    writeApp(app, "early", '\n    run_before = [("posts", "0002_tag")]');
    installed(app, [...CONTRIB, "blog", "posts", "memos", "early"]);
    expect(await regenerate()).toMatch(
      /^pgseed: from scratch: migration posts\.0002_tag changed \(its file, or what it depends on once resolved/,
    );

    edit(path.join(app, "memos", "migrations", "0001_initial.py"), (s) =>
      s.replace('("text", models.TextField())', '("text", models.TextField(default=""))'),
    );
    expect(await regenerate()).toMatch(
      /^pgseed: from scratch: migration memos\.0001_initial changed/,
    );
  });
});

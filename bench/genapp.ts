/**
 * Bench fixtures: a Django app with N migrations (N/10 apps of 10 migrations each, like
 * examples/django-blog: settings read the PG* variables), a copy of the example app, and trees of
 * small migration files for the fingerprint bench. Content is deterministic.
 */
import * as fs from "fs";
import * as path from "path";

const EXAMPLE = path.resolve(__dirname, "..", "..", "examples", "django-blog");

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

const SETTINGS = (apps: string[]) => `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "pgseed-bench-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
${apps.map((a) => `    "${a}",`).join("\n")}
]
MIDDLEWARE = []
ROOT_URLCONF = "benchsite.urls"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("PGHOST", "localhost"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "USER": os.environ.get("PGUSER", "postgres"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "NAME": os.environ.get("PGDATABASE", "postgres"),
    }
}
USE_TZ = True
TIME_ZONE = "UTC"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
`;

const MANAGE = `#!/usr/bin/env python3
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
`;

const HEAD = "from django.db import migrations, models\nimport django.db.models.deletion\n\n\n";
const migration = (deps: string[], ops: string) =>
  `${HEAD}class Migration(migrations.Migration):\n\n    dependencies = [${deps.join(", ")}]\n\n    operations = [\n${ops}    ]\n`;

/** The 10 migrations of app `a`; `prev` is the app whose Item this app's Item.ref points to. */
function appMigrations(a: string, prev: string): Array<[string, string]> {
  const id = `("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"))`;
  const dep = (n: string) => `("${a}", "${n}")`;
  const steps: Array<[string, string[], string]> = [
    [
      "0001_initial",
      [],
      `        migrations.CreateModel(name="Item", fields=[${id}, ("name", models.CharField(max_length=100))]),\n`,
    ],
    [
      "0002_item_description",
      [],
      `        migrations.AddField(model_name="item", name="description", field=models.TextField(blank=True, default="")),\n`,
    ],
    [
      "0003_alter_item_name",
      [],
      `        migrations.AlterField(model_name="item", name="name", field=models.CharField(max_length=200)),\n`,
    ],
    [
      "0004_item_name_idx",
      [],
      `        migrations.AddIndex(model_name="item", index=models.Index(fields=["name"], name="${a}_item_name_idx")),\n`,
    ],
    [
      "0005_detail",
      [],
      `        migrations.CreateModel(name="Detail", fields=[${id}, ("value", models.IntegerField(default=0)), ("item", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="${a}.item"))]),\n`,
    ],
    [
      "0006_detail_note",
      [],
      `        migrations.AddField(model_name="detail", name="note", field=models.CharField(blank=True, default="", max_length=50)),\n`,
    ],
    [
      "0007_alter_detail_value",
      [],
      `        migrations.AlterField(model_name="detail", name="value", field=models.BigIntegerField(default=0)),\n`,
    ],
    [
      "0008_item_slug",
      [],
      `        migrations.AddField(model_name="item", name="slug", field=models.SlugField(blank=True, default="")),\n`,
    ],
    [
      "0009_detail_unique",
      [],
      `        migrations.AddConstraint(model_name="detail", constraint=models.UniqueConstraint(fields=["item", "note"], name="${a}_detail_item_note_uniq")),\n`,
    ],
    [
      "0010_item_ref",
      [`("${prev}", "0001_initial")`],
      `        migrations.AddField(model_name="item", name="ref", field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="${prev}.item")),\n`,
    ],
  ];
  return steps.map(([name, extra], i) => {
    const deps = i === 0 ? extra : [dep(steps[i - 1][0]), ...extra];
    return [name, migration([...new Set(deps)], steps[i][2])];
  });
}

/** models.py matching the state after the 10 migrations (so migrate reports no pending changes). */
const appModels = (a: string, prev: string) => `from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, default="")
    slug = models.SlugField(blank=True, default="")
    ref = models.ForeignKey("${prev}.Item", blank=True, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["name"], name="${a}_item_name_idx")]


class Detail(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE)
    value = models.BigIntegerField(default=0)
    note = models.CharField(max_length=50, blank=True, default="")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "note"], name="${a}_detail_item_note_uniq")]
`;

/** The models after an app's first two migrations (Item with name and description). */
const firstModels = `from django.db import models


class Item(models.Model):
    name = models.CharField(max_length=100)
    description = models.TextField(blank=True, default="")
`;

/**
 * Writes app `a`: its 10 migrations, or only the first 2 (`whole` false), with the models they
 * leave; `prev` is the app its Item.ref points to.
 */
function writeApp(dir: string, a: string, prev: string, whole = true): void {
  write(path.join(dir, a, "__init__.py"), "");
  write(path.join(dir, a, "models.py"), whole ? appModels(a, prev) : firstModels);
  write(path.join(dir, a, "migrations", "__init__.py"), "");
  for (const [name, text] of appMigrations(a, prev).slice(0, whole ? 10 : 2))
    write(path.join(dir, a, "migrations", `${name}.py`), text);
}

/**
 * A new app `a` with its first two migrations, appended to INSTALLED_APPS of a project
 * generateDjangoApp wrote.
 */
export function addDjangoApp(dir: string, a: string): void {
  writeApp(dir, a, a, false);
  const settings = path.join(dir, "benchsite", "settings.py");
  fs.writeFileSync(
    settings,
    fs.readFileSync(settings, "utf8").replace(/\n\]\nMIDDLEWARE/, `\n    "${a}",\n]\nMIDDLEWARE`),
  );
}

/** Writes a Django project with `count` migrations (a multiple of 10) into `dir`. */
export function generateDjangoApp(dir: string, count: number): void {
  if (count < 10 || count % 10 !== 0)
    throw new Error(`migration count must be a multiple of 10, got ${count}`);
  const apps = Array.from({ length: count / 10 }, (_, i) => `app${String(i + 1).padStart(3, "0")}`);
  write(path.join(dir, "manage.py"), MANAGE);
  write(path.join(dir, "benchsite", "__init__.py"), "");
  write(path.join(dir, "benchsite", "settings.py"), SETTINGS(apps));
  write(path.join(dir, "benchsite", "urls.py"), "urlpatterns = []\n");
  write(path.join(dir, "requirements.txt"), "Django==3.2.25\npsycopg2==2.9.5\n");
  // The first app's Item refers to itself.
  apps.forEach((a, i) => writeApp(dir, a, i === 0 ? a : apps[i - 1]));
}

/** A copy of examples/django-blog without caches and without its committed seed. */
export function copyExampleApp(dir: string): void {
  fs.cpSync(EXAMPLE, dir, {
    recursive: true,
    filter: (src) => !/(__pycache__|\.pyc$|seed-db\.sql$)/.test(path.basename(src)),
  });
}

/** Migration files of an app (numbered .py files under a migrations folder; __init__ excluded). */
export function countMigrations(dir: string): number {
  let n = 0;
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== "__pycache__") walk(path.join(d, e.name));
      else if (/^\d{4}_.*\.py$/.test(e.name) && path.basename(d) === "migrations") n++;
    }
  };
  walk(dir);
  return n;
}

/** `count` small migration files (100 per folder) for the fingerprint bench. */
export function generateFileTree(dir: string, count: number): void {
  for (let i = 0; i < count; i++) {
    const folder = path.join(
      dir,
      `app${String(Math.floor(i / 100)).padStart(3, "0")}`,
      "migrations",
    );
    if (i % 100 === 0) fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(
      path.join(folder, `${String(i % 100).padStart(4, "0")}_m${i}.py`),
      `# migration ${i}\nfrom django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    operations = [migrations.RunSQL("SELECT ${i}")]\n`,
    );
  }
}

/** A tail app of n chained migrations (one small model each), in `dir/tail`. */
export function writeTail(dir: string, n: number): void {
  const app = path.join(dir, "tail");
  fs.rmSync(app, { recursive: true, force: true });
  fs.mkdirSync(path.join(app, "migrations"), { recursive: true });
  fs.writeFileSync(path.join(app, "__init__.py"), "");
  fs.writeFileSync(path.join(app, "migrations", "__init__.py"), "");
  let models = "from django.db import models\n";
  for (let i = 1; i <= n; i++) {
    const name = `${String(i).padStart(4, "0")}_t${i}`;
    const deps = i === 1 ? "" : `("tail", "${String(i - 1).padStart(4, "0")}_t${i - 1}")`;
    fs.writeFileSync(
      path.join(app, "migrations", `${name}.py`),
      `from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [${deps}]\n    operations = [migrations.CreateModel(name="T${i}", fields=[("id", models.AutoField(primary_key=True))])]\n`,
    );
    models += `\n\nclass T${i}(models.Model):\n    id = models.AutoField(primary_key=True)\n`;
  }
  fs.writeFileSync(path.join(app, "models.py"), models);
}

/** Django contrib apps with migrations that need no templates or middleware. */
export const CONTRIB_APPS = [
  "django.contrib.sessions",
  "django.contrib.sites",
  "django.contrib.redirects",
  "django.contrib.flatpages",
];

/**
 * A project of many installed apps (bench/probe.ts's shape): 6 Django contrib apps, 11 generated
 * apps of 10 migrations and a tail app sized so that Django applies `total` migrations; `count`
 * asks Django how many it applies (that differs between Django versions).
 */
export async function generateManyAppsProject(
  dir: string,
  total: number,
  count: (dir: string) => Promise<number>,
): Promise<void> {
  generateDjangoApp(dir, 110);
  const settings = path.join(dir, "benchsite", "settings.py");
  const text = fs
    .readFileSync(settings, "utf8")
    .replace(
      '    "django.contrib.auth",\n',
      `    "django.contrib.auth",\n${CONTRIB_APPS.map((a) => `    "${a}",\n`).join("")}`,
    )
    .replace(/\]\nMIDDLEWARE/, '    "tail",\n]\nSITE_ID = 1\nMIDDLEWARE');
  fs.writeFileSync(settings, text);
  writeTail(dir, 1);
  writeTail(dir, 1 + total - (await count(dir)));
}

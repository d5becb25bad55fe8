/**
 * Incremental regenerate on real PostgreSQL: an added migration is applied on top of the previous
 * seed, and the result is byte-identical to a from-scratch build; anything else is from scratch,
 * and the progress line says why.
 */
import * as fs from "fs";
import * as path from "path";
import { cli, copyExample, removeTempDirs, requirePostgres, tempDir, sqlAppArgs } from "../helpers";

beforeAll(requirePostgres);
afterAll(removeTempDirs);

/** Two copies of an app at the same (old) seed: one regenerates as it likes, one from scratch. */
async function pair(
  example: string,
  args: (app: string) => string[],
): Promise<{
  inc: string;
  scratch: string;
  run: (extra?: string[]) => Promise<{ log: string; identical: boolean }>;
}> {
  const inc = copyExample(example, tempDir());
  const first = await cli(["regenerate", "--force", "--quiet", ...args(inc)]);
  expect(first).toMatchObject({ code: 0, stderr: "" });
  const scratch = path.join(tempDir(), example);
  fs.cpSync(inc, scratch, { recursive: true });
  return {
    inc,
    scratch,
    async run(extra = []) {
      const a = await cli(["regenerate", ...extra, ...args(inc)]);
      const b = await cli(["regenerate", "--from-scratch", ...args(scratch)]);
      expect([a.code, b.code]).toEqual([0, 0]);
      expect(b.stderr).toContain("from scratch: --from-scratch");
      return {
        log: a.stderr,
        identical: fs
          .readFileSync(path.join(inc, "seed-db.sql"))
          .equals(fs.readFileSync(path.join(scratch, "seed-db.sql"))),
      };
    },
  };
}
const addBoth = (p: { inc: string; scratch: string }, rel: string, text: string) => {
  for (const app of [p.inc, p.scratch]) fs.writeFileSync(path.join(app, rel), text);
};

test("plain SQL: a migration added at the end is applied on top of the previous seed, same bytes as from scratch", async () => {
  const p = await pair("sql-app", sqlAppArgs);
  addBoth(
    p,
    "migrations/007_add_supplier.sql",
    "CREATE TABLE supplier (id serial PRIMARY KEY, name text NOT NULL);\nINSERT INTO supplier (name) VALUES ('acme');\n",
  );
  const r = await p.run(["--verify"]);
  expect(r.log).toMatch(
    /incremental: loading the previous seed, then applying 1 added input \(migrations\/007_add_supplier.sql\)/,
  );
  expect(r.log).toMatch(/load previous/);
  expect(r.identical).toBe(true);
});

test("plain SQL: a migration that sorts before applied ones, or an edited one, means from scratch, and says why", async () => {
  const p = await pair("sql-app", sqlAppArgs);
  addBoth(p, "migrations/0025_early.sql", "CREATE TABLE early (id int);\n");
  const early = await p.run();
  expect(early.log).toMatch(
    /from scratch: migrations\/0025_early.sql sorts before migrations\/006_insert_reference_data.sql/,
  );
  expect(early.identical).toBe(true);
  fs.appendFileSync(path.join(p.inc, "migrations/001_create_categories.sql"), "-- edited\n");
  fs.appendFileSync(path.join(p.scratch, "migrations/001_create_categories.sql"), "-- edited\n");
  const edited = await p.run();
  expect(edited.log).toMatch(/from scratch: migrations\/001_create_categories.sql changed/);
});

test("Django: a new model and a new field, applied incrementally, give the from-scratch bytes (ids renumbered canonically)", async () => {
  const p = await pair("django-blog", (app) => ["--app-dir", app]);
  for (const app of [p.inc, p.scratch]) {
    fs.appendFileSync(
      path.join(app, "blog/models.py"),
      "\n\nclass Award(models.Model):\n    name = models.CharField(max_length=100)\n",
    );
    fs.writeFileSync(
      path.join(app, "posts/models.py"),
      fs
        .readFileSync(path.join(app, "posts/models.py"), "utf8")
        .replace(
          "    is_published = models.BooleanField(default=False)\n",
          "    is_published = models.BooleanField(default=False)\n    views = models.IntegerField(default=0)\n",
        ),
    );
  }
  addBoth(
    p,
    "blog/migrations/0005_award.py",
    'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("blog", "0004_author_bio_rename_blog_title")]\n    operations = [migrations.CreateModel(name="Award", fields=[("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")), ("name", models.CharField(max_length=100))])]\n',
  );
  addBoth(
    p,
    "posts/migrations/0006_post_views.py",
    'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("posts", "0005_post_constraints_sql")]\n    operations = [migrations.AddField(model_name="post", name="views", field=models.IntegerField(default=0))]\n',
  );
  const r = await p.run(["--verify"]);
  expect(r.log).toMatch(/incremental: loading the previous seed/);
  expect(r.identical).toBe(true);
  const seed = fs.readFileSync(path.join(p.inc, "seed-db.sql"), "utf8");
  expect(seed).toMatch(/CREATE TABLE public\.blog_award/);
  expect(seed).toMatch(/\n\d+\tblog\taward\n/); // its content type
});

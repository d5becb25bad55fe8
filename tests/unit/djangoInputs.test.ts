/**
 * The pure parts of issue 19: the environment the project's code sees (presets/env.ts), the env
 * setting, INSTALLED_APPS as an ordered list and the incremental plan over it, and the names a
 * probe reports as hidden from the project.
 */
import { describe, expect, test } from "@jest/globals";
import { parseEnvSetting, PROBE_CONNECTION, projectEnv, withScheme } from "../../seed/presets/env";
import { DJANGO_ENV, hiddenFromProject } from "../../seed/presets/django/graph";
import { alembic } from "../../seed/presets/alembic";
import { inputDigests, orderedKeys, parseOrderedKey } from "../../seed/inputs/fingerprint";
import { describeChange, listChange, planRegenerate } from "../../seed/inputs/incremental";
import { resolveSettings } from "../../config";
import { RECIPE_SETTINGS } from "../../seed/inputs/recipe";

const USER = {
  PATH: "/venv/bin:/usr/bin",
  HOME: "/home/ada",
  VIRTUAL_ENV: "/venv",
  PYTHONPATH: "/vendor",
  LANG: "C.UTF-8",
  DATABASE_URL: "postgres://ada:secret@prod.example.com/shop",
  PGHOST: "prod.example.com",
  PGSERVICE: "prod",
  DJANGO_SETTINGS_MODULE: "shop.settings.production",
  DJANGO_DEBUG: "1",
  SECRET_KEY: "hunter2",
};
const SERVER = {
  url: "postgresql://postgres:pw@127.0.0.1:5999/postgres",
  env: {
    PGHOST: "127.0.0.1",
    PGPORT: "5999",
    PGUSER: "postgres",
    PGPASSWORD: "pw",
    PGDATABASE: "postgres",
  },
};

describe("the environment the project sees", () => {
  test("django: the interpreter's variables of the user's, the env setting, pgseed's database as postgres://", () => {
    const env = projectEnv(DJANGO_ENV, { appDir: "/a", env: { DJANGO_ENV: "test" } }, SERVER, USER);
    expect(env).toEqual({
      PATH: USER.PATH,
      HOME: USER.HOME,
      VIRTUAL_ENV: USER.VIRTUAL_ENV,
      PYTHONPATH: USER.PYTHONPATH,
      LANG: USER.LANG,
      DJANGO_ENV: "test",
      ...SERVER.env,
      DATABASE_URL: "postgres://postgres:pw@127.0.0.1:5999/postgres",
      PYTHONHASHSEED: "0",
      PYTHONDONTWRITEBYTECODE: "1",
    });
  });

  test("the databaseUrlScheme setting overrides the preset's; alembic's is postgresql://", () => {
    const project = { appDir: "/a", databaseUrlScheme: "postgresql" };
    expect(projectEnv(DJANGO_ENV, project, SERVER, USER).DATABASE_URL).toBe(SERVER.url);
    expect(projectEnv(alembic, { appDir: "/a" }, SERVER, USER).DATABASE_URL).toBe(SERVER.url);
    expect(withScheme("postgresql://a@b/c", "postgres")).toBe("postgres://a@b/c");
    expect(withScheme("postgres://a@b/c", "postgresql")).toBe("postgresql://a@b/c");
  });

  test("alembic keeps the user's other variables, never their database ones", () => {
    const env = projectEnv(alembic, { appDir: "/a" }, SERVER, USER);
    expect(env.SECRET_KEY).toBe("hunter2");
    expect(env.PGSERVICE).toBeUndefined();
    expect(env.PGHOST).toBe("127.0.0.1");
  });

  test("the probe's database is the same placeholder whatever the user's environment", () => {
    const a = projectEnv(DJANGO_ENV, { appDir: "/a" }, PROBE_CONNECTION, USER);
    const b = projectEnv(DJANGO_ENV, { appDir: "/a" }, PROBE_CONNECTION, {
      PATH: USER.PATH,
      HOME: USER.HOME,
      VIRTUAL_ENV: USER.VIRTUAL_ENV,
      PYTHONPATH: USER.PYTHONPATH,
      LANG: USER.LANG,
      DATABASE_URL: "postgresql://someone@else/x",
    });
    expect(a).toEqual(b);
    expect(a.DATABASE_URL).toMatch(/^postgres:\/\/.*@127\.0\.0\.1:1\//);
  });

  test("names the project read unset and the user has set are reported, terminal noise is not", () => {
    expect(
      hiddenFromProject(["DJANGO_DEBUG", "TERM", "NOT_SET", "SECRET_KEY"], {
        ...USER,
        TERM: "xterm",
      }),
    ).toEqual(["DJANGO_DEBUG", "SECRET_KEY"]);
  });
});

describe("the env setting", () => {
  test("NAME=value entries; a bad entry, a name pgseed sets and a repeat are problems", () => {
    expect(parseEnvSetting(["DJANGO_ENV=test", "EMPTY=", "EQ=a=b"])).toEqual({
      env: { DJANGO_ENV: "test", EMPTY: "", EQ: "a=b" },
      problems: [],
    });
    const bad = parseEnvSetting(["no equals", "DATABASE_URL=x", "PGHOST=h", "A=1", "A=2"]);
    expect(bad.problems).toEqual([
      expect.stringMatching(/env entry "no equals" must read NAME=value/),
      expect.stringMatching(/env cannot set DATABASE_URL: pgseed sets it/),
      expect.stringMatching(/env cannot set PGHOST/),
      "env sets A twice: keep one",
    ]);
  });

  test("a project file's table and the CLI's list resolve alike; both are in the fingerprint's recipe", () => {
    const table = resolveSettings({ env: { DJANGO_ENV: "test", N: 3 } }, "/p").engine;
    const list = resolveSettings({ env: ["N=3", "DJANGO_ENV=test"] }, "/p").engine;
    expect(table.env).toEqual({ DJANGO_ENV: "test", N: "3" });
    expect(list.env).toEqual(table.env);
    expect(RECIPE_SETTINGS).toEqual(expect.arrayContaining(["env", "databaseUrlScheme"]));
    expect(() => resolveSettings({ databaseUrlScheme: "mysql" }, "/p")).toThrow(
      /databaseUrlScheme must be one of postgres, postgresql/,
    );
    expect(() => resolveSettings({ env: { PGPASSWORD: "x" } }, "/p")).toThrow(
      /env cannot set PGPASSWORD/,
    );
  });
});

describe("INSTALLED_APPS as an ordered list, and the incremental plan", () => {
  const apps = (list: string[]) => orderedKeys({ "django:installed_apps": list });
  const inputs = (list: string[], files: Record<string, string> = {}) => ({
    recipe: "r",
    files: {
      ...inputDigests(apps(list)),
      "django:version": "v1",
      "django:blog/0001_initial": "b1",
      ...files,
    },
  });
  const base = ["auth", "blog", "posts"];

  test("keys carry list, position and item", () => {
    const [key] = apps(["django.contrib.auth"]);
    expect(key[0]).toBe("django:installed_apps[0000]=django.contrib.auth");
    expect(parseOrderedKey(key[0])).toEqual({
      list: "django:installed_apps",
      index: 0,
      item: "django.contrib.auth",
    });
    expect(parseOrderedKey("django:blog/0001_initial")).toBeUndefined();
  });

  test("an app appended with its migration is an addition", () => {
    expect(
      planRegenerate(
        inputs(base),
        inputs([...base, "notes"], { "django:notes/0001_initial": "n1" }),
        true,
      ),
    ).toEqual({
      mode: "incremental",
      added: ["django:installed_apps[0003]=notes", "django:notes/0001_initial"],
    });
  });

  test("an app inserted is an addition too: the apps after it only moved down", () => {
    const plan = planRegenerate(
      inputs(base),
      inputs(["auth", "notes", "blog", "posts"], { "django:notes/0001_initial": "n1" }),
      true,
    );
    expect(plan).toEqual({
      mode: "incremental",
      added: ["django:installed_apps[0001]=notes", "django:notes/0001_initial"],
    });
  });

  test("an app removed or two apps swapped start from scratch, saying so", () => {
    expect(planRegenerate(inputs(base), inputs(["auth", "posts"]), true)).toEqual({
      mode: "scratch",
      reason: "INSTALLED_APPS: blog was removed",
    });
    expect(planRegenerate(inputs(base), inputs(["auth", "posts", "blog", "x"]), true)).toEqual({
      mode: "scratch",
      reason: "INSTALLED_APPS: posts now comes before blog (reordered)",
    });
    expect(listChange("other", ["a"], [])).toBe("other: a was removed");
  });

  test("an upgrade is named before the migrations it also changed; lock files say so", () => {
    const upgraded = inputs([...base, "notes"], {
      "django:version": "v2",
      "django:blog/0001_initial": "b2",
    });
    expect(planRegenerate(inputs(base), upgraded, true)).toEqual({
      mode: "scratch",
      reason: "Django's version changed (an upgrade)",
    });
    const locked = { ...inputs(base), files: { ...inputs(base).files, "poetry.lock": "l1" } };
    expect(
      planRegenerate(locked, { ...locked, files: { ...locked.files, "poetry.lock": "l2" } }, true),
    ).toEqual({ mode: "scratch", reason: "poetry.lock changed (a dependency upgrade)" });
    expect(describeChange("django:blog/0002_x", "changed")).toMatch(
      /^migration blog.0002_x changed \(its file, or what it depends on once resolved/,
    );
    expect(describeChange("django:blog/0002_x", "removed")).toBe(
      "migration blog.0002_x was removed",
    );
  });

  test("a seed from before the ordered list is rebuilt, naming why", () => {
    const old = { recipe: "r", files: { "django:installed_apps": "x", "django:version": "v1" } };
    expect(planRegenerate(old, inputs(base), true)).toEqual({
      mode: "scratch",
      reason: expect.stringMatching(/made by an older pgseed/),
    });
  });
});

/**
 * The CLI's own surface: settings from project files, the target database from the environment,
 * help and version.
 */
import * as fs from "fs";
import * as path from "path";
import { settingsFrom, targetUrl, help, commandHelp } from "../../cli/main";
import { findProjectFile, cliArgsOf, engineValues, resolveSettings } from "../../config";
import { cli, ROOT, removeTempDirs, tempDir } from "../helpers";

afterAll(removeTempDirs);

describe("settings without flags", () => {
  test("[tool.pgseed] in pyproject.toml, found from a subfolder; paths relative to the file; flags win", () => {
    const project = tempDir();
    fs.writeFileSync(
      path.join(project, "pyproject.toml"),
      '[project]\nname = "x"\n\n[tool.pgseed]\nappDir = "backend"\npreset = "custom"\nmigrations = ["sql/*.sql"]\nmigrateCommand = "sh migrate.sh"\n',
    );
    const sub = path.join(project, "backend", "deep");
    fs.mkdirSync(sub, { recursive: true });
    const s = settingsFrom({}, sub);
    expect(s.projectDir).toBe(project);
    expect(s.engine).toMatchObject({
      appDir: path.join(project, "backend"),
      preset: "custom",
      migrations: ["sql/*.sql"],
      migrateCommand: "sh migrate.sh",
    });
    const flagged = settingsFrom({ "migrate-command": "make migrate", "app-dir": "." }, sub);
    expect(flagged.engine).toMatchObject({
      migrateCommand: "make migrate",
      appDir: sub,
      preset: "custom",
    });
  });

  test("pgseed.json wins over a pyproject.toml in the same folder; a pyproject.toml without [tool.pgseed] is passed over", () => {
    const outer = tempDir();
    fs.writeFileSync(
      path.join(outer, "pgseed.json"),
      JSON.stringify({
        preset: "custom",
        migrations: ["m/*.sql"],
        migrateCommand: "true",
        seed: "s.sql",
      }),
    );
    const inner = path.join(outer, "svc");
    fs.mkdirSync(inner);
    fs.writeFileSync(path.join(inner, "pyproject.toml"), '[project]\nname = "svc"\n');
    expect(findProjectFile(inner)?.file).toBe(path.join(outer, "pgseed.json"));
    expect(settingsFrom({}, inner).engine.seedPath).toBe(path.join(outer, "s.sql"));
    fs.writeFileSync(path.join(outer, "pyproject.toml"), "[tool.pgseed]\npreset = 'django'\n");
    expect(findProjectFile(outer)?.file).toBe(path.join(outer, "pgseed.json"));
  });

  test("a bad project file is a usage error naming the file and the fix", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "pyproject.toml"), "[tool.pgseed]\npreset = \n");
    expect(() => settingsFrom({}, dir)).toThrow(
      /cannot read .*pyproject\.toml[\s\S]*fix: fix the TOML syntax/,
    );
    fs.writeFileSync(
      path.join(dir, "pyproject.toml"),
      "[tool.pgseed]\ninstances = -1\ncolour = 'blue'\n",
    );
    expect(() => settingsFrom({}, dir)).toThrow(/unknown setting "colour"/);
  });
});

describe("the target database", () => {
  test("--url, else DATABASE_URL, else the libpq variables", () => {
    expect(targetUrl("postgresql://a@h/db", { DATABASE_URL: "postgresql://b@h/x" })).toBe(
      "postgresql://a@h/db",
    );
    expect(targetUrl(undefined, { DATABASE_URL: "postgresql://b@h/x" })).toBe("postgresql://b@h/x");
    const fromEnv = new URL(
      targetUrl(undefined, {
        PGHOST: "db.local",
        PGPORT: "6543",
        PGUSER: "app user",
        PGPASSWORD: "p@ss:w/rd",
        PGDATABASE: "shop",
      }),
    );
    expect([
      fromEnv.hostname,
      fromEnv.port,
      decodeURIComponent(fromEnv.username),
      decodeURIComponent(fromEnv.password),
      fromEnv.pathname,
    ]).toEqual(["db.local", "6543", "app user", "p@ss:w/rd", "/shop"]);
    const socket = new URL(targetUrl(undefined, { PGHOST: "/run/postgresql", PGDATABASE: "shop" }));
    expect(socket.searchParams.get("host")).toBe("/run/postgresql");
    expect(() => targetUrl(undefined, {})).toThrow(/no database given[\s\S]*DATABASE_URL/);
  });

  test("load without --url takes the libpq variables, and names them when none is set", async () => {
    const r = await cli(["load", "--app-dir", path.join(ROOT, "examples/django-blog")], ROOT, {
      PGHOST: "",
      PGDATABASE: "",
      DATABASE_URL: "",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no database given[\s\S]*PGHOST/);
  });
});

describe("help and version", () => {
  test("--version prints package.json's version", async () => {
    const r = await cli(["--version"]);
    expect(r).toMatchObject({
      code: 0,
      stdout: JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version,
    });
  });
  test("each command's --help shows its own options; the overview lists every command and setting", async () => {
    const r = await cli(["clone", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--count N");
    expect(r.stdout).not.toContain("--verify");
    expect(commandHelp("regenerate")).toContain("--verify");
    expect(commandHelp("regenerate")).toContain("--migrate-command CMD");
    for (const word of [
      "fingerprint",
      "regenerate",
      "check",
      "load",
      "clone",
      "--engine KIND",
      "--preset NAME",
    ])
      expect(help()).toContain(word);
  });
});

test("the freshness job's arguments reproduce the stack's engine settings", () => {
  const root = tempDir();
  const s = resolveSettings(
    {
      appDir: "app",
      preset: "custom",
      migrations: ["m/*.sql", "n/*.sql"],
      migrateCommand: "sh migrate.sh",
      normalizeSql: "pin.sql",
      seed: "db/seed.sql",
    },
    root,
  );
  const args = cliArgsOf(engineValues(s));
  expect(args).toEqual(
    expect.arrayContaining([
      "--migrations",
      "m/*.sql",
      "--migrations",
      "n/*.sql",
      "--seed",
      "app/db/seed.sql",
      "--normalize-sql",
      "pin.sql",
    ]),
  );
  const back = settingsFrom(
    Object.fromEntries(
      args.reduce<Array<[string, any]>>((acc, a, i) => {
        if (!a.startsWith("--")) return acc;
        const key = a.slice(2);
        const prev = acc.find(([k]) => k === key);
        if (key === "migrations" && prev) prev[1].push(args[i + 1]);
        else if (key === "migrations") acc.push([key, [args[i + 1]]]);
        else acc.push([key, args[i + 1]]);
        return acc;
      }, []),
    ),
    root,
  );
  expect(back.engine).toEqual(s.engine);
});

test("starting the CLI loads neither execa nor pg nor Pulumi (check and fingerprint run on every commit hook)", async () => {
  const execa = require("execa") as typeof import("execa");
  const r = await execa(
    "node",
    [
      "-e",
      'require("./dist/cli/main.js"); console.log(JSON.stringify(Object.keys(require.cache)))',
    ],
    { cwd: ROOT },
  );
  const loaded = JSON.parse(r.stdout) as string[];
  expect(loaded.filter((m) => /node_modules\/(execa|pg|@pulumi)\//.test(m))).toEqual([]);
});

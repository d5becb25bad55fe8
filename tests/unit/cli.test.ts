/**
 * The CLI's pure parts, no process started: settings from project files and stacks (problems
 * named as the user wrote them), the command line read strictly, help at 80 columns, docs/cli.md,
 * and no command whose module graph reaches Pulumi. The database it picks: cliTarget.test.ts.
 */
import * as fs from "fs";
import * as path from "path";
import { settingsFrom } from "../../cli/settings";
import { parseCommand, nearest } from "../../cli/args";
import { allCommands } from "../../cli/registry";
import { commandHelp, overview } from "../../cli/help";
import { FINGERPRINT_SETTINGS } from "../../cli/command";
import { findProjectFile, cliArgsOf, engineValues, resolveSettings } from "../../config";
import { RECIPE_SETTINGS } from "../../seed/inputs/recipe";
import { ROOT, removeTempDirs, tempDir } from "../helpers";

const COMMANDS = allCommands();

afterAll(removeTempDirs);

const problem = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected an error");
};

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
    expect(() => settingsFrom({}, dir)).toThrow(
      /unknown setting colour \(pyproject.toml \[tool.pgseed\]\); known: appDir/,
    );
  });
});

describe("a settings problem names the setting as the user wrote it", () => {
  const custom = { preset: "custom", migrations: ["m/*.sql"], migrateCommand: "true" };

  test("a flag by its flag; a setting nobody gave, by the flag that would give it", () => {
    const dir = tempDir();
    const message = problem(() =>
      settingsFrom({ "migrate-timeout": "abc", "postgres-version": "8" }, dir),
    );
    expect(message).toMatch(/^invalid settings:\n {2}- --migrate-timeout must be a whole number/);
    expect(message).toMatch(/\n {2}- --postgres-version 8 is not a supported PostgreSQL major/);
    expect(message).not.toMatch(/- migrateTimeout/);
  });

  test("a project file's key with the file (and the table in pyproject.toml)", () => {
    const toml = tempDir();
    fs.writeFileSync(
      path.join(toml, "pyproject.toml"),
      '[tool.pgseed]\nmigrateTimeout = "abc"\npreset = "custom"\nmigrations = ["m/*.sql"]\n',
    );
    expect(problem(() => settingsFrom({}, toml))).toMatch(
      /- migrateTimeout \(pyproject.toml \[tool.pgseed\]\) must be a whole number, got "abc"[\s\S]*- migrateCommand \(pyproject.toml \[tool.pgseed\]\) is required with preset \(pyproject.toml \[tool.pgseed\]\) "custom"/,
    );
    const json = tempDir();
    fs.writeFileSync(path.join(json, "pgseed.json"), JSON.stringify({ ...custom, seed: "x.txt" }));
    expect(problem(() => settingsFrom({}, json))).toMatch(
      /- seed \(pgseed.json\) "x.txt" must end in .sql/,
    );
    // The flag given over the file is the one named.
    expect(problem(() => settingsFrom({ seed: "y.txt" }, json))).toMatch(
      /- --seed "y.txt" must end in .sql/,
    );
  });

  test("under --stack: the stack key with its file, or the Pulumi.yaml default", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: p\nruntime: nodejs\nconfig:\n  basePort:\n    type: integer\n    default: 70000\n",
    );
    fs.writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      "config:\n  pgseed:migrateTimeout: abc\n  pgseed:preset: custom\n  pgseed:migrations: ['m/*.sql']\n  pgseed:migrateCommand: 'true'\n",
    );
    const message = problem(() => settingsFrom({ stack: "dev" }, dir));
    expect(message).toMatch(/- pgseed:migrateTimeout \(Pulumi.dev.yaml\) must be a whole number/);
    expect(message).toMatch(/- basePort \(the default in Pulumi.yaml\) 70000 with 1 instance/);
  });

  test("the Pulumi program's names stay the bare keys", () => {
    expect(problem(() => resolveSettings({ migrateTimeout: "abc" }, "/p"))).toMatch(
      /- migrateTimeout must be a whole number/,
    );
  });
});

describe("the command line, read strictly", () => {
  const parse = (name: string, ...argv: string[]) =>
    parseCommand(name, COMMANDS[name], [name, ...argv], () => COMMANDS);

  test("a flag of another command is refused, naming the commands that take it", () => {
    expect(() => parse("check", "--verify", "--count", "3", "--adopt")).toThrow(
      /pgseed check does not take --verify \(an option of regenerate\), --count \(an option of clone\), --adopt \(an option of migrate\)/,
    );
    expect(() => parse("fingerprint", "--url", "postgresql://h/db")).toThrow(
      /pgseed fingerprint does not take --url \(an option of load, clone, migrate, status\)/,
    );
    // Setting flags too: load reads the seed's place, not the migrations.
    expect(() => parse("load", "--preset", "custom")).toThrow(/pgseed load does not take --preset/);
  });

  test("a near miss gets a did-you-mean", () => {
    expect(() => parse("check", "--migrate-timout", "3")).toThrow(
      /does not take --migrate-timout\n {2}fix: did you mean --migrate-timeout\?/,
    );
    expect(nearest("forse", ["force", "url"])).toBe("force");
    expect(nearest("colour", ["url", "count"])).toBeUndefined();
  });

  test("a single-valued flag twice, and arguments beyond the command's, are refused", () => {
    expect(() => parse("load", "--seed", "a.sql", "--seed", "b.sql")).toThrow(
      /--seed given 2 times\n {2}fix: pass one --seed/,
    );
    expect(() => parse("load", "db1", "db2")).toThrow(/unexpected argument\(s\): db2/);
    expect(parse("load", "mydb", "--force").args).toEqual(["mydb"]);
    expect(
      parse("status", "--url", "postgresql://a/x", "--url", "postgresql://b/y").values.url,
    ).toHaveLength(2);
  });

  test("check takes every flag of the freshness job; fingerprint every setting of the recipe", () => {
    const raw = engineValues(
      resolveSettings(
        { preset: "custom", migrations: ["m/*.sql"], migrateCommand: "true", pgBin: "/b" },
        "/p",
      ),
    );
    expect(() => parse("check", ...cliArgsOf(raw))).not.toThrow();
    expect(FINGERPRINT_SETTINGS).toEqual(expect.arrayContaining([...RECIPE_SETTINGS]));
  });
});

describe("help", () => {
  test("every line fits in 80 columns; every command's help shows its options' and settings' defaults", () => {
    for (const text of [
      overview(COMMANDS),
      ...Object.entries(COMMANDS).map(([n, c]) => commandHelp(n, c)),
    ])
      for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    const migrate = commandHelp("migrate", COMMANDS.migrate);
    expect(migrate).toMatch(/--migrate-timeout SEC[\s\S]*\(default:\s+600\)/);
    expect(migrate).toMatch(/--preset NAME[\s\S]*\(default:\s+django\)/);
    expect(commandHelp("clone", COMMANDS.clone)).toMatch(
      /--prefix P[\s\S]*\(default:\s+pgseed_test\)/,
    );
    expect(commandHelp("load", COMMANDS.load)).not.toContain("--preset");
    for (const name of Object.keys(COMMANDS)) expect(overview(COMMANDS)).toContain(`  ${name} `);
  });
});

test("docs/cli.md names every command and every option of each", () => {
  const doc = fs.readFileSync(path.join(ROOT, "docs", "cli.md"), "utf8");
  for (const [name, c] of Object.entries(COMMANDS)) {
    expect(doc).toContain(`| \`${name}`);
    for (const option of Object.keys(c.options))
      expect({ name, has: doc.includes(`--${option}`) }).toEqual({ name, has: true });
  }
});

describe("the freshness job", () => {
  test("its arguments reproduce the stack's engine settings", () => {
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
    const { values } = parseCommand("check", COMMANDS.check, ["check", ...args], () => COMMANDS);
    expect(settingsFrom(values, root).engine).toEqual(s.engine);
  });
});

/**
 * Every module a CLI command's file can load, lazy imports included, read from the sources: the
 * packages they name. Pulumi (~2 s to load, and not needed) must not be one of them.
 */
function packagesReachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    const specifiers = [
      ...source.matchAll(/(?:^|\n)(?:import|export) (?!type )[^;]*? from "([^"]+)"/g),
      ...source.matchAll(/\b(?:require|import)\("([^"]+)"\)/g),
    ].map((m) => m[1]);
    for (const spec of specifiers) {
      if (!spec.startsWith(".")) {
        packages.add(spec);
        continue;
      }
      const base = path.resolve(path.dirname(file), spec);
      const found = [`${base}.ts`, path.join(base, "index.ts")].find((f) => fs.existsSync(f));
      if (!found) throw new Error(`${file}: cannot resolve ${spec}`);
      visit(found);
    }
  };
  visit(entry);
  return packages;
}

test("no CLI command's module graph, lazy imports included, reaches @pulumi/*", () => {
  const dir = path.join(ROOT, "cli", "commands");
  const files = [
    path.join(ROOT, "cli", "main.ts"),
    ...fs.readdirSync(dir).map((f) => path.join(dir, f)),
  ];
  expect(files.length).toBeGreaterThanOrEqual(10);
  for (const file of files) {
    const packages = [...packagesReachable(file)];
    expect(packages).toContain("fs"); // the walk went deep enough to see something
    expect({ file, pulumi: packages.filter((p) => p.startsWith("@pulumi/")) }).toEqual({
      file,
      pulumi: [],
    });
  }
});

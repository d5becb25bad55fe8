/**
 * The CLI's pure parts, no process started: settings from project files and stacks (problems
 * named as the user wrote them), the database chosen as psql chooses it, URLs read as libpq reads
 * them, the driver's TLS as sslmode means it, the command line read strictly, help at 80 columns,
 * and no command whose module graph reaches Pulumi.
 */
import * as fs from "fs";
import * as path from "path";
import { settingsFrom } from "../../cli/settings";
import { resolveTarget } from "../../cli/target";
import { parseCommand, nearest } from "../../cli/args";
import { COMMANDS } from "../../cli/registry";
import { commandHelp, overview } from "../../cli/help";
import { FINGERPRINT_SETTINGS } from "../../cli/command";
import { findProjectFile, cliArgsOf, engineValues, resolveSettings } from "../../config";
import { formatUrl, libpqEnv, parseUrl } from "../../seed/core/libpq";
import { sslAttempts } from "../../seed/database/connect";
import { RECIPE_SETTINGS } from "../../seed/inputs/recipe";
import { ROOT, removeTempDirs, tempDir } from "../helpers";

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

describe("the database, as psql chooses it", () => {
  const compiled = { socketDir: () => "/run/pg-default", user: () => "osuser" };
  const target = (given: { url?: string; database?: string }, env: NodeJS.ProcessEnv = {}) =>
    resolveTarget(given, env, compiled);

  test("no --url, DATABASE_URL or PG*: libpq's defaults (the socket, 5432, the OS user, its database)", () => {
    expect(target({})).toEqual({
      url: "postgresql://osuser@/osuser?host=/run/pg-default&port=5432",
      from: "libpq's default host, port, user, dbname",
    });
  });

  test("PGUSER, PGDATABASE and PGHOST each honoured alone", () => {
    expect(target({}, { PGUSER: "app" }).url).toBe(
      "postgresql://app@/app?host=/run/pg-default&port=5432",
    );
    expect(target({}, { PGDATABASE: "shop" }).url).toBe(
      "postgresql://osuser@/shop?host=/run/pg-default&port=5432",
    );
    expect(target({}, { PGHOST: "/srv/sock" }).url).toBe(
      "postgresql://osuser@/osuser?host=/srv/sock&port=5432",
    );
    expect(target({}, { PGHOST: "db.local" }).url).toBe("postgresql://osuser@db.local:5432/osuser");
  });

  test("--url, else DATABASE_URL, else PG*; what a URL leaves out comes from PG*, then the defaults", () => {
    const env = { DATABASE_URL: "postgresql://b@h/x", PGPASSWORD: "p@ss", PGPORT: "6543" };
    expect(target({ url: "postgresql://a@h2/db" }, env)).toEqual({
      url: "postgresql://a:p%40ss@h2:6543/db",
      from: "--url; PGPORT; PGPASSWORD",
    });
    expect(target({}, env).url).toBe("postgresql://b:p%40ss@h:6543/x");
    expect(target({ url: "postgresql://h/" }, {}).url).toBe("postgresql://osuser@h:5432/osuser");
  });

  test("a DBNAME argument names the database; a URL as DBNAME is the URL; twice is refused", () => {
    expect(target({ database: "mydb" }, { PGHOST: "/s" }).url).toBe(
      "postgresql://osuser@/mydb?host=/s&port=5432",
    );
    expect(target({ database: "mydb" }, { DATABASE_URL: "postgresql://u@h/app" }).url).toBe(
      "postgresql://u@h:5432/mydb",
    );
    expect(target({ database: "postgresql://u@h/db" }).url).toBe("postgresql://u@h:5432/db");
    expect(() => target({ url: "postgresql://u@h/one", database: "two" })).toThrow(
      /two databases given: two, and one in --url[\s\S]*fix: give the database once/,
    );
  });

  test("PGSERVICE and PGHOSTADDR would send psql elsewhere: refused without a URL, ignored with one", () => {
    expect(() => target({}, { PGSERVICE: "prod" })).toThrow(
      /PGSERVICE=prod is set, but pgseed does not read service files[\s\S]*fix: pass --url/,
    );
    expect(() => target({}, { PGHOSTADDR: "10.0.0.9" })).toThrow(/PGHOSTADDR=10.0.0.9 is set/);
    expect(target({ url: "postgresql://u@h/db" }, { PGSERVICE: "prod" }).url).toBe(
      "postgresql://u@h:5432/db",
    );
  });

  test("URL parameters are kept: sslmode, options, application_name, a socket in host=, port=", () => {
    const url =
      "postgresql://u@/db?host=/tmp/my%20sock&port=6000&sslmode=require&options=-c%20search_path%3Dapp&application_name=ci";
    const t = target({ url });
    expect(t.url).toBe(
      "postgresql://u@/db?host=/tmp/my%20sock&port=6000&sslmode=require&options=-c%20search_path%3Dapp&application_name=ci",
    );
    expect(libpqEnv(t.url)).toEqual({
      PGHOST: "/tmp/my sock",
      PGPORT: "6000",
      PGUSER: "u",
      PGDATABASE: "db",
      PGSSLMODE: "require",
      PGOPTIONS: "-c search_path=app",
      PGAPPNAME: "ci",
    });
    // PGSSLMODE, PGOPTIONS and PGAPPNAME fill the URL as libpq would.
    expect(parseUrl(target({}, { PGHOST: "h", PGSSLMODE: "disable", PGAPPNAME: "x" }).url)).toEqual(
      {
        host: "h",
        port: "5432",
        user: "osuser",
        dbname: "osuser",
        sslmode: "disable",
        application_name: "x",
      },
    );
  });

  test("what pgseed cannot pass on, or libpq would refuse, is refused naming it", () => {
    expect(() => target({ url: "postgresql://h/db?target_session_attrs=any" })).toThrow(
      /--url has the parameter target_session_attrs, which pgseed does not pass on[\s\S]*fix: remove it; pgseed passes on host, port/,
    );
    expect(() => target({}, { DATABASE_URL: "postgresql://h/db?sslmode=sometimes" })).toThrow(
      /sslmode "sometimes" \(URL parameter sslmode, or PGSSLMODE\) is not one of disable, allow, prefer/,
    );
    expect(() => target({}, { PGHOST: "h1,h2" })).toThrow(/names several hosts/);
    expect(() => target({ url: "mysql://u:pw@h/db" })).toThrow(/--url must start with postgresql:/);
    expect(() => target({ url: "not a url" })).toThrow(/--url is not a valid URL: not a url/);
  });
});

describe("URLs as libpq reads them", () => {
  test.each([
    [
      "postgresql://u:p%40ss%2Fw@db.example:6543/app",
      { user: "u", password: "p@ss/w", host: "db.example", port: "6543", dbname: "app" },
    ],
    ["postgres://[::1]:5/db", { host: "::1", port: "5", dbname: "db" }],
    ["postgresql://%2Fvar%2Frun%2Fpostgresql/app", { host: "/var/run/postgresql", dbname: "app" }],
    ["postgresql:///app?host=/tmp&user=me", { host: "/tmp", dbname: "app", user: "me" }],
    ["postgresql://me@/app", { user: "me", dbname: "app" }],
    ["postgresql://", {}],
  ])("%s", (url, parts) => {
    expect(parseUrl(url)).toEqual(parts);
    expect(parseUrl(formatUrl(parseUrl(url)))).toEqual(parts);
  });
});

describe("the driver's TLS, as sslmode means it", () => {
  const tcp = { host: "db.example", port: "5432" };
  test("a socket never; disable never; prefer (the default) SSL then plain; allow the other way", () => {
    expect(sslAttempts({ host: "/run/postgresql", sslmode: "require" })).toEqual([false]);
    expect(sslAttempts({ ...tcp, sslmode: "disable" })).toEqual([false]);
    const prefer = sslAttempts(tcp);
    expect(prefer).toHaveLength(2);
    expect(prefer[0]).toMatchObject({ rejectUnauthorized: false });
    expect(prefer[1]).toBe(false);
    const allow = sslAttempts({ ...tcp, sslmode: "allow" });
    expect(allow[0]).toBe(false);
    expect(allow[1]).toMatchObject({ rejectUnauthorized: false });
  });
  test("require encrypts unchecked; verify-ca checks the chain, not the name; verify-full both", () => {
    const [require_] = sslAttempts({ ...tcp, sslmode: "require" }) as any[];
    expect(require_.rejectUnauthorized).toBe(false);
    const [ca] = sslAttempts({ ...tcp, sslmode: "verify-ca" }) as any[];
    expect(ca.rejectUnauthorized).toBe(true);
    expect(ca.checkServerIdentity()).toBeUndefined();
    const [full] = sslAttempts({ ...tcp, sslmode: "verify-full" }) as any[];
    expect(full.rejectUnauthorized).toBe(true);
    expect(full.checkServerIdentity).toBeUndefined();
    expect(() =>
      sslAttempts({ ...tcp, sslmode: "require", sslrootcert: "/nonexistent.crt" }),
    ).toThrow(/cannot read the certificate file \/nonexistent.crt/);
  });
});

describe("the command line, read strictly", () => {
  const parse = (name: string, ...argv: string[]) =>
    parseCommand(name, COMMANDS[name], [name, ...argv], COMMANDS);

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
    const { values } = parseCommand("check", COMMANDS.check, ["check", ...args], COMMANDS);
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

/**
 * The CLI's conventions through the real command (dist/, as users run it): each command takes its
 * own flags only, settings problems name what the user typed, `help <command>`, errors as JSON
 * under --json, bare `pgseed`, the version, and what starting it loads.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { acceptedOptions } from "../../cli/args";
import { allCommands } from "../../cli/registry";
import { cli, copyExample, removeTempDirs, ROOT, tempDir, sqlAppArgs } from "../helpers";

const COMMANDS = allCommands();

afterAll(removeTempDirs);

/** A flag some other command takes and `name` does not, with a value if it takes one. */
function foreignFlag(name: string): string[] {
  const own = acceptedOptions(COMMANDS[name]);
  for (const other of Object.values(COMMANDS))
    for (const [flag, o] of Object.entries(acceptedOptions(other)))
      if (!(flag in own)) return o.type === "string" ? [`--${flag}`, "x"] : [`--${flag}`];
  throw new Error(`every flag is ${name}'s`);
}

test.each(Object.keys(COMMANDS))(
  "%s refuses a flag of another command, naming it, before doing anything",
  async (name) => {
    const flag = foreignFlag(name);
    const r = await cli([name, ...flag]);
    expect(r.stderr).toMatch(
      new RegExp(
        `^pgseed: error: pgseed ${name} does not take ${flag[0]} \\(an option of [a-z, ]+\\)\n  fix: `,
      ),
    );
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: "" });
  },
);

test("the issue's examples: check --verify --count 3 --adopt, fingerprint --url; a near miss", async () => {
  const check = await cli(["check", "--verify", "--count", "3", "--adopt"]);
  expect(check).toMatchObject({ code: 2, stdout: "" });
  expect(check.stderr).toMatch(/does not take --verify .*, --count .*, --adopt/);
  const fp = await cli(["fingerprint", "--url", "postgresql://h/db"]);
  expect(fp).toMatchObject({ code: 2, stdout: "" });
  expect(fp.stderr).toMatch(/pgseed fingerprint does not take --url/);
  const near = await cli(["regenerate", "--verfy"]);
  expect(near.stderr).toMatch(/does not take --verfy\n {2}fix: did you mean --verify\?/);
});

describe("a settings problem names what the user typed", () => {
  test("the flag", async () => {
    const r = await cli(["check", "--migrate-timeout", "abc"]);
    expect(r.stderr).toMatch(
      /^pgseed: error: invalid settings:\n {2}- --migrate-timeout must be a whole number, got "abc"\n/,
    );
    expect(r.code).toBe(2);
  });

  test("the stack key and its file, under --stack", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  pgseed:migrateTimeout: abc\n");
    const r = await cli(["check", "--stack", "dev"], dir);
    expect(r.stderr).toMatch(
      /\n {2}- pgseed:migrateTimeout \(Pulumi.dev.yaml\) must be a whole number, got "abc"\n/,
    );
    expect(r.code).toBe(2);
  });

  test("the project file's key, in pyproject.toml and pgseed.json", async () => {
    const toml = tempDir();
    fs.writeFileSync(path.join(toml, "pyproject.toml"), "[tool.pgseed]\nmigrateTimeout = 'abc'\n");
    const r = await cli(["check"], toml);
    expect(r.stderr).toMatch(
      /\n {2}- migrateTimeout \(pyproject.toml \[tool.pgseed\]\) must be a whole number/,
    );
    const json = tempDir();
    fs.writeFileSync(path.join(json, "pgseed.json"), '{"migrateTimeout": "abc"}');
    expect((await cli(["check"], json)).stderr).toMatch(
      /\n {2}- migrateTimeout \(pgseed.json\) must be a whole number/,
    );
  });
});

describe("help", () => {
  test("`pgseed help <command>` is `pgseed <command> --help`: its options, settings and defaults, 80 columns", async () => {
    for (const name of Object.keys(COMMANDS)) {
      const [viaHelp, viaFlag] = await Promise.all([cli(["help", name]), cli([name, "--help"])]);
      expect(viaHelp).toEqual(viaFlag);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.stdout).toMatch(new RegExp(`^pgseed ${name}: `));
      for (const line of viaHelp.stdout.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
    }
    expect((await cli(["help", "regenerate"])).stdout).toMatch(
      /--migrate-timeout SEC[\s\S]*\(default:\s+600\)/,
    );
    const overview = await cli(["help"]);
    expect(overview).toEqual(await cli(["--help"]));
    expect(overview.stdout).toMatch(/^pgseed: .*\n\nUsage: pgseed <command>/);
  });

  test("an unknown command, through help or alone, names the near one", async () => {
    for (const args of [["help", "chek"], ["chek"]]) {
      const r = await cli(args);
      expect(r.stderr).toBe(
        'pgseed: error: unknown command "chek"\n  fix: did you mean `pgseed check`? use one of: fingerprint, regenerate, check, load, clone, migrate, status, image, help (see `pgseed help`)',
      );
      expect(r.code).toBe(2);
    }
  });

  test("bare `pgseed`: a short usage on stderr, nothing on stdout, exit 2", async () => {
    const r = await cli([]);
    expect(r).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "pgseed: error: no command given\n  fix: usage: pgseed <command> [options], <command> one of fingerprint, regenerate, check, load, clone, migrate, status, image, help; `pgseed help` explains them",
    });
  });

  test("--version prints package.json's version", async () => {
    const r = await cli(["--version"]);
    const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    expect(r).toEqual({ code: 0, stdout: version, stderr: "" });
  });
});

describe("--json: an error is an object on stdout too", () => {
  const parsed = (stdout: string) => JSON.parse(stdout);

  test("a usage error, a settings error, a connection error", async () => {
    const usage = await cli(["check", "--colour", "--json"]);
    expect(parsed(usage.stdout)).toEqual({
      error: {
        message: "pgseed check does not take --colour",
        fix: "remove it; `pgseed help check` lists what it takes",
        exitCode: 2,
      },
    });
    expect(usage.stderr).toMatch(/^pgseed: error: pgseed check does not take --colour\n {2}fix: /);
    const settings = await cli(["check", "--migrate-timeout", "abc", "--json"]);
    expect(parsed(settings.stdout).error).toMatchObject({
      message: expect.stringMatching(/^invalid settings:\n {2}- --migrate-timeout must be/),
      exitCode: 2,
    });
    const url = "postgresql://app:Secret-pw@127.0.0.1:1/app";
    const seed = path.join(ROOT, "examples", "alembic-app", "seed-db.sql");
    const conn = await cli(["load", "--url", url, "--seed", seed, "--json"]);
    expect(conn.code).toBe(2);
    expect(parsed(conn.stdout).error).toMatchObject({
      message: expect.stringMatching(
        /^cannot connect to postgresql:\/\/app:\*\*\*\*@127.0.0.1:1\/app/,
      ),
      fix: expect.any(String),
      exitCode: 2,
    });
    expect(conn.stdout + conn.stderr).not.toContain("Secret-pw");
  });

  test("check's missing seed: the result with its fix on stdout, the error line on stderr, exit 1", async () => {
    const app = copyExample("sql-app");
    const args = sqlAppArgs(app);
    const r = await cli(["check", ...args, "--json"], app);
    expect(parsed(r.stdout)).toMatchObject({
      state: "missing",
      ok: false,
      message: "seed-db.sql is missing",
      fix: "run `pgseed regenerate` (and commit the seed)",
    });
    expect(r.stderr).toBe(
      "pgseed: error: seed-db.sql is missing\n  fix: run `pgseed regenerate` (and commit the seed)",
    );
    expect(r.code).toBe(1);
  });
});

test("starting the CLI loads neither execa nor pg nor Pulumi; loading every command's module loads no Pulumi", async () => {
  const script = (files: string[]) =>
    `${files.map((f) => `require(${JSON.stringify(f)});`).join(" ")} console.log(JSON.stringify(Object.keys(require.cache)))`;
  const main = await execa("node", ["-e", script(["./dist/cli/main.js"])], { cwd: ROOT });
  const atStart = JSON.parse(main.stdout) as string[];
  expect(atStart.filter((m) => /node_modules\/(execa|pg|@pulumi)\//.test(m))).toEqual([]);
  const dir = path.join(ROOT, "dist", "cli", "commands");
  const commands = Object.keys(COMMANDS).map((name) => `${name}.js`);
  expect(commands.filter((f) => !fs.existsSync(path.join(dir, f)))).toEqual([]);
  const all = await execa("node", ["-e", script(commands.map((f) => path.join(dir, f)))], {
    cwd: ROOT,
  });
  const loaded = JSON.parse(all.stdout) as string[];
  expect(loaded.filter((m) => m.startsWith(dir))).toHaveLength(commands.length);
  expect(loaded.filter((m) => m.includes("@pulumi/"))).toEqual([]);
});

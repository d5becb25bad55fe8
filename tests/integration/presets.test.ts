/**
 * A preset is one unit: a file and a list entry, and it shows up in --help, the settings check and
 * the fingerprint recipe; a preset that leaves a field out does not compile (tsc and the CLI run
 * as processes).
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { ROOT, removeTempDirs, tempDir } from "../helpers";

afterAll(removeTempDirs);
const tsc = path.join(ROOT, "node_modules", ".bin", "tsc");

test("a fake preset in one file plus its list entry reaches --help, the settings check and the recipe", async () => {
  const copy = tempDir("pgseed-preset-");
  for (const part of ["config", "seed", "cli", "deploy", "package.json"])
    fs.cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
  fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(copy, "node_modules"));
  fs.writeFileSync(
    path.join(copy, "seed/presets/fake.ts"),
    `import type { Preset } from "./types";
import { custom } from "./custom";
export const fake: Preset = {
  ...custom, // the hooks that do nothing
  name: "fake",
  defaultMigrations: () => ["changes/*.fake"],
  defaultMigrateCommand: "true",
  normalizeSql: "SELECT 'fake preset statements';\\n",
  runnableCommand: async (command) => command,
  ciTestCommand: "make fake-test",
};
`,
  );
  const list = path.join(copy, "seed/presets/index.ts");
  const text = fs.readFileSync(list, "utf8");
  const edited = text
    .replace(/^(import \{ custom \} from "\.\/custom";)$/m, '$1\nimport { fake } from "./fake";')
    .replace(/(export const PRESETS: readonly Preset\[\] = \[[^\]]*)\]/, "$1, fake]");
  expect(edited).not.toBe(text);
  fs.writeFileSync(list, edited);
  const built = await execa(
    tsc,
    [
      "--outDir",
      "out",
      "--rootDir",
      ".",
      "--module",
      "commonjs",
      "--target",
      "ES2020",
      "--esModuleInterop",
      "--skipLibCheck",
      "--strict",
      "--types",
      "node",
      "cli/main.ts",
      // The registry loads each command's file by name when it runs: a build names them all.
      ...fs.readdirSync(path.join(copy, "cli", "commands")).map((f) => `cli/commands/${f}`),
    ],
    { cwd: copy, reject: false },
  );
  expect(built.stdout + built.stderr).toBe("");
  const app = path.join(copy, "app");
  fs.mkdirSync(path.join(app, "changes"), { recursive: true });
  fs.writeFileSync(path.join(app, "changes", "001.fake"), "one change\n");
  const run = (...args: string[]) =>
    execa(
      "node",
      [
        "-e",
        'require("./out/cli/main.js").main(process.argv.slice(1)).then((c) => (process.exitCode = c))',
        "--",
        ...args,
      ],
      { cwd: copy, reject: false },
    );

  expect((await run("help", "fingerprint")).stdout).toMatch(
    /--preset NAME[\s\S]*One of:\s+django,\s+alembic,\s+custom,\s+fake\./,
  );
  const refused = await run("fingerprint", "--preset", "rails", "--app-dir", app);
  expect(refused.stderr).toContain(
    'preset must be one of django, alembic, custom, fake, got "rails"',
  );
  const fp = await run("fingerprint", "--json", "--preset", "fake", "--app-dir", app);
  expect(fp.stderr).toBe("");
  const result = JSON.parse(fp.stdout);
  expect(result.migrationCount).toBe(1); // its default glob
  expect(result.recipe).toMatchObject({
    preset: "fake",
    normalizeSql: "SELECT 'fake preset statements';\n",
    migrateCommand: "true",
  });
}, 120000);

test("a preset that leaves a field out does not compile", async () => {
  const dir = tempDir("pgseed-preset-tsc-");
  const file = path.join(dir, "incomplete.ts");
  const types = path.join(ROOT, "seed/presets/types").split(path.sep).join("/");
  fs.writeFileSync(
    file,
    `import type { Preset } from "${types}";
import { custom } from "${types.replace(/types$/, "custom")}";
// Every field of a real preset but one.
const { normalizeSql, ...allButOne } = custom;
export const incomplete: Preset = { ...allButOne, name: "incomplete" };
`,
  );
  const r = await execa(tsc, ["--noEmit", "--strict", "--skipLibCheck", "--types", "node", file], {
    reject: false,
  });
  expect(r.exitCode).not.toBe(0);
  expect(r.stdout).toMatch(/Property 'normalizeSql' is missing/);
}, 60000);

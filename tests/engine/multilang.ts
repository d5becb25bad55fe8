/**
 * What the multi-language engine tests share (multilangYaml, multilangPython): a Pulumi project
 * outside this repository with its own app (a copy of examples/sql-app, preset custom: no Python
 * needed to migrate), the language host it needs, and the checks of one seed-only life cycle
 * through pgseed's multi-language package: get-schema, package add, up, a second up, destroy.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { BIN, Project, ROOT, counts, projectAt, pulumi, requireCli, serverTraces } from "./engine";

/** The seed-only settings every language's program passes (config keys of config/declaration). */
export const SETTINGS = {
  appDir: "app",
  preset: "custom",
  migrations: ["migrations/*.sql"],
  migrateCommand: "sh migrate.sh",
  instances: 0,
};
export const VERSION: string = require(path.join(ROOT, "package.json")).version;
export const MIGRATIONS = fs.readdirSync(path.join(ROOT, "examples/sql-app/migrations")).length;

/** Throws, naming the recipe, when a tool the language needs has not been built. */
export function requireTools(language: string, tools: string[]): void {
  requireCli();
  const missing = tools.filter((t) => !fs.existsSync(t.startsWith("/") ? t : path.join(BIN, t)));
  if (missing.length)
    throw new Error(
      `the ${language} tier needs ${missing.join(", ")} (not built)\n  fix: bash scripts/build-pulumi.sh (builds and caches the language hosts)`,
    );
}

/** A new project folder `infra` under a temp base, with the sql-app example as its app. */
export function consumerProject(prefix: string, files: Record<string, string>): Project {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `pgseed-engine-${prefix}-`));
  fs.chmodSync(base, 0o755); // the throwaway server's account must reach PGSEED_TMP under it
  const dir = path.join(base, "infra");
  const app = path.join(dir, SETTINGS.appDir);
  fs.cpSync(path.join(ROOT, "examples/sql-app"), app, { recursive: true });
  fs.rmSync(path.join(app, "seed-db.sql"), { force: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return projectAt(base, dir, app, prefix);
}

/** `pulumi package get-schema <plugin>`: the schema it prints, checked for the component. */
export async function schemaOf(p: Project, plugin: string): Promise<Record<string, any>> {
  const r = await pulumi(p, ["package", "get-schema", plugin]);
  expect(r.exitCode).toBe(0);
  const schema = JSON.parse(r.output.slice(r.output.indexOf("{"), r.output.lastIndexOf("}") + 1));
  expect(schema.name).toBe("pgseed");
  expect(schema.version).toBe(VERSION);
  const component = schema.resources["pgseed:index:Pgseed"];
  expect(component.isComponent).toBe(true);
  // The library's arguments (components/pgseedArgs.ts) and outputs, under their own names.
  expect(Object.keys(component.inputProperties)).toEqual(
    expect.arrayContaining([...Object.keys(SETTINGS), "postgresVersion", "ciEnabled"]),
  );
  expect(component.inputProperties.instances).toMatchObject({ type: "number" });
  expect(Object.keys(component.properties)).toEqual(
    expect.arrayContaining(["fingerprint", "migrationCount", "seedBytes", "serverVersion"]),
  );
  return schema;
}

const header = (text: string) => /^-- fingerprint: (\S+)$/m.exec(text)?.[1];

/** The stack's outputs, as `pulumi stack output --json` prints them. */
async function outputs(p: Project): Promise<Record<string, any>> {
  const r = await pulumi(p, ["stack", "output", "--json", "--stack", "dev"]);
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.output);
}

/** The seed-only life cycle's tests, in order, on the project `project()` gives once it exists. */
export function lifeCycle(project: () => Project): void {
  test("up writes the seed in the project's app folder and exports what it is", () =>
    firstUp(project()));
  test("a second up changes nothing and starts no server", () => secondUp(project()));
  test("destroy removes the stack's resources and leaves the seed file", () => destroy(project()));
}

/** up: the component, its provider for the dynamic children and the seed; the seed in the app. */
async function firstUp(p: Project): Promise<void> {
  const r = await pulumi(p, ["up", "--yes", "--stack", "dev"]);
  expect(r.exitCode).toBe(0);
  // the stack, Pgseed (the package's), its provider for the dynamic children, Pgseed (the
  // library's) and SeedDump; the CLI does not count pgseed's default provider
  expect(counts(r.output)).toEqual(["+ 5 created"]);
  expect(r.output).toMatch(/\+ +pulumi-nodejs:dynamic\/pgseed:SeedDump db-seed created/);
  const text = fs.readFileSync(path.join(p.app, "seed-db.sql"), "utf8");
  const out = await outputs(p);
  expect(header(text)).toBe(out.fingerprint);
  expect(out.migrationCount).toBe(MIGRATIONS);
  expect(out.seedBytes).toBe(Buffer.byteLength(text));
  expect(out.serverVersion).toMatch(/^15\.\d+$/);
  expect(text).toContain("CREATE TABLE public.products");
}

/** A second up: nothing changes, no server starts, the seed stays byte for byte. */
async function secondUp(p: Project): Promise<void> {
  const before = fs.readFileSync(path.join(p.app, "seed-db.sql"));
  const tmp = p.freshPgTmp();
  const r = await pulumi(p, ["up", "--yes", "--stack", "dev"], { PGSEED_TMP: tmp });
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["5 unchanged"]);
  expect(serverTraces(tmp)).toEqual([]);
  expect(fs.readFileSync(path.join(p.app, "seed-db.sql")).equals(before)).toBe(true);
}

/** destroy: every resource of the stack goes, the seed file (the repository's) stays. */
async function destroy(p: Project): Promise<void> {
  const before = fs.readFileSync(path.join(p.app, "seed-db.sql"));
  const r = await pulumi(p, ["destroy", "--yes", "--stack", "dev"]);
  expect(r.exitCode).toBe(0);
  expect(counts(r.output)).toEqual(["- 5 deleted"]);
  expect(fs.readFileSync(path.join(p.app, "seed-db.sql")).equals(before)).toBe(true);
}

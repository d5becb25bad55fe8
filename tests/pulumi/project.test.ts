/** Pulumi.yaml's config block mirrors SETTINGS_SCHEMA; every example stack resolves cleanly. */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { SETTINGS_SCHEMA, readStackSettings, resolveSettings } from "../../config";

const root = path.resolve(__dirname, "../..");
const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as any;
export const STACKS = ["dev", "ci-fleet", "multi"];

test("project: name and TypeScript runtime", () => {
  expect(project.name).toBe("pgseed");
  expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
});

test("config block equals SETTINGS_SCHEMA: keys, types, defaults, secret flags", () => {
  expect(Object.keys(project.config)).toEqual(Object.keys(SETTINGS_SCHEMA));
  for (const [key, field] of Object.entries(SETTINGS_SCHEMA) as Array<[string, any]>) {
    const decl = project.config[key];
    expect({ key, type: decl.type, description: decl.description }).toEqual({ key, type: field.kind, description: field.description });
    expect({ key, default: decl.default }).toEqual({ key, default: field.default });
    expect({ key, secret: decl.secret ?? false }).toEqual({ key, secret: field.secret ?? false });
    if (field.kind === "array") expect(decl.items).toEqual({ type: "string" });
  }
});

test.each(STACKS)("stack %s resolves through config.ts", (stack) => {
  const s = resolveSettings(readStackSettings(root, stack), root);
  expect(s.appDir).toBe(path.join(root, "examples/django-blog"));
});

test("the stacks do what their names say", () => {
  const get = (stack: string) => resolveSettings(readStackSettings(root, stack), root);
  expect(get("dev")).toMatchObject({ instances: 1, dockerHosts: [], ci: { enabled: false } });
  expect(get("ci-fleet").ci).toMatchObject({ enabled: true, repositories: ["acme/blog", "acme/blog-admin"], runsOn: ["self-hosted", "linux", "x64"], branch: "main" });
  expect(get("multi")).toMatchObject({ instances: 3, dockerHosts: [expect.stringMatching(/^ssh:/), expect.stringMatching(/^ssh:/)] });
});

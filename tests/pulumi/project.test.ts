/**
 * Pulumi.yaml's config block is derived from the settings declaration; every example stack resolves
 * cleanly.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { SETTINGS, pulumiConfigBlock, readStackSettings, resolveSettings } from "../../config";

const root = path.resolve(__dirname, "../..");
const project = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as any;
export const STACKS = ["dev", "ci-fleet", "multi"];

test("project: name and TypeScript runtime", () => {
  expect(project.name).toBe("pgseed");
  expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
});

test("config block is the one derived from the settings declaration (PGSEED_WRITE_DOCS=1 rewrites it)", () => {
  if (process.env.PGSEED_WRITE_DOCS === "1") {
    const text = fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8");
    const head = text.slice(0, text.indexOf("\nconfig:\n") + 1);
    fs.writeFileSync(
      path.join(root, "Pulumi.yaml"),
      head + yaml.dump({ config: pulumiConfigBlock() }, { lineWidth: -1 }),
    );
  }
  const written = yaml.load(fs.readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as any;
  expect(written.config).toEqual(pulumiConfigBlock());
  // Every declared setting is there but the secrets, which are set per stack.
  expect(Object.keys(written.config)).toEqual(
    Object.keys(SETTINGS).filter((k) => !("secret" in (SETTINGS as any)[k])),
  );
  for (const decl of Object.values(written.config) as any[]) expect(decl).toHaveProperty("default");
});

test.each(STACKS)("stack %s resolves through config.ts", (stack) => {
  const s = resolveSettings(readStackSettings(root, stack), root);
  expect(s.engine.appDir).toBe(path.join(root, "examples/django-blog"));
});

test("the stacks do what their names say", () => {
  const get = (stack: string) => resolveSettings(readStackSettings(root, stack), root);
  expect(get("dev")).toMatchObject({
    deploy: { instances: 1, dockerHosts: [] },
    ci: { enabled: false },
  });
  expect(get("ci-fleet").ci).toMatchObject({
    enabled: true,
    repositories: ["acme/blog", "acme/blog-admin"],
    runsOn: ["self-hosted", "linux", "x64"],
    branch: "main",
  });
  expect(get("multi").deploy).toMatchObject({
    instances: 3,
    dockerHosts: [expect.stringMatching(/^ssh:/), expect.stringMatching(/^ssh:/)],
  });
});

/** index.ts under Pulumi.ci-fleet.yaml: a workflow and a secret per fleet repository. */
import { sharedChecks } from "./indexStack";
import { isWrappedSecret } from "./mocks";

const stack = sharedChecks("ci-fleet", true);
describe("stack ci-fleet", () => {
  stack.test();
  it("writes the workflow and the secret to each repository", () => {
    const { recorded, outputs } = stack.get();
    const files = recorded.filter((r) => r.type === "github:index/repositoryFile:RepositoryFile");
    expect(files.map((f) => [f.inputs.repository, f.inputs.file])).toEqual([
      ["blog", ".github/workflows/pgseed.yml"],
      ["blog-admin", ".github/workflows/pgseed.yml"],
    ]);
    expect(files[0].inputs.content).toContain("- self-hosted");
    expect(
      recorded.filter((r) => r.type === "github:index/actionsSecret:ActionsSecret"),
    ).toHaveLength(2);
    const providers = recorded.filter((r) => r.type === "pulumi:providers:github");
    expect(providers.map((p) => p.inputs.owner)).toEqual(["acme"]);
    // the stack's github:token, handed over as a secret
    expect(isWrappedSecret(providers[0].inputs.token)).toBe(true);
    expect(outputs.workflowPaths!.value).toEqual([
      "acme/blog:.github/workflows/pgseed.yml",
      "acme/blog-admin:.github/workflows/pgseed.yml",
    ]);
  });
});

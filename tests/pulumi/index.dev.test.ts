/** index.ts under Pulumi.dev.yaml: the example app, local Docker, one instance, no CI. */
import { sharedChecks } from "./indexStack";

const stack = sharedChecks("dev", false);
describe("stack dev", () => {
  stack.test();
  it("one instance on the local engine at 127.0.0.1:15432 (not a local server's 5432), no CI resources", () => {
    const { recorded, outputs } = stack.get();
    const containers = recorded.filter((r) => r.type === "docker:index/container:Container");
    expect(containers.map((c) => [c.name, c.inputs.ports[0]])).toEqual([
      ["pgseed-db-0", { internal: 5432, external: 15432, ip: "127.0.0.1" }],
    ]);
    expect(recorded.filter((r) => r.type === "pulumi:providers:docker")).toEqual([]);
    expect(recorded.filter((r) => r.type.startsWith("github:"))).toEqual([]);
    expect(outputs).not.toHaveProperty("workflowPaths");
  });
});

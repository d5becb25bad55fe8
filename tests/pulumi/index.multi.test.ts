/** index.ts under Pulumi.multi.yaml: three instances on each of two Docker hosts. */
import { sharedChecks } from "./indexStack";

const stack = sharedChecks("multi", false);
describe("stack multi", () => {
  stack.test();
  it("one docker provider per host, three distinct instances on each", () => {
    const { recorded, outputs } = stack.get();
    expect(
      recorded.filter((r) => r.type === "pulumi:providers:docker").map((p) => p.inputs.host),
    ).toEqual(["ssh://deploy@db1.example.internal", "ssh://deploy@db2.example.internal"]);
    const containers = recorded.filter((r) => r.type === "docker:index/container:Container");
    expect(containers.map((c) => c.name)).toEqual([
      "pgseed-db-h0-0",
      "pgseed-db-h0-1",
      "pgseed-db-h0-2",
      "pgseed-db-h1-0",
      "pgseed-db-h1-1",
      "pgseed-db-h1-2",
    ]);
    expect(new Set(containers.map((c) => c.inputs.volumes[0].volumeName)).size).toBe(6);
    expect(containers.map((c) => c.inputs.ports[0].external)).toEqual([
      15432, 15433, 15434, 15432, 15433, 15434,
    ]);
    expect(outputs.instanceUrls!.value).toHaveLength(6);
    expect(outputs.instanceUrls!.value[3]).toMatch(/@db2\.example\.internal:15432\/app$/);
  });
});

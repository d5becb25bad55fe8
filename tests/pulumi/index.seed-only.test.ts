/** index.ts under Pulumi.seed-only.yaml: instances 0 and CI off: SeedDump and nothing else. */
import { sharedChecks } from "./indexStack";

const stack = sharedChecks("seed-only", false);
describe("stack seed-only", () => {
  stack.test();
  it("registers the seed only: no container, image, password or GitHub resource", () => {
    const { recorded, outputs } = stack.get();
    expect(recorded.map((r) => r.type)).toEqual([
      "pgseed:index:Pgseed",
      "pulumi-nodejs:dynamic/pgseed:SeedDump",
    ]);
    for (const absent of ["instanceUrls", "instanceFingerprints", "workflowPaths"])
      expect(outputs).not.toHaveProperty(absent);
  });
});

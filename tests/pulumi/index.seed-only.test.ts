/** index.ts under Pulumi.seed-only.yaml: instances 0 and CI off: SeedDump and nothing else. */
import { sharedChecks } from "./indexStack";

const stack = sharedChecks("seed-only", false);
describe("stack seed-only", () => {
  stack.test();
  it("registers the seed only: no container, image, password or GitHub resource", () => {
    const { recorded, outputs } = stack.get();
    expect(recorded.map((r) => r.type)).toEqual(["pulumi-nodejs:dynamic/pgseed:SeedDump"]);
    expect(outputs.instanceUrls.value).toEqual([]);
    expect(outputs.instanceFingerprints.value).toEqual([]);
    expect(outputs.workflowPaths.value).toEqual([]);
  });
});

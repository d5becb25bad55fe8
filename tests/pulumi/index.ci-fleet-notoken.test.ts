/**
 * index.ts under Pulumi.ci-fleet.yaml with no GitHub token: the missing secret fails the preview
 * before any resource but the component itself, in the config's terms.
 */
import { Recorded, setupMocks, setStackConfig, settled } from "./mocks";

test("a CI stack without github:token or GITHUB_TOKEN fails naming the secret and the fix", async () => {
  const recorded: Recorded[] = [];
  await setupMocks(recorded, "ci-fleet");
  setStackConfig("ci-fleet");
  const saved = process.env.GITHUB_TOKEN;
  delete process.env.GITHUB_TOKEN;
  try {
    await expect(import("../../index")).rejects.toThrow(
      /ciEnabled is true but no GitHub token is set\n  fix: pulumi config set --secret github:token <token> \(or export GITHUB_TOKEN=<token>\), or set ciEnabled false/,
    );
  } finally {
    if (saved !== undefined) process.env.GITHUB_TOKEN = saved;
  }
  await settled();
  expect(recorded.map((r) => r.type)).toEqual(["pgseed:index:Pgseed"]);
});

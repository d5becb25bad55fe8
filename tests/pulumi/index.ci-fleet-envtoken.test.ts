/**
 * index.ts under Pulumi.ci-fleet.yaml with the token only in GITHUB_TOKEN: it reaches the providers
 * as a secret.
 */
import { Recorded, isWrappedSecret, plainText, setupMocks, setStackConfig, settled } from "./mocks";

test("GITHUB_TOKEN from the environment is wrapped as a secret before the github provider", async () => {
  const token = "ghp_env-token-1e2d3c";
  const recorded: Recorded[] = [];
  await setupMocks(recorded, "ci-fleet");
  setStackConfig("ci-fleet", { "pgseed:postgresPassword": "pw-env-test" }, [
    "pgseed:postgresPassword",
  ]);
  const saved = process.env.GITHUB_TOKEN;
  process.env.GITHUB_TOKEN = token;
  try {
    await import("../../index");
    await settled();
  } finally {
    if (saved === undefined) delete process.env.GITHUB_TOKEN;
    else process.env.GITHUB_TOKEN = saved;
  }
  const providers = recorded.filter((r) => r.type === "pulumi:providers:github");
  expect(providers).toHaveLength(1);
  expect(isWrappedSecret(providers[0].inputs.token)).toBe(true);
  for (const r of recorded) expect(plainText(r.inputs)).not.toContain(token);
});

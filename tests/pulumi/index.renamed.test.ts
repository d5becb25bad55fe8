/**
 * index.ts refuses pgseed: keys it does not declare, as the CLI does: the Pulumi CLI passes them
 * through, and a silently ignored `keepData: true` would reseed (replace) the instances' volumes.
 * The error is the component's (the engine names it), in the config's terms, with no stack.
 */
import { Recorded, setupMocks, setStackConfig, settled } from "./mocks";

test.each([
  ["pgseed:keepData", "true", /keepData was replaced by onSeedChange: set onSeedChange: keep/],
  ["pgseed:ciPreseededImage", "ghcr.io/acme/db", /ciPreseededImage was renamed preseededImage/],
  ["pgseed:instanecs", "2", /unknown setting "instanecs"/],
])(
  "%s in the stack: the program stops before any child resource, naming it",
  async (key, value, message) => {
    jest.resetModules();
    const recorded: Recorded[] = [];
    await setupMocks(recorded, "dev");
    setStackConfig("dev", { "pgseed:postgresPassword": "pw-renamed", [key]: value }, [
      "pgseed:postgresPassword",
    ]);
    let error: Error | undefined;
    try {
      await import("../../index");
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).toMatch(message);
    expect(error?.message).toMatch(/pulumi config set pgseed:<key> <value>/);
    expect((error as { hideStack?: boolean }).hideStack).toBe(true);
    await settled();
    expect(recorded.map((r) => r.type)).toEqual(["pgseed:index:Pgseed"]);
  },
);

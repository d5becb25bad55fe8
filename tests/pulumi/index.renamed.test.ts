/**
 * index.ts refuses pgseed: keys it does not declare, as the CLI does: the Pulumi CLI passes them
 * through, and a silently ignored `keepData: true` would reseed (replace) the instances' volumes.
 */
import { Recorded, setupMocks, setStackConfig } from "./mocks";

test.each([
  ["pgseed:keepData", "true", /keepData was replaced by onSeedChange: set onSeedChange: keep/],
  ["pgseed:ciPreseededImage", "ghcr.io/acme/db", /ciPreseededImage was renamed preseededImage/],
  ["pgseed:instanecs", "2", /unknown setting "instanecs"/],
])(
  "%s in the stack: the program stops before any resource, naming it",
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
    expect(recorded).toEqual([]);
  },
);

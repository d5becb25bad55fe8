/** The engine tier fails, naming the recipe, when the CLI has not been built (it never skips). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

test("no built CLI: a clear error that names bash scripts/build-pulumi.sh", () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-nocli-"));
  const saved = process.env.PGSEED_CACHE;
  process.env.PGSEED_CACHE = empty;
  try {
    jest.isolateModules(() => {
      const { requireCli } = require("./engine") as typeof import("./engine");
      expect(() => requireCli()).toThrow(
        /the Pulumi CLI v3\.\d+\.\d+ is not built: .*bin\/pulumi,[\s\S]*missing\n  fix: bash scripts\/build-pulumi\.sh/,
      );
    });
  } finally {
    if (saved === undefined) delete process.env.PGSEED_CACHE;
    else process.env.PGSEED_CACHE = saved;
    fs.rmSync(empty, { recursive: true, force: true });
  }
});

test("the built CLI is the pinned version and finds its language host and the dynamic provider", async () => {
  const { BIN, requireCli } = require("./engine") as typeof import("./engine");
  requireCli();
  const execa = require("execa");
  const v = await execa(path.join(BIN, "pulumi"), ["version"]);
  expect(v.stdout.trim()).toBe(`v${require("@pulumi/pulumi/package.json").version}`);
});

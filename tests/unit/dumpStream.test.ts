import execa from "execa";
import { PgseedError } from "../../seed/core/errors";
import { dumpStreamOf } from "../../seed/servers/dumpStream";

const failure = (code: number | null, stderr: string) =>
  new PgseedError(`pg_dump failed with exit code ${code}: ${stderr.trim()}`, "see above");
const run = (script: string) =>
  dumpStreamOf(execa("sh", ["-c", script], { reject: false, buffer: false }), failure);

async function read(stream: AsyncIterable<Buffer>): Promise<string> {
  let text = "";
  for await (const chunk of stream) text += chunk;
  return text;
}

describe("dumpStreamOf", () => {
  test("a dump that exits 0 yields all of its output", async () => {
    expect(await read(run("printf 'a\\nb\\n'"))).toBe("a\nb\n");
  });

  test("a dump that exits 1 after output fails with its message, never passes as whole", async () => {
    await expect(read(run("echo partial; echo 'injected' >&2; exit 1"))).rejects.toThrow(
      /exit code 1: injected/,
    );
  });

  test("a dump that fails before anyone reads: the reader gets the error, nothing is uncaught", async () => {
    const uncaught: Error[] = [];
    const onUncaught = (e: Error) => uncaught.push(e);
    process.on("uncaughtException", onUncaught);
    try {
      const stream = run("echo early >&2; exit 3");
      // the writer opening its temp file, on a loaded machine
      await new Promise((r) => setTimeout(r, 300));
      await expect(read(stream)).rejects.toThrow(/exit code 3: early/);
      expect(uncaught).toEqual([]);
    } finally {
      process.off("uncaughtException", onUncaught);
    }
  });
});

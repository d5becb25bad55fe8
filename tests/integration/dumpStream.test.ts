/** dumpStreamOf over real child processes (sh standing in for pg_dump). */
import execa from "execa";
import { PgseedError } from "../../seed/core/errors";
import { dumpStreamOf } from "../../seed/servers/dumpStream";

const failure = (code: number | null, stderr: string) =>
  new PgseedError(`pg_dump failed with exit code ${code}: ${stderr.trim()}`, "see above");
const start = (script: string) => execa("sh", ["-c", script], { reject: false, buffer: false });
const run = (script: string) => dumpStreamOf(start(script), failure);

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
    const child = start("echo early >&2; exit 3");
    const stream = dumpStreamOf(child, failure);
    // The race made certain: the dump has exited and the stream has failed, and its 'error' has
    // been emitted (on the tick after destroy), before any reader. An error nobody listened to
    // would fail this test as an unhandled error.
    await child;
    while (!stream.destroyed) await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    await expect(read(stream)).rejects.toThrow(/exit code 3: early/);
  });
});

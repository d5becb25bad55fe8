/** What the small CLI benches share: run `node bin/pgseed` and time it, medians, result files. */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";

export const ROOT = path.resolve(__dirname, "..", "..");
const CLI = path.join(ROOT, "bin", "pgseed");
const now = () => Number(process.hrtime.bigint()) / 1e9;
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** One CLI run, timed; a failure stops the bench with the CLI's own words. */
export async function timedCli(args: string[]): Promise<{ seconds: number; log: string }> {
  const start = now();
  const r = await execa("node", [CLI, ...args], { reject: false });
  if (r.exitCode !== 0) throw new Error(`pgseed ${args.join(" ")} failed:\n${r.stderr}`);
  return { seconds: now() - start, log: r.stderr };
}

/** Prints the markdown and writes bench/<name>-results.md and .json, with the machine's load. */
export function writeResults(name: string, markdown: string, data: object): void {
  const text = `${markdown}\n\nMachine: ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)} at the end.\n`;
  console.log(text);
  fs.writeFileSync(path.join(ROOT, "bench", `${name}-results.md`), text);
  fs.writeFileSync(
    path.join(ROOT, "bench", `${name}-results.json`),
    JSON.stringify({ ...data, loadAverage: os.loadavg() }, null, 2) + "\n",
  );
}

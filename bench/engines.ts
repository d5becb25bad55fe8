/**
 * regenerate through the Docker server (the target image) against local binaries, side by side,
 * through the CLI: the example apps, `--force`, interleaved, median of N; the seeds must be
 * byte-identical (same PostgreSQL minor: the test image is built from the host's packages).
 * Prints a table; writes bench/engines-results.md and .json.
 *   node .bench/bench/engines.js [runs=5]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median, ROOT, timedCli, writeResults } from "./cliRuns";

const RUNS = Number(process.argv[2] ?? 5);
const APPS: Array<[string, string[]]> = [
  ["django-blog", []],
  [
    "sql-app",
    [
      "--preset",
      "custom",
      "--migrations",
      "migrations/*.sql",
      "--migrate-command",
      "sh migrate.sh",
    ],
  ],
];

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-bench-engines-"));
  const rows: string[] = [];
  const data: Record<string, unknown> = {};
  try {
    for (const [app, flags] of APPS) {
      const dirs = {
        local: path.join(work, `${app}-local`),
        docker: path.join(work, `${app}-docker`),
      };
      for (const dir of Object.values(dirs))
        fs.cpSync(path.join(ROOT, "examples", app), dir, { recursive: true });
      const samples = { local: [] as number[], docker: [] as number[] };
      for (let i = 0; i < RUNS; i++) {
        for (const engine of (i % 2 ? ["docker", "local"] : ["local", "docker"]) as Array<
          "local" | "docker"
        >) {
          samples[engine].push(
            (
              await timedCli([
                "regenerate",
                "--force",
                "--quiet",
                "--engine",
                engine,
                "--app-dir",
                dirs[engine],
                ...flags,
              ])
            ).seconds,
          );
        }
      }
      const identical = fs
        .readFileSync(path.join(dirs.local, "seed-db.sql"))
        .equals(fs.readFileSync(path.join(dirs.docker, "seed-db.sql")));
      const [l, d] = [median(samples.local), median(samples.docker)];
      rows.push(
        `| ${app} | ${l.toFixed(2)} | ${d.toFixed(2)} | ${(d / l).toFixed(2)}× | ${identical ? "yes" : "NO"} |`,
      );
      data[app] = { samples, identical };
      if (!identical) process.exitCode = 1;
    }
    const table = [
      `| app (regenerate --force through \`node bin/pgseed\`, median of ${RUNS}) | --engine local, s | --engine docker, s | docker / local | same bytes |`,
      "|---|---:|---:|---:|---|",
      ...rows,
    ].join("\n");
    writeResults("engines", `# regenerate: Docker server vs local binaries\n\n${table}`, data);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

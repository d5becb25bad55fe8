/**
 * Incremental regenerate against a from-scratch one, through the CLI as users run it: a generated
 * Django project of 134 migrations (120 of its own, 14 of contrib auth and contenttypes; the
 * target's size) and one of 514, whose seed is current, then 2 migrations added. Each run starts
 * from copies holding the old seed; the two
 * ways run interleaved, median of N; the resulting seeds must be byte-identical.
 * Prints a table; writes bench/incremental-results.md and .json.
 *   node .bench/bench/incremental.js [runs=5]
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { generateDjangoApp } from "./genapp";
import { median, timedCli, writeResults } from "./cliRuns";

const RUNS = Number(process.argv[2] ?? 5);

const ADDED: Array<[string, string]> = [
  [
    "app001/migrations/0011_item_extra.py",
    'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("app001", "0010_item_ref")]\n    operations = [migrations.AddField(model_name="item", name="extra", field=models.IntegerField(default=0))]\n',
  ],
  [
    "app002/migrations/0011_detail_flag.py",
    'from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [("app002", "0010_item_ref")]\n    operations = [migrations.AddField(model_name="detail", name="flag", field=models.BooleanField(default=False))]\n',
  ],
];

const regenerate = (app: string, extra: string[]) =>
  timedCli(["regenerate", "--app-dir", app, ...extra]);

/** Own migrations per project: 120 (+14 contrib = the target's 134) and, beside it, 500 (514). */
const SIZES = [120, 500];

interface SizeResult {
  total: number;
  incremental: number;
  scratch: number;
  ratio: number;
  identical: boolean;
  how: string;
  samples: { incremental: number[]; scratch: number[] };
}

async function measure(work: string, own: number): Promise<SizeResult> {
  const base = path.join(work, `base-${own}`);
  generateDjangoApp(base, own);
  await regenerate(base, ["--from-scratch", "--quiet"]);
  const samples = { incremental: [] as number[], scratch: [] as number[] };
  let identical = true;
  let how = "";
  for (let i = 0; i < RUNS; i++) {
    const copies = ["inc", "scratch"].map((name) => {
      const dir = path.join(work, `${name}-${own}-${i}`);
      fs.cpSync(base, dir, { recursive: true });
      for (const [rel, text] of ADDED) fs.writeFileSync(path.join(dir, rel), text);
      return dir;
    });
    // Alternate which goes first, so neither always meets a warmer cache.
    const order: Array<"incremental" | "scratch"> =
      i % 2 ? ["scratch", "incremental"] : ["incremental", "scratch"];
    for (const way of order) {
      const r = await regenerate(
        way === "incremental" ? copies[0] : copies[1],
        way === "incremental" ? [] : ["--from-scratch"],
      );
      samples[way].push(r.seconds);
      if (way === "incremental")
        how = r.log.split("\n").find((l) => /incremental:|from scratch:/.test(l)) ?? "";
    }
    identical &&= fs
      .readFileSync(path.join(copies[0], "seed-db.sql"))
      .equals(fs.readFileSync(path.join(copies[1], "seed-db.sql")));
  }
  const incremental = median(samples.incremental);
  const scratch = median(samples.scratch);
  return {
    total: own + 14,
    incremental,
    scratch,
    ratio: incremental / scratch,
    identical,
    how,
    samples,
  };
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-bench-incremental-"));
  try {
    const results: SizeResult[] = [];
    for (const own of SIZES) results.push(await measure(work, own));
    const [target] = results;
    const table = [
      `| what (through \`node bin/pgseed\`, median of ${RUNS}) | ${results.map((r) => `${r.total} migrations`).join(" | ")} |`,
      `|---|${results.map(() => "---:").join("|")}|`,
      `| regenerate, 2 migrations added (incremental) | ${results.map((r) => `${r.incremental.toFixed(2)} s`).join(" | ")} |`,
      `| regenerate --from-scratch, same project | ${results.map((r) => `${r.scratch.toFixed(2)} s`).join(" | ")} |`,
      `| ratio incremental / from scratch | ${results.map((r) => `${r.ratio.toFixed(2)}×`).join(" | ")} |`,
      `| byte-identical seeds in every run | ${results.map((r) => (r.identical ? "yes" : "NO")).join(" | ")} |`,
    ].join("\n");
    const verdict = `Target (issue 13): at ${target.total} migrations ≤ 0.5×: ${target.ratio.toFixed(2)}× (${target.ratio <= 0.5 ? "holds" : "does not hold"}). The ${results[1].total}-migration column stands beside it.`;
    writeResults(
      "incremental",
      `# Incremental regenerate\n\n${table}\n\n${verdict}\n\nWhat it said: \`${target.how.trim()}\``,
      { results },
    );
    if (results.some((r) => !r.identical)) process.exitCode = 1;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

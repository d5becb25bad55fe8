/**
 * Incremental regenerate against a from-scratch one, through the CLI as users run it: a generated
 * Django project of 134 migrations (120 of its own, 14 of contrib auth and contenttypes; the
 * target's size) and one of 514, whose seed is current, then a change: 2 migrations added to two
 * apps, or a new app (its first 2 migrations) appended to INSTALLED_APPS. Each run starts from
 * copies holding the old seed; the two ways run interleaved, median of N; the resulting seeds
 * must be byte-identical.
 * Prints a table; writes bench/incremental-results.md and .json.
 *   node .bench/bench/incremental.js [runs=5]   (or BENCH_RUNS=N)
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { addDjangoApp, generateDjangoApp } from "./genapp";
import { median, timedCli, writeResults } from "./cliRuns";

const RUNS = Math.max(1, Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 5));

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

/** What arrives in the project between the seed and the regenerate. */
const CHANGES = {
  migrations: {
    label: "2 migrations added",
    apply: (dir: string) => {
      for (const [rel, text] of ADDED) fs.writeFileSync(path.join(dir, rel), text);
    },
  },
  app: { label: "a new app appended", apply: (dir: string) => addDjangoApp(dir, "newapp") },
};
type Change = keyof typeof CHANGES;

/** Own migrations per project: 120 (+14 contrib = the target's 134) and, beside it, 500 (514). */
const SIZES = [120, 500];

interface SizeResult {
  total: number;
  change: Change;
  incremental: number;
  scratch: number;
  ratio: number;
  identical: boolean;
  how: string;
  samples: { incremental: number[]; scratch: number[] };
}

async function measure(
  work: string,
  base: string,
  own: number,
  change: Change,
): Promise<SizeResult> {
  const samples = { incremental: [] as number[], scratch: [] as number[] };
  let identical = true;
  let how = "";
  for (let i = 0; i < RUNS; i++) {
    const copies = ["inc", "scratch"].map((name) => {
      const dir = path.join(work, `${name}-${own}-${change}-${i}`);
      fs.cpSync(base, dir, { recursive: true });
      CHANGES[change].apply(dir);
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
    for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
  }
  const incremental = median(samples.incremental);
  const scratch = median(samples.scratch);
  return {
    total: own + 14,
    change,
    incremental,
    scratch,
    ratio: incremental / scratch,
    identical,
    how,
    samples,
  };
}

const rowsOf = (results: SizeResult[], change: Change) => {
  const of = results.filter((r) => r.change === change);
  const cells = (f: (r: SizeResult) => string) => of.map(f).join(" | ");
  return [
    `| regenerate, ${CHANGES[change].label} (incremental) | ${cells((r) => `${r.incremental.toFixed(2)} s`)} |`,
    `| regenerate --from-scratch, same project | ${cells((r) => `${r.scratch.toFixed(2)} s`)} |`,
    `| ratio incremental / from scratch | ${cells((r) => `${r.ratio.toFixed(2)}×`)} |`,
    `| byte-identical seeds in every run | ${cells((r) => (r.identical ? "yes" : "NO"))} |`,
  ];
};

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-bench-incremental-"));
  try {
    const results: SizeResult[] = [];
    for (const own of SIZES) {
      const base = path.join(work, `base-${own}`);
      generateDjangoApp(base, own);
      await regenerate(base, ["--from-scratch", "--quiet"]);
      for (const change of Object.keys(CHANGES) as Change[])
        results.push(await measure(work, base, own, change));
    }
    const sizes = results.filter((r) => r.change === "migrations");
    const table = [
      `| what (through \`node bin/pgseed\`, median of ${RUNS}) | ${sizes.map((r) => `${r.total} migrations`).join(" | ")} |`,
      `|---|${sizes.map(() => "---:").join("|")}|`,
      ...rowsOf(results, "migrations"),
      ...rowsOf(results, "app"),
    ].join("\n");
    const verdicts = (Object.keys(CHANGES) as Change[]).map((change) => {
      const t = results.find((r) => r.change === change && r.total === 134)!;
      return `- ${CHANGES[change].label}: at ${t.total} migrations ≤ 0.5×: ${t.ratio.toFixed(2)}× (${t.ratio <= 0.5 ? "holds" : "does not hold"}); bytes identical: ${t.identical ? "yes" : "NO"}. It said: \`${t.how.trim()}\``;
    });
    writeResults(
      "incremental",
      `# Incremental regenerate\n\n${table}\n\nTargets, the ${SIZES[1] + 14}-migration column beside them:\n${verdicts.join("\n")}`,
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

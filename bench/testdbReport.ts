/** bench/testdb.ts's tables: pure, from the samples. */

export interface Sample {
  /** Seconds from the command's start to its first test. */
  first: number;
  /** Seconds the whole command took. */
  total: number;
}

export interface SizeResult {
  size: string;
  migrations: number;
  runs: number;
  samples: Record<string, Sample[]>;
  /** scenario → method → whether every test ran against the new schema. */
  correct: Record<string, Record<string, boolean>>;
  /** The plugin's own parts of the hot path (seconds): head, fresh, template, copy. */
  hot?: Record<string, number[]>;
}

export const ROWS: Array<[string, string]> = [
  ["plugin.warm", "`pytest -n 4 --pgseed`, template present"],
  ["plugin.cold", "`pytest -n 4 --pgseed`, template missing (first run after a new seed)"],
  ["create", "`pytest -n 4 --create-db` (every worker migrates from scratch)"],
  ["reuse", "`pytest -n 4 --reuse-db`, warm (workers keep their databases; migrate finds nothing)"],
  ["mci", "`pytest -n 4 --migrateci --reuse-db`, warm cache (django-migrations-ci)"],
  ["manage", "`manage.py test --parallel 4` (migrate, then a clone per worker)"],
  ["runner", "`manage.py test --parallel 4`, `PgseedTestRunner`, template present"],
];

const median = (xs: number[]) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (s: number) =>
  Number.isNaN(s)
    ? "–"
    : s < 0.01
      ? `${(s * 1000).toFixed(1)} ms`
      : s < 1
        ? `${(s * 1000).toFixed(0)} ms`
        : `${s.toFixed(2)} s`;
const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;

/** size → method → median first-test and total seconds. */
export function medianOf(results: SizeResult[]) {
  const out: Record<string, Record<string, { first: number; total: number }>> = {};
  for (const r of results) {
    out[r.size] = {};
    for (const [key, xs] of Object.entries(r.samples))
      out[r.size][key] = {
        first: median(xs.map((x) => x.first)),
        total: median(xs.map((x) => x.total)),
      };
  }
  return out;
}

function timesTable(results: SizeResult[]): string {
  const m = medianOf(results);
  const head = results.map((r) => `${r.size} (${r.migrations} migr.)`);
  let md = `| method (time to first test; whole run) | ${head.join(" | ")} |\n|---|${head.map(() => "---:").join("|")}|\n`;
  for (const [key, label] of ROWS) {
    const cells = results.map((r) => {
      const v = m[r.size][key];
      const reuse = m[r.size].reuse;
      return v ? `${fmt(v.first)} (${ratio(v.first, reuse.first)}); ${fmt(v.total)}` : "–";
    });
    md += `| ${label} | ${cells.join(" | ")} |\n`;
  }
  return md;
}

function targetsTable(results: SizeResult[]): string {
  const m = medianOf(results);
  const rows = ["| target | app | measured | holds |", "|---|---|---|---|"];
  for (const r of results) {
    const t = m[r.size];
    if (r.migrations >= 200) {
      const [p, q] = [t["plugin.warm"].first, t.reuse.first];
      rows.push(
        `| plugin, template present ≤ 1.1× \`--reuse-db\` warm (200+ migrations) | ${r.size} | ${fmt(p)} vs ${fmt(q)} (${ratio(p, q)}) | ${p <= 1.1 * q ? "yes" : "**no**"} |`,
      );
    }
    const [c, d] = [t["plugin.cold"].first, t.create.first];
    rows.push(
      `| first run after a new seed ≤ 0.25× \`--create-db\` | ${r.size} | ${fmt(c)} vs ${fmt(d)} (${ratio(c, d)}) | ${c <= 0.25 * d ? "yes" : "**no**"} |`,
    );
    const always = Object.values(r.correct).every((s) => s["plugin.warm"] && s.runner);
    rows.push(
      `| the plugin and the runner always run against the current schema | ${r.size} | ${always ? "both scenarios" : "**not in every scenario**"} | ${always ? "yes" : "**no**"} |`,
    );
  }
  return rows.join("\n") + "\n";
}

function correctnessTable(results: SizeResult[]): string {
  const scenarios: Array<[string, string]> = [
    ["added", "a new migration (seed regenerated)"],
    ["changed", "a branch switch: the same migration name, another column (seed regenerated)"],
  ];
  const cols = results.flatMap((r) => scenarios.map(([s]) => `${r.size}: ${s}`));
  let md = `| method | ${cols.join(" | ")} |\n|---|${cols.map(() => ":---:").join("|")}|\n`;
  // The plugin's and the runner's first run after a change: their template is the new seed's.
  const named: Record<string, string> = {
    "plugin.warm": "`pytest -n 4 --pgseed`",
    runner: "`manage.py test --parallel 4`, `PgseedTestRunner`",
  };
  for (const [key, row] of ROWS.filter(([k]) => k !== "plugin.cold")) {
    const label = named[key] ?? row;
    const cells = results.flatMap((r) =>
      scenarios.map(([s]) =>
        r.correct[s]?.[key] === undefined
          ? "–"
          : r.correct[s][key]
            ? "new schema"
            : "**old schema**",
      ),
    );
    md += `| ${label} | ${cells.join(" | ")} |\n`;
  }
  return md + scenarios.map(([s, what]) => `- ${s}: ${what}`).join("\n") + "\n";
}

function hotTable(results: SizeResult[]): string {
  const parts: Array<[string, string]> = [
    ["head", "read the seed's header and inputs line"],
    ["fresh", "freshness check (the migration graph from disk; once, in the controller)"],
    ["template", "template lookup, present (connect, 2 queries)"],
    ["copy", "one `CREATE DATABASE … TEMPLATE` + comment (each worker)"],
  ];
  const done = results.filter((r) => r.hot);
  if (!done.length) return "not measured in this run\n";
  let md = `| part | ${done.map((r) => r.size).join(" | ")} |\n|---|${done.map(() => "---:").join("|")}|\n`;
  for (const [key, label] of parts)
    md += `| ${label} | ${done.map((r) => fmt(median(r.hot![key] ?? []))).join(" | ")} |\n`;
  return md;
}

export function report(results: SizeResult[], machine: Record<string, string>): string {
  return `# pgseed-testdb: time from the test command's start to its first test

One run of \`bench/testdb.ts\`; median of ${results[0]?.runs ?? "?"} runs per method, methods interleaved (rotating
order). Each command runs 8 TestCase classes (test_bench.py) on 4 workers; "first test" is the
earliest moment any test body started, measured from the command's start (process start, Django,
test databases included). Ratios are to \`pytest -n 4 --reuse-db\`, warm. Everything runs on
Django 5.2 (scripts/install-bench.sh's virtualenv) against the engine's throwaway server (/dev/shm,
fsync off), nothing else running beside it (its own 4 workers make the load average below).

${timesTable(results)}
## Targets

${targetsTable(results)}
## The plugin's own share (in one process, template present, median)

${hotTable(results)}
## Correctness: the first run after the change, which schema the tests saw

${correctnessTable(results)}
## Machine

${Object.entries(machine)
  .map(([k, v]) => `- ${k}: ${v}`)
  .join("\n")}
`;
}

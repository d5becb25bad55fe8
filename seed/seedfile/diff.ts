/**
 * Pure: where two pg_dump texts differ, told the way a person fixes it: which table, which
 * columns, which rows. Used by `regenerate --verify` to point at volatile data to normalize.
 */
import * as fs from "fs";
import { parseSeed } from "./format";

export interface TableDiff {
  table: string;
  columns: string[];
  rows: Array<{ first: string; second: string }>;
}

export interface DumpDiff {
  tables: TableDiff[];
  /** The first differing line outside COPY data (schema differences), if any. */
  schemaLine?: { first: string; second: string };
}

interface CopyBlock {
  columns: string[];
  rows: string[];
}

const COPY_RE = /^COPY (\S+) \((.*)\) FROM stdin;$/;

/** Splits a dump into its COPY blocks (by table) and the rest. */
function split(dump: string): { blocks: Map<string, CopyBlock>; rest: string[] } {
  const blocks = new Map<string, CopyBlock>();
  const rest: string[] = [];
  let current: CopyBlock | undefined;
  for (const line of dump.split("\n")) {
    if (current) {
      if (line === "\\.") current = undefined;
      else current.rows.push(line);
      continue;
    }
    const m = COPY_RE.exec(line);
    if (m) {
      current = { columns: m[2].split(", "), rows: [] };
      blocks.set(m[1], current);
    }
    rest.push(line);
  }
  return { blocks, rest };
}

export function diffDumps(first: string, second: string, maxRows = 5): DumpDiff {
  const a = split(first);
  const b = split(second);
  const tables: TableDiff[] = [];
  const names = [...new Set([...a.blocks.keys(), ...b.blocks.keys()])].sort();
  for (const table of names) {
    const x = a.blocks.get(table) ?? { columns: [], rows: [] };
    const y = b.blocks.get(table) ?? { columns: [], rows: [] };
    const columns = new Set<string>();
    const rows: TableDiff["rows"] = [];
    for (let i = 0; i < Math.max(x.rows.length, y.rows.length); i++) {
      const r1 = x.rows[i] ?? "";
      const r2 = y.rows[i] ?? "";
      if (r1 === r2) continue;
      const v1 = r1.split("\t");
      const v2 = r2.split("\t");
      x.columns.forEach((c, j) => v1[j] !== v2[j] && columns.add(c));
      if (rows.length < maxRows) rows.push({ first: r1, second: r2 });
    }
    if (rows.length) tables.push({ table, columns: [...columns], rows });
  }
  let schemaLine: DumpDiff["schemaLine"];
  for (let i = 0; i < Math.max(a.rest.length, b.rest.length); i++) {
    if (a.rest[i] !== b.rest[i]) {
      schemaLine = { first: a.rest[i] ?? "(end)", second: b.rest[i] ?? "(end)" };
      break;
    }
  }
  return { tables, schemaLine };
}

export function describeDiff(diff: DumpDiff): string {
  const parts = diff.tables.map(
    (t) =>
      `table ${t.table}, column(s) ${t.columns.join(", ")}:\n` +
      t.rows.map((r) => `      first:  ${r.first}\n      second: ${r.second}`).join("\n"),
  );
  if (diff.schemaLine)
    parts.push(
      `schema line:\n      first:  ${diff.schemaLine.first}\n      second: ${diff.schemaLine.second}`,
    );
  return parts.map((p) => `  - ${p}`).join("\n");
}

/**
 * Above this size a dump is not diffed in memory: --verify then says only that the dumps differ.
 */
export const DIFF_LIMIT_BYTES = 256 * 1024 * 1024;

/**
 * I/O edge of `--verify`: the diff of two staged seeds (seed/seedFile.ts writeSeedStream), called
 * only when their content hashes differ. Loads both into memory, so refuses above `limit`.
 */
export function describeFileDiff(first: string, second: string, limit = DIFF_LIMIT_BYTES): string {
  const sizes = [first, second].map((f) => fs.statSync(f).size);
  if (Math.max(...sizes) > limit) {
    return `  - the dumps are ${sizes.map((n) => `${(n / 1e6).toFixed(0)} MB`).join(" and ")}, too big to diff in memory (limit ${Math.round(limit / 1e6)} MB); diff a dump of each (pg_dump) to find the volatile rows`;
  }
  const sql = (f: string) => parseSeed(fs.readFileSync(f, "utf8"), f).sql;
  return describeDiff(diffDumps(sql(first), sql(second)));
}

/**
 * The seed file: a self-describing header, then plain SQL that loads in one transaction and ends
 * with a marker a live database can be asked for. Optionally gzip with no timestamp.
 * Pure: the format itself. Writing is in write.ts, reading in read.ts.
 */
import { PgseedError } from "../core/errors";
import type { SeedInputs } from "../inputs/fingerprint";
import { SEED_FORMAT_VERSION } from "../core/format";
import { majorOf } from "../core/version";
import { sha256 } from "../core/hash";

export interface SeedHeader {
  format: number;
  fingerprint: string;
  postgres: string;
  content: string;
}

/**
 * The marker: a comment on schema `public`. It travels with CREATE DATABASE … TEMPLATE, adds no
 * object to the app's schema, and is written last inside the transaction, so it exists only if
 * the whole seed loaded. Ask a live database:
 *   SELECT obj_description('public'::regnamespace, 'pg_namespace');  -- 'pgseed sha256:…'
 */
export const MARKER_QUERY = "SELECT obj_description('public'::regnamespace, 'pg_namespace')";
const MARKER_PREFIX = "pgseed ";
export const markerText = (fingerprint: string) => `${MARKER_PREFIX}${fingerprint}`;
/** The fingerprint a marker names, or undefined when the text is no pgseed marker. */
export function parseMarker(text: string | null | undefined): string | undefined {
  const m = /^pgseed (sha256:[0-9a-f]{64})$/.exec(text ?? "");
  return m?.[1];
}

/** A seed made by a newer major than the server: one message and one fix wherever it is found. */
export function newerSeedProblem(
  seedVersion: string,
  serverVersion: string,
): { message: string; fix: string } {
  return {
    message: `the seed was made by PostgreSQL ${seedVersion}, newer than the server (${serverVersion}); it may not load`,
    fix: `regenerate the seed with --postgres-version ${Math.floor(majorOf(serverVersion)) || "<server major>"}, or upgrade the server`,
  };
}

/**
 * Loads start with this guard: concurrent loads into one database queue on an advisory lock, and
 * the loser finds the marker and fails cleanly instead of colliding half-way.
 */
const LOAD_GUARD = `DO $pgseed$
BEGIN
  PERFORM pg_advisory_xact_lock(8675309);
  IF obj_description('public'::regnamespace, 'pg_namespace') LIKE '${MARKER_PREFIX}sha256:%' THEN
    RAISE EXCEPTION 'pgseed: this database is already seeded (%): load a seed only into an empty database',
      obj_description('public'::regnamespace, 'pg_namespace');
  END IF;
END
$pgseed$;`;

/**
 * What goes before and after the pg_dump body: a guard that serializes loads, then the marker and
 * COMMIT.
 */
export const wrapParts = (fingerprint: string, inputs?: SeedInputs) => ({
  prefix: `${inputs ? inputsLine(inputs) : ""}BEGIN;\n${LOAD_GUARD}\n\n`,
  suffix: `\n\nCOMMENT ON SCHEMA public IS '${markerText(fingerprint)}';\n\nCOMMIT;\n`,
});

/**
 * The body's first line records what the seed was made from (the recipe's hash and each input's
 * content hash), so a later regenerate can tell which migrations were only added. A comment:
 * psql and the official image skip it.
 */
const INPUTS_PREFIX = "-- pgseed inputs: ";
export const inputsLine = (inputs: SeedInputs) => `${INPUTS_PREFIX}${JSON.stringify(inputs)}\n`;

/** Pure: the inputs a seed body records, or undefined (a seed made before pgseed recorded them). */
export function parseInputs(body: string): SeedInputs | undefined {
  if (!body.startsWith(INPUTS_PREFIX)) return undefined;
  try {
    const value = JSON.parse(body.slice(INPUTS_PREFIX.length, body.indexOf("\n")));
    return typeof value?.recipe === "string" && value.files && typeof value.files === "object"
      ? (value as SeedInputs)
      : undefined;
  } catch {
    return undefined;
  }
}

export function renderHeader(h: Omit<SeedHeader, "format">): string {
  return [
    `-- pgseed seed v${SEED_FORMAT_VERSION}`,
    `-- fingerprint: ${h.fingerprint}`,
    `-- postgres: ${h.postgres}`,
    `-- content: ${h.content}`,
    "",
  ].join("\n");
}

/** A .gz seed is written as gzip with no name and mtime 0, so equal SQL gives equal bytes. */
export const isGzipPath = (file: string) => file.endsWith(".gz");
export interface ParsedSeed {
  header: SeedHeader;
  sql: string;
  contentOk: boolean;
}

/** Parses a seed's text; throws when it is not a pgseed seed at all. */
export function parseSeed(text: string, file: string): ParsedSeed {
  const { header, headerLength } = parseHeader(text, file);
  const sql = text.slice(headerLength);
  return { header, sql, contentOk: sha256(sql) === header.content };
}

/**
 * The 4-line header at the start of `text` (the whole seed or only its first bytes) and its length.
 */
export function parseHeader(
  text: string,
  file: string,
): { header: SeedHeader; headerLength: number } {
  const lines = text.split("\n", 4);
  const m = [
    /^-- pgseed seed v(\d+)$/.exec(lines[0] ?? ""),
    /^-- fingerprint: (sha256:[0-9a-f]{64})$/.exec(lines[1] ?? ""),
    /^-- postgres: (\S+)$/.exec(lines[2] ?? ""),
    /^-- content: (sha256:[0-9a-f]{64})$/.exec(lines[3] ?? ""),
  ];
  if (m.some((x) => !x)) {
    throw new PgseedError(
      `${file} is not a pgseed seed (its first 4 lines are not the pgseed header)`,
      "regenerate it with `pgseed regenerate`",
    );
  }
  const headerLength = lines.reduce((n, l) => n + l.length + 1, 0);
  const header = {
    format: Number(m[0]![1]),
    fingerprint: m[1]![1],
    postgres: m[2]![1],
    content: m[3]![1],
  };
  return { header, headerLength };
}

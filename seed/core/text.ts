/**
 * Small text helpers shared by the engine: quoting for SQL and sh, and the tails of tool output.
 */
import { maskUrls } from "./errors";

/** A PostgreSQL identifier, quoted ("my""db"). */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A PostgreSQL string literal ('it''s'). */
export const literal = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** A word for `sh -c`: left bare when it holds only safe characters, else single-quoted. */
export const shellQuote = (s: string) =>
  /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;

/**
 * The last lines of a tool's output, indented under an error, URL passwords masked (errors reach
 * Pulumi's logs).
 */
export const tail = (text: string, n = 20) =>
  maskUrls(text)
    .trimEnd()
    .split("\n")
    .slice(-n)
    .map((l) => `    | ${l}`)
    .join("\n");

/** The first non-empty line of a tool's error output. */
export const firstLine = (text: string) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .find(Boolean) ?? "no output";

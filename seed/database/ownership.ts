/**
 * Which databases pgseed made, told by one mark: the database's comment (COMMENT ON DATABASE). A
 * `CREATE DATABASE … TEMPLATE` copy does not inherit it (unlike the seed's marker on schema public,
 * which every copy and every `pgseed load` carries), so a database someone loaded or copied is
 * never taken for one of pgseed's and dropped. Every form reads `pgseed [<kind> ]sha256:<hex>`:
 *
 *   "pgseed sha256:<hex>"          a clone, or the loaded template, of `pgseed clone`
 *   "pgseed loading sha256:<hex>"  clone's template while the seed loads into it
 *   "pgseed template sha256:<hex>" a template database of the pytest plugin
 *
 * The fingerprint is the seed's. Each owner drops only its own kinds.
 */
export type OwnerKind = "clone" | "loading" | "template";

const WORDS: Record<OwnerKind, string> = { clone: "", loading: "loading ", template: "template " };
const OWNERSHIP_RE = /^pgseed (?:(loading|template) )?(sha256:[0-9a-f]{64})$/;

/** Pure: the comment that marks a database as made by pgseed. */
export const ownershipComment = (kind: OwnerKind, fingerprint: string) =>
  `pgseed ${WORDS[kind]}${fingerprint}`;

/** Pure: who made a database, from its comment; undefined when no pgseed mark. */
export function parseOwnership(
  comment: string | null | undefined,
): { kind: OwnerKind; fingerprint: string } | undefined {
  const m = OWNERSHIP_RE.exec(comment ?? "");
  return m ? { kind: (m[1] as OwnerKind | undefined) ?? "clone", fingerprint: m[2] } : undefined;
}

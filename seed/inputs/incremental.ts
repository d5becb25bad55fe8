/**
 * Incremental regenerate: when the previous seed's inputs are a subset of today's (some
 * migrations or apps added; none edited, removed or moved), the previous seed is loaded into the
 * throwaway server and the migrate command applies only the new ones. Presets whose tool applies
 * by graph (Django, Alembic) may add anywhere; the others apply in file order, so an addition
 * must sort after every file the seed has. An ordered list (INSTALLED_APPS) may gain items
 * anywhere while the old ones keep their order: a Django migration that would now run after a
 * new one (a swappable model moved to a new app, a run_before) changes its own key, since what
 * it depends on is part of it. Anything that can alter what existing migrations produced starts
 * from scratch, and the reason names it.
 * The dump is the same bytes either way because each preset's normalization makes it independent
 * of the order in which migrations ran (`--verify` compares against a from-scratch build).
 */
import * as path from "path";
import { LOCK_FILES, lockFileMatcher, LockFileSet } from "../core/files";
import { parseOrderedKey, SeedInputs } from "./fingerprint";

export type Plan = { mode: "incremental"; added: string[] } | { mode: "scratch"; reason: string };

const isLockFile = lockFileMatcher(Object.keys(LOCK_FILES) as LockFileSet[]);
/** How an ordered list is called in a reason. */
const LIST_NAMES: Record<string, string> = { "django:installed_apps": "INSTALLED_APPS" };

/** Pure: why a changed or removed key means from scratch, in words. */
export function describeChange(key: string, how: "changed" | "removed"): string {
  if (key === "django:version") return "Django's version changed (an upgrade)";
  const migration = /^django:([^/]+)\/(.+)$/.exec(key);
  if (migration)
    return how === "removed"
      ? `migration ${migration[1]}.${migration[2]} was removed`
      : `migration ${migration[1]}.${migration[2]} changed (its file, or what it depends on once resolved: AUTH_USER_MODEL, run_before, __latest__)`;
  if (isLockFile(path.posix.basename(key)))
    return how === "removed" ? `${key} was removed` : `${key} changed (a dependency upgrade)`;
  return `${key} ${how === "removed" ? "was removed" : "changed"}`;
}

/** Pure: the ordered lists of a seed's inputs (list → items in order). */
function listsOf(files: Record<string, string>): Map<string, string[]> {
  const lists = new Map<string, Array<[number, string]>>();
  for (const key of Object.keys(files)) {
    const k = parseOrderedKey(key);
    if (k) lists.set(k.list, [...(lists.get(k.list) ?? []), [k.index, k.item]]);
  }
  return new Map(
    [...lists].map(([list, items]) => [list, items.sort((a, b) => a[0] - b[0]).map(([, i]) => i)]),
  );
}

/**
 * Pure: why an ordered list's change is not an addition (an item removed, or two moved past each
 * other), or undefined when the old items keep their order among the new.
 */
export function listChange(list: string, old: string[], now: string[]): string | undefined {
  const name = LIST_NAMES[list] ?? list;
  const removed = old.find((item) => !now.includes(item));
  if (removed !== undefined) return `${name}: ${removed} was removed`;
  const kept = now.filter((item) => old.includes(item));
  const moved = old.findIndex((item, i) => kept[i] !== item);
  if (moved >= 0) return `${name}: ${kept[moved]} now comes before ${old[moved]} (reordered)`;
  return undefined;
}

/** Pure: the first reason found among the previous seed's keys that today's inputs changed. */
function scratchReason(previous: SeedInputs, now: SeedInputs): string | undefined {
  const oldLists = listsOf(previous.files);
  const nowLists = listsOf(now.files);
  // The broadest first: an upgrade says more than the migration files it also changed.
  const keys = Object.keys(previous.files).filter((k) => !parseOrderedKey(k));
  const rank = (k: string) =>
    k === "django:version" ? 0 : isLockFile(path.posix.basename(k)) ? 1 : 2;
  for (const tier of [0, 1, 2]) {
    for (const key of keys.filter((k) => rank(k) === tier)) {
      if (!(key in now.files)) return describeChange(key, "removed");
      if (now.files[key] !== previous.files[key]) return describeChange(key, "changed");
    }
    if (tier === 1)
      for (const [list, old] of oldLists) {
        const why = listChange(list, old, nowLists.get(list) ?? []);
        if (why) return why;
      }
  }
  return undefined;
}

/** Pure: how to build today's seed given what the previous one was made from. */
export function planRegenerate(
  previous: SeedInputs | undefined,
  now: SeedInputs,
  graphOrder: boolean,
): Plan {
  if (!previous) return { mode: "scratch", reason: "the previous seed records no inputs" };
  if (previous.recipe !== now.recipe)
    return {
      mode: "scratch",
      reason:
        "the recipe changed (preset, major, image, migrate command, normalization, env or DATABASE_URL form)",
    };
  if ("django:installed_apps" in previous.files)
    return {
      mode: "scratch",
      reason:
        "the previous seed was made by an older pgseed (Django's inputs are recorded differently now)",
    };
  const why = scratchReason(previous, now);
  if (why) return { mode: "scratch", reason: why };
  // An old item whose position moved because one was inserted before it is not an addition.
  const oldItems = new Set(
    Object.keys(previous.files).flatMap((k) => {
      const o = parseOrderedKey(k);
      return o ? [`${o.list}\0${o.item}`] : [];
    }),
  );
  const added = Object.keys(now.files)
    .filter((k) => {
      const o = parseOrderedKey(k);
      return o ? !oldItems.has(`${o.list}\0${o.item}`) : !(k in previous.files);
    })
    .sort();
  if (added.length === 0) return { mode: "scratch", reason: "nothing was added" };
  const last = Object.keys(previous.files).reduce((a, b) => (b > a ? b : a), "");
  const early = graphOrder ? undefined : added.find((k) => k < last);
  if (early)
    return {
      mode: "scratch",
      reason: `${early} sorts before ${last}, which the previous seed already applied`,
    };
  return { mode: "incremental", added };
}

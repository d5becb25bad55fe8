/**
 * Incremental regenerate: when the previous seed's inputs are a subset of today's (some
 * migrations added; none edited, removed or put before the ones it has), the previous seed is
 * loaded into the throwaway server and the migrate command applies only the new ones. Presets
 * whose tool applies by graph (Django, Alembic) may add anywhere; the others apply in file order,
 * so an addition must sort after every file the seed has. Anything else is from scratch.
 * The dump is the same bytes either way because each preset's normalization makes it independent
 * of the order in which migrations ran (`--verify` compares against a from-scratch build).
 */
import type { SeedInputs } from "./fingerprint";

export type Plan = { mode: "incremental"; added: string[] } | { mode: "scratch"; reason: string };

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
      reason: "the recipe changed (preset, major, image, migrate command or normalization)",
    };
  const old = Object.keys(previous.files);
  for (const key of old) {
    if (!(key in now.files)) return { mode: "scratch", reason: `${key} was removed` };
    if (now.files[key] !== previous.files[key])
      return { mode: "scratch", reason: `${key} changed` };
  }
  const added = Object.keys(now.files)
    .filter((k) => !(k in previous.files))
    .sort();
  if (added.length === 0) return { mode: "scratch", reason: "nothing was added" };
  const last = old.reduce((a, b) => (b > a ? b : a), "");
  const early = graphOrder ? undefined : added.find((k) => k < last);
  if (early)
    return {
      mode: "scratch",
      reason: `${early} sorts before ${last}, which the previous seed already applied`,
    };
  return { mode: "incremental", added };
}

/**
 * planRegenerate: incremental only when the previous seed's inputs are a subset of today's, in
 * order.
 */
import { planRegenerate } from "../../seed/inputs/incremental";

const seed = { recipe: "r1", files: { "m/001.sql": "a", "m/002.sql": "b" } };
const now = (files: Record<string, string>, recipe = "r1") => ({ recipe, files });

test.each([
  [
    "added after the last",
    now({ ...seed.files, "m/003.sql": "c" }),
    false,
    { mode: "incremental", added: ["m/003.sql"] },
  ],
  [
    "added before the last, file order",
    now({ ...seed.files, "m/0015.sql": "c" }),
    false,
    {
      mode: "scratch",
      reason: "m/0015.sql sorts before m/002.sql, which the previous seed already applied",
    },
  ],
  [
    "added before the last, graph order",
    now({ ...seed.files, "m/0015.sql": "c" }),
    true,
    { mode: "incremental", added: ["m/0015.sql"] },
  ],
  [
    "one edited",
    now({ "m/001.sql": "a", "m/002.sql": "B", "m/003.sql": "c" }),
    true,
    { mode: "scratch", reason: "m/002.sql changed" },
  ],
  [
    "one removed",
    now({ "m/001.sql": "a", "m/003.sql": "c" }),
    true,
    { mode: "scratch", reason: "m/002.sql was removed" },
  ],
  [
    "another recipe",
    now({ ...seed.files, "m/003.sql": "c" }, "r2"),
    true,
    { mode: "scratch", reason: expect.stringMatching(/^the recipe changed/) },
  ],
  ["nothing added", now(seed.files), true, { mode: "scratch", reason: "nothing was added" }],
])("%s", (_name, today, graph, expected) => {
  expect(planRegenerate(seed, today, graph)).toEqual(expected);
});

test("a seed that records no inputs is rebuilt from scratch", () => {
  expect(planRegenerate(undefined, seed, true)).toEqual({
    mode: "scratch",
    reason: "the previous seed records no inputs",
  });
});

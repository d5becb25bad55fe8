/**
 * clone's CREATE DATABASE strategy, the pure choice (server major, fsync, template size); on a real
 * server: tests/integration/cloneStrategy.test.ts.
 */
import { chooseStrategy, FILE_COPY_FROM_BYTES } from "../../seed/database/clone";
import { PgseedError } from "../../seed/core/errors";

describe("chooseStrategy", () => {
  test.each([
    // requested, major, fsync, bytes → clause
    ["auto", 15, false, 8 * 2 ** 20, "FILE_COPY"], // fsync off: checkpoints are cheap
    ["auto", 15, false, 2 * FILE_COPY_FROM_BYTES, "FILE_COPY"],
    ["auto", 16, true, 8 * 2 ** 20, "WAL_LOG"], // fsync on, small template: the checkpoints cost more
    ["auto", 15, true, FILE_COPY_FROM_BYTES - 1, "WAL_LOG"],
    ["auto", 15, true, FILE_COPY_FROM_BYTES, "FILE_COPY"], // large template: the file copy wins
    ["wal_log", 15, false, 1, "WAL_LOG"],
    ["file_copy", 17, true, 1, "FILE_COPY"],
    ["auto", 14, true, 1, ""], // before 15 there is no STRATEGY clause
    ["file_copy", 13, false, 1, ""],
  ] as const)("%s on %i, fsync %s, %i bytes → %p", (requested, major, fsync, bytes, clause) => {
    expect(chooseStrategy(requested, major, fsync, bytes)).toBe(clause);
  });

  test("wal_log before 15 and an unknown strategy are usage errors with a fix", () => {
    for (const [req, major, msg] of [
      ["wal_log", 14, /needs PostgreSQL 15/],
      ["copy", 15, /not one of auto, wal_log, file_copy/],
    ] as const) {
      let err: unknown;
      try {
        chooseStrategy(req as any, major, true, 0);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PgseedError);
      expect((err as PgseedError).message).toMatch(msg);
      expect((err as PgseedError).fix).toMatch(/\S/);
    }
  });
});

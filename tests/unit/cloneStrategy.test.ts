/**
 * clone's CREATE DATABASE strategy: the pure choice (server major, fsync, template size), and on a
 * real server, clones made with either strategy are whole copies of the seeded template.
 */
import * as path from "path";
import { chooseStrategy, cloneSeed, FILE_COPY_FROM_BYTES } from "../../seed/database/clone";
import { LocalCluster } from "../../seed/servers/cluster";
import { PgseedError } from "../../seed/core/errors";
import { query, removeTempDirs, requirePostgres, ROOT, targetServer } from "../helpers";

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

describe("clones are whole with either strategy (real PostgreSQL)", () => {
  const SEED = path.join(ROOT, "examples", "django-blog", "seed-db.sql");
  const CONTENT =
    "SELECT (SELECT json_agg(m ORDER BY app, name) FROM django_migrations m) AS migrations, " +
    "(SELECT json_agg(t ORDER BY t) FROM (SELECT table_name::text AS t FROM information_schema.tables WHERE table_schema = 'public') x) AS tables, " +
    "(SELECT count(*) FROM auth_permission) AS permissions, (SELECT count(*) FROM django_content_type) AS content_types";
  let server: LocalCluster;
  const urlOf = (db: string) => {
    const u = new URL(server.url);
    u.pathname = `/${db}`;
    return u.toString();
  };
  beforeAll(async () => {
    requirePostgres();
    server = await targetServer();
  });
  afterAll(async () => {
    await server?.stop();
    removeTempDirs();
  });

  test("wal_log, file_copy and auto clones equal the template; the result names the strategy", async () => {
    const made: Record<string, string> = {};
    for (const strategy of ["wal_log", "file_copy", "auto"] as const) {
      const r = await cloneSeed({
        url: server.url,
        seedPath: SEED,
        count: 2,
        prefix: "strat",
        strategy,
      });
      expect(r.databases).toEqual(["strat_1", "strat_2"]);
      made[strategy] = r.strategy;
    }
    // The throwaway server runs with fsync off: auto takes FILE_COPY there.
    expect(made).toEqual({ wal_log: "WAL_LOG", file_copy: "FILE_COPY", auto: "FILE_COPY" });
    const template = (await query(urlOf("strat_template"), CONTENT))[0];
    expect(template.migrations.length).toBeGreaterThan(10);
    expect(Number(template.permissions)).toBeGreaterThan(0);
    for (const db of ["strat_1", "strat_2"])
      expect((await query(urlOf(db), CONTENT))[0]).toEqual(template);
  });

  test("each strategy's clone, made fresh, equals the template", async () => {
    const template = (await query(urlOf("strat_template"), CONTENT))[0];
    for (const clause of ["WAL_LOG", "FILE_COPY"]) {
      await query(server.url, "DROP DATABASE IF EXISTS strat_1");
      const r = await cloneSeed({
        url: server.url,
        seedPath: SEED,
        count: 1,
        prefix: "strat",
        strategy: clause.toLowerCase() as any,
      });
      expect(r.strategy).toBe(clause);
      expect((await query(urlOf("strat_1"), CONTENT))[0]).toEqual(template);
    }
  });
});

/**
 * clone's CREATE DATABASE strategy on a real server: the clones of each strategy are whole copies
 * of the seeded template, and the strategy the result names is the one the server used (FILE_COPY
 * requests checkpoints, WAL_LOG none).
 */
import * as path from "path";
import { cloneSeed, CloneStrategy } from "../../seed/database/clone";
import { LocalCluster } from "../../seed/servers/cluster";
import { query, removeTempDirs, requirePostgres, ROOT, targetServer } from "../helpers";

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
/** Checkpoints requested so far (CREATE DATABASE … STRATEGY FILE_COPY requests two per copy). */
const requestedCheckpoints = async () =>
  Number(
    (await query(server.url, "SELECT checkpoints_req FROM pg_stat_bgwriter"))[0].checkpoints_req,
  );

beforeAll(async () => {
  requirePostgres();
  server = await targetServer();
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

test.each([
  // The throwaway server runs with fsync off: auto takes FILE_COPY there.
  ["wal_log", "WAL_LOG"],
  ["file_copy", "FILE_COPY"],
  ["auto", "FILE_COPY"],
] as const)(
  "--strategy %s: the clones equal the template, made with %s as the result says",
  async (strategy: CloneStrategy, clause) => {
    const prefix = `strat_${strategy}`;
    // The template first (no clone), so that what follows is the copies alone.
    const loaded = await cloneSeed({ url: server.url, seedPath: SEED, count: 0, prefix });
    expect(loaded).toMatchObject({ templateLoaded: true, databases: [] });
    const before = await requestedCheckpoints();
    const r = await cloneSeed({ url: server.url, seedPath: SEED, count: 2, prefix, strategy });
    const checkpoints = (await requestedCheckpoints()) - before;

    expect(r).toMatchObject({
      templateLoaded: false,
      strategy: clause,
      databases: [`${prefix}_1`, `${prefix}_2`],
    });
    if (clause === "FILE_COPY") expect(checkpoints).toBeGreaterThan(0);
    else expect(checkpoints).toBe(0);
    const template = (await query(urlOf(`${prefix}_template`), CONTENT))[0];
    expect(template.migrations.length).toBeGreaterThan(10);
    expect(Number(template.permissions)).toBeGreaterThan(0);
    for (const db of r.databases) expect((await query(urlOf(db), CONTENT))[0]).toEqual(template);
  },
);

/** The guard after the migrate command (seed/guard.ts), on a real throwaway server of the seam. */
import { afterAll, beforeAll, expect, test } from "@jest/globals";
import { requirePostgres, PG_MAJOR } from "../helpers";
import { startServer, ThrowawayServer } from "../../seed/servers";
import { assertMigrated } from "../../seed/build/guard";

let server: ThrowawayServer;
beforeAll(async () => {
  requirePostgres();
  server = await startServer({ major: PG_MAJOR, image: `postgres:${PG_MAJOR}`, engine: "local" });
});
afterAll(() => server?.stop());

const plan = [
  { app: "shop", name: "0001_initial" },
  {
    app: "shop",
    name: "0002_squashed",
    replaces: [
      ["shop", "0002_a"],
      ["shop", "0002_b"],
    ] as Array<[string, string]>,
  },
];

test("an untouched server fails, naming DATABASE_URL/PG*; with the previous seed loaded it is not asked", async () => {
  await expect(assertMigrated(server)).rejects.toThrow(
    /the migrate command created nothing in pgseed's server: it probably connected somewhere else[^]*fix: make it read DATABASE_URL\/PG\*/,
  );
  await expect(assertMigrated(server, undefined, { fromSeed: true })).resolves.toBeUndefined();
});

test("anything created counts (a table, a type, a function, a schema)", async () => {
  await server.runSql("CREATE SCHEMA app_only");
  await expect(assertMigrated(server)).resolves.toBeUndefined();
  await server.runSql("DROP SCHEMA app_only");
  await server.runSql("CREATE TYPE mood AS ENUM ('ok')");
  await expect(assertMigrated(server)).resolves.toBeUndefined();
});

test("django: django_migrations must exist and hold the whole plan (a squash counts by what it replaces)", async () => {
  await expect(assertMigrated(server, plan)).rejects.toThrow(/left no django_migrations table/);
  await server.runSql(
    "CREATE TABLE django_migrations (id serial, app text, name text, applied timestamptz); INSERT INTO django_migrations (app, name) VALUES ('shop', '0001_initial'), ('shop', '0002_a')",
  );
  await expect(assertMigrated(server, plan)).rejects.toThrow(
    /left 1 migration of the plan unapplied in pgseed's server: shop\/0002_squashed\n/,
  );
  await server.runSql("INSERT INTO django_migrations (app, name) VALUES ('shop', '0002_b')");
  await expect(assertMigrated(server, plan)).resolves.toBeUndefined();
  await expect(assertMigrated(server, plan, { fromSeed: true })).resolves.toBeUndefined();
});

/**
 * Issue 21, item 2: `clone` drops only what it made. Ownership is the database comment (which a
 * `CREATE DATABASE … TEMPLATE` copy does not inherit), never the seed's marker on schema public
 * (which every `pgseed load` and every copy carries). Real PostgreSQL, the real CLI.
 */
import * as path from "path";
import { LocalCluster } from "../../seed/servers/cluster";
import { stagingName } from "../../seed/database/clone";
import { ownershipComment, parseOwnership } from "../../seed/database/ownership";
import { cli, copyExample, query, removeTempDirs, sqlAppArgs, targetServer } from "../helpers";

let server: LocalCluster;
let seed: string;
let fingerprint: string;
const APP = (app: string) => sqlAppArgs(app);
const urlOf = (db: string) => {
  const u = new URL(server.url);
  u.pathname = `/${db}`;
  return u.toString();
};
const comments = async (like: string) =>
  query(
    server.url,
    `SELECT datname, shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname LIKE '${like}' ORDER BY 1`,
  );
const clone = (prefix: string, count: number) =>
  cli(["clone", "--url", server.url, "--seed", seed, "--prefix", prefix, "--count", String(count)]);

beforeAll(async () => {
  server = await targetServer();
  const app = copyExample("sql-app");
  expect(await cli(["regenerate", ...APP(app), "--quiet"])).toMatchObject({ code: 0 });
  seed = path.join(app, "seed-db.sql");
  fingerprint = (await cli(["fingerprint", ...APP(app)])).stdout.trim().split(/\s/)[0];
});
afterAll(async () => {
  await server?.stop();
  removeTempDirs();
});

test("a database a user loaded with `pgseed load` under a clone's name is refused, not dropped", async () => {
  await query(server.url, "CREATE DATABASE mine_1");
  expect(await cli(["load", "--url", urlOf("mine_1"), "--seed", seed])).toMatchObject({ code: 0 });
  await query(urlOf("mine_1"), "INSERT INTO categories (code, name) VALUES ('mine', 'my own row')");

  const r = await clone("mine", 2);
  expect(r.stderr).toMatch(
    /pgseed: error: database "mine_1" exists and was not made by pgseed; it is left as it is \(its comment carries no mark of `pgseed clone`/,
  );
  expect(r.stderr).toContain(
    'fix: choose another --prefix, or drop it yourself (DROP DATABASE "mine_1")',
  );
  expect(r.code).toBe(2);
  expect(
    await query(
      urlOf("mine_1"),
      "SELECT count(*)::int AS n FROM categories WHERE name = 'my own row'",
    ),
  ).toEqual([{ n: 1 }]);
  // Refused before any work: no template, no clone.
  expect(await comments("mine\\_%")).toEqual([{ datname: "mine_1", comment: null }]);
});

test("clone marks its databases in their comment; a TEMPLATE copy of one carries no mark", async () => {
  expect(await clone("owned", 2)).toMatchObject({ code: 0 });
  const mark = ownershipComment("clone", fingerprint);
  expect(await comments("owned\\_%")).toEqual([
    { datname: "owned_1", comment: mark },
    { datname: "owned_2", comment: mark },
    { datname: "owned_template", comment: mark },
  ]);
  expect(parseOwnership(mark)).toEqual({ kind: "clone", fingerprint });
  // A user's copy of a clone under a clone's name: it holds the seed, not clone's mark.
  await query(server.url, "DROP DATABASE owned_2");
  await query(server.url, "CREATE DATABASE owned_2 TEMPLATE owned_1");
  const r = await clone("owned", 2);
  expect(r.stderr).toMatch(/database "owned_2" exists and was not made by pgseed/);
  expect(r.code).toBe(2);
  expect(await comments("owned\\_2")).toEqual([{ datname: "owned_2", comment: null }]);
});

test("a pytest plugin's template under a clone's name is refused", async () => {
  await query(server.url, "CREATE DATABASE plug_template");
  await query(
    server.url,
    `COMMENT ON DATABASE plug_template IS '${ownershipComment("template", fingerprint)}'`,
  );
  const r = await clone("plug", 1);
  expect(r.stderr).toMatch(
    /database "plug_template" exists and was not made by pgseed; it is left as it is \(it is a template of pgseed's pytest plugin\)/,
  );
  expect(r.code).toBe(2);
});

test("a run killed between CREATE DATABASE and its mark leaves only a reserved name, taken back by the next run", async () => {
  // What such a kill leaves: the copy under its staging name, without a comment.
  const staging = stagingName("killed_2");
  expect(staging).toMatch(/^pgseed_new_[0-9a-f]{16}$/);
  await query(server.url, `CREATE DATABASE ${staging}`);
  expect(await clone("killed", 2)).toMatchObject({ code: 0 });
  expect(await comments(staging)).toEqual([]);
  expect((await comments("killed\\_%")).map((d) => d.datname)).toEqual([
    "killed_1",
    "killed_2",
    "killed_template",
  ]);
});

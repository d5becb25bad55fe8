/**
 * The database a command acts on is the one psql would pick, through the real CLI and real
 * servers: with PGHOST unset, the Unix socket (a server listening only on a socket in its own
 * folder, found through PGHOST=<folder>, a URL's host= parameter, and, in a private mount
 * namespace where that folder is mounted over /var/run/postgresql, libpq's compiled default);
 * PGUSER and PGDATABASE each alone; a DBNAME argument. A URL's sslmode, options and
 * application_name reach both psql and the pg driver.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { LOCK_CLASS, lockKey } from "../../seed/database/advisoryLock";
import { cli, copyExample, removeTempDirs, ROOT, sqlAppArgs } from "../helpers";
import { ownServer, OwnServer } from "./ownServer";

let socket: OwnServer;
let tls: OwnServer;
let app: string;
const APP = () => [...sqlAppArgs(app)];
/** No libpq variable of the test runner's own may steer these runs. */
const NO_PG = { PGHOST: "", PGPORT: "", PGUSER: "", PGDATABASE: "", DATABASE_URL: "" };

beforeAll(async () => {
  [socket, tls] = await Promise.all([ownServer("socket"), ownServer("tls")]);
  app = copyExample("sql-app");
  expect(await cli(["regenerate", ...APP(), "--quiet"])).toMatchObject({ code: 0 });
});
afterAll(async () => {
  await socket?.stop();
  await tls?.stop();
  removeTempDirs();
});

/** A fresh empty database owned by `owner`. */
async function freshDb(server: OwnServer, name: string, owner = "root"): Promise<void> {
  await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await server.query(`CREATE DATABASE ${name} OWNER ${owner}`);
}
/** Who owns the seed's tables in `db` (null: the seed is not there). */
const seededBy = async (server: OwnServer, db: string) =>
  (
    await server.query(
      "SELECT tableowner AS owner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'schema_migrations'",
      db,
    )
  )[0]?.owner ?? null;

/**
 * pgseed in a private mount namespace whose /var/run/postgresql is the test server's folder: the
 * machine's own folder is not touched, and libpq's compiled default is what is tested.
 */
function inDefaultSocket(args: string[], env: Record<string, string>) {
  return execa(
    "unshare",
    [
      "-m",
      "--propagation",
      "private",
      "sh",
      "-c",
      'mount --bind "$0" /var/run/postgresql && shift && exec "$@"',
    ].concat([socket.dir, "--", "node", path.join(ROOT, "bin", "pgseed"), ...args]),
    { reject: false, env: { ...NO_PG, ...env } },
  );
}

describe("with PGHOST unset, the Unix socket", () => {
  test("no PG* at all: libpq's default socket folder, port 5432, the OS user, its database", async () => {
    await freshDb(socket, "root");
    const r = await inDefaultSocket(["load", "--app-dir", app], {});
    expect(r.stderr).toContain(
      "pgseed: target postgresql://root@/root?host=/var/run/postgresql&port=5432 (from libpq's default host, port, user, dbname)",
    );
    expect(r.exitCode).toBe(0);
    expect(await seededBy(socket, "root")).toBe("root");
  });

  test("PGUSER alone: that user and its database; PGDATABASE alone: that database as the OS user", async () => {
    await socket.query("CREATE ROLE app_user LOGIN");
    await freshDb(socket, "app_user", "app_user");
    await freshDb(socket, "shop");
    expect(await inDefaultSocket(["load", "--app-dir", app], { PGUSER: "app_user" })).toMatchObject(
      { exitCode: 0 },
    );
    expect(await seededBy(socket, "app_user")).toBe("app_user");
    expect(await inDefaultSocket(["load", "--app-dir", app], { PGDATABASE: "shop" })).toMatchObject(
      { exitCode: 0 },
    );
    expect(await seededBy(socket, "shop")).toBe("root");
  });

  test("PGHOST=<folder> alone, and a DBNAME argument", async () => {
    await freshDb(socket, "root");
    const r = await cli(["load", "--app-dir", app], app, { ...NO_PG, PGHOST: socket.dir });
    expect(r.stderr).toContain(
      `pgseed: target postgresql://root@/root?host=${socket.dir}&port=5432 (from PGHOST; libpq's default port, user, dbname)`,
    );
    expect(r.code).toBe(0);
    expect(await seededBy(socket, "root")).toBe("root");
    await freshDb(socket, "named");
    expect(
      await cli(["load", "named", "--app-dir", app], app, { ...NO_PG, PGHOST: socket.dir }),
    ).toMatchObject({ code: 0 });
    expect(await seededBy(socket, "named")).toBe("root");
  });

  test("a URL's host= parameter names the socket folder", async () => {
    await freshDb(socket, "via_url");
    const url = `postgresql:///via_url?host=${encodeURIComponent(socket.dir)}`;
    const r = await cli(["load", "--url", url, "--app-dir", app], app, NO_PG);
    expect(r.code).toBe(0);
    expect(await seededBy(socket, "via_url")).toBe("root");
  });
});

describe("URL parameters reach psql and the pg driver", () => {
  const sockUrl = (db: string, query: string) =>
    `postgresql:///${db}?host=${encodeURIComponent(socket.dir)}&${query}`;
  const readOnly = "options=" + encodeURIComponent("-c default_transaction_read_only=on");

  test("options: load (psql) and clone (driver) run in the read-only sessions they ask for; nothing is written", async () => {
    await freshDb(socket, "ro_load");
    const load = await cli(
      ["load", "--url", sockUrl("ro_load", readOnly), "--app-dir", app],
      app,
      NO_PG,
    );
    expect(load.stderr).toMatch(/read-only transaction/);
    expect(load.code).toBe(1);
    expect(await seededBy(socket, "ro_load")).toBeNull();
    const clone = await cli(
      [
        "clone",
        "--url",
        sockUrl("postgres", readOnly),
        "--count",
        "1",
        "--prefix",
        "ro",
        "--app-dir",
        app,
      ],
      app,
      NO_PG,
    );
    expect(clone.stderr).toMatch(/CREATE DATABASE in a read-only transaction/);
    expect(clone.code).toBe(1);
    expect(
      await socket.query(
        "SELECT datname FROM pg_database WHERE datname IN ('ro_template', 'ro_1')",
      ),
    ).toEqual([]);
  });

  test("options=-c search_path reaches the migrate command: its new table lands in that schema; application_name names the waiting session", async () => {
    await freshDb(socket, "live");
    expect(
      await cli(["load", "live", "--app-dir", app], app, { ...NO_PG, PGHOST: socket.dir }),
    ).toMatchObject({ code: 0 });
    await socket.query("CREATE SCHEMA elsewhere", "live");
    const newer = copyExample("sql-app");
    fs.copyFileSync(path.join(app, "seed-db.sql"), path.join(newer, "seed-db.sql"));
    fs.writeFileSync(
      path.join(newer, "migrations", "007_audit.sql"),
      "CREATE TABLE audit (id int);\n",
    );
    const url = sockUrl(
      "live",
      `options=${encodeURIComponent("-c search_path=elsewhere")}&application_name=migrate-7`,
    );
    const args = ["migrate", "--url", url, ...APP().slice(2), "--app-dir", newer];
    const sessions = await whileLocked(
      socket,
      "live",
      LOCK_CLASS.migrate,
      "migrate live",
      args,
      newer,
    );
    expect(sessions).toEqual([{ application_name: "migrate-7", ssl: false }]);
    expect(
      await socket.query(
        "SELECT to_regclass('elsewhere.audit')::text AS e, to_regclass('public.audit')::text AS p",
        "live",
      ),
    ).toEqual([{ e: "elsewhere.audit", p: null }]);
  });
});

describe("TLS as sslmode says (a server whose pg_hba.conf takes TLS connections only)", () => {
  const tcpUrl = (db: string, query = "") =>
    `postgresql://root@127.0.0.1:${tls.port}/${db}${query ? `?${query}` : ""}`;

  test("load: the default (prefer) and require connect over TLS; disable is refused", async () => {
    for (const [db, mode] of [
      ["tls_default", ""],
      ["tls_require", "sslmode=require"],
    ]) {
      await freshDb(tls, db);
      const r = await cli(["load", "--url", tcpUrl(db, mode), "--app-dir", app], app, NO_PG);
      expect(r.stderr).not.toMatch(/error/);
      expect(r.code).toBe(0);
      expect(await seededBy(tls, db)).toBe("root");
    }
    await freshDb(tls, "tls_off");
    const off = await cli(
      ["load", "--url", tcpUrl("tls_off", "sslmode=disable"), "--app-dir", app],
      app,
      NO_PG,
    );
    expect(off.stderr).toMatch(
      /cannot connect to .*sslmode=disable: the server accepts only encrypted \(TLS\) connections/,
    );
    expect(off.code).toBe(2);
    expect(await seededBy(tls, "tls_off")).toBeNull();
  });

  test("clone: the driver's session is encrypted and named by application_name; with sslmode=disable it is refused", async () => {
    const url = tcpUrl("postgres", "application_name=clone-7");
    const args = ["clone", "--url", url, "--count", "1", "--prefix", "tlsclone", "--app-dir", app];
    const sessions = await whileLocked(tls, "postgres", LOCK_CLASS.clone, "tlsclone", args, app);
    expect(sessions).toEqual([{ application_name: "clone-7", ssl: true }]);
    expect(await seededBy(tls, "tlsclone_1")).toBe("root");
    const off = await cli(
      [
        "clone",
        "--url",
        tcpUrl("postgres", "sslmode=disable"),
        "--count",
        "1",
        "--prefix",
        "tlsoff",
        "--app-dir",
        app,
      ],
      app,
      NO_PG,
    );
    expect(off.stderr).toMatch(/cannot connect to .*: the server accepts only encrypted \(TLS\)/);
    expect(off.code).toBe(2);
  });
});

/**
 * Runs pgseed while this test holds the advisory lock it needs: once pgseed says it waits, the
 * sessions waiting on that lock are read from pg_stat_activity (with pg_stat_ssl), then the lock
 * is released and pgseed must finish.
 */
async function whileLocked(
  server: OwnServer,
  db: string,
  cls: number,
  name: string,
  args: string[],
  cwd: string,
): Promise<Array<{ application_name: string; ssl: boolean }>> {
  const holder = new Client({
    host: server.dir,
    port: server.port,
    user: "postgres",
    database: db,
  });
  await holder.connect();
  try {
    await holder.query("SELECT pg_advisory_lock($1, $2)", [cls, lockKey(name)]);
    const child = execa("node", [path.join(ROOT, "bin", "pgseed"), ...args], {
      cwd,
      reject: false,
      env: NO_PG,
    });
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr!.on("data", (d) => {
        stderr += d;
        if (/waiting for it/.test(stderr)) resolve();
      });
      child.on("exit", () => reject(new Error(`pgseed ended before it waited:\n${stderr}`)));
    });
    // It says so just before it blocks: look until its session waits on the lock.
    let rows: Array<{ application_name: string; ssl: boolean }> = [];
    for (let tries = 0; rows.length === 0; tries++) {
      if (tries === 3000) throw new Error(`no session waited on the lock:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
      rows = (
        await holder.query(
          `SELECT a.application_name, s.ssl FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid)
            WHERE a.wait_event_type = 'Lock' AND a.wait_event = 'advisory'`,
        )
      ).rows;
    }
    await holder.query("SELECT pg_advisory_unlock($1, $2)", [cls, lockKey(name)]);
    const done = await child;
    expect({ code: done.exitCode, stderr: done.stderr }).toMatchObject({ code: 0 });
    return rows;
  } finally {
    await holder.end();
  }
}

/**
 * A PostgreSQL server shaped for a test of how pgseed connects: listening only on a Unix socket
 * in its own folder (on port 5432 there: no TCP, so no clash), or on 127.0.0.1 with TLS required
 * by pg_hba.conf. Trust authentication; `root` (the OS user here) exists as a superuser.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { Client } from "pg";
import { freePort } from "../../seed/core/net";
import { serverAccount } from "../../seed/servers/host";
import { emptyCluster } from "../../seed/servers/initdbCache";
import { findPgBin } from "../../seed/servers/pgBin";
import { PG_MAJOR, requirePostgres, TEST_TMP } from "../helpers";

export interface OwnServer {
  /** The socket folder. */
  dir: string;
  port: number;
  /** Runs SQL as postgres on a database (over the socket). */
  query(sql: string, database?: string): Promise<any[]>;
  stop(): Promise<void>;
}

async function makeCertificate(data: string, account: ReturnType<typeof serverAccount>) {
  const r = await execa(
    "openssl",
    ["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", "/CN=localhost"].concat([
      "-keyout",
      path.join(data, "server.key"),
      "-out",
      path.join(data, "server.crt"),
    ]),
    { reject: false, all: true },
  );
  if (r.exitCode !== 0) throw new Error(`the TLS server needs openssl: ${r.all}`);
  for (const f of ["server.key", "server.crt"]) {
    fs.chmodSync(path.join(data, f), 0o600);
    if (account) fs.chownSync(path.join(data, f), account.uid, account.gid);
  }
}

export async function ownServer(kind: "socket" | "tls"): Promise<OwnServer> {
  requirePostgres();
  const bin = findPgBin(PG_MAJOR);
  const account = serverAccount();
  const dir = fs.mkdtempSync(path.join(TEST_TMP, "own-"));
  fs.chmodSync(dir, 0o755);
  if (account) fs.chownSync(dir, account.uid, account.gid);
  const data = path.join(dir, "data");
  await emptyCluster(bin, data, account);
  const options = ["-c", "fsync=off"];
  let port = 5432;
  if (kind === "tls") {
    await makeCertificate(data, account);
    port = await freePort();
    fs.writeFileSync(
      path.join(data, "pg_hba.conf"),
      "local all all trust\nhostssl all all 127.0.0.1/32 trust\n",
    );
    options.push("-c", "listen_addresses=127.0.0.1", "-c", "ssl=on");
  } else options.push("-c", "listen_addresses=");
  const child = execa(
    bin.dir + "/postgres",
    ["-D", data, "-k", dir, "-p", String(port), ...options],
    {
      ...(account ?? {}),
      reject: false,
      all: true,
      env: { LC_ALL: "C" },
    },
  );
  const pidFile = path.join(data, "postmaster.pid");
  const ready = () =>
    fs.existsSync(pidFile) && fs.readFileSync(pidFile, "utf8").split("\n")[7]?.trim() === "ready";
  while (!ready()) {
    if (child.exitCode !== null) throw new Error(`postgres did not start: ${(await child).all}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const query = async (sql: string, database = "postgres") => {
    const c = new Client({ host: dir, port, user: "postgres", database });
    await c.connect();
    try {
      return (await c.query(sql)).rows;
    } finally {
      await c.end();
    }
  };
  await query("CREATE ROLE root SUPERUSER LOGIN");
  return {
    dir,
    port,
    query,
    stop: async () => {
      child.kill("SIGINT");
      await child;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

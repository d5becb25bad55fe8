/** Throwaway servers: the initdb cache, the unprivileged account under root, teardown. */
import * as fs from "fs";
import * as path from "path";
import { findPgBin, serverAccount, startThrowawayServer, tempBase } from "../../seed/postgres";
import { query, requirePostgres, PG_MAJOR } from "../helpers";

beforeAll(requirePostgres);

test("servers start from one shared initdb cache, are separate, and leave nothing when stopped", async () => {
  const bin = findPgBin(PG_MAJOR);
  const [a, b] = await Promise.all([startThrowawayServer(bin), startThrowawayServer(bin)]);
  try {
    expect(a.dir).not.toBe(b.dir);
    await query(a.url, "CREATE TABLE only_in_a (id int)");
    expect(await query(b.url, "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'only_in_a'")).toEqual([{ n: 0 }]);
    if (tempBase() === "/dev/shm") {
      expect(fs.readdirSync("/dev/shm").filter((n) => n.startsWith(`pgseed-initdb-${bin.version}-`))).toHaveLength(1);
    }
    const account = serverAccount();
    if (account) expect(fs.statSync(path.join(a.dir, "data")).uid).toBe(account.uid); // postgres refuses root
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  expect(fs.existsSync(a.dir) || fs.existsSync(b.dir)).toBe(false);
});

test("as root, the server account is postgres (or nobody); otherwise ourselves", () => {
  const passwd = "root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\npostgres:x:101:104::/var/lib/postgresql:/bin/bash\n";
  const isRoot = process.getuid?.() === 0;
  expect(serverAccount(passwd)).toEqual(isRoot ? { uid: 101, gid: 104 } : undefined);
  if (isRoot) expect(serverAccount("nobody:x:65534:65534::/:/usr/sbin/nologin\n")).toEqual({ uid: 65534, gid: 65534 });
});

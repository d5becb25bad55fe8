/** Throwaway servers: the initdb cache, the unprivileged account under root, teardown. */
import * as fs from "fs";
import * as path from "path";
import { startLocalCluster } from "../../seed/servers/cluster";
import { serverAccount, tempBase } from "../../seed/servers/host";
import { findPgBin } from "../../seed/servers/pgBin";
import { leftovers, query, removeTempDirs, requirePostgres, PG_MAJOR, TEST_TMP } from "../helpers";

// TEST_TMP is this file's own PGSEED_TMP: what is asserted on is only what this run made,
// whatever other runs or accounts left in /dev/shm.
const base = TEST_TMP;
const RAM = base.startsWith("/dev/shm/");
beforeAll(requirePostgres);
afterAll(removeTempDirs);

test("servers start from one shared initdb cache, are separate, and leave nothing when stopped", async () => {
  const bin = findPgBin(PG_MAJOR);
  const [a, b] = await Promise.all([startLocalCluster(bin), startLocalCluster(bin)]);
  try {
    expect(a.dir).not.toBe(b.dir);
    await query(a.url, "CREATE TABLE only_in_a (id int)");
    expect(
      await query(b.url, "SELECT count(*)::int AS n FROM pg_class WHERE relname = 'only_in_a'"),
    ).toEqual([{ n: 0 }]);
    expect(tempBase()).toBe(base);
    expect(path.dirname(a.dir)).toBe(base);
    // One cache for both, built whole (the build folder is gone); none where the cache is not kept.
    const caches = fs.readdirSync(base).filter((n) => n.startsWith("pgseed-initdb-"));
    expect(caches).toEqual(
      RAM
        ? [
            expect.stringMatching(
              new RegExp(`^pgseed-initdb-${bin.version.replace(/\./g, "\\.")}-[0-9a-f]{12}$`),
            ),
          ]
        : [],
    );
    const account = serverAccount();
    if (account) expect(fs.statSync(path.join(a.dir, "data")).uid).toBe(account.uid); // postgres refuses root
  } finally {
    await Promise.all([a.stop(), b.stop()]);
  }
  expect(fs.existsSync(a.dir) || fs.existsSync(b.dir)).toBe(false);
  expect(fs.readdirSync(base).filter((n) => !n.startsWith("pgseed-initdb-"))).toEqual([]);
});

test("as root, the server account is postgres (or nobody); otherwise ourselves", () => {
  const passwd =
    "root:x:0:0::/root:/bin/sh\nnobody:x:65534:65534::/:/usr/sbin/nologin\npostgres:x:101:104::/var/lib/postgresql:/bin/bash\n";
  const isRoot = process.getuid?.() === 0;
  expect(serverAccount(passwd)).toEqual(isRoot ? { uid: 101, gid: 104 } : undefined);
  if (isRoot)
    expect(serverAccount("nobody:x:65534:65534::/:/usr/sbin/nologin\n")).toEqual({
      uid: 65534,
      gid: 65534,
    });
});

test("the leak check sees a cluster folder left where servers go, and throws where it cannot look", () => {
  const left = fs.mkdtempSync(path.join(base, "pgseed-"));
  try {
    expect(leftovers().dirs).toContain(left);
  } finally {
    fs.rmSync(left, { recursive: true });
  }
  process.env.PGSEED_TMP = path.join(base, "missing");
  try {
    expect(() => leftovers()).toThrow(/ENOENT/);
  } finally {
    process.env.PGSEED_TMP = base;
  }
});

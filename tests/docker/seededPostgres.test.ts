/**
 * SeededPostgres's container spec (containerSpec, what the component hands the docker provider)
 * on the real engine, with the offline postgres:15 stand-in and the example app's real seed.
 * Host networking (the engine here has no bridge): each server binds 127.0.0.1 on its own port.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import {
  containerSpec,
  ContainerSpec,
  ContainerSpecInput,
  dataLayout,
  ENTRYPOINT_WRAPPER,
  majorOfImage,
  SEEDED_FLAG,
} from "../../deploy/containerSpec";
import { healthcheckCommand, volumeName } from "../../deploy/instances";
import { freePort } from "../../seed/core/net";
import { markerText, MARKER_QUERY } from "../../seed/seedfile/format";
import { query, removeTempDirs, ROOT, tempDir } from "../helpers";
import { docker, IMAGE, oldPsqlImage, requireDockerImage, sleep, volumeExists } from "./engine";
import { health, logs, removeContainer, removeVolume, runSpec, waitHealthy } from "./runSpec";

const PREFIX = `pgseed-t${process.pid}`;
const made = { containers: new Set<string>(), volumes: new Set<string>() };
let seedDir: string;
let seed: { path: string; fingerprint: string; text: string };

beforeAll(() => {
  requireDockerImage();
  seedDir = tempDir();
  const text = fs.readFileSync(path.join(ROOT, "examples/django-blog/seed-db.sql"), "utf8");
  const fingerprint = /^-- fingerprint: (sha256:[0-9a-f]{64})$/m.exec(text)![1];
  seed = { path: writeSeed("example.sql", text), fingerprint, text };
});
afterAll(async () => {
  for (const c of made.containers) await removeContainer(c);
  for (const v of made.volumes) await removeVolume(v);
  removeTempDirs();
});

function writeSeed(name: string, text: string): string {
  const file = path.join(seedDir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The example seed, re-keyed to another fingerprint (header, \restrict key and marker alike). */
function otherSeed(tag: string): { path: string; fingerprint: string } {
  const hex = seed.fingerprint.slice("sha256:".length);
  const otherHex = require("crypto").createHash("sha256").update(tag).digest("hex");
  return {
    path: writeSeed(`${tag}.sql`, seed.text.split(hex).join(otherHex)),
    fingerprint: `sha256:${otherHex}`,
  };
}

/** The example seed with a statement inserted after line `at` (a fraction of its length). */
function seedWith(tag: string, at: number, sql: string): string {
  const lines = seed.text.split("\n");
  let i = Math.floor(lines.length * at);
  while (lines[i] !== "") i++; // between two statements
  lines.splice(i, 0, sql);
  return writeSeed(`${tag}.sql`, lines.join("\n"));
}

interface Instance {
  name: string;
  port: number;
  volume: string;
  url: (password: string) => string;
}

async function start(
  stack: string,
  s: { path: string; fingerprint: string },
  password: string,
  over: Partial<ContainerSpecInput> = {},
  tweak = (c: ContainerSpec) => c,
): Promise<Instance> {
  const base = `${PREFIX}-${stack}-db-0`;
  const port = over.port ?? (await freePort());
  const spec = tweak(
    containerSpec({
      name: base,
      image: IMAGE,
      major: 15,
      network: "host",
      port,
      bindAddress: "127.0.0.1",
      dbUser: "app",
      dbName: "app",
      fingerprint: s.fingerprint,
      healthcheck: healthcheckCommand(s.fingerprint),
      volumeName: volumeName(base, s.fingerprint, false),
      seedPath: s.path,
      seedSha256: "",
      ...over,
    }),
  );
  made.containers.add(spec.name);
  made.volumes.add(spec.volumes[0].volumeName);
  await runSpec(spec, password);
  return {
    name: spec.name,
    port,
    volume: spec.volumes[0].volumeName,
    url: (pw) => `postgresql://app:${encodeURIComponent(pw)}@127.0.0.1:${port}/app`,
  };
}

const marker = async (i: Instance, pw: string) =>
  (await query(i.url(pw), `${MARKER_QUERY} AS m`))[0].m;
const initRuns = async (name: string) =>
  (await logs(name))
    .split("\n")
    .filter((l) => l.includes("running /docker-entrypoint-initdb.d/seed-db.sql")).length;
const stopAndRemove = async (i: Instance) => {
  await removeContainer(i.name);
  made.containers.delete(i.name);
};

describe("containerSpec (pure)", () => {
  const input: ContainerSpecInput = {
    name: "p-dev-db-0",
    image: "postgres:15",
    major: 15,
    network: "bridge",
    port: 15432,
    bindAddress: "127.0.0.1",
    dbUser: "app",
    dbName: "app",
    fingerprint: "sha256:aa",
    healthcheck: "true",
    volumeName: "v",
    seedPath: "/s/seed-db.sql.gz",
    seedSha256: "sha256:bb",
  };
  test("bridge: the port published on 127.0.0.1; the image's own port inside", () => {
    const s = containerSpec(input);
    expect(s.networkMode).toBe("bridge");
    expect(s.ports).toEqual([{ internal: 5432, external: 15432, ip: "127.0.0.1" }]);
    expect(s.command).toEqual(["postgres"]);
    expect(s.env).toEqual([
      "POSTGRES_USER=app",
      "POSTGRES_DB=app",
      "PGDATA=/var/lib/postgresql/data",
    ]);
    expect(s.uploads).toEqual([
      {
        file: "/docker-entrypoint-initdb.d/seed-db.sql.gz",
        source: "/s/seed-db.sql.gz",
        sourceHash: "sha256:bb",
      },
    ]);
    expect(s.healthcheck.tests).toEqual(["CMD-SHELL", `test -e "$PGDATA/${SEEDED_FLAG}" && true`]);
    expect(JSON.stringify(s)).not.toMatch(/POSTGRES_PASSWORD=/);
  });
  test("host: nothing published; the server binds the address and port itself", () => {
    const s = containerSpec({ ...input, network: "host" });
    expect(s.networkMode).toBe("host");
    expect(s.ports).toEqual([]);
    expect(s.command).toEqual(["postgres", "-c", "listen_addresses=127.0.0.1"]);
    expect(s.env).toContain("PGPORT=15432");
    expect(containerSpec({ ...input, network: "host", bindAddress: "10.1.2.3" }).command).toContain(
      "listen_addresses=127.0.0.1,10.1.2.3",
    );
  });
  test("each major's PGDATA: 18 keeps it under /var/lib/postgresql/18/docker, the volume above it", () => {
    expect(dataLayout(15)).toEqual({
      mount: "/var/lib/postgresql/data",
      pgdata: "/var/lib/postgresql/data",
    });
    expect(dataLayout(17)).toEqual({
      mount: "/var/lib/postgresql/data",
      pgdata: "/var/lib/postgresql/data",
    });
    expect(dataLayout(18)).toEqual({
      mount: "/var/lib/postgresql",
      pgdata: "/var/lib/postgresql/18/docker",
    });
    const s18 = containerSpec({ ...input, major: 18 });
    expect(s18.volumes).toEqual([{ volumeName: "v", containerPath: "/var/lib/postgresql" }]);
    expect(s18.env).toContain("PGDATA=/var/lib/postgresql/18/docker");
  });
  test("the major of an image reference", () => {
    expect(majorOfImage("postgres:15")).toBe(15);
    expect(majorOfImage("postgres:18.1-bookworm")).toBe(18);
    expect(majorOfImage("registry.example:5000/pg:16@sha256:" + "a".repeat(64))).toBe(16);
    expect(majorOfImage("postgres")).toBeUndefined();
    expect(majorOfImage("registry.example:5000/pg")).toBeUndefined();
  });
  test("the entrypoint wrapper is valid sh", async () => {
    const r = await execa("sh", ["-n", "-c", ENTRYPOINT_WRAPPER], { reject: false });
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
  });
});

describe("on the real engine", () => {
  test("first start: healthy only once the seed is loaded; the URL gets the seed; 127.0.0.1 only", async () => {
    // A seed that takes a few seconds, so health is probed while init runs.
    const slow = {
      path: seedWith("slow", 0.5, "SELECT pg_sleep(5);"),
      fingerprint: seed.fingerprint,
    };
    const t0 = Date.now();
    const i = await start("first", slow, "pw-first");
    const seen: string[] = [];
    for (;;) {
      const h = await health(i.name);
      const l = await logs(i.name);
      if (
        l.includes("running /docker-entrypoint-initdb.d/seed-db.sql") &&
        !l.includes("init process complete")
      )
        seen.push(`loading:${h}`);
      if (h === "running/healthy") break;
      if (Date.now() - t0 > 120000 || !h.startsWith("running"))
        throw new Error(`not healthy (${h}):\n${l}`);
      await sleep(200);
    }
    const seconds = (Date.now() - t0) / 1000;
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((s) => s !== "loading:running/healthy")).toBe(true);
    expect(await marker(i, "pw-first")).toBe(markerText(seed.fingerprint));
    expect(
      (await query(i.url("pw-first"), "SELECT count(*)::int AS n FROM django_migrations"))[0].n,
    ).toBeGreaterThan(10);
    expect(
      (await query(i.url("pw-first"), "SELECT current_setting('listen_addresses') AS l"))[0].l,
    ).toBe("127.0.0.1");
    await expect(query(i.url("wrong"), "SELECT 1")).rejects.toThrow(
      /password authentication failed/,
    );
    console.log(`slow seed (5 s pg_sleep): start to healthy ${seconds.toFixed(1)} s`);
  });

  test("the example seed: start to healthy; a restart does not re-run init and keeps the data", async () => {
    const t0 = Date.now();
    const i = await start("restart", seed, "pw");
    await waitHealthy(i.name);
    console.log(
      `example seed: container start to healthy (seeded marker) ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    await query(i.url("pw"), "CREATE TABLE kept (x int); INSERT INTO kept VALUES (7)");
    await docker(["restart", i.name]);
    await waitHealthy(i.name);
    expect(await initRuns(i.name)).toBe(1);
    expect(await logs(i.name)).toMatch(/Skipping initialization/);
    expect(await query(i.url("pw"), "SELECT x FROM kept")).toEqual([{ x: 7 }]);
    // A crash (SIGKILL: a stale postmaster.pid, no shutdown checkpoint) is no failed first start.
    await docker(["kill", i.name]);
    await docker(["start", i.name]);
    await waitHealthy(i.name);
    expect(await initRuns(i.name)).toBe(1);
    expect(await query(i.url("pw"), "SELECT x FROM kept")).toEqual([{ x: 7 }]);
  });

  test("a new fingerprint (a new volume) re-seeds", async () => {
    const a = await start("refp", seed, "pw");
    await waitHealthy(a.name);
    await query(a.url("pw"), "CREATE TABLE only_in_a (x int)");
    // What pulumi up does: the old container goes first (deleteBeforeReplace), same name and port.
    await stopAndRemove(a);
    const next = otherSeed("refp-b");
    const b = await start("refp", next, "pw", { port: a.port });
    expect(b.volume).not.toBe(a.volume);
    await waitHealthy(b.name);
    expect(await marker(b, "pw")).toBe(markerText(next.fingerprint));
    expect(await query(b.url("pw"), "SELECT to_regclass('only_in_a') AS t")).toEqual([{ t: null }]);
    expect(await volumeExists(a.volume)).toBe(true); // the old volume is the provider's to delete
  });

  test("a seed that fails half-way leaves no volume that a later start takes as seeded", async () => {
    const broken = {
      path: seedWith("broken", 0.5, "SELECT pgseed_no_such_function();"),
      fingerprint: seed.fingerprint,
    };
    // No restarts, to look at the volume as one failed first start left it.
    const bad = await start("broken", broken, "pw", {}, (c) => ({
      ...c,
      restart: "no" as ContainerSpec["restart"],
    }));
    for (let t = 0; (await health(bad.name)).startsWith("running"); t++) {
      if (t > 1200)
        throw new Error(`the broken seed did not stop the container:\n${await logs(bad.name)}`);
      await sleep(100);
    }
    expect(await logs(bad.name)).toMatch(/pgseed_no_such_function\(\) does not exist/);
    expect(await health(bad.name)).toMatch(/^exited/);
    await stopAndRemove(bad);
    // The official image's behaviour, and the bug: the failed init left a cluster in the volume.
    const ls = await docker([
      "run",
      "--rm",
      "--entrypoint",
      "ls",
      "--mount",
      `type=volume,src=${bad.volume},dst=/d`,
      IMAGE,
      "/d",
    ]);
    expect(ls.stdout.split("\n")).toContain("PG_VERSION");
    expect(ls.stdout.split("\n")).not.toContain(SEEDED_FLAG);
    // A later start on that volume (same fingerprint, same volume name) initialises again.
    const good = await start("broken", seed, "pw", { port: bad.port });
    expect(good.volume).toBe(bad.volume);
    await waitHealthy(good.name);
    expect(await logs(good.name)).toMatch(
      /a first start that never finished left \(no seed loaded\): emptying it/,
    );
    expect(await initRuns(good.name)).toBe(1);
    expect(await marker(good, "pw")).toBe(markerText(seed.fingerprint));
  });

  test("a volume from before the seeded flag, holding a loaded seed, is kept", async () => {
    const i = await start("legacy", seed, "pw");
    await waitHealthy(i.name);
    await query(i.url("pw"), "CREATE TABLE precious (x int)");
    await stopAndRemove(i);
    await docker([
      "run",
      "--rm",
      "--entrypoint",
      "rm",
      "--mount",
      `type=volume,src=${i.volume},dst=/d`,
      IMAGE,
      `/d/${SEEDED_FLAG}`,
    ]);
    const again = await start("legacy", seed, "pw", { port: i.port });
    await waitHealthy(again.name);
    expect(await query(again.url("pw"), "SELECT to_regclass('precious')::text AS t")).toEqual([
      { t: "precious" },
    ]);
  });

  test("a password change reaches the kept volume: the new URL connects, the old one does not", async () => {
    const i = await start("password", seed, "old-pw");
    await waitHealthy(i.name);
    // A new password replaces the container (its env), never the volume (named by the fingerprint).
    await stopAndRemove(i);
    const next = "new pw with 'quotes' and \"double\"";
    const j = await start("password", seed, next, { port: i.port });
    expect(j.volume).toBe(i.volume);
    await waitHealthy(j.name);
    expect(await initRuns(j.name)).toBe(0);
    expect(await marker(j, next)).toBe(markerText(seed.fingerprint));
    await expect(query(j.url("old-pw"), "SELECT 1")).rejects.toThrow(
      /password authentication failed/,
    );
    expect(await logs(j.name)).not.toContain("new pw");
  });

  test("the 18 layout (volume at /var/lib/postgresql, PGDATA below it) initialises, restarts and recovers the same way", async () => {
    const i = await start("layout18", seed, "pw", { major: 18 });
    await waitHealthy(i.name);
    expect((await query(i.url("pw"), "SELECT current_setting('data_directory') AS d"))[0].d).toBe(
      dataLayout(18).pgdata,
    );
    await docker(["restart", i.name]);
    await waitHealthy(i.name);
    expect(await initRuns(i.name)).toBe(1);
  });

  test("an image whose psql predates \\restrict: init stops with a message saying so; a seed without \\restrict still loads", async () => {
    const image = await oldPsqlImage();
    const i = await start("oldpsql", seed, "pw", { image });
    for (
      let t = 0;
      !(await logs(i.name)).includes("older than the pg_dump that made the seed");
      t++
    ) {
      if (t > 600) throw new Error(`no message about the old psql:\n${await logs(i.name)}`);
      await sleep(100);
    }
    expect(await logs(i.name)).toMatch(
      /pgseed: this image's psql .* rejects its \\restrict lines; fix: pull a newer image/,
    );
    expect(await logs(i.name)).not.toContain("running /docker-entrypoint-initdb.d/seed-db.sql");
    await stopAndRemove(i);
    // What an older pg_dump writes: no \\restrict lines (under another fingerprint: a new volume).
    const rekeyed = otherSeed("no-restrict");
    const plain = {
      path: writeSeed(
        "no-restrict-plain.sql",
        fs.readFileSync(rekeyed.path, "utf8").replace(/^\\(un)?restrict .*$/gm, ""),
      ),
      fingerprint: rekeyed.fingerprint,
    };
    const j = await start("oldpsql2", plain, "pw", { image });
    await waitHealthy(j.name);
    expect(await marker(j, "pw")).toBe(markerText(plain.fingerprint));
  });

  test("two stacks on one engine run side by side", async () => {
    const [dev, ci] = await Promise.all([
      start("stack-dev", seed, "pw-dev"),
      start("stack-ci", otherSeed("stack-ci"), "pw-ci"),
    ]);
    expect(dev.name).not.toBe(ci.name);
    expect(dev.volume).not.toBe(ci.volume);
    await Promise.all([waitHealthy(dev.name), waitHealthy(ci.name)]);
    expect(await marker(dev, "pw-dev")).toBe(markerText(seed.fingerprint));
    expect(await marker(ci, "pw-ci")).not.toBe(markerText(seed.fingerprint));
    expect(await health(dev.name)).toBe("running/healthy");
  });
});

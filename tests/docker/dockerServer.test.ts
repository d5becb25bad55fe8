/** The docker server behind the seam, on the real engine, with the offline postgres:15 image. */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { dockerServer, runArgs, sourceOf, THROWAWAY_LABEL } from "../../seed/servers/docker";
import { socketOf } from "../../seed/core/docker";
import { versionOf } from "../../seed/core/version";
import { findPgBin } from "../../seed/servers/pgBin";
import { PgseedError } from "../../seed/core/errors";
import {
  cli,
  copyExample,
  dumpText,
  query,
  removeTempDirs,
  ROOT,
  tempDir,
  sqlAppArgs,
} from "../helpers";
import { containers, docker, IMAGE, requireDockerImage, sleep, volumeExists } from "./engine";

beforeAll(() => requireDockerImage());
afterAll(() => removeTempDirs());

describe("pure parts", () => {
  test("run arguments: host network, 127.0.0.1 only, trust, fsync off, nothing published", () => {
    const args = runArgs({ name: "pgseed-x", image: "postgres:15", port: 40000 });
    expect(args.slice(args.indexOf("--network"), args.indexOf("--network") + 2)).toEqual([
      "--network",
      "host",
    ]);
    expect(args).toEqual(
      expect.arrayContaining([
        "port=40000",
        "listen_addresses=127.0.0.1",
        "fsync=off",
        "POSTGRES_HOST_AUTH_METHOD=trust",
        "cluster_name=pgseed-x",
      ]),
    );
    expect(args).not.toContain("-p");
    expect(args).not.toContain("--publish");
    // The image comes right before its command, so every -c reaches the server.
    expect(args[args.indexOf("postgres:15") + 1]).toBe("postgres");
  });
  test("source: registry digest when known, else the local image id", () => {
    expect(
      sourceOf("postgres:15", { id: "sha256:aaa", repoDigests: ["postgres@sha256:bbb"] }),
    ).toBe("postgres:15 sha256:bbb");
    expect(
      sourceOf("registry.example:5000/pg:15", {
        id: "sha256:aaa",
        repoDigests: ["other@sha256:ccc", "registry.example:5000/pg@sha256:ddd"],
      }),
    ).toBe("registry.example:5000/pg:15 sha256:ddd");
    expect(sourceOf("postgres:15", { id: "sha256:aaa", repoDigests: [] })).toBe(
      "postgres:15 sha256:aaa",
    );
  });
  test("version: the first word of server_version", () => {
    expect(versionOf("15.14 (Debian 15.14-1.pgdg120+1)")).toBe("15.14");
    expect(versionOf("18.0")).toBe("18.0");
  });
  test("socket of DOCKER_HOST", () => {
    expect(socketOf(undefined)).toBe("/var/run/docker.sock");
    expect(socketOf("unix:///run/x.sock")).toBe("/run/x.sock");
    expect(socketOf("ssh://me@db1")).toBeUndefined();
  });
});

describe("on the real engine", () => {
  test("start, runSql, query, dump with the image's pg_dump; stop removes container and volumes", async () => {
    const server = await dockerServer.start({ major: 15, image: IMAGE, engine: "docker" });
    let name = "";
    try {
      expect(server.kind).toBe("docker");
      // Built from this machine's packages: the same minor as the local binaries.
      expect(server.version).toBe(findPgBin(15).version);
      const id = (await docker(["image", "inspect", "--format", "{{.Id}}", IMAGE])).stdout.trim();
      expect(server.source).toBe(`${IMAGE} ${id}`);
      expect(server.env.PGHOST).toBe("127.0.0.1");
      expect(server.url).toMatch(/^postgresql:\/\/postgres:[^@]+@127\.0\.0\.1:\d+\/postgres$/);
      // The migrate command runs on the host, with the URL it is given.
      expect(
        await query(
          server.url,
          "SELECT current_setting('listen_addresses') AS l, current_setting('fsync') AS f",
        ),
      ).toEqual([{ l: "127.0.0.1", f: "off" }]);
      await server.runSql(
        "CREATE TABLE pets (id int PRIMARY KEY, name text); INSERT INTO pets VALUES (1, 'Rex');",
      );
      expect(await server.query("SELECT name FROM pets")).toBe("Rex");
      await expect(server.runSql("INSERT INTO pets VALUES (2, 'a'); SELECT nope;")).rejects.toThrow(
        /SQL failed on the throwaway server[\s\S]*nope/,
      );
      // -1: the failed batch left nothing behind.
      expect(await server.query("SELECT count(*) FROM pets")).toBe("1");
      const dump = await dumpText(server, [
        "--format=plain",
        "--no-owner",
        "--restrict-key=pgseedtest",
      ]);
      expect(dump).toContain("CREATE TABLE public.pets");
      expect(dump).toContain("\\restrict pgseedtest");
      expect(dump).toContain(`Dumped by pg_dump version ${server.version}`);
      const running = await containers(`label=${THROWAWAY_LABEL}`);
      expect(running).toHaveLength(1);
      name = running[0];
    } finally {
      const mounts = name
        ? (await docker(["inspect", "--format", "{{range .Mounts}}{{.Name}} {{end}}", name])).stdout
            .trim()
            .split(/\s+/)
            .filter(Boolean)
        : [];
      await server.stop();
      await server.stop(); // safe twice
      expect(await containers(`name=${name}`)).toEqual([]);
      for (const v of mounts) expect(await volumeExists(v)).toBe(false);
    }
  });

  test("a missing image is pulled once; when that fails the error says so, with the fix", async () => {
    // A registry on a closed loopback port: the pull fails at once, and nothing leaves this
    // machine.
    const image = "127.0.0.1:9/pgseed-missing:15";
    const err = await dockerServer.start({ major: 15, image, engine: "docker" }).catch((e) => e);
    expect(err).toBeInstanceOf(PgseedError);
    expect(err.exitCode).toBe(2);
    expect(err.message).toMatch(
      new RegExp(
        `^image ${image.replace(/[.]/g, "\\.")} is not on the Docker engine .* docker pull failed: .+\\n  fix: .*docker pull`,
      ),
    );
  });

  test("an image of another major is refused, naming both fixes, and removed", async () => {
    const err = await dockerServer
      .start({ major: 16, image: IMAGE, engine: "docker" })
      .catch((e) => e);
    expect(err).toBeInstanceOf(PgseedError);
    expect(err.message).toMatch(
      /major version mismatch: the seed must be made by PostgreSQL 16, but image postgres:15 runs 15\.\d+\n  fix: set --image/,
    );
    expect(await containers(`label=${THROWAWAY_LABEL}`)).toEqual([]);
  });

  test("with no engine reachable: one line naming Docker, then the fix; exit 2 from the CLI", async () => {
    const saved = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = "unix:///nonexistent";
    try {
      expect(dockerServer.available?.()).toBe(false);
      const err = await dockerServer
        .start({ major: 15, image: IMAGE, engine: "docker" })
        .catch((e) => e);
      expect(err).toBeInstanceOf(PgseedError);
      expect(err.exitCode).toBe(2);
      expect(err.message).toMatch(
        /^no Docker engine answers at unix:\/\/\/nonexistent \(.+\)\n  fix: start Docker .*scripts\/start-dockerd\.sh.*$/,
      );
      expect(err.message.split("\n")).toHaveLength(2);
    } finally {
      if (saved === undefined) delete process.env.DOCKER_HOST;
      else process.env.DOCKER_HOST = saved;
    }
    const app = copyExample("sql-app");
    const r = await cli(["regenerate", ...sqlAppArgs(app), "--engine", "docker"], ROOT, {
      DOCKER_HOST: "unix:///nonexistent",
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no Docker engine answers at unix:\/\/\/nonexistent/);
    expect(r.stderr).toMatch(/fix: start Docker/);
    expect(fs.existsSync(path.join(app, "seed-db.sql"))).toBe(false);
  });

  test("Ctrl-C during the migrate step removes the container", async () => {
    const app = copyExample("sql-app");
    const marker = path.join(tempDir(), "migrating");
    fs.writeFileSync(path.join(app, "slow.sh"), `touch ${marker}; sleep 60\n`);
    const child = execa(
      "node",
      [
        path.join(ROOT, "bin", "pgseed"),
        "regenerate",
        ...sqlAppArgs(app, "sh slow.sh"),
        "--engine",
        "docker",
      ],
      { reject: false },
    );
    try {
      for (let i = 0; i < 600 && !fs.existsSync(marker); i++) await sleep(100);
      expect(fs.existsSync(marker)).toBe(true);
      expect((await containers(`label=${THROWAWAY_LABEL}`)).length).toBe(1);
      child.kill("SIGINT");
      const r = await child;
      expect(r.exitCode).toBe(130);
      expect(await containers(`label=${THROWAWAY_LABEL}`)).toEqual([]);
    } finally {
      child.kill("SIGKILL");
    }
  });
});

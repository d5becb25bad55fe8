/**
 * onSeedChange: migrate on the real Docker engine. Three instances run the very container spec
 * SeededPostgres hands the docker provider (containerSpec, run with the docker CLI: the provider
 * plugin cannot run here), started from seed A, with user rows. A new fingerprint then does what
 * `pulumi up` does under this policy: the container spec is unchanged once the fields the
 * policy ignores are dropped (so no container or volume is replaced), and each instance's
 * InstanceMigration runs in turn (migrateInstance). Each instance keeps its rows, reaches the new
 * marker and is healthy (by its own healthcheck) before the next one starts.
 */
import * as fs from "fs";
import * as path from "path";
import { containerSpec, ContainerSpecInput } from "../../deploy/containerSpec";
import { healthcheckCommand, volumeName } from "../../deploy/instances";
import { migrateInstance } from "../../components/instanceMigrationOps";
import { sha256 } from "../../seed/core/hash";
import { cli, copyExample, query, removeTempDirs } from "../helpers";
import { docker, IMAGE, requireDockerImage, sleep } from "./engine";

const CUSTOM = [
  "--preset",
  "custom",
  "--migrations",
  "migrations/*.sql",
  "--migrate-command",
  "sh migrate.sh",
];
const PASSWORD = "mig-pw-0123";
const BASE_PORT = 25400 + (process.pid % 500) * 3;
const PREFIX = `pgseed-migpol-${process.pid}`;
const ROWS = "SELECT sku, name, price_cents FROM products ORDER BY sku";
let app: string;
let seedA: string;
let fpA: string;
let fpB: string;
const names = [0, 1, 2].map((i) => `${PREFIX}-${i}`);

const fingerprintOf = (seed: string) =>
  fs.readFileSync(seed, "utf8").split("\n")[1].replace("-- fingerprint: ", "");
const urlOf = (i: number) => `postgresql://app:${PASSWORD}@127.0.0.1:${BASE_PORT + i}/app`;
const specOf = (i: number, fingerprint: string, seedPath: string) => {
  const input: ContainerSpecInput = {
    name: names[i],
    image: IMAGE,
    major: 15,
    network: "host",
    port: BASE_PORT + i,
    bindAddress: "127.0.0.1",
    dbUser: "app",
    dbName: "app",
    fingerprint,
    healthcheck: healthcheckCommand(undefined),
    volumeName: volumeName(names[i], fingerprint, true),
    seedPath,
    seedSha256: sha256(fs.readFileSync(seedPath)),
  };
  return containerSpec(input);
};
/** What the docker provider compares under the migrate policy: labels and uploads are ignored. */
const compared = (s: ReturnType<typeof containerSpec>) =>
  JSON.stringify({ ...s, labels: undefined, uploads: undefined });

async function run(i: number, seedPath: string): Promise<string> {
  const s = specOf(i, fpA, seedPath);
  const args = [
    "create",
    "--name",
    s.name,
    "--network",
    s.networkMode,
    "--restart",
    s.restart,
    "--entrypoint",
    s.entrypoint[0],
  ];
  for (const e of [...s.env, `POSTGRES_PASSWORD=${PASSWORD}`]) args.push("-e", e);
  for (const l of s.labels) args.push("--label", `${l.label}=${l.value}`);
  for (const v of s.volumes) args.push("-v", `${v.volumeName}:${v.containerPath}`);
  args.push(
    "--health-cmd",
    s.healthcheck.tests[1],
    "--health-interval",
    s.healthcheck.interval,
    "--health-timeout",
    s.healthcheck.timeout,
    "--health-retries",
    String(s.healthcheck.retries),
  );
  args.push(s.image, ...s.entrypoint.slice(1), ...s.command);
  const created = await docker(args);
  if (created.exitCode !== 0) throw new Error(`docker create failed: ${created.stderr}`);
  for (const u of s.uploads) {
    const cp = await docker(["cp", u.source, `${s.name}:${u.file}`]);
    if (cp.exitCode !== 0) throw new Error(`docker cp failed: ${cp.stderr}`);
  }
  const started = await docker(["start", s.name]);
  if (started.exitCode !== 0) throw new Error(`docker start failed: ${started.stderr}`);
  return created.stdout.trim();
}

const health = async (name: string) =>
  (await docker(["inspect", "--format", "{{.State.Health.Status}}", name])).stdout.trim();
async function healthy(name: string, seconds = 90): Promise<void> {
  for (const deadline = Date.now() + seconds * 1000; Date.now() < deadline; await sleep(500))
    if ((await health(name)) === "healthy") return;
  const logs = await docker(["logs", "--tail", "30", name], { all: true });
  throw new Error(`${name} is not healthy after ${seconds}s (${await health(name)}):\n${logs.all}`);
}
const containerId = async (name: string) =>
  (await docker(["inspect", "--format", "{{.Id}}", name])).stdout.trim();
const markerOf = async (i: number) =>
  (await query(urlOf(i), "SELECT obj_description('public'::regnamespace, 'pg_namespace') AS m"))[0]
    .m;

beforeAll(async () => {
  requireDockerImage();
  app = copyExample("sql-app");
  expect(await cli(["regenerate", "--app-dir", app, ...CUSTOM])).toMatchObject({ code: 0 });
  seedA = path.join(path.dirname(app), "seed-A.sql");
  fs.copyFileSync(path.join(app, "seed-db.sql"), seedA);
  fpA = fingerprintOf(seedA);
  fs.writeFileSync(
    path.join(app, "migrations", "007_add_product_note.sql"),
    "ALTER TABLE products ADD COLUMN note text NOT NULL DEFAULT 'none';\n",
  );
  expect(await cli(["regenerate", "--app-dir", app, ...CUSTOM])).toMatchObject({ code: 0 });
  fpB = fingerprintOf(path.join(app, "seed-db.sql"));
}, 300000);

afterAll(async () => {
  for (const n of names) {
    await docker(["rm", "-f", n]);
    await docker(["volume", "rm", "-f", volumeName(n, "", true)]);
  }
  removeTempDirs();
});

test("three instances keep their rows across a new fingerprint, migrated one at a time, each healthy before the next", async () => {
  const ids = await Promise.all([0, 1, 2].map((i) => run(i, seedA)));
  for (const n of names) await healthy(n);
  for (let i = 0; i < 3; i++)
    await query(
      urlOf(i),
      `INSERT INTO products (category_id, sku, name, price_cents) VALUES (1, 'U-${i}', 'user row ${i}', ${100 + i})`,
    );
  const rows = await Promise.all([0, 1, 2].map((i) => query(urlOf(i), ROWS)));

  // The new seed changes only what the migrate policy ignores: the provider replaces nothing.
  const newSeed = path.join(app, "seed-db.sql");
  for (let i = 0; i < 3; i++)
    expect(compared(specOf(i, fpB, newSeed))).toBe(compared(specOf(i, fpA, seedA)));

  const settings = {
    appDir: path.basename(app),
    preset: "custom",
    migrations: ["migrations/*.sql"],
    migrateCommand: "sh migrate.sh",
  };
  for (let i = 0; i < 3; i++) {
    const out = await migrateInstance(
      { url: urlOf(i), fingerprint: fpB, settings, waitSeconds: 60 },
      path.dirname(app),
    );
    expect(out).toMatchObject({ from: fpA, migrated: true });
    await healthy(names[i], 20);
    // Docker flips to unhealthy only after many failed checks: run the container's check itself
    // now.
    const check = specOf(i, fpB, newSeed).healthcheck.tests[1];
    expect((await docker(["exec", names[i], "sh", "-c", check])).exitCode).toBe(0);
    const reseedCheck = check.replace(healthcheckCommand(undefined), healthcheckCommand(fpA));
    expect((await docker(["exec", names[i], "sh", "-c", reseedCheck])).exitCode).toBe(1); // a check pinned to the old seed would fail
    expect(await markerOf(i)).toBe(`pgseed ${fpB}`);
    // Not yet the next one: it is still at the old fingerprint while this one is done.
    if (i < 2) expect(await markerOf(i + 1)).toBe(`pgseed ${fpA}`);
  }
  for (let i = 0; i < 3; i++) {
    expect(await query(urlOf(i), ROWS)).toEqual(rows[i]);
    expect(
      (await query(urlOf(i), "SELECT count(*)::int AS n FROM products WHERE note = 'none'"))[0].n,
    ).toBe(1);
    expect(await containerId(names[i])).toBe(ids[i]);
  }
  // A second up finds nothing to do.
  expect(
    await migrateInstance(
      { url: urlOf(0), fingerprint: fpB, settings, waitSeconds: 10 },
      path.dirname(app),
    ),
  ).toMatchObject({ migrated: false });
}, 300000);

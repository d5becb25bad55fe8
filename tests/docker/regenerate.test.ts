/**
 * `pgseed regenerate --engine docker` against `--engine local`: the image is built from this
 * machine's PostgreSQL packages, so both run the same minor, and the seeds must be the same bytes.
 */
import * as fs from "fs";
import * as path from "path";
import {
  cli,
  copyExample,
  djangoPython,
  removeTempDirs,
  requirePostgres,
  tempDir,
} from "../helpers";
import { containers, requireDockerImage } from "./engine";
import { THROWAWAY_LABEL } from "../../seed/servers/docker";

beforeAll(() => {
  requirePostgres();
  requireDockerImage();
});
afterAll(() => removeTempDirs());

async function regenerate(
  example: string,
  engine: string,
  args: string[],
): Promise<{ seed: Buffer; seconds: number; stderr: string }> {
  const app = copyExample(example, tempDir());
  const started = Date.now();
  const r = await cli(["regenerate", "--app-dir", app, "--engine", engine, "--force", ...args]);
  const seconds = (Date.now() - started) / 1000;
  if (r.code !== 0) throw new Error(`regenerate --engine ${engine} exited ${r.code}:\n${r.stderr}`);
  return { seed: fs.readFileSync(path.join(app, "seed-db.sql")), seconds, stderr: r.stderr };
}

const cases: [string, () => Promise<string[]>][] = [
  ["django-blog", async () => (await djangoPython(), ["--preset", "django"])],
  [
    "sql-app",
    async () => [
      "--preset",
      "custom",
      "--migrations",
      "migrations/*.sql",
      "--migrate-command",
      "sh migrate.sh",
    ],
  ],
];

test.each(cases)(
  "%s: --engine docker writes the same bytes as --engine local",
  async (example, argsOf) => {
    const args = await argsOf();
    const local = await regenerate(example, "local", args);
    const viaDocker = await regenerate(example, "docker", args);
    expect(viaDocker.seed.toString("utf8").split("\n").slice(0, 4)).toEqual(
      local.seed.toString("utf8").split("\n").slice(0, 4),
    );
    expect(viaDocker.seed.equals(local.seed)).toBe(true);
    expect(await containers(`label=${THROWAWAY_LABEL}`)).toEqual([]);
    // Seen in the test log; the timed comparison lives in bench/.
    console.log(
      `${example}: regenerate local ${local.seconds.toFixed(2)} s, docker ${viaDocker.seconds.toFixed(2)} s`,
    );
  },
);

test("sql-app: an incremental regenerate --engine docker streams the previous seed through the image's psql, same bytes as from scratch", async () => {
  const args = [
    "--preset",
    "custom",
    "--migrations",
    "migrations/*.sql",
    "--migrate-command",
    "sh migrate.sh",
    "--engine",
    "docker",
  ];
  const app = copyExample("sql-app", tempDir());
  expect(await cli(["regenerate", "--app-dir", app, ...args, "--quiet"])).toMatchObject({
    code: 0,
  });
  fs.writeFileSync(
    path.join(app, "migrations", "099_docker_incremental.sql"),
    "CREATE TABLE docker_incremental (id int);\n",
  );
  const r = await cli(["regenerate", "--app-dir", app, ...args, "--verify"]);
  expect(r.stderr).toMatch(
    /incremental: loading the previous seed, then applying 1 added input \(migrations\/099_docker_incremental.sql\)/,
  );
  expect(r.code).toBe(0); // --verify: the from-scratch build gave the same bytes
  expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
    "CREATE TABLE public.docker_incremental",
  );
  expect(await containers(`label=${THROWAWAY_LABEL}`)).toEqual([]);
});

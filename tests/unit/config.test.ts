import * as fs from "fs";
import * as path from "path";
import { resolveSettings, readStackSettings, RawSettings } from "../../config";
import { removeTempDirs, tempDir } from "../helpers";
import { django } from "../../seed/presets/django";

afterAll(removeTempDirs);
const resolve = (raw: RawSettings) => resolveSettings(raw, "/project");

describe("resolveSettings", () => {
  test("django preset defaults", () => {
    const s = resolve({ appDir: "app" });
    expect(s.engine).toMatchObject({
      appDir: "/project/app",
      preset: "django",
      migrations: ["**/migrations/**/*.py"],
      migrateCommand: "python3 manage.py migrate --noinput",
      seedPath: "/project/app/seed-db.sql",
      postgresVersion: 15,
      image: "postgres:15",
      engine: "auto",
    });
    expect(s.deploy).toMatchObject({ instances: 1, onSeedChange: "reseed" });
    expect(s.ci.testCommand).toBe(django.ciTestCommand); // the preset's
  });

  test("empty values from Pulumi.yaml defaults mean: derived", () => {
    const s = resolve({
      appDir: "app",
      preset: "custom",
      migrations: ["m/*.sql"],
      migrateCommand: "sh m.sh",
      image: "",
      pgBin: "",
      normalizeSql: "",
    });
    expect(s.engine).toMatchObject({
      image: "postgres:15",
      pgBin: undefined,
      normalizeSqlPath: undefined,
    });
  });

  test("strings from Pulumi config are coerced", () => {
    const s = resolve({
      instances: "3",
      ciEnabled: "false",
      ciRunsOn: '["self-hosted","linux"]',
      postgresVersion: "16",
    });
    expect(s.deploy.instances).toBe(3);
    expect(s.ci.enabled).toBe(false);
    expect(s.engine).toMatchObject({ postgresVersion: 16, image: "postgres:16" });
    expect(s.ci.runsOn).toEqual(["self-hosted", "linux"]);
  });

  test.each<[RawSettings, RegExp]>([
    [{ preset: "rails" }, /preset must be one of django, alembic, custom, got "rails"/],
    [{ engine: "podman" }, /engine must be one of auto, local, docker, got "podman"/],
    [{ onSeedChange: "wipe" }, /onSeedChange must be one of reseed, migrate, keep/],
    [{ keepData: true } as RawSettings, /keepData was replaced by onSeedChange/],
    [
      { ciPreseededImage: "ghcr.io/acme/db" } as RawSettings,
      /ciPreseededImage was renamed preseededImage/,
    ],
    [
      { preseededImage: "ghcr.io/acme/db:v1" },
      /preseededImage "ghcr.io\/acme\/db:v1" must name a repository without a tag/,
    ],
    [
      { preseededImage: "GHCR.io/Acme DB" },
      /preseededImage "GHCR.io\/Acme DB" is not a valid image repository/,
    ],
    [
      { preset: "custom", migrations: ["m/*.sql"] },
      /migrateCommand is required with preset "custom"/,
    ],
    [{ migrations: ["../other/*.py"] }, /points outside the app dir/],
    [{ migrations: ["/abs/*.py"] }, /points outside the app dir/],
    [{ instances: -2 }, /instances must be 0 or more, got -2/],
    [{ instances: "many" }, /instances must be a whole number/],
    [{ basePort: 70000 }, /basePort 70000 .* outside 1-65535/],
    [{ basePort: 65535, instances: 2 }, /outside 1-65535/],
    [{ image: "Postgres:::15" }, /image "Postgres:::15" is not a valid image reference/],
    [{ image: "postgres:16" }, /image "postgres:16" is PostgreSQL 16 but postgresVersion is 15/],
    [{ postgresVersion: 9 }, /postgresVersion 9 is not a supported/],
    [{ seed: "seed.txt" }, /must end in .sql or .sql.gz/],
    [{ ciEnabled: true }, /ciEnabled is true but ciRepositories is empty/],
    [{ ciRunsOn: [] }, /ciRunsOn must list at least one/],
    [{ ciRunsOn: [""] }, /ciRunsOn must list at least one/],
    [{ ciRepositories: ["not a repo"] }, /must read owner\/name/],
    [{ dbName: "drop table;" }, /dbName "drop table;" must be a plain identifier/],
    [{ ciEnabled: "yes" }, /ciEnabled must be true or false/],
    [{ colour: "blue" } as RawSettings, /unknown setting "colour"/],
  ])("%j is refused: %s", (raw, message) => {
    expect(() => resolve(raw)).toThrow(message);
    try {
      resolve(raw);
    } catch (err) {
      expect((err as { exitCode: number }).exitCode).toBe(2);
      expect((err as Error).message).toMatch(/fix: /);
    }
  });

  test("every problem is listed at once", () => {
    expect(() => resolve({ instances: -1, preset: "rails" })).toThrow(
      /preset must be[\s\S]*instances must be/,
    );
  });
});

describe("readStackSettings", () => {
  test("Pulumi.yaml defaults, then the stack's pgseed: values; secure values and other namespaces skipped", () => {
    const dir = tempDir();
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      "name: p\nruntime: nodejs\nconfig:\n  appDir:\n    type: string\n    default: app\n  instances:\n    type: integer\n    default: 1\n",
    );
    fs.writeFileSync(
      path.join(dir, "Pulumi.ci.yaml"),
      "config:\n  pgseed:instances: 4\n  pgseed:postgresPassword:\n    secure: AAABAxyz\n  docker:host: unix:///var/run/docker.sock\n",
    );
    expect(readStackSettings(dir, "ci")).toEqual({ appDir: "app", instances: 4 });
  });
  test("an unknown stack names the ones that exist", () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config: {}\n");
    expect(() => readStackSettings(dir, "prod")).toThrow(
      /stack "prod" has no Pulumi.prod.yaml[\s\S]*use one of: dev/,
    );
  });
});

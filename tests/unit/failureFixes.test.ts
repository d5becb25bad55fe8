/** Which message and fix a failed migrate command and a failed image build get (pure). */
import { migrateFailure } from "../../seed/build/migrateProcess";
import { buildError } from "../../seed/image/buildContainer";
import { EXIT_USAGE, EXIT_FAILED } from "../../seed/core/errors";

const run = { command: "python manage.py migrate", timeoutSeconds: 30 };

describe("migrateFailure", () => {
  test("exit 0 in time: no error", () => {
    expect(migrateFailure(run, { timedOut: false, exitCode: 0 }, "ok")).toBeUndefined();
  });

  test("stopped at the timeout: says so (even if it then exited 0), with the last output", () => {
    const err = migrateFailure(run, { timedOut: true, exitCode: 0 }, "applying 0001\n")!;
    expect(err.message).toBe(
      "migrate command `python manage.py migrate` did not finish within 30s and was stopped; last output:\n    | applying 0001\n  fix: make it finish, or raise --migrate-timeout",
    );
    expect(err.fix).toBe("make it finish, or raise --migrate-timeout");
    expect(err.exitCode).toBe(EXIT_FAILED);
  });

  test("exit 127 is a command not found; what is untouched follows the fix", () => {
    const err = migrateFailure(
      { ...run, untouched: "the database's marker is unchanged" },
      { timedOut: false, exitCode: 127 },
      "sh: 1: python: not found",
    )!;
    expect(err.message).toMatch(/` failed with exit code 127; last output:\n {4}\| sh: 1: python/);
    expect(err.fix).toBe(
      "command not found; check --migrate-command and PATH (the database's marker is unchanged)",
    );
  });

  test("killed by a signal names the signal; by default the previous seed is untouched", () => {
    const err = migrateFailure(run, { timedOut: false, exitCode: 1, signal: "SIGKILL" }, "")!;
    expect(err.message).toMatch(
      /^migrate command `python manage.py migrate` was killed by SIGKILL;/,
    );
    expect(err.fix).toBe("fix the migration, then run again (the previous seed is untouched)");
  });
});

describe("buildError", () => {
  const o = { baseImage: "postgres:15", seedPath: "/app/seed-db.sql", ref: "app-db:abc" };

  test("a psql older than the seed's pg_dump: pull the base again", () => {
    const err = buildError(
      "psql:/docker-entrypoint-initdb.d/seed-db.sql:3: invalid command \\restrict",
      o,
    );
    expect(err.message).toMatch(/^could not build app-db:abc from postgres:15: psql:/);
    expect(err.fix).toBe(
      "the seed comes from a newer pg_dump than postgres:15's psql: docker pull postgres:15 (or pin a newer minor), then build again",
    );
    expect(err.exitCode).toBe(EXIT_USAGE);
  });

  test("any other failure: the docker run that shows whether the image runs the seed", () => {
    const err = buildError("docker start failed: no such image", o);
    expect(err.fix).toBe(
      "check the image runs the seed: docker run --rm -e POSTGRES_PASSWORD=x -v /app/seed-db.sql:/docker-entrypoint-initdb.d/seed-db.sql postgres:15",
    );
  });
});

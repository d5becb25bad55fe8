/** seed/core/docker.ts, pure: what a check of a long docker call says when something is wrong. */
import { watchVerdict } from "../../seed/core/docker";

const ARGS = ["inspect", "--format", "{{.State.Status}}", "pgseed-1-0a1b2c3d"];
const check = (
  r: Partial<{ timedOut: boolean; exitCode: number; stdout: string; stderr: string }>,
) =>
  watchVerdict(
    { timedOut: false, exitCode: 0, stdout: "", stderr: "", ...r },
    ARGS,
    "pgseed-1-0a1b2c3d",
    "`docker exec … pg_dump`",
  )?.message;

test("a running container under an answering engine: nothing to say", () => {
  expect(check({ stdout: "running\n" })).toBeUndefined();
});

test("an engine that does not answer: named, with the container left behind and its removal", () => {
  expect(check({ timedOut: true })).toMatch(
    /^the Docker engine at \S+ stopped answering during `docker exec … pg_dump` \(no answer in 15 s\); container pgseed-1-0a1b2c3d may be left behind\n {2}fix: check the engine \(docker info; is it paused or stopped\?\), then remove it: docker rm --force pgseed-1-0a1b2c3d$/,
  );
});

test("a paused container: unpause or remove it; a removed one: run again", () => {
  expect(check({ stdout: "paused" })).toBe(
    "container pgseed-1-0a1b2c3d is paused, not running\n  fix: unpause it (docker unpause pgseed-1-0a1b2c3d) and run again, or remove it: docker rm --force pgseed-1-0a1b2c3d",
  );
  expect(check({ exitCode: 1, stderr: "Error: No such object: pgseed-1-0a1b2c3d" })).toMatch(
    /is gone, not running\n {2}fix: something removed it meanwhile: run again$/,
  );
});

test("an engine whose socket is gone: its own line, and the container it may leave", () => {
  expect(
    check({ exitCode: 1, stderr: "Cannot connect to the Docker daemon at unix:///x.sock." }),
  ).toMatch(
    /failed during `docker exec … pg_dump` \(Cannot connect to the Docker daemon at unix:\/\/\/x\.sock\.\); container pgseed-1-0a1b2c3d may be left behind/,
  );
});

/**
 * Issue 21, item 3: a migrate command that leaves a background child holding its stdout does not
 * hold pgseed until --migrate-timeout: pgseed waits for the command itself, then ends what it left
 * in its process group and says so; a holder outside the group (setsid) only stops pgseed reading.
 * The timeout here is far longer than the test's own: a hang fails the test.
 */
import * as fs from "fs";
import * as path from "path";
import { cli, copyExample, removeTempDirs, requirePostgres, sqlAppArgs, tempDir } from "../helpers";

const TEST_TIMEOUT_MS = 90000;
const regenerate = (app: string, command: string) =>
  cli(["regenerate", "--force", ...sqlAppArgs(app, command), "--migrate-timeout", "600"]);

/** Whether a process runs (a zombie waiting for its reaper does not). */
function running(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

beforeAll(() => requirePostgres());
afterAll(() => removeTempDirs());

test(
  "a background child holding stdout is ended and named once the command exits; the seed is written",
  async () => {
    const app = copyExample("sql-app");
    const pidFile = path.join(tempDir(), "pid");
    const r = await regenerate(app, `sh migrate.sh && { sleep 1000 & echo $! > ${pidFile}; }`);
    expect(r.stderr).toMatch(
      /the migrate command exited and left 1 process running \(\d+ sleep 1000\): ended its process group/,
    );
    expect(r.code).toBe(0);
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    expect(r.stderr).toContain(`(${pid} sleep 1000)`);
    expect(running(pid)).toBe(false);
    expect(fs.readFileSync(path.join(app, "seed-db.sql"), "utf8")).toContain(
      "CREATE TABLE public.products",
    );
  },
  TEST_TIMEOUT_MS,
);

test(
  "a holder outside the command's process group (setsid) only stops pgseed reading, and says so",
  async () => {
    const app = copyExample("sql-app");
    const pidFile = path.join(tempDir(), "pid");
    const r = await regenerate(
      app,
      // The command exits only once the holder has left its group (setsid made it a group
      // leader: field 5 of /proc/PID/stat, its group, is its own pid), or pgseed would end it.
      `sh migrate.sh && { setsid sleep 1000 & echo $! > ${pidFile}; ` +
        `while [ "$(cut -d' ' -f5 /proc/$!/stat)" != "$!" ]; do sleep 0.01; done; }`,
    );
    const pid = Number(fs.readFileSync(pidFile, "utf8"));
    try {
      expect(r.stderr).toContain(
        "a process outside the migrate command's process group still holds its output (a daemon?); pgseed stopped reading it",
      );
      expect(r.code).toBe(0);
      expect(running(pid)).toBe(true); // not pgseed's to end: it left the group
    } finally {
      process.kill(pid, "SIGKILL");
    }
  },
  TEST_TIMEOUT_MS,
);

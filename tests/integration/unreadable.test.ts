/** The CLI on a migration file it cannot read (run as another user when root). */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import execa from "execa";
import { ROOT, sqlAppArgs } from "../helpers";

test("a migration file this user cannot read: exit 2 naming the file and the fix, no stack trace", async () => {
  const app = fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-unreadable-"));
  try {
    fs.chmodSync(app, 0o755);
    fs.mkdirSync(path.join(app, "migrations"), { mode: 0o755 });
    fs.writeFileSync(path.join(app, "migrations", "001_a.sql"), "SELECT 1;\n", { mode: 0o644 });
    fs.writeFileSync(path.join(app, "migrations", "002_b.sql"), "SELECT 2;\n", { mode: 0o000 });
    fs.chmodSync(path.join(app, "migrations", "002_b.sql"), 0o000);
    // As root every file is readable: the CLI runs as nobody (runuser, from util-linux).
    const args = ["fingerprint", ...sqlAppArgs(app, "x")];
    const cmd =
      process.getuid?.() === 0
        ? ["runuser", "-u", "nobody", "--", "node", path.join(ROOT, "bin", "pgseed"), ...args]
        : ["node", path.join(ROOT, "bin", "pgseed"), ...args];
    const r = await execa(cmd[0], cmd.slice(1), {
      reject: false,
      env: { PGSEED_CACHE: path.join(app, "cache") },
    });
    expect(r.stderr).toMatch(
      new RegExp(
        `^pgseed: error: cannot read ${app.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/migrations/002_b.sql: EACCES\\n  fix: make it readable`,
      ),
    );
    expect(r.stderr).not.toMatch(/internal error|at computeFingerprint/);
    expect(r.exitCode).toBe(2);
  } finally {
    fs.rmSync(app, { recursive: true, force: true });
  }
});

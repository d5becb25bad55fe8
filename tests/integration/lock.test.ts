/**
 * The seed lock across real processes (the compiled dist/seed/seedfile/seedLock.js, as the CLI runs
 * it): turns
 * are taken, never two inside; a SIGKILLed holder's lock is taken over once stale; a holder that
 * keeps the lock fresh is never robbed, whatever its pid (here: no pid at all, as for a holder in
 * another container or on another host).
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { removeTempDirs, ROOT, tempDir } from "../helpers";

const LOCK_JS = path.join(ROOT, "dist", "seed", "seedfile", "seedLock.js");
const STALE_MS = 2000; // proper-lockfile's floor: the holder refreshes every second

/** A process that takes the lock, marks itself inside (failing if another is), holds, leaves. */
const WORKER = `
const fs = require("fs");
const { acquireLock } = require(process.env.LOCK_JS);
const [seed, hold, staleMs, timeoutMs, inside] = process.argv.slice(1); // node -e: no script name
const say = (what) => process.stdout.write(what + " " + process.pid + " " + Date.now() + "\\n");
(async () => {
  const release = await acquireLock(seed, Number(timeoutMs), () => say("wait"), { staleMs: Number(staleMs) });
  fs.writeFileSync(inside, String(process.pid), { flag: "wx" }); // throws if another holder is inside
  say("enter");
  if (hold === "forever") return setInterval(() => undefined, 1000);
  await new Promise((r) => setTimeout(r, Number(hold)));
  fs.rmSync(inside);
  say("leave");
  release();
})().catch((err) => {
  process.stderr.write(err.message + "\\n");
  process.exitCode = err.exitCode || 99;
});
`;

/** Not pgseed: makes the lock folder and keeps its mtime fresh, with no pid anywhere. */
const FOREIGN_HOLDER = `
const fs = require("fs");
const dir = process.argv[1];
fs.mkdirSync(dir);
setInterval(() => { const now = new Date(); fs.utimesSync(dir, now, now); }, 300);
process.stdout.write("holding\\n");
`;

let dir: string;
let seed: string;
let inside: string;
const lockDir = () => path.join(dir, ".seed-db.sql.lock");

beforeAll(() => {
  const source = path.join(ROOT, "seed", "seedfile", "seedLock.ts");
  if (!fs.existsSync(LOCK_JS) || fs.statSync(LOCK_JS).mtimeMs < fs.statSync(source).mtimeMs) {
    throw new Error(
      `${LOCK_JS} is missing or older than seed/seedfile/seedLock.ts: run npm run build first`,
    );
  }
});
beforeEach(() => {
  dir = tempDir();
  seed = path.join(dir, "seed-db.sql");
  inside = path.join(dir, "inside");
});
afterAll(removeTempDirs);

const children: execa.ExecaChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

function worker(hold: number | "forever", timeoutMs = 20000): execa.ExecaChildProcess {
  const child = execa(
    "node",
    ["-e", WORKER, seed, String(hold), String(STALE_MS), String(timeoutMs), inside],
    { env: { LOCK_JS }, reject: false },
  );
  children.push(child);
  return child;
}

/** Resolves with the first stdout line matching re (rejects if the process ends first). */
function line(child: execa.ExecaChildProcess, re: RegExp): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const hit = seen.split("\n").find((l) => re.test(l));
      if (hit) {
        child.stdout!.off("data", onData);
        resolve(hit);
      }
    };
    child.stdout!.on("data", onData);
    child.then((r) =>
      reject(
        new Error(
          `process ended (exit ${r.exitCode}) before printing ${re}:\n${seen}\n${r.stderr}`,
        ),
      ),
    );
  });
}
const at = (l: string) => Number(l.split(" ")[2]);

test("two processes take turns: the second waits until the first releases, never both inside", async () => {
  const first = worker(1500);
  await line(first, /^enter /);
  const second = worker(200);
  const waited = await line(second, /^wait /);
  const [a, b] = await Promise.all([first, second]);
  expect([a.exitCode, b.exitCode, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
  const left = a.stdout.split("\n").find((l) => l.startsWith("leave"))!;
  const entered = b.stdout.split("\n").find((l) => l.startsWith("enter"))!;
  expect(at(waited)).toBeLessThan(at(left));
  expect(at(entered)).toBeGreaterThanOrEqual(at(left));
  expect(fs.existsSync(lockDir())).toBe(false);
});

test("six processes at once: each enters alone, all finish", async () => {
  const runs = await Promise.all(Array.from({ length: 6 }, () => worker(150)));
  expect(runs.map((r) => [r.exitCode, r.stderr])).toEqual(Array(6).fill([0, ""]));
  const events = runs.flatMap((r) => r.stdout.split("\n").filter((l) => /^(enter|leave) /.test(l)));
  const spans = runs.map((r) => {
    const lines = r.stdout.split("\n");
    return [
      at(lines.find((l) => l.startsWith("enter"))!),
      at(lines.find((l) => l.startsWith("leave"))!),
    ];
  });
  spans.sort((x, y) => x[0] - y[0]);
  for (let i = 1; i < spans.length; i++)
    expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
  expect(events).toHaveLength(12);
});

test("a lock left by a SIGKILLed holder is taken over once stale, not before", async () => {
  const holder = worker("forever");
  await line(holder, /^enter /);
  holder.kill("SIGKILL");
  await holder;
  expect(fs.existsSync(lockDir())).toBe(true); // SIGKILL runs no cleanup
  fs.rmSync(inside); // the dead holder's marker, not the lock
  // Freshness is the folder's mtime: dated in the future, the dead holder's lock still looks
  // alive, so the next process surely finds it held.
  const future = new Date(Date.now() + 3600_000);
  fs.utimesSync(lockDir(), future, future);
  const next = worker(0);
  await line(next, /^wait /);
  // The last refresh, as the lock sees it: from now on the lock ages.
  const refreshed = new Date(Date.now() - 500);
  fs.utimesSync(lockDir(), refreshed, refreshed);
  const entered = await line(next, /^enter /);
  // The order of events: waited while fresh, entered only once STALE_MS had passed since the
  // last refresh.
  expect(at(entered)).toBeGreaterThanOrEqual(refreshed.getTime() + STALE_MS);
  expect(await next).toMatchObject({ exitCode: 0, stderr: "" });
});

test("a live holder that keeps the lock fresh is never robbed, though it has no pid to check", async () => {
  const foreign = execa("node", ["-e", FOREIGN_HOLDER, lockDir()], { reject: false });
  children.push(foreign);
  await line(foreign, /^holding/);
  const timeoutMs = STALE_MS * 2 + 1000;
  const robber = await worker(0, timeoutMs);
  expect(robber.stdout).not.toMatch(/^enter /m);
  expect(robber.exitCode).toBe(2);
  expect(robber.stderr).toContain(
    `another pgseed holds ${lockDir()} for more than ${Math.round(timeoutMs / 1000)}s`,
  );
  expect(fs.existsSync(lockDir())).toBe(true);

  // Once its holder stops refreshing it, the same lock ages out and is taken.
  foreign.kill("SIGKILL");
  await foreign;
  const next = await worker(0);
  expect([next.exitCode, next.stderr]).toEqual([0, ""]);
  expect(next.stdout).toMatch(/^enter /m);
});

/**
 * Run before every test file (jest setupFilesAfterEnv): in tests/unit, starting a process, opening
 * a server or connecting to one throws, naming the rule. Each test file has its own globals but
 * all share Node's modules, so those are wrapped once, and the file now running is noted on the
 * child_process module itself.
 */
import * as net from "net";
import * as path from "path";

type Wrapped = Record<string, (...args: unknown[]) => unknown> & { pgseedUnitFile?: string | null };
// The module object itself (an import would bind a copy), as execa and others call it.
const cp = require("child_process") as Wrapped;

const UNIT = path.join(__dirname, path.sep);
const testPath = expect.getState().testPath ?? "";
const first = cp.pgseedUnitFile === undefined;
cp.pgseedUnitFile = testPath.startsWith(UNIT) ? testPath : null;

function refuse(what: string): void {
  if (cp.pgseedUnitFile)
    throw new Error(
      `${path.relative(process.cwd(), cp.pgseedUnitFile)} ${what}: tests/unit holds only tests that start no process and no server; move this test to tests/integration`,
    );
}

if (first) {
  for (const name of [
    "spawn",
    "spawnSync",
    "exec",
    "execSync",
    "execFile",
    "execFileSync",
    "fork",
  ]) {
    const original = cp[name];
    cp[name] = function (this: unknown, ...args: unknown[]) {
      refuse(`starts a process (${name} ${String(args[0])})`);
      return original.apply(this, args);
    };
  }
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (this: net.Server, ...args: unknown[]) {
    refuse("opens a server");
    return (listen as (...a: unknown[]) => net.Server).apply(this, args);
  } as typeof listen;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    refuse("connects to a server");
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof connect;
}

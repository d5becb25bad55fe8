/**
 * Finding a Python interpreter that can import a module: machines often have a `python3` first on
 * PATH without the project's packages (a pyenv build beside Debian's /usr/bin/python3).
 */
import { PgseedError, EXIT_USAGE } from "../core/errors";

/** Where a bare command name resolves on PATH (the first executable), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fs = require("fs") as typeof import("fs");
  const path = require("path") as typeof import("path");
  for (const dir of (env.PATH ?? "").split(":")) {
    const file = path.join(dir || ".", name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // next
    }
  }
  return undefined;
}

/** The interpreters tried, in order (the django probe and findPython alike). */
export const PYTHONS = ["python3", "/usr/bin/python3", "python"];
const found = new Map<string, Promise<string>>();

/** The first interpreter that imports `module`. All are probed at once: a pyenv shim alone takes ~0.2 s to say no. */
export function findPython(module: string, cwd: string, installHint: string): Promise<string> {
  const key = `${module}\0${cwd}`;
  if (!found.has(key)) {
    found.set(key, (async () => {
      const execa = require("execa") as typeof import("execa");
      const ok = await Promise.all(PYTHONS.map((py) => execa(py, ["-c", `import ${module}`], { reject: false, cwd }).then((r) => r.exitCode === 0)));
      const python = PYTHONS.find((_, i) => ok[i]);
      if (python) return python;
      found.delete(key);
      throw new PgseedError(`no Python interpreter here can import ${module} (tried ${PYTHONS.join(", ")})`, installHint, EXIT_USAGE);
    })());
  }
  return found.get(key)!;
}

const BARE_PYTHON = /^python3?(?=\s)/;

/** Pure: `python3 manage.py …` → the same command under `interpreter`; any other command as it is. */
export const withInterpreter = (command: string, interpreter: string) => command.replace(BARE_PYTHON, interpreter);

/** Whether the command starts with a bare python/python3 that pgseed picks the interpreter for. */
export const startsWithBarePython = (command: string) => BARE_PYTHON.test(command);

/**
 * Python for the presets: the runners pgseed ships (python/), and finding an interpreter that can
 * import a module: machines often have a `python3` first on
 * PATH without the project's packages (a pyenv build beside Debian's /usr/bin/python3).
 */
import * as fs from "fs";
import * as path from "path";
import { PgseedError, EXIT_USAGE } from "../core/errors";

/** Where a bare command name resolves on PATH (the first executable), or undefined. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
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

/**
 * The first interpreter that imports `module`. All are probed at once: a pyenv shim alone takes
 * ~0.2 s to say no.
 */
export function findPython(module: string, cwd: string, installHint: string): Promise<string> {
  const key = `${module}\0${cwd}`;
  if (!found.has(key)) {
    found.set(
      key,
      (async () => {
        const execa = require("execa") as typeof import("execa");
        const ok = await Promise.all(
          PYTHONS.map((py) =>
            execa(py, ["-c", `import ${module}`], { reject: false, cwd }).then(
              (r) => r.exitCode === 0,
            ),
          ),
        );
        const python = PYTHONS.find((_, i) => ok[i]);
        if (python) return python;
        found.delete(key);
        throw new PgseedError(
          `no Python interpreter here can import ${module} (tried ${PYTHONS.join(", ")})`,
          installHint,
          EXIT_USAGE,
        );
      })(),
    );
  }
  return found.get(key)!;
}

const BARE_PYTHON = /^python3?(?=\s)/;

/**
 * Pure: `python3 manage.py …` → the same command under `interpreter`; any other command as it is.
 */
export const withInterpreter = (command: string, interpreter: string) =>
  command.replace(BARE_PYTHON, interpreter);

/** Whether the command starts with a bare python/python3 that pgseed picks the interpreter for. */
export const startsWithBarePython = (command: string) => BARE_PYTHON.test(command);

/**
 * One of pgseed's python/ runners (pgseed_django.py, pgseed_alembic.py), found from the compiled
 * file (dist/seed/presets/…) and from ts-jest's source (seed/presets/…) alike: the nearest ancestor
 * folder that holds it.
 */
export function pythonRunner(name: string, from = __dirname): string {
  for (let dir = from, i = 0; i < 5; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, "python", name);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new PgseedError(
    `pgseed's python/${name} is missing (looked above ${from})`,
    "reinstall pgseed: its package must include the python/ folder",
    EXIT_USAGE,
  );
}

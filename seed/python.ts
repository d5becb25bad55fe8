/**
 * Finding a Python interpreter that can import a module: machines often have a `python3` first on
 * PATH without the project's packages (a pyenv build beside Debian's /usr/bin/python3).
 */
import { PgseedError, EXIT_USAGE } from "./errors";

const PYTHONS = ["python3", "/usr/bin/python3", "python"];
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

/** `python3 manage.py …` → the same command under an interpreter that has `module`. */
export async function withPython(command: string, module: string, cwd: string, installHint: string): Promise<string> {
  if (!/^python3?\s/.test(command)) return command;
  return command.replace(/^python3?/, await findPython(module, cwd, installHint));
}

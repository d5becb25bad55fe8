/**
 * alembic: `alembic upgrade head`; the revision files and env.py of the script location that
 * alembic.ini names. alembic_version holds only the head revision id, so nothing needs pinning.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ini from "ini";
import type { Preset } from "./types";
import { PgseedError, usageError, EXIT_USAGE } from "../core/errors";
import { shellQuote } from "../core/text";
import { findOnPath, PYTHONS, pythonRunner } from "./python";

const INI = "alembic.ini";
const GLOB_SPECIAL = /[*?[\]{}()!+@\\]/g;

/**
 * ConfigParser semantics we rely on: keys are case-insensitive; `%(here)s` is the ini's folder,
 * `%%` a literal %.
 */
function option(
  section: Record<string, unknown>,
  key: string,
  here: string,
  iniPath: string,
): string | undefined {
  const name = Object.keys(section).find((k) => k.toLowerCase() === key);
  const raw = name === undefined ? undefined : section[name];
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  return raw.trim().replace(/%(%|\(([^)]*)\)s)/g, (whole, _m, ref: string | undefined) => {
    if (ref === undefined) return "%";
    if (ref === "here") return here;
    throw usageError(
      `${iniPath}: ${key} uses %(${ref})s, which pgseed cannot resolve (only %(here)s)`,
      "write the path out, or pass --migrations",
    );
  });
}

/**
 * A folder from alembic.ini as a glob prefix relative to the app dir (alembic resolves relative
 * paths from its cwd, the app dir).
 */
function relativeFolder(appDir: string, value: string, key: string, iniPath: string): string {
  // alembic reads a relative "pkg:folder" as a package resource (coerce_resource_to_filename).
  if (!path.isAbsolute(value) && value.includes(":")) {
    throw usageError(
      `${iniPath}: ${key} "${value}" is a package resource, which pgseed does not resolve`,
      `set ${key} to a folder path (e.g. %(here)s/migrations), or pass --migrations`,
    );
  }
  const rel = path.relative(appDir, path.resolve(appDir, value)).split(path.sep).join("/");
  if (rel === ".." || rel.startsWith("../") || path.isAbsolute(rel)) {
    throw usageError(
      `${iniPath}: ${key} "${value}" is outside the app dir ${appDir}`,
      "pass --app-dir with a folder that holds it, or --migrations",
    );
  }
  return rel.replace(GLOB_SPECIAL, "\\$&"); // a folder name is literal, not a glob
}

/**
 * version_locations on one line, split as alembic splits it (path_separator, its older name, or
 * legacy space/comma).
 */
function versionLocations(
  value: string,
  section: Record<string, unknown>,
  here: string,
  iniPath: string,
): string[] {
  const sep =
    option(section, "path_separator", here, iniPath) ??
    option(section, "version_path_separator", here, iniPath);
  const by: Record<string, RegExp> = {
    os: new RegExp(path.delimiter),
    ":": /:/,
    ";": /;/,
    space: /\s+/,
  };
  if (sep !== undefined && !by[sep]) {
    throw usageError(
      `${iniPath}: path_separator "${sep}" is not one pgseed reads (os, ":", ";", space)`,
      "use one of those, or pass --migrations",
    );
  }
  return value.split(sep === undefined ? /[\s,]+/ : by[sep]).filter(Boolean);
}

/**
 * Pure over the ini text: the migration globs of an Alembic project. env.py is included because
 * it shapes the migration too (target schema, version table, transaction mode, SQL it runs).
 */
export function alembicMigrations(
  appDir: string,
  iniText: string,
  iniPath = path.join(appDir, INI),
): string[] {
  const section = ini.parse(iniText).alembic as Record<string, unknown> | undefined;
  if (!section || typeof section !== "object") {
    throw usageError(
      `${iniPath} has no [alembic] section`,
      "add [alembic] with script_location = <folder>, or pass --migrations",
    );
  }
  // A continuation line parses as a key without a value: refuse rather than read half a value.
  const keys = Object.keys(section);
  const cut = keys.findIndex(
    (k, i) => section[k] === true && i > 0 && /^(script|version)_locations?$/i.test(keys[i - 1]),
  );
  if (cut > 0)
    throw usageError(
      `${iniPath}: ${keys[cut - 1]} spans several lines, which pgseed does not read`,
      "write it on one line, or pass --migrations",
    );
  const here = path.dirname(path.resolve(iniPath));
  const scriptLocation = option(section, "script_location", here, iniPath);
  if (!scriptLocation) {
    throw usageError(
      `${iniPath}: [alembic] has no script_location`,
      "add script_location = <folder of env.py and versions/>, or pass --migrations",
    );
  }
  const script = relativeFolder(appDir, scriptLocation, "script_location", iniPath);
  const locations = option(section, "version_locations", here, iniPath);
  const versions = locations
    ? versionLocations(locations, section, here, iniPath).map((v) =>
        relativeFolder(appDir, v, "version_locations", iniPath),
      )
    : [script === "" ? "versions" : `${script}/versions`];
  const inScript = (file: string) => (script === "" ? file : `${script}/${file}`);
  return [...versions.map((v) => (v === "" ? "**/*.py" : `${v}/**/*.py`)), inScript("env.py")];
}

/** The globs, read from <appDir>/alembic.ini. */
export function defaultAlembicMigrations(appDir: string): string[] {
  const iniPath = path.join(appDir, INI);
  let text: string;
  try {
    text = fs.readFileSync(iniPath, "utf8");
  } catch (err) {
    throw usageError(
      `the alembic preset reads script_location from ${iniPath}, which cannot be read (${(err as NodeJS.ErrnoException).code})`,
      "pass --app-dir with the folder that holds alembic.ini, or --migrations with your revision globs",
    );
  }
  return alembicMigrations(appDir, text, iniPath);
}

/**
 * Virtualenvs in order of preference: the project's own, the active one, pgseed's
 * (scripts/install-python.sh).
 */
function venvAlembics(appDir: string, env: NodeJS.ProcessEnv): string[] {
  const cache = env.PGSEED_CACHE || path.join(os.homedir(), ".cache", "pgseed");
  const venvs = [
    path.join(appDir, ".venv"),
    env.VIRTUAL_ENV,
    path.join(cache, "venvs", "alembic"),
  ].filter((v): v is string => !!v);
  return venvs.map((v) => path.resolve(v, "bin", "alembic")); // absolute: the command runs in the app dir
}

export const ALEMBIC_INSTALL =
  "bash scripts/install-python.sh (pgseed's alembic venv), or pip install alembic SQLAlchemy psycopg2-binary into <app dir>/.venv or the active virtualenv, or pass --migrate-command";

/**
 * How to start alembic here, e.g. `/root/.cache/pgseed/venvs/alembic/bin/alembic`. A venv's
 * script is taken when it exists (running it costs ~0.5 s of imports); otherwise `alembic` on PATH
 * and `python -m alembic` are probed at once (a pyenv shim alone takes ~0.2 s to say no).
 */
export async function findAlembic(
  appDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  return (await locateAlembic(appDir, env)).run;
}

/** An alembic that runs here: the shell words that start it, and the interpreter it runs under. */
async function locateAlembic(
  appDir: string,
  env: NodeJS.ProcessEnv,
): Promise<{ run: string; python?: string }> {
  const venvs = venvAlembics(appDir, env);
  const inVenv = venvs.find((file) => {
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
  if (inVenv) return { run: shellQuote(inVenv), python: interpreterOf(inVenv) };
  const execa = require("execa") as typeof import("execa");
  const list: Array<[run: string, file: string, args: string[]]> = [
    ["alembic", "alembic", ["--version"]],
    ...PYTHONS.map((py): [string, string, string[]] => [
      `${shellQuote(py)} -m alembic`,
      py,
      ["-c", "import alembic"],
    ]),
  ];
  const probes = list.map(([, file, args]) =>
    execa(file, args, { reject: false, cwd: appDir, env }).then((r) => r.exitCode === 0),
  );
  for (const [i, ok] of probes.entries()) {
    if (!(await ok)) continue; // the best that works, without waiting for worse ones
    const [run, file] = list[i];
    return { run, python: file === "alembic" ? interpreterOf(findOnPath("alembic", env)) : file };
  }
  throw new PgseedError(
    `no Alembic found here (tried ${[...venvs, ...list.map(([run]) => run)].join(", ")})`,
    ALEMBIC_INSTALL,
    EXIT_USAGE,
  );
}

/**
 * The interpreter a console script's shebang names (`#!/venv/bin/python`, `#!/usr/bin/env
 * python3`).
 */
function interpreterOf(script: string | undefined): string | undefined {
  if (!script) return undefined;
  let first: string;
  try {
    first = fs.readFileSync(script, "latin1").slice(0, 512).split("\n")[0];
  } catch {
    return undefined;
  }
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return undefined;
  return path.basename(m[1]) === "env" ? m[2] : m[1];
}

/**
 * `alembic …` or `python3 -m alembic …` → the same arguments through pgseed's runner
 * (python/pgseed_alembic.py) under the interpreter of an alembic that runs here: sqlalchemy.url
 * then names pgseed's database whatever alembic.ini says. Any other command as given.
 */
export async function runnableAlembicCommand(command: string, appDir: string): Promise<string> {
  const m = /^(alembic|python3?\s+-m\s+alembic)(?=\s|$)/.exec(command);
  if (!m) return command;
  const found = await locateAlembic(appDir, process.env);
  // A launcher we cannot read (no shebang): run it as it is; the guard still catches a wrong
  // database.
  return (
    (found.python
      ? `${shellQuote(found.python)} ${shellQuote(pythonRunner("pgseed_alembic.py"))}`
      : found.run) + command.slice(m[0].length)
  );
}

export const alembic: Preset = {
  name: "alembic",
  defaultMigrations: defaultAlembicMigrations,
  defaultMigrateCommand: "alembic upgrade head",
  // alembic_version holds only the head revision id: already deterministic.
  normalizeSql: "",
  runnableCommand: (command, project) => runnableAlembicCommand(command, project.appDir),
  // SQLAlchemy refuses postgres://.
  databaseUrlScheme: "postgresql",
  inheritsUserEnv: true,
  appliesByGraph: true,
  lockFiles: { sets: ["python"], above: true },
  ciTestCommand: "python -m pytest",
  fingerprintExtras: () => ({ files: [], migrationCount: 0 }),
  expectedMigrations: () => undefined,
};

/**
 * What a preset adds to the user's settings: the statements that pin volatile rows, and (django)
 * the Python interpreter that has Django. Everything here is part of the fingerprint's recipe
 * except the interpreter, which is a property of the machine, not of the seed.
 */
import * as fs from "fs";
import type { Settings } from "../config";
import { PgseedError, EXIT_USAGE } from "./errors";
import type { FingerprintInput } from "./fingerprint";

/** Statements each preset runs before the dump so equal migrations give equal bytes. */
const PRESET_NORMALIZE: Record<string, string> = {
  // applied = now() on every migrate: pin it to one instant.
  django: "UPDATE django_migrations SET applied = '2000-01-01 00:00:00+00';\n",
  custom: "",
};

/** The preset's statements, then the user's --normalize-sql file. */
export function normalizationSql(settings: Pick<Settings, "preset" | "normalizeSqlPath">): string {
  let user = "";
  if (settings.normalizeSqlPath) {
    try {
      user = fs.readFileSync(settings.normalizeSqlPath, "utf8").replace(/\r\n/g, "\n"); // part of the fingerprint: CRLF reads as LF
    } catch (err) {
      throw new PgseedError(`cannot read --normalize-sql ${settings.normalizeSqlPath}: ${(err as NodeJS.ErrnoException).code}`, "pass an existing SQL file (relative to the app dir)", EXIT_USAGE);
    }
  }
  return PRESET_NORMALIZE[settings.preset] + user;
}

export function fingerprintInput(settings: Settings): FingerprintInput {
  return {
    appDir: settings.appDir,
    migrations: settings.migrations,
    seedPath: settings.seedPath,
    recipe: {
      preset: settings.preset,
      postgresMajor: settings.postgresVersion,
      migrateCommand: settings.migrateCommand,
      normalizeSql: normalizationSql(settings),
    },
  };
}

const PYTHONS = ["python3", "/usr/bin/python3", "python"];

/**
 * The first interpreter that can import Django (machines often have a python3 first on PATH
 * without it). All candidates are probed at once: a pyenv shim alone takes ~0.2 s to say no.
 */
export async function findDjangoPython(cwd: string): Promise<string> {
  const execa = require("execa") as typeof import("execa");
  const probes = PYTHONS.map((py) => execa(py, ["-c", "import django"], { reject: false, cwd }).then((r) => r.exitCode === 0));
  const ok = await Promise.all(probes);
  const found = PYTHONS.find((_, i) => ok[i]);
  if (found) return found;
  throw new PgseedError(
    `no Python interpreter here can import Django (tried ${PYTHONS.join(", ")})`,
    "install Django for python3 (Debian: apt-get install -y python3-django python3-psycopg2; or pip install -r requirements.txt), or pass --migrate-command",
    EXIT_USAGE,
  );
}

/** The command to run: a django command starting with `python3` runs under an interpreter that has Django. */
export async function runnableMigrateCommand(settings: Pick<Settings, "preset" | "migrateCommand" | "appDir">): Promise<string> {
  const cmd = settings.migrateCommand;
  if (settings.preset !== "django" || !/^python3?\s/.test(cmd)) return cmd;
  return cmd.replace(/^python3?/, await findDjangoPython(settings.appDir));
}

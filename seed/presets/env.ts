/**
 * The environment a project's own code sees: the Django graph probe and every migrate command.
 * pgseed chooses it, so a seed is a function of the repository, not of who runs the command:
 * the database variables are pgseed's (the throwaway server's, the database `pgseed migrate` was
 * pointed at, or for the probe a fixed placeholder), DATABASE_URL is in the form the preset's
 * tooling expects, and what the settings branch on comes from the `env` setting, which is part of
 * the fingerprint. The user's own DATABASE_URL and PG* never reach the project.
 */
import { connectionEnv } from "../core/libpq";

export const URL_SCHEMES = ["postgres", "postgresql"] as const;
export type UrlScheme = (typeof URL_SCHEMES)[number];

/** What a preset's probe and commands read of the settings. */
export interface ProjectContext {
  appDir: string;
  /** The `env` setting: NAME → value. */
  env?: Readonly<Record<string, string>>;
  /** DATABASE_URL's scheme; "" or none: the preset's. */
  databaseUrlScheme?: string;
}

/** How a preset's tool is started (presets/types.ts). */
export interface EnvPolicy {
  readonly databaseUrlScheme: UrlScheme;
  readonly inheritsUserEnv: boolean;
}

/**
 * Of the user's own variables, those an isolated preset keeps: what finds the interpreter, its
 * packages and the tools that start it, locale and home. Never what a project's settings read.
 */
const INTERPRETER_VARS =
  /^(?:PATH|HOME|USER|LOGNAME|TMPDIR|LANG|LANGUAGE|LC_[A-Z]+|LD_LIBRARY_PATH|SSL_CERT_(?:FILE|DIR)|VIRTUAL_ENV|CONDA_[A-Z_]+|PYENV_[A-Z_]+|ASDF_[A-Z_]+|PYTHON(?:PATH|HOME|USERBASE|NOUSERSITE|UTF8|IOENCODING)|XDG_(?:CACHE|CONFIG|DATA)_HOME|(?:POETRY|UV|PIPENV|PDM)_[A-Z_]+)$/;

/** Names pgseed sets itself: the `env` setting cannot give them. */
const OWNED = /^(?:DATABASE_URL|PG[A-Z_]*|PYTHONHASHSEED|PYTHONDONTWRITEBYTECODE)$/;

/**
 * The graph probe's database: an address nothing listens on, the same on every machine (the
 * probe points every alias nowhere anyway; settings that parse the URL still see its form).
 */
export const PROBE_CONNECTION = {
  url: "postgresql://postgres:pgseed@127.0.0.1:1/postgres",
  env: {
    PGHOST: "127.0.0.1",
    PGPORT: "1",
    PGUSER: "postgres",
    PGPASSWORD: "pgseed",
    PGDATABASE: "postgres",
  } as Record<string, string>,
};

/** Pure: the URL in the given scheme (postgres:// and postgresql:// name the same thing). */
export const withScheme = (url: string, scheme: UrlScheme) =>
  url.replace(/^postgres(?:ql)?:\/\//, `${scheme}://`);

/** The scheme in force: the setting's, else the preset's. */
export const schemeOf = (policy: EnvPolicy, project: ProjectContext): UrlScheme =>
  (URL_SCHEMES as readonly string[]).includes(project.databaseUrlScheme ?? "")
    ? (project.databaseUrlScheme as UrlScheme)
    : policy.databaseUrlScheme;

/**
 * Pure: the whole environment of the project's code. An isolated preset (django) keeps only the
 * interpreter's variables of `base`; the others keep all of them but the database ones. Then the
 * `env` setting, the connection's libpq variables, DATABASE_URL in the scheme in force, and a
 * fixed hash seed (set iteration order, hence row order, is the same in every run).
 */
export function projectEnv(
  policy: EnvPolicy,
  project: ProjectContext,
  connection: { url: string; env: Record<string, string> },
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const kept: Record<string, string> = policy.inheritsUserEnv ? connectionEnv({}, base) : {};
  if (!policy.inheritsUserEnv)
    for (const [name, value] of Object.entries(base))
      if (value !== undefined && INTERPRETER_VARS.test(name)) kept[name] = value;
  return {
    ...kept,
    ...project.env,
    ...connection.env,
    DATABASE_URL: withScheme(connection.url, schemeOf(policy, project)),
    PYTHONHASHSEED: "0",
    PYTHONDONTWRITEBYTECODE: "1",
  };
}

/**
 * Pure: the `env` setting's entries (NAME=value) → a map, with a problem for each bad entry: a
 * name pgseed sets itself, a malformed or repeated one.
 */
export function parseEnvSetting(entries: readonly string[]): {
  env: Record<string, string>;
  problems: string[];
} {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  for (const entry of entries) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(entry);
    if (!m) {
      problems.push(`env entry "${entry}" must read NAME=value, e.g. DJANGO_ENV=test`);
    } else if (OWNED.test(m[1])) {
      problems.push(
        `env cannot set ${m[1]}: pgseed sets it (DATABASE_URL and PG* name pgseed's own server; databaseUrlScheme picks DATABASE_URL's form)`,
      );
    } else if (m[1] in env) {
      problems.push(`env sets ${m[1]} twice: keep one`);
    } else env[m[1]] = m[2];
  }
  return { env, problems };
}

/** Pure: the env map as sorted NAME=value entries (the recipe, SeedDump's inputs, CLI flags). */
export const envEntries = (env: Readonly<Record<string, string>> = {}) =>
  Object.keys(env)
    .sort()
    .map((k) => `${k}=${env[k]}`);

/**
 * The Django versions the tests run on: 3.2 is Debian's /usr/bin/python3 (python3-django,
 * psycopg2); 4.2 and 5.2 are pinned virtualenvs (psycopg 3) made by scripts/install-python.sh.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface DjangoRow {
  /** Django's major.minor. */
  name: string;
  /** Interpreter that has this Django. */
  python: string;
  /**
   * The folder to put first on PATH (as an activated virtualenv does), so `python3` is this one.
   */
  binDir: string;
}

export const VENVS = path.join(
  process.env.PGSEED_CACHE || path.join(os.homedir(), ".cache", "pgseed"),
  "venvs",
);

export const DJANGO_MATRIX: DjangoRow[] = [
  { name: "3.2", python: "/usr/bin/python3", binDir: "" },
  {
    name: "4.2",
    python: path.join(VENVS, "django42", "bin", "python"),
    binDir: path.join(VENVS, "django42", "bin"),
  },
  {
    name: "5.2",
    python: path.join(VENVS, "django52", "bin", "python"),
    binDir: path.join(VENVS, "django52", "bin"),
  },
];

/** The row's interpreter; fails (never skips) naming the command that installs it. */
export function requireDjango(row: DjangoRow): DjangoRow {
  if (!fs.existsSync(row.python)) {
    const fix =
      row.name === "3.2"
        ? "bash scripts/install.sh (python3-django, python3-psycopg2)"
        : "bash scripts/install-python.sh";
    throw new Error(
      `the Django ${row.name} tests need ${row.python}, which is missing; run: ${fix}`,
    );
  }
  return row;
}

/**
 * Environment in which `python3` is the row's interpreter: its venv's bin first on PATH; for
 * Debian's 3.2, /usr/bin first (the pyenv python3 earlier on PATH has no Django).
 */
export function envFor(
  row: DjangoRow,
  base: NodeJS.ProcessEnv = process.env,
): Record<string, string> {
  const first = row.binDir || path.dirname(row.python);
  const env: Record<string, string> = {
    ...(base as Record<string, string>),
    PATH: `${first}:${base.PATH ?? ""}`,
  };
  if (row.binDir) env.VIRTUAL_ENV = path.dirname(row.binDir);
  else delete env.VIRTUAL_ENV;
  return env;
}

/** The CLI as users run it (bin/pgseed → dist; PGSEED_TEST_BIN points at another build). */
export async function pgseedCli(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const execa = require("execa") as typeof import("execa");
  const bin = process.env.PGSEED_TEST_BIN || path.join(__dirname, "..", "bin", "pgseed");
  const r = await execa("node", [bin, ...args], { cwd, env, extendEnv: false, reject: false });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
}

/**
 * A copy of examples/django-hard as its own repository (a .git folder marks the root), its
 * settings pointed at `port`; returns the repository root. The app is root/app, the vendored
 * third-party app root/vendor (on PYTHONPATH, outside the app folder).
 */
export function hardLayout(into: string, port = 5432): string {
  const root = path.join(into, "repo");
  fs.cpSync(path.join(__dirname, "..", "examples", "django-hard"), root, {
    recursive: true,
    filter: (src) => !src.includes("__pycache__") && !/seed-db\.sql/.test(src),
  });
  fs.mkdirSync(path.join(root, ".git"));
  const settings = path.join(root, "app", "hardsite", "settings.py");
  fs.writeFileSync(
    settings,
    fs.readFileSync(settings, "utf8").replace('"PORT": "5432"', `"PORT": "${port}"`),
  );
  return root;
}

/**
 * What `pgseed <args>` starts besides node itself, as argv lines (strace -f -e trace=execve; the
 * failed execs of a PATH lookup left out): [] proves a command started no Python, no psql,
 * nothing.
 */
export async function processesStarted(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; started: string[] }> {
  const execa = require("execa") as typeof import("execa");
  const bin = process.env.PGSEED_TEST_BIN || path.join(__dirname, "..", "bin", "pgseed");
  const trace = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "pgseed-strace-")), "trace");
  const r = await execa(
    "strace",
    ["-f", "-qq", "-s", "512", "-e", "trace=execve", "-o", trace, "node", bin, ...args],
    { cwd, env, extendEnv: false, reject: false },
  );
  if (r.exitCode !== 0 && !fs.existsSync(trace))
    throw new Error(
      `strace could not run (${r.stderr.trim()}); install it: apt-get install strace`,
    );
  const execs = fs
    .readFileSync(trace, "utf8")
    .split("\n")
    .filter((l) => /execve\(/.test(l) && !/= -1 /.test(l))
    .map((l) => {
      const argv = /execve\("[^"]*", \[(.*?)\]/.exec(l)?.[1] ?? l;
      return (argv.match(/"((?:[^"\\]|\\.)*)"/g) ?? []).map((a) => a.slice(1, -1)).join(" ");
    });
  fs.rmSync(path.dirname(trace), { recursive: true, force: true });
  return { code: r.exitCode, started: execs.slice(1) };
}

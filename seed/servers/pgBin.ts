/**
 * Local PostgreSQL binaries: found by major (--pg-bin, pg_config, Debian's layout), and the client
 * programs (psql, pg_dump) of a major.
 */
import * as fs from "fs";
import * as path from "path";
import execa from "execa";
import { PgseedError, EXIT_USAGE } from "../core/errors";
import { majorOf } from "../core/version";

export interface PgBin {
  dir: string;
  version: string;
  major: number;
}

function binVersion(dir: string): string | undefined {
  const postgres = path.join(dir, "postgres");
  if (!fs.existsSync(postgres)) return undefined;
  const out = execa.sync(postgres, ["--version"], { reject: false }).stdout;
  return /\(PostgreSQL\) (\S+)/.exec(out)?.[1];
}

function pgConfigBindir(): string | undefined {
  const r = execa.sync("pg_config", ["--bindir"], { reject: false });
  return r.exitCode === 0 && r.stdout.trim() ? r.stdout.trim() : undefined;
}

const binCache = new Map<string, PgBin>();

/**
 * The local binaries of a major: --pg-bin when given (it must be that major), else the first of
 * `pg_config --bindir` and /usr/lib/postgresql/<major>/bin that is that major.
 */
export function findPgBin(major: number, pgBin?: string): PgBin {
  const key = `${major}:${pgBin ?? ""}`;
  const cached = binCache.get(key);
  if (cached) return cached;
  const candidates = pgBin
    ? [pgBin]
    : [pgConfigBindir(), `/usr/lib/postgresql/${major}/bin`].filter((d): d is string => !!d);
  const seen: string[] = [];
  for (const dir of candidates) {
    const version = binVersion(dir);
    if (!version) {
      seen.push(`${dir} (no postgres binary)`);
      continue;
    }
    if (majorOf(version) === major) {
      const found = { dir, version, major };
      binCache.set(key, found);
      return found;
    }
    seen.push(`${dir} (PostgreSQL ${version})`);
  }
  const anyMismatch = seen.some((s) => s.includes("(PostgreSQL"));
  throw new PgseedError(
    anyMismatch
      ? `PostgreSQL major version mismatch: the seed must be made by PostgreSQL ${major}, but the local binaries are ${seen.join(", ")}`
      : `PostgreSQL ${major} binaries not found (looked in ${seen.join(", ") || "nothing"})`,
    `install them (Debian: apt-get install -y postgresql-${major}; elsewhere the PostgreSQL apt/yum repositories) or pass --pg-bin DIR` +
      (anyMismatch ? `, or set --postgres-version to the local major if your servers run it` : ""),
    EXIT_USAGE,
  );
}

/**
 * A client program (psql, pg_dump) for a major: from --pg-bin when given, else the local binaries
 * of that major, else the one on PATH (a client-only install).
 */
export function clientBinary(name: "psql" | "pg_dump", major: number, pgBin?: string): string {
  if (pgBin) return path.join(pgBin, name);
  const debian = `/usr/lib/postgresql/${Math.floor(major)}/bin/${name}`;
  try {
    return path.join(findPgBin(Math.floor(major)).dir, name);
  } catch {
    return fs.existsSync(debian) ? debian : name;
  }
}

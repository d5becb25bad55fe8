/** PostgreSQL versions: what pgseed supports and how to read a version string. */

export const SUPPORTED_MAJORS = { min: 12, max: 18 };

/** First minor of each major whose pg_dump writes (and whose psql understands) \restrict. */
export const RESTRICT_SINCE: Record<number, number> = { 13: 22, 14: 19, 15: 14, 16: 10, 17: 6 };

/** Major version of a PostgreSQL version string ("15.18", "9.6.24", "16beta1"). */
export function majorOf(version: string): number {
  const [a, b] = version.split(/[.a-z]/);
  return Number(a) < 10 ? Number(`${a}.${b}`) : Number(a);
}

/** Pure: "15.14 (Debian 15.14-1.pgdg120+1)" → "15.14". */
export const versionOf = (serverVersion: string) => serverVersion.trim().split(/\s+/)[0];

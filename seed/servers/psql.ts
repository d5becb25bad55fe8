/**
 * The seam's runSql and query over a throwaway server's own psql, local binaries or `docker exec`:
 * one form for both, and a failure is one error with psql's last lines.
 */
import { PgseedError } from "../core/errors";
import { tail } from "../core/text";
import type { ThrowawayServer } from "./types";

/** Runs the server's psql (-X -q, ON_ERROR_STOP) with these arguments; `input` on its stdin. */
export type PsqlRun = (
  args: string[],
  input?: string,
) => Promise<{ exitCode: number; stdout: string; all?: string }>;

/**
 * runSql (in one transaction, from stdin) and query (psql -At) over `psql`; `on` names the server
 * in errors (the docker server's image: " (postgres:15)"; local: "").
 */
export function psqlMethods(psql: PsqlRun, on = ""): Pick<ThrowawayServer, "runSql" | "query"> {
  return {
    async runSql(sql) {
      const r = await psql(["-1", "-f", "-"], sql);
      if (r.exitCode !== 0)
        throw new PgseedError(
          `SQL failed on the throwaway server${on}:\n${tail(r.all ?? "")}`,
          "correct the statements",
        );
    },
    async query(sql) {
      const r = await psql(["-A", "-t", "-c", sql]);
      if (r.exitCode !== 0)
        throw new PgseedError(
          `query failed on the throwaway server${on}:\n${tail(r.all ?? "")}`,
          "correct the statement",
        );
      return r.stdout;
    },
  };
}

/**
 * The instance URLs of a Pulumi stack with their password, as the program makes them: the
 * password is `pgseed:postgresPassword` or one generated into the stack's state, so it is read
 * where the program publishes it, the stack output instanceUrls (`pulumi stack output
 * --show-secrets`, the Pulumi CLI and the stack's backend and passphrase as the user has them).
 * Without them: the URLs without a password (PGPASSWORD then supplies it), and a line saying why.
 */
import execa from "execa";
import { withDeadline } from "../core/deadline";
import { firstLine } from "../core/text";

/** How long the Pulumi CLI may take to answer (it starts in ~1-2 s). */
const PULUMI_DEADLINE_MS = 60000;

/**
 * `plain`: the stack's URLs as the settings give them, without a password. Returns the stack's
 * own URLs when the Pulumi CLI gives as many, else `plain` and why.
 */
export async function stackInstanceUrls(
  projectDir: string,
  stack: string,
  plain: string[],
): Promise<{ urls: string[]; note?: string }> {
  const fallback = (why: string) => ({
    urls: plain,
    note: `the stack's password was not read (${why}): set PGPASSWORD, or pass --url with it (pulumi stack output instanceUrls --show-secrets --stack ${stack})`,
  });
  const r = await withDeadline(
    execa(
      "pulumi",
      ["stack", "output", "instanceUrls", "--show-secrets", "--json", "--stack", stack],
      {
        cwd: projectDir,
        reject: false,
        env: { PULUMI_SKIP_UPDATE_CHECK: "true" },
      },
    ),
    PULUMI_DEADLINE_MS,
  );
  if ((r as { code?: string }).code === "ENOENT") return fallback("the Pulumi CLI is not on PATH");
  if (r.timedOut) return fallback(`pulumi stack output took over ${PULUMI_DEADLINE_MS / 1000} s`);
  if (r.exitCode !== 0) return fallback(`pulumi stack output: ${firstLine(r.stderr)}`);
  let urls: unknown;
  try {
    urls = JSON.parse(r.stdout);
  } catch {
    return fallback("pulumi stack output printed no JSON");
  }
  if (
    !Array.isArray(urls) ||
    urls.length !== plain.length ||
    !urls.every((u) => typeof u === "string")
  )
    return fallback(
      `the stack's instanceUrls are not its ${plain.length} instance(s): run pulumi up`,
    );
  return { urls: urls as string[] };
}

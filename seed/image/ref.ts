/**
 * How pre-seeded images are named: pure, with no Docker or driver import, so the workflow
 * renderer and the Pulumi program can name an image without loading what builds it.
 */
import * as path from "path";
import { usageError } from "../core/errors";
import { shortFingerprint } from "../core/hash";

/**
 * Pure: the default repository, pgseed/<app folder name> (lowercase, docker's repository charset).
 */
export function defaultRepo(appDir: string): string {
  const name = path
    .basename(path.resolve(appDir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, "");
  return `pgseed/${name || "app"}`;
}

const REF_RE =
  /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?$/;

/** Pure: why `repo` is not an image repository without a tag (the setting's form), or undefined. */
export function imageRepositoryProblem(repo: string): string | undefined {
  if (!REF_RE.test(repo))
    return "is not a valid image repository (lowercase; no digest), e.g. registry.example.com/team/app-db";
  if (repo.slice(repo.lastIndexOf("/") + 1).includes(":"))
    return "must name a repository without a tag: pgseed tags each image with its short fingerprint";
  return undefined;
}

/**
 * Pure: the image reference. No --tag: <default repo>:<short fp>; --tag REPO (no tag part):
 * REPO:<short fp>; --tag REPO:TAG: exactly that.
 */
export function imageRef(o: { tag?: string; appDir: string; fingerprint: string }): string {
  const short = shortFingerprint(o.fingerprint);
  if (!o.tag) return `${defaultRepo(o.appDir)}:${short}`;
  if (!REF_RE.test(o.tag)) {
    throw usageError(
      `--tag "${o.tag}" is not a valid image reference (no digest; lowercase repository)`,
      "pass --tag REPO or REPO:TAG, e.g. --tag registry.example.com/team/app-db",
    );
  }
  const lastPart = o.tag.slice(o.tag.lastIndexOf("/") + 1);
  return lastPart.includes(":") ? o.tag : `${o.tag}:${short}`;
}

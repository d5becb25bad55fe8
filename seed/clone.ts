/**
 * Clone: load the seed once into a template database, then create N databases from it with
 * CREATE DATABASE … TEMPLATE (a file-level copy: no SQL replayed), the way Django's TEST.TEMPLATE
 * and parallel test workers want them. Only databases that carry a pgseed marker are ever dropped.
 */
import { Client } from "pg";
import { PgseedError, EXIT_USAGE, maskUrls } from "./errors";
import { MARKER_QUERY, markerText } from "./seedFile";
import { libpqEnv, psqlFor, psqlLoad, readIntactSeed, withClient } from "./load";
import { majorOf } from "./seedFile";

const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
const NAME_RE = /^[a-z_][a-z0-9_]{0,50}$/;

/** The marker of a database on the same server, or undefined when it does not exist. */
async function markerOf(admin: Client, url: string, db: string): Promise<string | null | undefined> {
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [db]);
  if (!exists.rowCount) return undefined;
  return withClient(urlFor(url, db), async (c) => (await c.query(`${MARKER_QUERY} AS marker`)).rows[0].marker as string | null);
}

export function urlFor(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(db)}`;
  return u.toString();
}

async function dropPgseedDatabase(admin: Client, url: string, db: string): Promise<void> {
  const marker = await markerOf(admin, url, db);
  if (marker === undefined) return;
  if (!marker?.startsWith("pgseed sha256:")) {
    throw new PgseedError(`database "${db}" exists and was not made by pgseed; it is left as it is`, "choose another --prefix, or drop it yourself", EXIT_USAGE);
  }
  await admin.query(`DROP DATABASE ${ident(db)} WITH (FORCE)`);
}

export interface CloneResult {
  fingerprint: string;
  template: string;
  databases: string[];
  /** Connection URLs of the clones, passwords masked. */
  urls: string[];
  templateLoaded: boolean;
}

export async function cloneSeed(opts: { url: string; seedPath: string; count: number; prefix?: string; log?: (line: string) => void }): Promise<CloneResult> {
  const prefix = opts.prefix ?? "pgseed_test";
  if (!NAME_RE.test(prefix)) throw new PgseedError(`--prefix "${prefix}" must be lower-case letters, digits and _ (at most 50)`, "pass e.g. --prefix test_app", EXIT_USAGE);
  const seed = readIntactSeed(opts.seedPath);
  const fingerprint = seed.header.fingerprint;
  const template = `${prefix}_template`;
  const databases = Array.from({ length: opts.count }, (_, i) => `${prefix}_${i + 1}`);
  let templateLoaded = false;
  await withClient(opts.url, async (admin) => {
    const version = ((await admin.query("SHOW server_version")).rows[0].server_version as string).split(" ")[0];
    if (majorOf(version) < majorOf(seed.header.postgres)) {
      throw new PgseedError(`the seed was made by PostgreSQL ${seed.header.postgres}, newer than the server (${version})`, `regenerate the seed with --postgres-version ${majorOf(version)}`);
    }
    // The template is reused while it carries this seed's marker: clones then cost one copy each.
    if ((await markerOf(admin, opts.url, template)) !== markerText(fingerprint)) {
      await dropPgseedDatabase(admin, opts.url, template);
      await admin.query(`CREATE DATABASE ${ident(template)} TEMPLATE template0`);
      try {
        await psqlLoad(opts.seedPath, libpqEnv(urlFor(opts.url, template)), psqlFor(majorOf(seed.header.postgres)));
      } catch (err) {
        await admin.query(`DROP DATABASE IF EXISTS ${ident(template)}`);
        throw err;
      }
      templateLoaded = true;
      opts.log?.(`loaded the seed into template database ${template}`);
    }
    for (const db of databases) {
      await dropPgseedDatabase(admin, opts.url, db);
      await admin.query(`CREATE DATABASE ${ident(db)} TEMPLATE ${ident(template)}`);
    }
  });
  return { fingerprint, template, databases, urls: databases.map((db) => maskUrls(urlFor(opts.url, db))), templateLoaded };
}

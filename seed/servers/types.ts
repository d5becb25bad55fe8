/**
 * The throwaway server seam: regenerate (and the bench) see only this interface, whether the
 * server runs from local binaries or from the target image in Docker. Every implementation
 * listens on a unix socket or 127.0.0.1 only, uses trust auth, and is torn down by stop() on
 * success, failure and signals (registerCleanup).
 */
import type { Readable } from "stream";

/** What regenerate asks for: the major of the seed, and where its server may come from. */
export interface ServerRequest {
  /** PostgreSQL major of the seed and of every instance. */
  major: number;
  /** Folder of local binaries (--pg-bin); else found by major. */
  pgBin?: string;
  /** Target image of the instances (postgres:<major> by default). */
  image: string;
  /**
   * local: binaries on this machine; docker: the target image; auto: local when its major matches,
   * else docker.
   */
  engine: "local" | "docker" | "auto";
}

export interface ThrowawayServer {
  /** Which implementation runs it: "local" or "docker". */
  readonly kind: string;
  /** Server version, e.g. "15.14" (what the seed header records). */
  readonly version: string;
  /**
   * What the server was made from (binaries folder, or image reference/digest): part of the
   * fingerprint for docker.
   */
  readonly source: string;
  /**
   * libpq variables for the migrate command, which runs on the host (presets/env.ts adds
   * DATABASE_URL from `url`, in the preset's form).
   */
  readonly env: Record<string, string>;
  /** postgresql://…: pgseed's own clients' form. */
  readonly url: string;
  /**
   * Runs SQL through the server's own psql with ON_ERROR_STOP in one transaction; throws
   * PgseedError on failure.
   */
  runSql(sql: string): Promise<void>;
  /**
   * A seed file through the server's own psql (seedfile/psqlLoad.ts): streamed, its content hash
   * checked as it goes, one transaction.
   */
  loadSeed(seedPath: string, seedVersion: string): Promise<void>;
  /** One query through the server's own psql, unaligned and tuples only (psql -At): its output. */
  query(sql: string): Promise<string>;
  /**
   * pg_dump of the migrated database with these options (the server's own pg_dump; a --restrict-key
   * option is dropped where that pg_dump predates it), as a stream: seeds of any size, never held
   * whole. The stream fails with a PgseedError when pg_dump does.
   */
  dumpStream(options: readonly string[]): Promise<Readable>;
  /** Stops the server and removes everything it made. Safe to call twice. */
  stop(): Promise<void>;
}

export interface ServerKind {
  readonly name: "local" | "docker";
  start(request: ServerRequest): Promise<ThrowawayServer>;
  /**
   * Cheap check (engine auto): false when this kind surely cannot run here; undefined when unknown.
   */
  available?(): boolean | undefined;
}

/**
 * The -c options of every throwaway server, local or docker: it is thrown away, so nothing is made
 * durable, and what shapes the dump must not depend on where the server runs.
 */
export const THROWAWAY_OPTIONS = [
  "fsync=off",
  "full_page_writes=off",
  "synchronous_commit=off",
  "wal_level=minimal",
  "max_wal_senders=0",
  "autovacuum=off",
];

/** Pure: THROWAWAY_OPTIONS (and more) as postgres arguments. */
export const serverArgs = (options: readonly string[]) => options.flatMap((o) => ["-c", o]);

/**
 * How the migrate command reaches a throwaway server: libpq variables and a postgresql:// URL. The
 * DATABASE_URL the project sees is made from it in one place, presets/env.ts (the preset's form).
 */
export interface ServerConnection {
  env: Record<string, string>;
  url: string;
}

/** Pure: the connection of a throwaway server on TCP (the migrate command runs on the host). */
export function serverConnection(c: {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
}): ServerConnection {
  const url = `postgresql://${c.user}:${c.password}@${c.host}:${c.port}/${c.database}`;
  return {
    url,
    env: {
      PGHOST: c.host,
      PGPORT: String(c.port),
      PGUSER: c.user,
      PGPASSWORD: c.password,
      PGDATABASE: c.database,
    },
  };
}

/**
 * Names shared by pre-seeded images (this folder) and seeded containers (deploy/containerSpec.ts):
 * labels, paths inside the image, and the flag a completed init leaves.
 */

/** Label of a pre-seeded image and of a seeded container: the fingerprint of its seed. */
export const FINGERPRINT_LABEL = "pgseed.fingerprint";
/**
 * The owner role and database a pre-seeded image is seeded for: an image of other ones is never
 * reused.
 */
export const USER_LABEL = "pgseed.user";
export const DB_LABEL = "pgseed.db";
/** The target image's id the pre-seeded one was built on: a rebuilt base means a rebuild. */
export const BASE_LABEL = "pgseed.base";
/** The databases copied from the seeded one, comma-separated. */
export const COPIES_LABEL = "pgseed.copies";

/** Where the official image runs init files from on a first start. */
export const INIT_DIR = "/docker-entrypoint-initdb.d";
/** The seed's name inside INIT_DIR. */
export const seedFileInContainer = (seedPath: string) =>
  `${INIT_DIR}/${seedPath.endsWith(".gz") ? "seed-db.sql.gz" : "seed-db.sql"}`;

/**
 * Left in PGDATA by the last init file: only a complete first start has it (entrypoints and
 * healthchecks test it).
 */
export const SEEDED_FLAG = "pgseed-seeded";

/**
 * PGDATA of a pre-seeded image: outside every official image's VOLUME (data under a VOLUME is never
 * committed).
 */
export const IMAGE_PGDATA = "/var/lib/pgseed/data";
export const IMAGE_ENTRYPOINT = "/usr/local/bin/pgseed-entrypoint.sh";

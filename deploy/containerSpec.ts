/**
 * The container of one SeededPostgres instance as a plain object: SeededPostgres hands it to the
 * docker provider, and tests/docker/ runs the very same object with the docker CLI (create, copy
 * the uploads, start), since the provider plugin cannot run in the tests. Pure: no Pulumi, no I/O.
 *
 * What it adds to the official image's entrypoint (a wrapper, run as root at every start):
 * - a first start whose init did not finish (the seed failed half-way, the container was killed)
 *   leaves PGDATA with PG_VERSION, which the image takes as initialised forever. The last init
 *   script writes a flag, $PGDATA/pgseed-seeded; a start that finds a cluster without it empties
 *   PGDATA so the image initialises again. (A cluster without the flag whose database carries a
 *   pgseed marker, as volumes made before the flag existed do, gets the flag instead.) The
 *   healthcheck requires the flag.
 * - the image applies POSTGRES_PASSWORD only at initdb; the wrapper sets it again at every start
 *   (ALTER ROLE in single-user mode, before the server listens), so a new password reaches a kept
 *   volume.
 * - an image whose psql predates the seed's \restrict lines fails init with a message that says so.
 */

import {
  FINGERPRINT_LABEL,
  INIT_DIR,
  SEEDED_FLAG,
  seedFileInContainer,
} from "../seed/image/labels";
import { SHELL_HELPERS } from "../seed/image/scripts";

export { FINGERPRINT_LABEL, SEEDED_FLAG, seedFileInContainer };

/**
 * Where an instance's data lives in the official image: 18 moved PGDATA under a versioned folder.
 */
export function dataLayout(major: number): { mount: string; pgdata: string } {
  return major >= 18
    ? { mount: "/var/lib/postgresql", pgdata: `/var/lib/postgresql/${major}/docker` }
    : { mount: "/var/lib/postgresql/data", pgdata: "/var/lib/postgresql/data" };
}

/**
 * Pure: the major of an image reference's tag (postgres:15, postgres:15.14-bookworm,
 * r/pg:18@sha256:…), if it says.
 */
export function majorOfImage(image: string): number | undefined {
  const tag = /:(\d+)(?:[.-][^@/]*)?(?:@sha256:[0-9a-f]+)?$/.exec(image);
  return tag ? Number(tag[1]) : undefined;
}

/** Runs first among the init files: a psql without \restrict cannot load a seed that has it. */
const RESTRICT_CHECK = `# pgseed: the seed's \\restrict lines (pg_dump 15.14, 16.10, 17.6 and later) need a psql that knows them
if ! printf '\\\\restrict pgseedprobe\\n\\\\unrestrict pgseedprobe\\n' | psql -X -q -v ON_ERROR_STOP=1 --no-psqlrc --username "$POSTGRES_USER" --dbname postgres >/dev/null 2>&1; then
  if [ "$( { gzip -dc ${INIT_DIR}/seed-db.sql.gz || cat ${INIT_DIR}/seed-db.sql; } 2>/dev/null | grep -c '^\\\\restrict ')" != 0 ]; then
    echo "pgseed: this image's $(psql --version) is older than the pg_dump that made the seed, and rejects its \\\\restrict lines; fix: pull a newer image of this major (docker pull), or pin a recent one by digest" >&2
    exit 1
  fi
fi
`;

/** Runs last among the init files: only a complete init gets here. */
const SEEDED_MARK = `# pgseed: every init file before this one succeeded
touch "$PGDATA/${SEEDED_FLAG}"
`;

/**
 * The entrypoint wrapper (sh -c; $@ is the container command). Runs as root, like the image's own
 * entrypoint, which it then execs.
 */
export const ENTRYPOINT_WRAPPER = `set -eu
: "\${PGDATA:=/var/lib/postgresql/data}"
${SHELL_HELPERS}# Only the flag proves a complete first start. Without it: an initdb that never finished (no
# pg_control) or a cluster whose database has no pgseed marker is emptied; a cluster with the
# marker (made before the flag existed) gets the flag; anything else (say, another server holds
# the lock) is left alone.
if [ ! -e "$PGDATA/${SEEDED_FLAG}" ] && [ -n "$(ls -A "$PGDATA" 2>/dev/null)" ]; then
  verdict=empty
  if [ -s "$PGDATA/PG_VERSION" ] && [ -e "$PGDATA/global/pg_control" ]; then
    out=$(printf "SELECT coalesce(obj_description('public'::regnamespace, 'pg_namespace') LIKE 'pgseed sha256:%%', false) AS seeded;\\n\\n" | single "\${POSTGRES_DB:-\${POSTGRES_USER:-postgres}}" || true)
    case "$out" in
      *'seeded = "t"'*) verdict=flag ;;
      *'seeded = "f"'*|*'does not exist'*) verdict=empty ;;
      *) verdict=keep ;;
    esac
  fi
  case "$verdict" in
    flag) touch "$PGDATA/${SEEDED_FLAG}" ;;
    empty)
      echo "pgseed: $PGDATA holds what a first start that never finished left (no seed loaded): emptying it to initialise again" >&2
      find "$PGDATA" -mindepth 1 -delete ;;
    keep) echo "pgseed: could not tell whether $PGDATA was seeded, leaving it as it is:" >&2; printf '%s\\n' "$out" | tail -n 5 >&2 ;;
  esac
fi
if [ -s "$PGDATA/PG_VERSION" ] && [ -n "\${POSTGRES_PASSWORD:-}" ]; then set_password "\${POSTGRES_USER:-postgres}"; fi
printf '%s' '${RESTRICT_CHECK.replace(/'/g, `'"'"'`)}' > ${INIT_DIR}/00-pgseed-restrict-check.sh
printf '%s' '${SEEDED_MARK.replace(/'/g, `'"'"'`)}' > ${INIT_DIR}/zz-pgseed-seeded.sh
exec docker-entrypoint.sh "$@"
`;

export interface ContainerSpecInput {
  /** Docker container name. */
  name: string;
  /** Image reference or id. */
  image: string;
  major: number;
  /**
   * bridge: port published on bindAddress (the default); host: the host's network, the server binds
   * bindAddress itself.
   */
  network: "bridge" | "host";
  port: number;
  bindAddress: string;
  dbUser: string;
  dbName: string;
  fingerprint: string;
  /**
   * The marker command of the healthcheck (healthcheckCommand), run as a shell command in the
   * container.
   */
  healthcheck: string;
  volumeName: string;
  seedPath: string;
  seedSha256: string;
}

export interface ContainerSpec {
  name: string;
  image: string;
  entrypoint: string[];
  command: string[];
  /** NAME=value, in order. POSTGRES_PASSWORD is not here: the caller adds it (a secret). */
  env: string[];
  labels: { label: string; value: string }[];
  networkMode: "bridge" | "host";
  ports: { internal: number; external: number; ip: string }[];
  volumes: { volumeName: string; containerPath: string }[];
  /** Files put into the container after it is created and before it starts. */
  uploads: { file: string; source: string; sourceHash: string }[];
  healthcheck: {
    tests: string[];
    interval: string;
    timeout: string;
    startPeriod: string;
    retries: number;
  };
  restart: "unless-stopped";
}

/** Pure: the container of one instance. */
export function containerSpec(i: ContainerSpecInput): ContainerSpec {
  const layout = dataLayout(i.major);
  const host = i.network === "host";
  // On the host's network the server itself binds the address; the healthcheck needs 127.0.0.1 too.
  const listen = ["127.0.0.1", "0.0.0.0", "*"].includes(i.bindAddress)
    ? i.bindAddress
    : `127.0.0.1,${i.bindAddress}`;
  return {
    name: i.name,
    image: i.image,
    entrypoint: ["sh", "-c", ENTRYPOINT_WRAPPER, "pgseed-entrypoint"],
    command: host ? ["postgres", "-c", `listen_addresses=${listen}`] : ["postgres"],
    env: [
      `POSTGRES_USER=${i.dbUser}`,
      `POSTGRES_DB=${i.dbName}`,
      // Set explicitly: the image's default moved in 18, and the volume must hold exactly this.
      `PGDATA=${layout.pgdata}`,
      // Host network: the port is the server's own (the entrypoint, the server and psql all read
      // PGPORT).
      ...(host ? [`PGPORT=${i.port}`] : []),
    ],
    labels: [{ label: FINGERPRINT_LABEL, value: i.fingerprint }],
    networkMode: host ? "host" : "bridge",
    ports: host ? [] : [{ internal: 5432, external: i.port, ip: i.bindAddress }],
    volumes: [{ volumeName: i.volumeName, containerPath: layout.mount }],
    uploads: [
      { file: seedFileInContainer(i.seedPath), source: i.seedPath, sourceHash: i.seedSha256 },
    ],
    healthcheck: {
      tests: ["CMD-SHELL", `test -e "$PGDATA/${SEEDED_FLAG}" && ${i.healthcheck}`],
      interval: "2s",
      timeout: "5s",
      startPeriod: "10s",
      retries: 150,
    },
    restart: "unless-stopped",
  };
}

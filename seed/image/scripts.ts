/**
 * The shell that runs inside PostgreSQL containers: the pre-seeded image's build and runtime
 * entrypoints, and the helpers the seeded container's wrapper (deploy/containerSpec.ts) shares.
 */
import { IMAGE_PGDATA } from "./labels";

/**
 * sh helpers: run as the postgres account (gosu in Debian images, su-exec in Alpine ones); a
 * statement in single-user mode (no socket, no TCP; statements never echoed to the log); and
 * set_password ROLE: POSTGRES_PASSWORD applied to ROLE that way, failing with a line that never
 * shows the password.
 */
export const SHELL_HELPERS = `as_pg() { if [ "$(id -u)" != 0 ]; then "$@"; elif command -v gosu >/dev/null; then gosu postgres "$@"; else su-exec postgres "$@"; fi; }
single() { as_pg postgres --single -j -D "$PGDATA" -c log_min_error_statement=panic -c exit_on_error=on "$@" 2>&1; }
set_password() {
  role=$(printf '%s' "$1" | sed 's/"/""/g')
  password=$(printf '%s' "$POSTGRES_PASSWORD" | sed "s/'/''/g")
  if ! out=$(printf 'ALTER ROLE "%s" PASSWORD '"'"'%s'"'"';\\n\\n' "$role" "$password" | single template1); then
    echo "pgseed: could not set the password of $1:" >&2; printf '%s\\n' "$out" | grep -v PASSWORD | tail -n 5 >&2; exit 1
  fi
}
`;

/** The build container's password file and entrypoint (both removed before init runs). */
export const PASSWORD_FILE = "/pgseed-build-password";
export const BUILD_ENTRYPOINT = "/pgseed-build.sh";

/**
 * The build container's entrypoint: the password from a file (never the config's env, which a
 * commit copies).
 */
export const BUILD_SCRIPT = `#!/bin/sh
set -eu
POSTGRES_PASSWORD=$(cat ${PASSWORD_FILE})
export POSTGRES_PASSWORD
# 1 MB WAL segments: the first write after a start copies the current segment up into the
# container's layer (overlayfs), 1 MB instead of 16 MB. Set here, not in the config (committed).
export POSTGRES_INITDB_ARGS="\${POSTGRES_INITDB_ARGS:-} --wal-segsize=1"
rm -f ${PASSWORD_FILE} "$0"
exec docker-entrypoint.sh "$@"
`;

/**
 * Written over the base image's pg_hba at build: the socket trusts (the wrapper's and the image's
 * own tools), TCP always asks.
 */
export const PG_HBA =
  "# pgseed pre-seeded image: the socket trusts, TCP asks for the password\nlocal all all trust\nhost all all all scram-sha-256\n";

/**
 * The entrypoint of a pre-seeded image (sh; $@ is the container command). When PGDATA holds the
 * seeded cluster it applies the runtime password, then hands over to the image's own entrypoint
 * (which finds PGDATA initialised and skips init).
 */
export const RUNTIME_ENTRYPOINT = `#!/bin/sh
# pgseed: entrypoint of a pre-seeded image (PGDATA was initialised and seeded at build time).
set -eu
: "\${PGDATA:=${IMAGE_PGDATA}}"
${SHELL_HELPERS}case "\${1:-}" in postgres|-*) serve=1 ;; *) serve= ;; esac
if [ -n "$serve" ] && [ -s "$PGDATA/PG_VERSION" ]; then
  user="\${POSTGRES_USER:-$PGSEED_USER}"
  if [ "$user" != "$PGSEED_USER" ]; then
    echo "pgseed: this image was seeded for user $PGSEED_USER, not POSTGRES_USER=$user; fix: run it with POSTGRES_USER=$PGSEED_USER (or unset), or build it with that user" >&2
    exit 1
  fi
  if [ -n "\${POSTGRES_PASSWORD:-}" ]; then
    set_password "$PGSEED_USER"
  elif [ "\${POSTGRES_HOST_AUTH_METHOD:-}" = trust ]; then
    sed -i 's/^host all all all scram-sha-256$/host all all all trust/' "$PGDATA/pg_hba.conf"
  else
    echo "pgseed: this pre-seeded image needs POSTGRES_PASSWORD (the password of $PGSEED_USER over TCP); fix: docker run -e POSTGRES_PASSWORD=… (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  # The image's entrypoint as postgres, not root: as root some (this project's offline stand-in)
  # chown -R PGDATA at every start, which on overlayfs copies every data file into the
  # container's layer (seconds). The files are postgres's already.
  if [ "$(id -u)" = 0 ]; then
    if command -v gosu >/dev/null; then exec gosu postgres docker-entrypoint.sh "$@"; else exec su-exec postgres docker-entrypoint.sh "$@"; fi
  fi
fi
exec docker-entrypoint.sh "$@"
`;

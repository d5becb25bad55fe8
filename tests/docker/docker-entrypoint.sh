#!/usr/bin/env bash
# Entrypoint of the offline stand-in for the official postgres image (tests/docker/ builds it from
# this machine's PostgreSQL). Written from the official image's documented contract:
#   POSTGRES_PASSWORD (required unless POSTGRES_HOST_AUTH_METHOD=trust), POSTGRES_USER (postgres),
#   POSTGRES_DB ($POSTGRES_USER), POSTGRES_INITDB_ARGS, POSTGRES_HOST_AUTH_METHOD, PGDATA, PGPORT;
#   an empty PGDATA is initialised, then /docker-entrypoint-initdb.d/*.sh, *.sql and *.sql.gz run in
#   name order against a temporary server on the unix socket only, with ON_ERROR_STOP; then the
#   real server is exec'd. Like the official image, a failed init leaves PGDATA as it is.
# One deliberate difference: TCP always asks for the password (the official image trusts
# 127.0.0.1 inside the container; here containers share the host's network, so its 127.0.0.1 is
# the host's, where the official image's clients come from a published port and need the password).
set -Eeo pipefail

# Options alone mean "postgres with these options"; any other command runs as given.
if [ "${1:0:1}" = '-' ]; then set -- postgres "$@"; fi
if [ "$1" != postgres ]; then exec "$@"; fi

export POSTGRES_USER="${POSTGRES_USER:-postgres}"
export POSTGRES_DB="${POSTGRES_DB:-$POSTGRES_USER}"
export PGDATA="${PGDATA:-/var/lib/postgresql/data}"

# As root: make the data and socket folders the postgres account's, then run as it.
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 2775 /var/run/postgresql
  exec setpriv --reuid=postgres --regid=postgres --clear-groups "$BASH_SOURCE" "$@"
fi

init_sql() { # psql exactly as the official image runs init files: the socket, no password prompt
  PGHOST= PGHOSTADDR= psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc "$@"
}

if [ ! -s "$PGDATA/PG_VERSION" ]; then
  if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
    echo "error: database is uninitialized and superuser password is not specified; set POSTGRES_PASSWORD (or POSTGRES_HOST_AUTH_METHOD=trust)" >&2
    exit 1
  fi
  run_initdb() {
    # shellcheck disable=SC2086 # POSTGRES_INITDB_ARGS is a list of words, as in the official image
    initdb --username="$POSTGRES_USER" --auth-local=trust --auth-host="${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" "$@" $POSTGRES_INITDB_ARGS
  }
  # The password reaches initdb through a pipe, never the command line.
  if [ -n "$POSTGRES_PASSWORD" ]; then run_initdb --pwfile=<(printf '%s\n' "$POSTGRES_PASSWORD"); else run_initdb; fi
  printf 'host all all all %s\n' "${POSTGRES_HOST_AUTH_METHOD:-scram-sha-256}" >>"$PGDATA/pg_hba.conf"

  # The temporary server: the command's own options, but no TCP at all.
  shift
  pg_ctl -D "$PGDATA" -w start -o "$(printf '%q ' "$@" -c listen_addresses= -p "${PGPORT:-5432}")"
  set -- postgres "$@"

  if [ "$POSTGRES_DB" != postgres ] && [ -z "$(init_sql --dbname postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$POSTGRES_DB'")" ]; then
    init_sql --dbname postgres --set db="$POSTGRES_DB" <<<'CREATE DATABASE :"db";'
  fi
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "$0: running $f"; if [ -x "$f" ]; then "$f"; else . "$f"; fi ;;
      *.sql) echo "$0: running $f"; init_sql --dbname "$POSTGRES_DB" -f "$f" ;;
      *.sql.gz) echo "$0: running $f"; gzip -dc "$f" | init_sql --dbname "$POSTGRES_DB" ;;
      */\*) ;;
      *) echo "$0: ignoring $f" ;;
    esac
  done

  pg_ctl -D "$PGDATA" -m fast -w stop
  echo "PostgreSQL init process complete; ready for start up."
else
  echo "PostgreSQL Database directory appears to contain a database; Skipping initialization"
fi

exec "$@"

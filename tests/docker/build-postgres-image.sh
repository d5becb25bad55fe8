#!/usr/bin/env bash
# Builds the offline stand-in for the official postgres:15 image from this machine's Debian
# PostgreSQL 15 (no registry is reachable here): the files of postgresql-15, postgresql-client-15
# and libpq5, a few base tools, every shared library they load (ldd), and docker-entrypoint.sh.
# Tags it postgres:15 (so the project's default image resolves without a pull) and
# pgseed-test/postgres:15. Rebuilds only when the recipe (this script, the entrypoint, the
# package versions) changed: the recipe's hash is an image label. Prints one line.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MAJOR=15
TAGS=("pgseed-test/postgres:$MAJOR" "postgres:$MAJOR")
PG_PACKAGES=("postgresql-$MAJOR" "postgresql-client-$MAJOR" libpq5 tzdata)
# Whole packages the entrypoint and init scripts use; of util-linux only setpriv, of libc-bin
# only locale (initdb lists the system locales with it).
BASE_PACKAGES=(bash dash coreutils gzip grep sed findutils)
EXTRA_FILES=(/usr/bin/setpriv /usr/bin/locale)

for p in "${PG_PACKAGES[@]}"; do
  dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    { echo "build-postgres-image: package $p is not installed; fix: apt-get install -y $p (or bash scripts/install.sh)" >&2; exit 2; }
done
docker info >/dev/null 2>&1 || { echo "build-postgres-image: no Docker engine answers; fix: bash scripts/start-dockerd.sh" >&2; exit 2; }

recipe_hash=$( { cat "$HERE/build-postgres-image.sh" "$HERE/docker-entrypoint.sh"; dpkg-query -W "${PG_PACKAGES[@]}" "${BASE_PACKAGES[@]}" util-linux libc6; } | sha256sum | cut -c1-16)
# One build at a time (test files run this in parallel on one engine); the second finds it done.
exec 9>"${TMPDIR:-/tmp}/pgseed-postgres-image.lock"
flock 9
have() { docker image inspect --format "{{index .Config.Labels \"pgseed.recipe\"}}" "$1" 2>/dev/null; }
if [ "$(have "${TAGS[0]}")" = "$recipe_hash" ] && [ "$(have "${TAGS[1]}")" = "$recipe_hash" ]; then
  echo "image ${TAGS[*]} up to date (recipe $recipe_hash)"
  exit 0
fi

started=$(date +%s%N)
R=$(mktemp -d /tmp/pgseed-rootfs-XXXXXX)
trap 'rm -rf "$R" "$R.build.log"' EXIT
# The same merged-/usr links as Debian 12, so paths like /lib64/ld-linux-x86-64.so.2 resolve.
mkdir -p "$R/usr/bin" "$R/usr/sbin" "$R/usr/lib" "$R/usr/lib64"
for d in bin sbin lib lib64; do ln -s "usr/$d" "$R/$d"; done

# Debian 12's merged /usr: /bin, /sbin, /lib* are links into /usr, so one spelling per file.
canonical() { sed -E 's#^/(bin|sbin|lib|lib64|libx32)/#/usr/\1/#'; }
# Copies the listed paths to the same places in the rootfs; a symlink brings what it points to.
copy_in() {
  local list
  list=$(canonical | sort -u | while read -r f; do [ -e "$f" ] && [ ! -d "$f" ] || [ -L "$f" ] && echo "$f"; done || true)
  [ -n "$list" ] || return 0
  # tar keeps modes, owners and symlinks (cp --parents -a of coreutils 9.1 mangles parent folders).
  tar -C / --no-recursion -cf - -T - <<<"$list" 2>/dev/null | tar -C "$R" -xf -
  local targets
  targets=$(while read -r f; do [ -L "$f" ] && readlink -f "$f"; done <<<"$list" | canonical | sort -u | while read -r f; do [ -e "$R$f" ] || echo "$f"; done || true)
  if [ -n "$targets" ]; then copy_in <<<"$targets"; fi
}

files=$(dpkg -L "${PG_PACKAGES[@]}" "${BASE_PACKAGES[@]}" |
  grep '^/' | grep -Ev '^/usr/share/(doc|man|info|locale|lintian|bug)/|/llvmjit|/bitcode/' ; printf '%s\n' "${EXTRA_FILES[@]}"; find /usr/lib/locale/C.utf8 -type f)
copy_in <<<"$files"
# The libraries every executable and library loads (ldd), two at a time.
find "$R/usr/bin" "$R/usr/sbin" "$R/usr/lib" -type f \( -perm -u+x -o -name '*.so*' \) -print | { xargs -d '\n' -P2 -n64 ldd 2>/dev/null || true; } |
  awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// && $1 !~ /:$/ {print $1}' | copy_in
ln -sf dash "$R/usr/bin/sh"

# The official image listens on every interface of its network namespace.
sed -ri "s!^#?(listen_addresses)\s*=\s*\S+.*!\1 = '*'!" "$R/usr/share/postgresql/$MAJOR/postgresql.conf.sample"
mkdir -p "$R/etc" "$R/tmp" "$R/var/run/postgresql" "$R/var/lib/postgresql/data" "$R/docker-entrypoint-initdb.d" "$R/usr/local/bin"
chmod 1777 "$R/tmp"
# uid 999 as in the official image, so volumes move between it and this stand-in.
printf 'root:x:0:0:root:/root:/bin/bash\npostgres:x:999:999::/var/lib/postgresql:/bin/bash\n' >"$R/etc/passwd"
printf 'root:x:0:\npostgres:x:999:\n' >"$R/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$R/etc/nsswitch.conf"
chown -R 999:999 "$R/var/run/postgresql" "$R/var/lib/postgresql"
chmod 2775 "$R/var/run/postgresql"
chmod 1777 "$R/var/lib/postgresql/data"
install -m 0755 "$HERE/docker-entrypoint.sh" "$R/usr/local/bin/docker-entrypoint.sh"
ln -s usr/local/bin/docker-entrypoint.sh "$R/docker-entrypoint.sh"
# The official image has gosu (scripts run as postgres with it); setpriv does the same.
printf '#!/bin/sh\n# gosu USER COMMAND...: as in the official image\nu="$1"; shift\nexec setpriv --reuid="$u" --regid="$u" --init-groups "$@"\n' >"$R/usr/local/bin/gosu"
chmod 0755 "$R/usr/local/bin/gosu"

# import takes the files; a one-step build adds what import cannot set (STOPSIGNAL on docker 20.10).
tar --numeric-owner -C "$R" -c . | docker import - "${TAGS[0]}-rootfs" >/dev/null
DOCKER_BUILDKIT=0 docker build -q -t "${TAGS[0]}" - >/dev/null 2>"$R.build.log" <<DOCKERFILE || { cat "$R.build.log" >&2; exit 1; }
FROM ${TAGS[0]}-rootfs
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/usr/lib/postgresql/$MAJOR/bin PG_MAJOR=$MAJOR LANG=C.UTF-8 PGDATA=/var/lib/postgresql/data
VOLUME /var/lib/postgresql/data
EXPOSE 5432
STOPSIGNAL SIGINT
ENTRYPOINT ["docker-entrypoint.sh"]
CMD ["postgres"]
LABEL pgseed.recipe=$recipe_hash org.opencontainers.image.description="offline stand-in for postgres:$MAJOR, built from this machine's Debian packages (pgseed tests)"
DOCKERFILE
rm -f "$R.build.log"
docker rmi "${TAGS[0]}-rootfs" >/dev/null
docker tag "${TAGS[0]}" "${TAGS[1]}"
size=$(du -sh "$R" | cut -f1)
echo "image ${TAGS[*]} built in $(( ($(date +%s%N) - started) / 1000000 )) ms (rootfs $size, recipe $recipe_hash)"

#!/usr/bin/env bash
# Starts a Docker engine for the tests, when none answers: installs Debian's docker.io if dockerd
# is missing, then runs dockerd with host networking only (no iptables, no bridge: containers use
# --network host), its own data root and socket, and a log file. Idempotent; prints one line.
#   DOCKER_HOST        socket to use (default unix:///var/run/docker.sock, where every client looks)
#   PGSEED_DOCKER_ROOT data root    (default /var/lib/pgseed-docker)
set -euo pipefail

SOCK_URL="${DOCKER_HOST:-unix:///var/run/docker.sock}"
ROOT_DIR="${PGSEED_DOCKER_ROOT:-/var/lib/pgseed-docker}"
LOG="${PGSEED_DOCKER_LOG:-/var/log/pgseed-dockerd.log}"
export DOCKER_HOST="$SOCK_URL"

sudo_() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# The newest client on PATH (e.g. 28.x) negotiates down to the daemon's API (docker.io 20.10: 1.41).
answers() { timeout 10 docker info --format '{{.ServerVersion}} {{.Driver}}' 2>/dev/null; }

# Any engine that answers is used as it is (the host's own, or one DOCKER_HOST names).
if command -v docker >/dev/null 2>&1 && out=$(answers); then
  echo "dockerd already answers at $DOCKER_HOST ($out)"
  exit 0
fi
case "$SOCK_URL" in unix://*) ;; *) echo "start-dockerd: no Docker engine answers at DOCKER_HOST=$SOCK_URL, and pgseed starts its own only on a unix socket; fix: unset DOCKER_HOST or point it at unix:///PATH" >&2; exit 2 ;; esac
SOCK="${SOCK_URL#unix://}"

if ! command -v dockerd >/dev/null 2>&1; then
  sudo_ apt-get update -qq
  # docker.io brings containerd, runc and its own CLI (in /usr/bin; a newer one in /usr/local/bin wins).
  DEBIAN_FRONTEND=noninteractive sudo_ apt-get install -y -qq --no-install-recommends docker.io >/dev/null
fi
command -v docker >/dev/null 2>&1 || { echo "start-dockerd: no docker client on PATH; fix: apt-get install docker.io" >&2; exit 1; }

start() { # $1 = storage driver
  sudo_ mkdir -p "$ROOT_DIR" "$(dirname "$SOCK")"
  sudo_ rm -f "$SOCK"
  # exec-root per data root, so a second engine (a system one) never shares its runtime state.
  # setsid: the engine outlives this script and the terminal or CI step that ran it.
  sudo_ setsid nohup dockerd --host "unix://$SOCK" --data-root "$ROOT_DIR" --exec-root "$ROOT_DIR/exec" \
    --pidfile "$ROOT_DIR/dockerd.pid" --iptables=false --ip6tables=false --bridge=none \
    --storage-driver "$1" >>"$LOG" 2>&1 </dev/null &
  for _ in $(seq 1 120); do
    if out=$(answers); then return 0; fi
    kill -0 $! 2>/dev/null || return 1
    sleep 0.5
  done
  return 1
}

stop_ours() {
  local pid
  pid=$(cat "$ROOT_DIR/dockerd.pid" 2>/dev/null || true)
  [ -n "$pid" ] && sudo_ kill "$pid" 2>/dev/null || true
  sleep 1
}

# A stale pid file from a crashed engine blocks the next one.
if [ -f "$ROOT_DIR/dockerd.pid" ] && ! kill -0 "$(cat "$ROOT_DIR/dockerd.pid")" 2>/dev/null; then
  sudo_ rm -f "$ROOT_DIR/dockerd.pid"
fi

# overlay2 where the kernel allows it (fast), else vfs (copies every layer, always works).
driver=overlay2
if ! start overlay2; then
  stop_ours
  driver=vfs
  start vfs || { echo "start-dockerd: dockerd did not answer at $DOCKER_HOST; see $LOG" >&2; tail -5 "$LOG" >&2; exit 1; }
fi
echo "dockerd started at $DOCKER_HOST ($out, data root $ROOT_DIR, log $LOG)"

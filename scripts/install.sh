#!/usr/bin/env bash
# Installs everything pgseed and its tests need on a fresh Debian 12 machine, idempotently:
# - PostgreSQL 15 server and client binaries (pgseed starts its own throwaway clusters; no
#   service is used), Debian's Django 3.2 and psycopg2 (the oldest Django of the matrix),
#   python3-venv, docker.io (a Docker engine for the container tests), GNU time (bench RSS),
#   openssh-server (the migrate policy's test through an SSH forward);
# - the npm packages (`npm ci` builds dist/);
# - pinned virtualenvs: Django 4.2 and 5.2 with psycopg 3, pytest-django, xdist; Alembic
#   (scripts/install-python.sh);
# - the Pulumi CLI built from the Go module proxy, cached (scripts/build-pulumi.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(postgresql-15 python3-django python3-psycopg2 python3-venv docker.io time openssh-server)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "install.sh: installing ${missing[*]}"
  # Debian's packages start their services on install (a PostgreSQL cluster on 5432, sshd on 22,
  # a Docker engine); the tests use none of them. A policy-rc.d that refuses every start, present
  # only while apt runs (and only when the host has none of its own), keeps them from starting.
  policy=/usr/sbin/policy-rc.d ours=""
  if [ ! -e "$policy" ]; then
    ours=1
    trap '$sudo rm -f "$policy"' EXIT
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$policy" >/dev/null
    $sudo chmod 0755 "$policy"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [ -n "$ours" ]; then $sudo rm -f "$policy"; trap - EXIT; fi
fi
npm ci --no-audit --no-fund
bash scripts/install-python.sh
bash scripts/build-pulumi.sh

#!/usr/bin/env bash
# The peers' virtualenv for bench/peers.ts, under ${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs/bench
# (the convention of scripts/install-python.sh). Idempotent: left alone while its stamp (the pins
# and the base interpreter) matches. Django 5.2: the example pins 3.2, but django-migrations-ci
# needs Django >= 4 and django-pg-baseline >= 5.0, so every row of the peers bench (pgseed's
# included) runs on the Django 5.2 of the test matrix (same pin as install-python.sh's django52).
set -euo pipefail

BASE_PYTHON="${PGSEED_BASE_PYTHON:-/usr/bin/python3}"
VENVS="${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs"
dir="$VENVS/bench"
req=(
  "Django==5.2.19"
  "psycopg[binary]==3.3.9"
  "pytest==8.4.2"
  "pytest-django==4.14.0"
  "pytest-xdist==3.8.0"
  "django-migrations-ci==0.14"
  "django-pg-baseline==0.3.1"
)

if ! "$BASE_PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "install-bench.sh: $BASE_PYTHON cannot create virtualenvs; fix: apt-get install -y python3-venv (or set PGSEED_BASE_PYTHON)" >&2
  exit 2
fi

stamp="$(printf '%s\n' "${req[@]}" "$("$BASE_PYTHON" -c 'import sys; print(sys.version)')" | sha256sum | cut -d' ' -f1)"
if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.pgseed-stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "venv bench: up to date ($dir)"
  exit 0
fi
echo "venv bench: installing into $dir"
mkdir -p "$VENVS"
rm -rf "$dir"
"$BASE_PYTHON" -m venv "$dir"
printf '%s\n' "${req[@]}" > "$dir/requirements.txt"
# django-pg-baseline pulls testcontainers (used only by its baseline_rebuild, which needs Docker Hub).
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --only-binary :all: -r "$dir/requirements.txt"
"$dir/bin/python" -m pip freeze --disable-pip-version-check > "$dir/freeze.txt"
echo "$stamp" > "$dir/.pgseed-stamp"
echo "venv bench: ready ($dir)"

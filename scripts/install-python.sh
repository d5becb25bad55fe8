#!/usr/bin/env bash
# Pinned virtualenvs for the Django matrix (4.2, 5.2) and the alembic example, under
# ${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs/<name>. Idempotent: a venv whose requirements
# (and base interpreter) hash equals its stamp file is left alone. Django 3.2 is Debian's
# /usr/bin/python3 (python3-django, python3-psycopg2), installed by scripts/install.sh.
# django52 also holds django-guardian (a post_migrate that writes now() and a random password:
# the volatile-rows test, tests/integration/djangoVolatile.test.ts).
# Needs /usr/bin/python3 with the venv module (Debian: apt-get install -y python3-venv).
set -euo pipefail

BASE_PYTHON="${PGSEED_BASE_PYTHON:-/usr/bin/python3}"
VENVS="${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs"

requirements() {
  case "$1" in
    django42) printf '%s\n' "Django==4.2.30" "psycopg[binary]==3.3.9" "pytest==8.4.2" "pytest-django==4.14.0" "pytest-xdist==3.8.0" ;;
    django52) printf '%s\n' "Django==5.2.19" "psycopg[binary]==3.3.9" "pytest==8.4.2" "pytest-django==4.14.0" "pytest-xdist==3.8.0" "django-guardian==3.5.2" ;;
    alembic) printf '%s\n' "alembic==1.20.1" "SQLAlchemy==2.0.58" "psycopg2-binary==2.9.13" "psycopg[binary]==3.3.9" ;;
    *) echo "unknown venv $1" >&2; return 1 ;;
  esac
}

if ! "$BASE_PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
  echo "install-python.sh: $BASE_PYTHON cannot create virtualenvs; fix: apt-get install -y python3-venv (or set PGSEED_BASE_PYTHON)" >&2
  exit 2
fi

mkdir -p "$VENVS"
for name in django42 django52 alembic; do
  dir="$VENVS/$name"
  req="$(requirements "$name")"
  # The stamp covers the pins and the base interpreter (a Python upgrade rebuilds the venv).
  stamp="$(printf '%s\n%s\n' "$req" "$("$BASE_PYTHON" -c 'import sys; print(sys.version)')" | sha256sum | cut -d' ' -f1)"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.pgseed-stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "venv $name: up to date ($dir)"
    continue
  fi
  echo "venv $name: installing into $dir"
  rm -rf "$dir"
  "$BASE_PYTHON" -m venv "$dir"
  printf '%s\n' "$req" > "$dir/requirements.txt"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --only-binary :all: -r "$dir/requirements.txt"
  "$dir/bin/python" -m pip freeze --disable-pip-version-check > "$dir/freeze.txt"
  echo "$stamp" > "$dir/.pgseed-stamp"
done
echo "virtualenvs in $VENVS"

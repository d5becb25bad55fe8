#!/usr/bin/env bash
# Pinned virtualenvs for the Django matrix (4.2, 5.2) and the alembic example, under
# ${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs/<name>. Idempotent: a venv whose requirements
# (and base interpreter) hash equals its stamp file is left alone (scripts/venv.sh). Django 3.2 is
# Debian's /usr/bin/python3 (python3-django, python3-psycopg2), installed by scripts/install.sh.
# django52 also holds django-guardian (a post_migrate that writes now() and a random password:
# the volatile-rows test, tests/integration/djangoVolatile.test.ts).
# Needs /usr/bin/python3 with the venv module (Debian: apt-get install -y python3-venv).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

requirements() {
  case "$1" in
    django42) printf '%s\n' "Django==4.2.30" "psycopg[binary]==3.3.9" "pytest==8.4.2" "pytest-django==4.14.0" "pytest-xdist==3.8.0" ;;
    django52) printf '%s\n' "Django==5.2.19" "psycopg[binary]==3.3.9" "pytest==8.4.2" "pytest-django==4.14.0" "pytest-xdist==3.8.0" "django-guardian==3.5.2" ;;
    alembic) printf '%s\n' "alembic==1.20.1" "SQLAlchemy==2.0.58" "psycopg2-binary==2.9.13" "psycopg[binary]==3.3.9" ;;
    *) echo "unknown venv $1" >&2; return 1 ;;
  esac
}

require_venv_module install-python.sh
for name in django42 django52 alembic; do
  ensure_venv "$name" "$(requirements "$name")"
done
echo "virtualenvs in $VENVS"

#!/usr/bin/env bash
# The peers' virtualenv for bench/peers.ts, under ${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs/bench
# (scripts/venv.sh, as install-python.sh). Idempotent: left alone while its stamp (the pins and
# the base interpreter) matches. Django 5.2: the example pins 3.2, but django-migrations-ci
# needs Django >= 4 and django-pg-baseline >= 5.0, so every row of the peers bench (pgseed's
# included) runs on the Django 5.2 of the test matrix (same pin as install-python.sh's django52).
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/venv.sh"

# django-pg-baseline pulls testcontainers (used only by its baseline_rebuild, which needs Docker Hub).
pins=(
  "Django==5.2.19"
  "psycopg[binary]==3.3.9"
  "pytest==8.4.2"
  "pytest-django==4.14.0"
  "pytest-xdist==3.8.0"
  "django-migrations-ci==0.14"
  "django-pg-baseline==0.3.1"
)

require_venv_module install-bench.sh
ensure_venv bench "$(printf '%s\n' "${pins[@]}")"

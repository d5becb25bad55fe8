# Sourced by install-python.sh and install-bench.sh: pinned virtualenvs under
# ${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs/<name>, each left alone while its stamp (the pins and
# the base interpreter) matches: a Python upgrade or a new pin rebuilds it.

BASE_PYTHON="${PGSEED_BASE_PYTHON:-/usr/bin/python3}"
VENVS="${PGSEED_CACHE:-$HOME/.cache/pgseed}/venvs"

# require_venv_module SCRIPT: exit 2, naming SCRIPT and the fix, when BASE_PYTHON has no venv.
require_venv_module() {
  if ! "$BASE_PYTHON" -c 'import venv, ensurepip' 2>/dev/null; then
    echo "$1: $BASE_PYTHON cannot create virtualenvs; fix: apt-get install -y python3-venv (or set PGSEED_BASE_PYTHON)" >&2
    exit 2
  fi
}

# venv_stamp PINS: the stamp of a venv of PINS (one a line) on BASE_PYTHON.
venv_stamp() {
  printf '%s\n%s\n' "$1" "$("$BASE_PYTHON" -c 'import sys; print(sys.version)')" | sha256sum | cut -d' ' -f1
}

# ensure_venv NAME PINS: $VENVS/NAME holding exactly PINS (one a line), built only when its stamp
# differs.
ensure_venv() {
  local name="$1" pins="$2" dir="$VENVS/$1" stamp
  stamp="$(venv_stamp "$pins")"
  if [ -x "$dir/bin/python" ] && [ "$(cat "$dir/.pgseed-stamp" 2>/dev/null)" = "$stamp" ]; then
    echo "venv $name: up to date ($dir)"
    return 0
  fi
  echo "venv $name: installing into $dir"
  mkdir -p "$VENVS"
  rm -rf "$dir"
  "$BASE_PYTHON" -m venv "$dir"
  printf '%s\n' "$pins" > "$dir/requirements.txt"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input --only-binary :all: -r "$dir/requirements.txt"
  "$dir/bin/python" -m pip freeze --disable-pip-version-check > "$dir/freeze.txt"
  echo "$stamp" > "$dir/.pgseed-stamp"
  echo "venv $name: ready ($dir)"
}

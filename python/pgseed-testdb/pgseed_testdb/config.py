"""Settings, read once: the Django setting PGSEED_TESTDB (a dict), each key overridable by the
environment variable PGSEED_TESTDB_<KEY>; where the seed is comes from there, else from pgseed's
own project file (pgseed.json, or [tool.pgseed] in pyproject.toml, found upwards), else
seed-db.sql beside manage.py."""
import json
import os
import shlex
import shutil
from collections import namedtuple

from .errors import TestdbError

DEFAULTS = {
    # The app folder (relative to the current folder) and the seed (relative to the app folder).
    "APP_DIR": "",
    "SEED": "",
    # The DATABASES alias whose test database is copied from the seed (the one pgseed migrated).
    "ALIAS": "default",
    # A stale seed: stop (False), or run `pgseed regenerate` first (True).
    "REGENERATE": False,
    # How to run pgseed (regenerate, and loading when there is no psql), as a shell-like string.
    "PGSEED": "",
    # What loads a missing template: psql, pgseed (`pgseed load`), or auto (psql when found).
    "LOADER": "auto",
    "PSQL": "",
    # Templates of other seeds kept on the server (switching branches back stays fast).
    "KEEP": 3,
    # Seconds to wait for another session's template load, or for a template to be free to copy.
    "WAIT": 300,
}

Config = namedtuple("Config", "app_dir seed_path alias regenerate pgseed loader psql keep wait")


def raw_settings(django_settings, environ):
    """Pure: PGSEED_TESTDB with the environment's PGSEED_TESTDB_<KEY> over it, defaults under."""
    given = dict(getattr(django_settings, "PGSEED_TESTDB", None) or {})
    unknown = sorted(set(given) - set(DEFAULTS))
    if unknown:
        raise TestdbError(
            "PGSEED_TESTDB has unknown key(s) %s" % ", ".join(unknown),
            "use only %s" % ", ".join(sorted(DEFAULTS)),
        )
    raw = dict(DEFAULTS, **given)
    for key, default in DEFAULTS.items():
        value = environ.get("PGSEED_TESTDB_" + key)
        if value is None:
            continue
        if isinstance(default, bool):
            raw[key] = value.strip().lower() in ("1", "true", "yes", "on")
        elif isinstance(default, int):
            try:
                raw[key] = int(value)
            except ValueError:
                raise TestdbError("PGSEED_TESTDB_%s=%r is not a number" % (key, value), "set a whole number") from None
        else:
            raw[key] = value
    if raw["LOADER"] not in ("auto", "psql", "pgseed"):
        raise TestdbError("PGSEED_TESTDB LOADER %r is not auto, psql or pgseed" % raw["LOADER"], "pick one of those")
    return raw


def project_file(start):
    """pgseed's project settings found from `start` upwards: (folder, settings) or None."""
    here = os.path.abspath(start)
    while True:
        found = read_project_file(here)
        if found is not None:
            return here, found
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def read_project_file(folder):
    path = os.path.join(folder, "pgseed.json")
    try:
        if os.path.isfile(path):
            with open(path, encoding="utf-8") as f:
                return json.load(f)
        path = os.path.join(folder, "pyproject.toml")
        if os.path.isfile(path):
            try:
                import tomllib
            except ImportError:  # Python < 3.11: pgseed.json only
                return None
            with open(path, "rb") as f:
                return tomllib.load(f).get("tool", {}).get("pgseed")
    except ValueError as err:
        raise TestdbError("cannot read %s (%s)" % (path, err), "fix its syntax") from None
    return None


def upwards(start, name):
    """The nearest `name` in `start` or a folder above it, or None."""
    here = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(here, name)):
            return os.path.join(here, name)
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def locate(raw, cwd):
    """(app folder, seed path): the settings first, then the project file, then manage.py's folder."""
    project = project_file(cwd)
    if raw["APP_DIR"]:
        app_dir = os.path.join(cwd, raw["APP_DIR"])
    elif project:
        app_dir = os.path.join(project[0], project[1].get("appDir") or ".")
    else:
        manage = upwards(cwd, "manage.py")
        app_dir = os.path.dirname(manage) if manage else cwd
    seed = raw["SEED"] or (project and project[1].get("seed")) or "seed-db.sql"
    return os.path.normpath(app_dir), os.path.normpath(os.path.join(app_dir, seed))


def pgseed_command(raw, app_dir):
    """The command that runs pgseed: the setting, the project's node_modules/.bin/pgseed, or pgseed
    on PATH; None when there is none."""
    if raw["PGSEED"]:
        return shlex.split(raw["PGSEED"])
    local = upwards(app_dir, os.path.join("node_modules", ".bin", "pgseed"))
    found = local or shutil.which("pgseed")
    return [found] if found else None


def load_config(django_settings, environ=None, cwd=None):
    environ = os.environ if environ is None else environ
    raw = raw_settings(django_settings, environ)
    app_dir, seed_path = locate(raw, cwd or os.getcwd())
    psql = raw["PSQL"] or shutil.which("psql")
    return Config(
        app_dir=app_dir,
        seed_path=seed_path,
        alias=raw["ALIAS"],
        regenerate=bool(raw["REGENERATE"]),
        pgseed=pgseed_command(raw, app_dir),
        loader=raw["LOADER"],
        psql=psql,
        keep=max(0, int(raw["KEEP"])),
        wait=max(1, int(raw["WAIT"])),
    )

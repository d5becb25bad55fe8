"""pytest plugin (with pytest-django, and pytest-xdist): `--pgseed`, or `pgseed = true` in the
ini file, makes every test database a copy of the seed's template; no migration runs.

The controller (the only process without xdist) checks the seed and makes sure its template
exists before any worker starts, and hands the template's name to the workers; each worker's
test database (test_<name>_gwN) is then a CREATE DATABASE … TEMPLATE copy, made by
pytest-django's own django_db_setup. A refusal stops the run there, in one line."""
import contextlib
import sys

import pytest

from .errors import TestdbError

PREPARED = pytest.StashKey()
WORKER_KEYS = ("pgseed_template", "pgseed_fingerprint")


def pytest_addoption(parser):
    group = parser.getgroup("pgseed", "pgseed test databases")
    group.addoption(
        "--pgseed",
        action="store_true",
        dest="pgseed",
        default=None,
        help="copy every test database from the seed's template database (no migration runs)",
    )
    group.addoption("--no-pgseed", action="store_false", dest="pgseed", help="turn off an ini file's pgseed = true")
    parser.addini("pgseed", type="bool", default=False, help="copy test databases from pgseed's seed, as --pgseed")


def enabled(config):
    value = config.getoption("pgseed")
    return config.getini("pgseed") if value is None else value


def unblocked(config):
    """pytest-django blocks database access outside tests; the template work needs it."""
    try:
        from pytest_django.plugin import blocking_manager_key

        return config.stash[blocking_manager_key].unblock()
    except (ImportError, KeyError):
        return contextlib.nullcontext()


def writer(config):
    """Lines shown at once (a run waiting on another says so while it waits)."""
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None:
        return lambda line: sys.stderr.write(line + "\n")

    def write(line):
        reporter.write_line(line)
        reporter.flush()

    return write


def django_ready(config):
    if not config.pluginmanager.hasplugin("django"):
        return False
    try:
        from django.conf import settings

        return settings.configured
    except ImportError:
        return False


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session):
    config = session.config
    if not enabled(config) or config.option.collectonly:
        return
    if not django_ready(config):
        raise pytest.UsageError(
            "pgseed: --pgseed needs pytest-django and Django settings; pass --ds or set DJANGO_SETTINGS_MODULE"
        )
    from django.conf import settings

    from .config import load_config
    from .creation import install
    from .prepare import Prepared, prepare, seeded_connection

    try:
        cfg = load_config(settings)
        connection = seeded_connection(cfg)
        given = getattr(config, "workerinput", {})
        if WORKER_KEYS[0] in given:
            prepared = Prepared(*(given[k] for k in WORKER_KEYS))
        else:
            with unblocked(config):
                prepared = prepare(connection, cfg, writer(config))
            config.stash[PREPARED] = prepared
        install(connection, prepared, cfg.wait)
    except TestdbError as err:
        raise pytest.UsageError(err.line) from None


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """xdist: each worker is told the template the controller made."""
    prepared = node.config.stash.get(PREPARED, None)
    if prepared is not None:
        node.workerinput.update(zip(WORKER_KEYS, prepared))

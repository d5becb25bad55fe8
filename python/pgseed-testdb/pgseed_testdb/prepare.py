"""Before the first test, once per run: the seed is current for these migrations (or is
regenerated first, when configured), and its template exists on the test server."""
import subprocess
from collections import namedtuple

from .errors import TestdbError, first_line
from .inputs import read_head, stale_error, stale_reason
from .templates import ensure_template

Prepared = namedtuple("Prepared", "template fingerprint")


def regenerate(cfg, reason, log):
    """`pgseed regenerate` in the app folder, under this process's environment (its Django
    settings module and interpreter)."""
    if not cfg.pgseed:
        raise TestdbError(
            "%s is stale (%s) and REGENERATE is on, but pgseed is not installed here" % (cfg.seed_path, reason),
            "npm install --save-dev pgseed, or set PGSEED_TESTDB['PGSEED'] to the command that runs it",
        )
    log("pgseed: the seed is stale (%s); running pgseed regenerate" % reason)
    r = subprocess.run(
        cfg.pgseed + ["regenerate", "--quiet", "--app-dir", cfg.app_dir, "--seed", cfg.seed_path],
        cwd=cfg.app_dir,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        universal_newlines=True,
    )
    if r.returncode != 0:
        said = " | ".join((r.stderr or r.stdout).strip().splitlines()[-3:])
        raise TestdbError("`pgseed regenerate` failed (exit %d): %s" % (r.returncode, said), "fix what it says")


def seeded_connection(cfg):
    """The connection of the alias whose test database comes from the seed."""
    from django.conf import settings
    from django.db import connections

    if cfg.alias not in settings.DATABASES:
        raise TestdbError(
            "DATABASES has no alias %r" % cfg.alias,
            "set PGSEED_TESTDB['ALIAS'] to one of %s" % ", ".join(sorted(settings.DATABASES)),
        )
    return connections[cfg.alias]


def prepare(connection, cfg, log):
    if connection.vendor != "postgresql":
        raise TestdbError(
            "DATABASES[%r] is not PostgreSQL (ENGINE %s): pgseed's test databases are PostgreSQL copies"
            % (connection.alias, connection.settings_dict.get("ENGINE")),
            "point it at PostgreSQL, or run the tests without pgseed",
        )
    head = read_head(cfg.seed_path)
    reason = stale_reason(head, cfg.app_dir)
    if reason and cfg.regenerate:
        regenerate(cfg, reason, log)
        head = read_head(cfg.seed_path)
        reason = stale_reason(head, cfg.app_dir)  # still stale: another app folder or settings
    if reason:
        raise stale_error(head, reason)
    from django.db import DatabaseError

    try:
        return Prepared(ensure_template(connection, head, cfg, log), head.fingerprint)
    except DatabaseError as err:
        raise TestdbError(
            "the test database server refused: %s" % first_line(err),
            "see its message (the user's privileges, the server's log)",
        ) from None


"""Django's test runner with test databases from the seed:

    TEST_RUNNER = "pgseed_testdb.runner.PgseedTestRunner"

`manage.py test` (and --parallel N, --keepdb) then copies the seed's template instead of
migrating; a stale seed stops the run before any test with one line and the fix."""
import sys

from django.conf import settings
from django.test.runner import DiscoverRunner

from .config import load_config
from .creation import install
from .errors import TestdbError
from .prepare import prepare, seeded_connection


def say(line):
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


class PgseedTestRunner(DiscoverRunner):
    def setup_databases(self, **kwargs):
        aliases = kwargs.get("aliases")
        try:
            cfg = load_config(settings)
            if aliases is None or cfg.alias in aliases:
                connection = seeded_connection(cfg)
                install(connection, prepare(connection, cfg, say), cfg.wait)
        except TestdbError as err:
            say(err.line)
            sys.exit(1)
        return super().setup_databases(**kwargs)

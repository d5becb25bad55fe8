"""Django test databases copied from pgseed's seed (docs/test-databases.md).

pytest-django: `pytest --pgseed` (or `pgseed = true` in the ini file).
manage.py test: TEST_RUNNER = "pgseed_testdb.runner.PgseedTestRunner".
Importing this package imports neither Django nor pytest.
"""

__version__ = "0.1.0"

"""The seeded alias's test databases, made by copying the template: its connection's
`create_test_db` and `_clone_test_db` are replaced on that one connection object, so Django's
own setup_databases (called by pytest-django's django_db_setup and by DiscoverRunner) keeps
doing everything else (mirrors, other aliases, --parallel, serialization, teardown) in every
Django version. No migration runs; keepdb keeps a test database only if it is a copy of this
very seed."""
import sys

from .errors import TestdbError
from .templates import copy_template


def replace_prompt(creation, autoclobber):
    """What Django does when the test database already exists: drop it (autoclobber, --noinput),
    or ask first."""

    def may_replace(name):
        if autoclobber:
            return
        answer = input(
            "Type 'yes' if you would like to try deleting the test database '%s', or 'no' to cancel: " % name
        )
        if answer != "yes":
            creation.log("Tests cancelled.")
            sys.exit(1)

    return may_replace


def copy_or_exit(connection, target, prepared, keepdb, may_replace, wait):
    """As Django's own creation does on an error: one line, then exit 2."""
    from django.db import DatabaseError

    try:
        return copy_template(
            connection, target, prepared.template, prepared.fingerprint, keepdb, may_replace, wait, connection.creation.log
        )
    except (TestdbError, DatabaseError) as err:
        line = err.line if isinstance(err, TestdbError) else "pgseed: cannot create test database %s: %s" % (target, err)
        connection.creation.log(line)
        sys.exit(2)


def install(connection, prepared, wait):
    """From now on, the test database of `connection` (and its --parallel clones) are copies of
    `prepared.template`."""
    creation = connection.creation

    def create_test_db(verbosity=1, autoclobber=False, serialize=True, keepdb=False):
        from django.conf import settings
        from django.core.management import call_command

        name = creation._get_test_db_name()
        connection.close()
        copied = copy_or_exit(connection, name, prepared, keepdb, replace_prompt(creation, autoclobber), wait)
        if verbosity >= 1:
            creation.log(
                "%s test database for alias %s (%s of %s, no migration run)..."
                % (
                    "Created" if copied else "Kept",
                    creation._get_database_display_str(verbosity, name),
                    "a copy" if copied else "already a copy",
                    prepared.template,
                )
            )
        settings.DATABASES[connection.alias]["NAME"] = name
        connection.settings_dict["NAME"] = name
        if serialize:
            connection._test_serialized_contents = creation.serialize_db_to_string()
        call_command("createcachetable", database=connection.alias)
        connection.ensure_connection()
        return name

    def clone_test_db(suffix, verbosity, keepdb=False):
        connection.close()
        target = creation.get_test_db_clone_settings(suffix)["NAME"]
        copy_or_exit(connection, target, prepared, keepdb, replace_prompt(creation, True), wait)

    creation.create_test_db = create_test_db
    creation._clone_test_db = clone_test_db

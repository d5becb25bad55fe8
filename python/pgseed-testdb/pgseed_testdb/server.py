"""Connections to the test server through Django's own backend (psycopg2 or psycopg 3, whatever
the project uses), the names and comments pgseed gives its databases, and the advisory lock."""
import hashlib
import re
from contextlib import contextmanager

from .errors import TestdbError, first_line, sqlstate

# pgseed's advisory lock classes (seed/database/advisoryLock.ts): clone 01, migrate 02; templates 03.
LOCK_CLASS = 0x70677303
TEMPLATE_COMMENT_RE = re.compile(r"^pgseed template (sha256:[0-9a-f]{64})$")


def lock_key(name):
    """The lock's second key, as the engine computes it (lockKey): same on every machine."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") & 0x7FFFFFFF


LOCK = (LOCK_CLASS, lock_key("test templates"))


def template_name(fingerprint):
    return "pgseed_" + fingerprint.split(":", 1)[1][:12]


def template_comment(fingerprint):
    """The database comment of a complete template (database comments are not copied)."""
    return "pgseed template " + fingerprint


def loading_comment(fingerprint):
    return "pgseed loading " + fingerprint


def test_comment(fingerprint):
    """The database comment of a test database copied from a template."""
    return "pgseed test " + fingerprint


def schema_marker(fingerprint):
    """What every seeded database carries on schema public (copied with it)."""
    return "pgseed " + fingerprint


def quote(name):
    return '"%s"' % name.replace('"', '""')


def literal(text):
    return "'%s'" % text.replace("'", "''")


def where(connection):
    s = connection.settings_dict
    return "%s:%s as %s" % (s.get("HOST") or "local socket", s.get("PORT") or "5432", s.get("USER") or "the OS user")


def unreachable(connection, err):
    return TestdbError(
        "cannot connect to the test database server (%s): %s" % (where(connection), first_line(err)),
        "start it, or fix DATABASES[%r] (HOST, PORT, USER, PASSWORD)" % connection.alias,
    )


@contextmanager
def cursor_on(connection, dbname=None):
    """An autocommit cursor on `dbname` (None: the server's `postgres` database), through a new
    connection made like `connection`, closed afterwards."""
    from django.db import DatabaseError

    options = {k: v for k, v in (connection.settings_dict.get("OPTIONS") or {}).items() if k != "pool"}
    settings = dict(connection.settings_dict, NAME=dbname, OPTIONS=options)
    wrapper = type(connection)(settings, alias=connection.alias)
    try:
        try:
            wrapper.ensure_connection()
        except DatabaseError as err:
            if dbname is None and sqlstate(err) == "3D000" and connection.settings_dict.get("NAME"):
                wrapper = type(connection)(dict(settings, NAME=connection.settings_dict["NAME"]), alias=connection.alias)
                wrapper.ensure_connection()  # no `postgres` database: the project's own
            else:
                raise
        with wrapper.cursor() as cursor:
            yield cursor
    except DatabaseError as err:
        if wrapper.connection is None:
            raise unreachable(connection, err) from None
        raise
    finally:
        wrapper.close()


def one(cursor, sql, params=()):
    cursor.execute(sql, params)
    return cursor.fetchone()


def comment_of(cursor, name):
    """(exists, its database comment or None)."""
    row = one(cursor, "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s", [name])
    return (row is not None, row[0] if row else None)


def schema_marker_of(connection, dbname):
    """The schema marker of a database, or None (no marker, or it cannot be read)."""
    from django.db import DatabaseError

    try:
        with cursor_on(connection, dbname) as cursor:
            return one(cursor, "SELECT obj_description('public'::regnamespace, 'pg_namespace')")[0]
    except (DatabaseError, TestdbError):
        return None


def sessions_on(cursor, dbname):
    """Who is connected to a database, as a person reads it ("" when nobody)."""
    cursor.execute(
        "SELECT pid, usename, application_name, host(client_addr) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
        [dbname],
    )
    return "; ".join(describe(*row) for row in cursor.fetchall())


def describe(pid, user, application, address):
    app = " (%s)" % application if application else ""
    return "user %s%s from %s, pid %s" % (user or "?", app, address or "a local socket", pid)


def lock_holder(cursor):
    cursor.execute(
        "SELECT a.pid, a.usename, a.application_name, host(a.client_addr) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
        " WHERE l.locktype = 'advisory' AND l.granted AND l.classid = %s::bigint::oid AND l.objid = %s::bigint::oid AND l.objsubid = 2",
        list(LOCK),
    )
    return "; ".join(describe(*row) for row in cursor.fetchall()) or "another session"


@contextmanager
def advisory_lock(cursor, wait, log):
    """One session at a time makes or drops templates on a server; held on `cursor`'s session
    (a killed run's lock goes with its connection)."""
    from django.db import DatabaseError

    if not one(cursor, "SELECT pg_try_advisory_lock(%s, %s)", list(LOCK))[0]:
        log("pgseed: another session is making a template on this server (%s); waiting for it" % lock_holder(cursor))
        cursor.execute("SELECT set_config('lock_timeout', %s, false)", ["%ds" % wait])
        try:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", list(LOCK))
        except DatabaseError as err:
            if sqlstate(err) != "55P03":
                raise
            raise TestdbError(
                "the template lock on this server is still held after %ds by %s" % (wait, lock_holder(cursor)),
                "wait for that test run to finish, or end its session (SELECT pg_terminate_backend(pid))",
            ) from None
        finally:
            cursor.execute("SELECT set_config('lock_timeout', '0', false)")
    try:
        yield
    finally:
        cursor.execute("SELECT pg_advisory_unlock(%s, %s)", list(LOCK))

"""Template databases: one per seed fingerprint (pgseed_<12 hex>), made once under an advisory
lock and copied for every test database; templates of older seeds pruned. A template is loaded
under another name (<name>_loading) and renamed only once complete, so no session ever copies a
half-loaded one. Only databases pgseed marked are ever dropped: the database comment
`pgseed template sha256:<hex>` on a database of that very name, and the schema marker
`pgseed sha256:<hex>` inside it."""
import time

from .errors import TestdbError, first_line, sqlstate
from .load import load_seed
from .server import (
    TEMPLATE_COMMENT_RE,
    advisory_lock,
    comment_of,
    cursor_on,
    literal,
    loading_comment,
    one,
    quote,
    schema_marker,
    schema_marker_of,
    sessions_on,
    template_comment,
    template_name,
    test_comment,
)


def major_of(version):
    """15 of "15.18", 9.6 of "9.6.24" (before 10 the major had two parts)."""
    parts = [int(p) for p in version.split(".")[:2] if p.isdigit()]
    if not parts:
        return 0
    return parts[0] if parts[0] >= 10 or len(parts) < 2 else parts[0] + parts[1] / 10.0


def check_server(cursor, head, connection):
    """The user may create databases, and the server is not older than the seed's."""
    user, may_create, version_num = one(
        cursor,
        "SELECT current_user, (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user),"
        " current_setting('server_version_num')::int",
    )
    if not may_create:
        raise TestdbError(
            "the test database user %s may not create databases (no CREATEDB)" % user,
            "as a superuser run ALTER ROLE %s CREATEDB, or set DATABASES[%r]['USER'] to a user that has it"
            % (quote(user), connection.alias),
        )
    server = version_num // 10000 if version_num >= 100000 else version_num // 10000 + version_num // 100 % 100 / 10.0
    if major_of(head.postgres) > server:
        raise TestdbError(
            "the seed was made by PostgreSQL %s, newer than the test server (%s); it may not load" % (head.postgres, server),
            "regenerate the seed with --postgres-version %s, or upgrade the server" % server,
        )


def ensure_template(connection, head, cfg, log):
    """The name of this seed's template on the server, loading it first when it is missing."""
    name, done = template_name(head.fingerprint), template_comment(head.fingerprint)
    with cursor_on(connection) as cursor:
        check_server(cursor, head, connection)
        if comment_of(cursor, name)[1] == done:
            return name
        with advisory_lock(cursor, cfg.wait, log):
            exists, comment = comment_of(cursor, name)
            if comment == done:
                return name  # another session made it while this one waited
            if exists:
                raise TestdbError(
                    "database %s exists but is not pgseed's template of this seed (its comment: %r)" % (name, comment),
                    "drop or rename it if nothing needs it, then run again",
                )
            build(connection, cursor, head, cfg, log)
            prune(connection, cursor, name, cfg.keep, log)
    return name


def build(connection, cursor, head, cfg, log):
    """Loads the seed into <name>_loading (made here, or left by a run that stopped), marks it,
    then renames it: the template's name exists only once it is complete."""
    fingerprint = head.fingerprint
    name = template_name(fingerprint)
    loading = name + "_loading"
    exists, comment = comment_of(cursor, loading)
    if not exists:
        cursor.execute("CREATE DATABASE %s TEMPLATE template0" % quote(loading))
        cursor.execute("COMMENT ON DATABASE %s IS %s" % (quote(loading), literal(loading_comment(fingerprint))))
    elif comment != loading_comment(fingerprint):
        raise TestdbError(
            "database %s exists and pgseed did not make it (its comment: %r)" % (loading, comment),
            "drop it if it is a leftover, then run again",
        )
    if schema_marker_of(connection, loading) != schema_marker(fingerprint):
        log("pgseed: loading %s into template database %s" % (head.path, name))
        load_seed(connection, loading, head, cfg)
    cursor.execute("COMMENT ON DATABASE %s IS %s" % (quote(loading), literal(template_comment(fingerprint))))
    cursor.execute("ALTER DATABASE %s RENAME TO %s" % (quote(loading), quote(name)))
    # Any user with CREATEDB may copy it (two developers sharing a server).
    cursor.execute("ALTER DATABASE %s IS_TEMPLATE true" % quote(name))


def prune(connection, cursor, current, keep, log):
    """Drops the templates of other seeds beyond the `keep` newest, each only if it carries both
    marks; one in use, or owned by another user, is left for a later run."""
    cursor.execute(
        "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database"
        " WHERE datname ~ '^pgseed_[0-9a-f]{12}$' AND datname <> %s ORDER BY oid DESC",
        [current],
    )
    marked = []
    for name, comment in cursor.fetchall():
        found = TEMPLATE_COMMENT_RE.match(comment or "")
        if found and template_name(found.group(1)) == name:
            marked.append((name, found.group(1)))
    for name, fingerprint in marked[keep:]:
        if schema_marker_of(connection, name) != schema_marker(fingerprint):
            continue
        drop_template(cursor, name, log)


def drop_template(cursor, name, log):
    from django.db import DatabaseError

    try:
        cursor.execute("ALTER DATABASE %s IS_TEMPLATE false" % quote(name))
        cursor.execute("DROP DATABASE %s" % quote(name))
        log("pgseed: dropped the template of an older seed, %s" % name)
    except DatabaseError as err:
        log("pgseed: kept the older template %s (%s)" % (name, first_line(err)))
        try:
            cursor.execute("ALTER DATABASE %s IS_TEMPLATE true" % quote(name))
        except DatabaseError:
            pass


def copy_template(connection, target, template, fingerprint, keepdb, may_replace, wait, log):
    """Makes test database `target` a copy of the template; with keepdb, a copy of this very
    seed is kept as it is. False when kept."""
    with cursor_on(connection) as cursor:
        exists, comment = comment_of(cursor, target)
        if exists and keepdb and comment == test_comment(fingerprint):
            return False
        if exists:
            may_replace(target)
            drop_test_database(cursor, target)
        create_copy(cursor, target, template, wait, log)
        cursor.execute("COMMENT ON DATABASE %s IS %s" % (quote(target), literal(test_comment(fingerprint))))
    return True


def drop_test_database(cursor, target):
    from django.db import DatabaseError

    try:
        cursor.execute("DROP DATABASE %s" % quote(target))
    except DatabaseError as err:
        if sqlstate(err) != "55006":
            raise
        raise TestdbError(
            "test database %s is in use by %s" % (target, sessions_on(cursor, target) or "another session"),
            "stop that test run (or close those sessions), or give this run its own test database name (DATABASES TEST NAME)",
        ) from None


def create_copy(cursor, target, template, wait, log):
    """CREATE DATABASE … TEMPLATE, retried while another session is connected to the template
    (PostgreSQL refuses to copy a database anyone is connected to)."""
    from django.db import DatabaseError

    deadline, delay, told = time.monotonic() + wait, 0.05, False
    while True:
        try:
            cursor.execute("CREATE DATABASE %s TEMPLATE %s" % (quote(target), quote(template)))
            return
        except DatabaseError as err:
            code = sqlstate(err)
            if code == "3D000":
                raise TestdbError(
                    "template database %s is gone (another session dropped it)" % template, "run the tests again"
                ) from None
            if code != "55006":
                raise
            who = sessions_on(cursor, template) or "another session"
            if time.monotonic() > deadline:
                raise TestdbError(
                    "template database %s is still in use by %s after %ds" % (template, who, wait),
                    "close those sessions, then run again",
                ) from None
            if not told:
                log("pgseed: template database %s is in use by %s; retrying until it is free" % (template, who))
                told = True
        time.sleep(delay)
        delay = min(delay * 2, 1.0)

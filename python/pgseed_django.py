"""pgseed's Django runner, shipped with pgseed (the user's project is never edited).

    python pgseed_django.py migrate [--manage PATH] [migrate options...]
        Loads the project's settings, points the migrated alias (`default`, or --database) at
        the server in the libpq variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE),
        whatever settings.py says, and every other alias nowhere, then runs `migrate`. With
        PGSEED_PIN=1 (regenerate) the clock and random sources are pinned (pgseed_pins.py).
    python pgseed_django.py probe [--manage PATH]
        Prints JSON: the Django version, INSTALLED_APPS in order, and every migration Django
        would apply to an empty database (app label, name, file, what it replaces, what it
        depends on once resolved), read from disk with every alias pointed nowhere: an
        AppConfig.ready() that queries fails there, is reported in `warnings`, and the graph is
        read all the same. Plus what the caller stamps to cache it, and `unsetReads`: the
        variables the project looked up and did not find (pgseed names them when they are set
        in the user's own environment, which the probe does not see).

manage.py itself runs first (its sys.path and environment set-up, its setdefault of
DJANGO_SETTINGS_MODULE), with execute_from_command_line standing for the subcommand. A manage.py
that never calls it: the settings module comes from DJANGO_SETTINGS_MODULE, else from its
`os.environ.setdefault("DJANGO_SETTINGS_MODULE", "...")` line. manage.py's folder is first on
sys.path, as when it runs.
Exit codes: 0 ok; 3 Django cannot be imported; 4 no settings module; other: Django's own.
"""
import json
import os
import re
import runpy
import sys

# OPTIONS keys that would send libpq somewhere else than the host/port/name we set.
REDIRECTING_OPTIONS = {"service", "passfile", "host", "hostaddr", "port", "dbname", "user", "password", "sslmode", "target_session_attrs"}
SETDEFAULT_RE = re.compile(r"""os\.environ\.setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]\s*\)""")


def fail(code, message, fix):
    sys.stderr.write("pgseed_django: %s\nfix: %s\n" % (message, fix))
    sys.exit(code)


def split_manage(args):
    """(manage.py path, the other args): --manage PATH may come first."""
    if len(args) >= 2 and args[0] == "--manage":
        return args[1], args[2:]
    return "manage.py", args


def settings_module(manage):
    if os.environ.get("DJANGO_SETTINGS_MODULE"):
        return os.environ["DJANGO_SETTINGS_MODULE"]
    try:
        with open(manage, encoding="utf-8") as f:
            found = SETDEFAULT_RE.search(f.read())
    except OSError as err:
        fail(4, "cannot read %s (%s) to find DJANGO_SETTINGS_MODULE" % (manage, err.strerror), "run in the folder that holds manage.py (--app-dir), or set DJANGO_SETTINGS_MODULE")
    if not found:
        fail(4, "%s has no os.environ.setdefault(\"DJANGO_SETTINGS_MODULE\", ...) line" % manage, "set DJANGO_SETTINGS_MODULE in the environment")
    return found.group(1)


def with_project(manage, action):
    """Sets the project up as its manage.py does, then runs action() (once)."""
    try:
        import django.core.management as management
    except ImportError as err:
        fail(3, "%s cannot import Django (%s)" % (sys.executable, err), "install Django for this interpreter, or put the virtualenv's bin first on PATH")
    sys.path.insert(0, os.path.dirname(os.path.abspath(manage)))
    done = []

    def instead(argv=None):
        if not done:
            done.append(True)
            os.environ["DJANGO_SETTINGS_MODULE"] = settings_module(manage)
            action()

    if os.path.isfile(manage):
        management.execute_from_command_line = instead
        sys.argv = [manage]
        try:
            runpy.run_path(manage, run_name="__main__")
        except SystemExit as exit:
            if not done or exit.code not in (None, 0):
                raise
    instead()


def database_alias(args):
    for i, arg in enumerate(args):
        if arg == "--database" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--database="):
            return arg.split("=", 1)[1]
    return "default"


def point_at_pgseed(databases, alias, env):
    """Pure: the alias's settings with every connection parameter replaced by pgseed's server."""
    if alias not in databases:
        fail(2, "DATABASES has no alias %r" % alias, "pass --database with one of: %s" % ", ".join(sorted(databases)))
    db = dict(databases[alias])
    if "postgresql" not in db.get("ENGINE", "") and "postgis" not in db.get("ENGINE", ""):
        db["ENGINE"] = "django.db.backends.postgresql"  # e.g. sqlite in dev settings: the seed is PostgreSQL
    # No user or password in the target: libpq's defaults, never the settings' ones.
    db.update(HOST=env["PGHOST"], PORT=env["PGPORT"], NAME=env["PGDATABASE"], USER=env.get("PGUSER", ""), PASSWORD=env.get("PGPASSWORD", ""))
    db["OPTIONS"] = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k not in REDIRECTING_OPTIONS}
    return db


BLOCKED_HOST = "/nonexistent/pgseed-migrates-one-database-only"


def block_other(db):
    """Another alias of the settings: pointed nowhere, so a migration that writes through it fails
    loudly instead of reaching the user's database (an sqlite one gets an in-memory file)."""
    db = dict(db)
    if "sqlite" in db.get("ENGINE", ""):
        db["NAME"] = ":memory:"
    else:
        db.update(HOST=BLOCKED_HOST, PORT="1")
        db["OPTIONS"] = {k: v for k, v in (db.get("OPTIONS") or {}).items() if k not in REDIRECTING_OPTIONS}
    return db


def migrate(args):
    manage, args = split_manage(args)
    missing = [v for v in ("PGHOST", "PGPORT", "PGDATABASE") if not os.environ.get(v)]
    if missing:
        fail(2, "%s not set: nothing to point Django at" % ", ".join(missing), "run this through pgseed regenerate, or set the libpq variables")
    pins = None
    if os.environ.get("PGSEED_PIN") == "1":
        import pgseed_pins as pins  # beside this file; before Django is imported
        pins.install()
    from django.core.management import execute_from_command_line

    def run():
        from django.conf import settings
        alias = database_alias(args)
        # Before django.setup(): no connection exists yet, so every one made later uses these values.
        settings.DATABASES[alias] = point_at_pgseed(settings.DATABASES, alias, os.environ)
        for other in settings.DATABASES:
            if other != alias:
                settings.DATABASES[other] = block_other(settings.DATABASES[other])
        if pins:
            pins.pin_django_steps()
        execute_from_command_line([manage, "migrate"] + args)

    with_project(manage, run)


def migration_file(migration):
    module = sys.modules.get(type(migration).__module__)
    path = getattr(module, "__file__", None)
    return os.path.abspath(path) if path else None


class RecordingEnviron(os._Environ):
    """os.environ, noting each name looked up while unset (get, [], in, setdefault all read here)."""

    unset_reads = set()

    def __getitem__(self, key):
        try:
            return super().__getitem__(key)
        except KeyError:
            RecordingEnviron.unset_reads.add(key)
            raise


def probe(args):
    manage, _ = split_manage(args)
    os.environ.__class__ = RecordingEnviron
    try:
        with_project(manage, print_graph)
    except BaseException as err:
        if isinstance(err, SystemExit) and err.code in (None, 0):
            raise
        # The caller names those the user has set: a failing setting may need one in `env`.
        sys.stderr.write("pgseed_django: unset reads: %s\n" % " ".join(sorted(RecordingEnviron.unset_reads)))
        raise


def is_database_error(err):
    from django.db import Error
    drivers = ("psycopg", "psycopg2", "sqlite3", "MySQLdb", "pymysql", "oracledb", "cx_Oracle")
    return isinstance(err, Error) or any(c.__module__.split(".")[0] in drivers for c in type(err).__mro__)


def guard_ready(warnings):
    """Each app's ready() runs; one that fails on the database (there is none) is a warning."""
    from django.apps import config

    create = config.AppConfig.create.__func__

    def guarded_create(cls, entry):
        app = create(cls, entry)
        ready = app.ready

        def guarded():
            try:
                ready()
            except Exception as err:
                if not is_database_error(err):
                    raise
                why = (str(err).strip().splitlines() or [""])[0]
                warnings.append("%s's ready() queried the database, which the graph probe never reaches (%s: %s); the migration graph was read without the rest of that ready()" % (app.label, type(err).__name__, why))

        app.ready = guarded
        return app

    config.AppConfig.create = classmethod(guarded_create)


def print_graph():
    import django
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    # Before django.setup(): no connection exists yet. The probe reads files only; a ready() that
    # queries must never reach the user's database.
    for alias in list(settings.DATABASES):
        settings.DATABASES[alias] = block_other(settings.DATABASES[alias])
    warnings = []
    guard_ready(warnings)
    django.setup()

    # connection=None: the graph from disk alone, as on an empty database (squashed
    # migrations replace what they squash).
    loader = MigrationLoader(None, ignore_no_migrations=True)
    plan = []
    seen = set()
    for leaf in sorted(loader.graph.leaf_nodes()):
        for key in loader.graph.forwards_plan(leaf):
            if key in seen:
                continue
            seen.add(key)
            migration = loader.graph.nodes[key]
            plan.append({
                "app": key[0],
                "name": key[1],
                "file": migration_file(migration),
                "replaces": [list(r) for r in (migration.replaces or [])],
                # Resolved: a swappable model (AUTH_USER_MODEL), __first__/__latest__, run_before.
                "dependencies": sorted(list(p.key) for p in loader.graph.node_map[key].parents),
            })
    settings_file = getattr(sys.modules.get(os.environ["DJANGO_SETTINGS_MODULE"]), "__file__", None)
    migration_dirs = set()
    for app_label in loader.migrated_apps:
        module_name, _ = MigrationLoader.migrations_module(app_label)
        module = sys.modules.get(module_name)
        for d in getattr(module, "__path__", []) or []:
            migration_dirs.add(os.path.abspath(d))
    json.dump({
        "django": django.get_version(),
        "python": sys.version.split()[0],
        "executable": os.path.realpath(sys.executable),
        "settingsModule": os.environ["DJANGO_SETTINGS_MODULE"],
        "settingsFile": os.path.abspath(settings_file) if settings_file else None,
        "installedApps": list(settings.INSTALLED_APPS),
        "migrations": plan,
        "migrationDirs": sorted(migration_dirs),
        "sysPath": [os.path.abspath(p) for p in sys.path if p and os.path.isdir(p)],
        "warnings": warnings,
        "unsetReads": sorted(RecordingEnviron.unset_reads),
    }, sys.stdout)
    sys.stdout.write("\n")


def main(argv):
    if not argv or argv[0] not in ("migrate", "probe"):
        fail(2, "usage: pgseed_django.py migrate|probe [--manage PATH] [options]", "name a subcommand")
    (migrate if argv[0] == "migrate" else probe)(argv[1:])


if __name__ == "__main__":
    main(sys.argv[1:])

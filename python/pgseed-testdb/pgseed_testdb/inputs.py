"""The seed's own account of what it was made from, against the same facts read from the Django
this process runs: does the seed hold the schema these tests would migrate to?

pgseed writes (seed/seedfile/format.ts, seed/inputs/fingerprint.ts) a 4-line header
    -- pgseed seed v1
    -- fingerprint: sha256:<64 hex>
    -- postgres: <version>
    -- content: sha256:<64 hex of everything after the header>
and, as the body's first line,
    -- pgseed inputs: {"recipe":"<hex>","files":{"<key>":"<sha256 hex, CRLF folded to LF>",...}}
Keys: django:version; django:installed_apps[NNNN]=<app> (one per app and position, no content:
seed/inputs/fingerprint.ts orderedKeys); django:<app>/<migration> (the file of every migration
Django would apply to an empty database, then "\\0depends on: " and the app/name of its resolved
parents, sorted: seed/presets/django/graph.ts graphExtras); and app-relative paths (files the
migration globs match, lock files in and above the app folder: ../poetry.lock).

The cheap check covers the Django version, INSTALLED_APPS, the set of migrations in the graph and
each one's file, and every other recorded file (changed or gone). It leaves to `pgseed check`: the
recipe (preset, PostgreSQL major, image, migrate command, normalize SQL, globs; recorded only as a
digest the engine computes) and files added since that match a glob without being a migration in
Django's graph (a new helper module or lock file: neither changes the schema by itself).
This is the one module that reads the inputs line: change it here if the engine writes more.
"""
import gzip
import hashlib
import json
import os
import re
import sys
from collections import namedtuple

from .errors import TestdbError

SeedHead = namedtuple("SeedHead", "path fingerprint postgres content inputs")

HEADER = (
    re.compile(r"^-- pgseed seed v(\d+)$"),
    re.compile(r"^-- fingerprint: (sha256:[0-9a-f]{64})$"),
    re.compile(r"^-- postgres: (\S+)$"),
    re.compile(r"^-- content: (sha256:[0-9a-f]{64})$"),
)
INPUTS_PREFIX = "-- pgseed inputs: "
DJANGO = "django:"
VERSION_KEY = "django:version"
APPS_PREFIX = "django:installed_apps["
REGENERATE = "run `pgseed regenerate` and commit it"


def open_seed(path):
    """The seed's bytes, gunzipped when its name ends in .gz (as pgseed writes it)."""
    return gzip.open(path, "rb") if path.endswith(".gz") else open(path, "rb")


def parse_head(lines, path):
    """Pure: the header and the inputs line (None when the seed records none) of a seed's first
    five lines."""
    found = [rx.match(line) for rx, line in zip(HEADER, lines[:4])]
    if len(found) < 4 or not all(found):
        raise TestdbError(
            "%s is not a pgseed seed (its first 4 lines are not the pgseed header)" % path,
            "regenerate it with `pgseed regenerate`",
        )
    inputs = None
    if len(lines) > 4 and lines[4].startswith(INPUTS_PREFIX):
        try:
            value = json.loads(lines[4][len(INPUTS_PREFIX):])
        except ValueError:
            value = None
        if isinstance(value, dict) and isinstance(value.get("files"), dict):
            inputs = value
    return SeedHead(path, found[1].group(1), found[2].group(1), found[3].group(1), inputs)


def read_head(path):
    """The seed's header and inputs, from its first five lines only."""
    try:
        with open_seed(path) as f:
            lines = [f.readline().decode("utf-8", "replace").rstrip("\n") for _ in range(5)]
    except FileNotFoundError:
        raise TestdbError(
            "no seed file at %s" % path,
            "run `pgseed regenerate` and commit it, or set PGSEED_TESTDB['SEED'] to its path",
        ) from None
    except (OSError, EOFError) as err:
        raise TestdbError("cannot read %s (%s)" % (path, err), "check the file") from None
    return parse_head(lines, path)


def digest(data):
    """One input's content hash, CRLF folded to LF (as the engine hashes it)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data.replace(b"\r\n", b"\n")).hexdigest()


def migration_file(migration):
    """The file a loaded migration came from (as pgseed's probe finds it)."""
    module = sys.modules.get(type(migration).__module__)
    path = getattr(module, "__file__", None)
    return os.path.abspath(path) if path else None


def django_inputs():
    """The django: keys of this process's Django (version, INSTALLED_APPS, every migration it would
    apply to an empty database, read from disk: no database connection), and the migrations'
    files."""
    import django
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    files = {VERSION_KEY: digest(django.get_version())}
    for i, app in enumerate(settings.INSTALLED_APPS):
        files["%s%04d]=%s" % (APPS_PREFIX, i, app)] = digest(b"")
    paths = set()
    for (app, name), migration in loader.graph.nodes.items():
        path = migration_file(migration)
        if path:
            paths.add(path)
            with open(path, "rb") as f:
                content = f.read()
        else:
            content = ("no file: %s.%s" % (app, name)).encode("utf-8")
        parents = sorted(p.key for p in loader.graph.node_map[(app, name)].parents)
        depends = " ".join("%s/%s" % key for key in parents)
        files["%s%s/%s" % (DJANGO, app, name)] = digest(content + b"\0depends on: " + depends.encode("utf-8"))
    return files, paths


def file_inputs(app_dir, keys):
    """Each recorded file (an app-relative path) re-hashed; None for one that is gone."""
    out = {}
    for key in keys:
        try:
            with open(os.path.join(app_dir, *key.split("/")), "rb") as f:
                out[key] = digest(f.read())
        except OSError:
            out[key] = None
    return out


def differences(recorded, current, said=()):
    """Pure: what differs between the recorded inputs and the current ones, as short phrases.
    `current` holds the django: keys (when the seed has them) and the recorded files' hashes;
    files in `said` are migrations the graph already names."""
    out = []
    if VERSION_KEY in recorded and recorded[VERSION_KEY] != current.get(VERSION_KEY):
        out.append("another Django version")
    apps = lambda d: sorted(k for k in d if k.startswith(APPS_PREFIX))
    if VERSION_KEY in recorded and apps(recorded) != apps(current):
        out.append("other INSTALLED_APPS")
    names = lambda d: {k for k in d if k.startswith(DJANGO) and k != VERSION_KEY and not k.startswith(APPS_PREFIX)}
    if VERSION_KEY in recorded:
        was, now = names(recorded), names(current)
        out += ["new migration %s" % k[len(DJANGO):] for k in sorted(now - was)]
        out += ["migration %s is gone" % k[len(DJANGO):] for k in sorted(was - now)]
        out += ["migration %s changed" % k[len(DJANGO):] for k in sorted(was & now) if recorded[k] != current[k]]
    for key in sorted(k for k in recorded if not k.startswith(DJANGO) and k not in said):
        if current.get(key) is None:
            out.append("%s is gone" % key)
        elif current[key] != recorded[key]:
            out.append("%s changed" % key)
    return out


def stale_reason(head, app_dir):
    """None when the seed holds the current migrations; else what differs, in a few words."""
    if head.inputs is None:
        raise TestdbError(
            "%s records no inputs line (made by an older pgseed), so the tests cannot tell whether it is current"
            % head.path,
            "run `pgseed regenerate --force` and commit it",
        )
    recorded = head.inputs["files"]
    current = file_inputs(app_dir, [k for k in recorded if not k.startswith(DJANGO)])
    said = set()
    if VERSION_KEY in recorded:
        graph, paths = django_inputs()
        current.update(graph)
        said = {os.path.relpath(p, app_dir).replace(os.sep, "/") for p in paths}
    found = differences(recorded, current, said)
    if not found:
        return None
    more = " and %d more" % (len(found) - 3) if len(found) > 3 else ""
    return ", ".join(found[:3]) + more


def stale_error(head, reason):
    return TestdbError(
        "%s is stale for the current migrations (%s)" % (os.path.relpath(head.path), reason), REGENERATE
    )

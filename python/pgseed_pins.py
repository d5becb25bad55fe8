"""What pgseed's Django runner pins while it builds a seed (regenerate sets PGSEED_PIN=1; never
for `pgseed migrate` on a live database), so two builds write the same rows without any SQL of
the user's.

The clock stands still at FIXED: datetime.datetime.now/utcnow/today, datetime.date.today,
time.time/time_ns/localtime/gmtime, hence django.utils.timezone.now, auto_now(_add) and
default=timezone.now. time.monotonic and perf_counter run on (timeouts keep working).

Random sources draw from a generator reseeded from a fixed key before each migration is applied
and before each app's pre_migrate/post_migrate signal: the random module's functions,
random.SystemRandom and secrets (so Django's get_random_string and make_password's salt),
os.urandom (so uuid.uuid4), uuid.uuid1 (time pinned, a fixed node), and PostgreSQL's random()
in the migrating session (setseed). Keyed by what runs, not by the order things ran in, a
migration draws the same values in a from-scratch build and in an incremental one (which applies
only the new migrations). A seeded generator is predictable: a seed holds no secret.

Not pinned: the database's clock (now(), current_timestamp, clock_timestamp()): PostgreSQL reads
the server's clock, and a now() shadowing pg_catalog's would be bound into the column defaults a
migration creates, and dumped; gen_random_uuid(). --normalize-sql is for those.
"""
import datetime as _dt
import hashlib
import os
import random
import time
import uuid

FIXED = _dt.datetime(2000, 1, 1, tzinfo=_dt.timezone.utc)
FIXED_TS = FIXED.timestamp()
_real_datetime, _real_date = _dt.datetime, _dt.date
_real_localtime, _real_gmtime = time.localtime, time.gmtime
_stream = random.Random(0)


class _Pinned(type):
    # isinstance/issubclass against a pinned class answer as for the real one: instances made by
    # C code, arithmetic or before the pin are real datetimes.
    def __instancecheck__(cls, obj):
        return isinstance(obj, cls._real)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, cls._real)


class PinnedDate(_real_date, metaclass=_Pinned):
    _real = _real_date

    def __new__(cls, *args, **kwargs):
        return _real_date.__new__(_real_date if cls is PinnedDate else cls, *args, **kwargs)

    @classmethod
    def today(cls):
        return PinnedDatetime.now().date()


class PinnedDatetime(_real_datetime, metaclass=_Pinned):
    _real = _real_datetime

    def __new__(cls, *args, **kwargs):
        return _real_datetime.__new__(_real_datetime if cls is PinnedDatetime else cls, *args, **kwargs)

    @classmethod
    def now(cls, tz=None):
        # Naive: local time of FIXED (Django sets TZ from TIME_ZONE), as datetime.now() gives.
        return FIXED.astimezone(tz) if tz is not None else FIXED.astimezone().replace(tzinfo=None)

    @classmethod
    def utcnow(cls):
        return FIXED.replace(tzinfo=None)

    @classmethod
    def today(cls):
        return cls.now()


def _urandom(n):
    return _stream.getrandbits(8 * n).to_bytes(n, "little") if n > 0 else b""


def key_digest(key):
    return hashlib.sha256(("pgseed:" + key).encode()).digest()


def reseed(key, connection=None):
    """Every generator from `key`; with a Django connection, its session's random() too."""
    digest = key_digest(key)
    random.seed(digest)
    _stream.seed(digest + b"urandom")
    if hasattr(uuid, "_last_timestamp"):
        uuid._last_timestamp = None
    if connection is not None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [int.from_bytes(digest[:4], "big") / 2.0**31 - 1])


def install():
    """Before Django or the project is imported: later `from datetime import datetime` get these."""
    _dt.datetime, _dt.date = PinnedDatetime, PinnedDate
    time.time = lambda: FIXED_TS
    time.time_ns = lambda: int(FIXED_TS) * 10**9
    time.localtime = lambda secs=None: _real_localtime(FIXED_TS if secs is None else secs)
    time.gmtime = lambda secs=None: _real_gmtime(FIXED_TS if secs is None else secs)
    os.urandom = _urandom
    random._urandom = _urandom  # random.SystemRandom, hence secrets
    uuid._node = 0x020000000001  # a locally administered address, not this machine's
    uuid._generate_time_safe = None  # libuuid's uuid1 reads the real clock
    reseed("start")


def pin_django_steps():
    """Reseeds before each migration is applied and before each app's pre/post_migrate signal."""
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor
    from django.db.models.signals import post_migrate, pre_migrate

    apply_migration = MigrationExecutor.apply_migration

    def pinned_apply(self, state, migration, *args, **kwargs):
        reseed("migration:%s.%s" % (migration.app_label, migration.name), self.connection)
        return apply_migration(self, state, migration, *args, **kwargs)

    MigrationExecutor.apply_migration = pinned_apply
    for name, signal in (("pre_migrate", pre_migrate), ("post_migrate", post_migrate)):
        signal.send = _reseeding(name, signal.send, connections)


def _reseeding(name, send, connections):
    def pinned_send(sender, **kwargs):
        label = getattr(sender, "label", None) or getattr(sender, "__name__", str(sender))
        using = kwargs.get("using")
        reseed("%s:%s" % (name, label), connections[using] if using else None)
        return send(sender, **kwargs)

    return pinned_send

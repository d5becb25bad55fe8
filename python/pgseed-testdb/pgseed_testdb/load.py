"""Loading the seed into a new, empty database: through psql (the default: no Node), or through
the project's installed pgseed (`pgseed load`). The seed holds its own BEGIN … COMMIT, so a load
that fails leaves the database as empty as it was."""
import hashlib
import os
import signal
import subprocess
import tempfile

from .errors import TestdbError
from .inputs import open_seed

# The seed's last bytes hold its COMMIT: kept back until the whole body hashed right.
HOLD_BACK = 4096
TAMPERED_FIX = "run `pgseed regenerate --force` and commit it"


def connection_args(connection, dbname):
    """psql's arguments and environment for `dbname`, as Django's dbshell builds them."""
    settings = dict(connection.settings_dict, NAME=dbname)
    args, env = connection.client.settings_to_cmd_args_env(settings, [])
    return list(args[1:]), dict(env or {})


def libpq_env(connection, dbname):
    """The same connection as PG* variables (for `pgseed load`, which reads them)."""
    args, env = connection_args(connection, dbname)
    flags = {"-U": "PGUSER", "-h": "PGHOST", "-p": "PGPORT"}
    i = 0
    while i < len(args):
        if args[i] in flags and i + 1 < len(args):
            env[flags[args[i]]] = args[i + 1]
            i += 2
        else:
            i += 1
    env["PGDATABASE"] = dbname
    return env


def load_seed(connection, dbname, head, cfg):
    use_psql = cfg.loader == "psql" or (cfg.loader == "auto" and cfg.psql)
    if use_psql and cfg.psql:
        return load_with_psql(connection, dbname, head, cfg.psql)
    if not use_psql and cfg.pgseed:
        return load_with_pgseed(connection, dbname, head, cfg)
    raise TestdbError(
        "no %s here to load the seed into a template database" % ("psql" if use_psql else "psql or pgseed"),
        "install the PostgreSQL client (apt-get install -y postgresql-client) or pgseed (npm install --save-dev pgseed),"
        " or set PGSEED_TESTDB['PSQL'] / ['PGSEED']",
    )


def stream_seed(path, content, send):
    """Sends the seed to `send`, hashing its body as it goes; its last bytes (the COMMIT) only if
    the body's hash is the header's `content`."""
    body = hashlib.sha256()
    with open_seed(path) as f:
        send(b"".join(f.readline() for _ in range(4)))
        held = b""
        chunk = f.read(1 << 20)
        while chunk:
            body.update(chunk)
            held += chunk
            if len(held) > HOLD_BACK:
                send(held[:-HOLD_BACK])
                held = held[-HOLD_BACK:]
            chunk = f.read(1 << 20)
    if "sha256:" + body.hexdigest() != content:
        raise TestdbError("%s is tampered or truncated: its content hash does not match its header" % path, TAMPERED_FIX)
    send(held)


def load_with_psql(connection, dbname, head, psql):
    args, env = connection_args(connection, dbname)
    command = [psql, "-X", "-q", "-v", "ON_ERROR_STOP=1"] + args[:-1] + ["-d", args[-1], "-f", "-"]
    with tempfile.TemporaryFile() as errors:
        try:
            proc = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=errors,
                env=dict(os.environ, PGCONNECT_TIMEOUT="10", **env),
            )
        except OSError as err:
            raise TestdbError("cannot run %s (%s)" % (psql, err.strerror), "install the PostgreSQL client, or set PGSEED_TESTDB['PSQL']") from None
        try:
            stream_seed(head.path, head.content, proc.stdin.write)
            proc.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped first: its exit code and message say why
        except BaseException:
            proc.send_signal(signal.SIGKILL)  # its open transaction rolls back: nothing loads
            proc.wait()
            raise
        code = proc.wait()
        errors.seek(0)
        tail = errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
    if code != 0:
        raise TestdbError(
            "loading %s into %s failed (psql exit %s; nothing was loaded): %s" % (head.path, dbname, code, " | ".join(tail)),
            "fix what psql says (an older psql than the seed's pg_dump cannot read it: use the seed's major or newer)",
        )


def load_with_pgseed(connection, dbname, head, cfg):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(libpq_env(connection, dbname))
    r = subprocess.run(
        cfg.pgseed + ["load", "--quiet", "--seed", head.path],
        cwd=cfg.app_dir,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        universal_newlines=True,
    )
    if r.returncode != 0:
        raise TestdbError(
            "`pgseed load` of %s into %s failed (exit %d): %s"
            % (head.path, dbname, r.returncode, " | ".join(r.stderr.strip().splitlines()[-3:])),
            "fix what pgseed says above",
        )

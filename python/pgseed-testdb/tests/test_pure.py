"""The package's pure parts (no Django, no server): the seed's head, the inputs comparison, the
settings, the names and marks. Run by tests/integration/testdbInputs.test.ts."""
import gzip
import json
import os

import pytest

from pgseed_testdb import config, inputs, server, templates
from pgseed_testdb.errors import TestdbError

FP = "sha256:" + "ab" * 32
HEADER = ["-- pgseed seed v1", "-- fingerprint: " + FP, "-- postgres: 15.18", "-- content: sha256:" + "cd" * 32]


def inputs_line(files, recipe="0" * 32):
    return inputs.INPUTS_PREFIX + json.dumps({"recipe": recipe, "files": files})


def test_head_with_inputs():
    head = inputs.parse_head(HEADER + [inputs_line({"a.py": "00"})], "seed-db.sql")
    assert head.fingerprint == FP
    assert head.postgres == "15.18"
    assert head.content == "sha256:" + "cd" * 32
    assert head.inputs == {"recipe": "0" * 32, "files": {"a.py": "00"}}


@pytest.mark.parametrize("fifth", ["BEGIN;", inputs.INPUTS_PREFIX + "{not json", inputs.INPUTS_PREFIX + '{"recipe": "x"}'])
def test_head_without_readable_inputs(fifth):
    assert inputs.parse_head(HEADER + [fifth], "s.sql").inputs is None


def test_not_a_seed():
    with pytest.raises(TestdbError) as err:
        inputs.parse_head(["-- a dump"] + HEADER[1:], "dump.sql")
    assert err.value.line == (
        "pgseed: dump.sql is not a pgseed seed (its first 4 lines are not the pgseed header);"
        " regenerate it with `pgseed regenerate`"
    )


def test_read_head_plain_and_gzip(tmp_path):
    text = "\n".join(HEADER + [inputs_line({"k": "v"}), "BEGIN;", ""]).encode()
    plain, gz = tmp_path / "seed-db.sql", tmp_path / "seed-db.sql.gz"
    plain.write_bytes(text)
    gz.write_bytes(gzip.compress(text))
    assert inputs.read_head(str(plain)) == inputs.read_head(str(gz))._replace(path=str(plain))


def test_missing_seed(tmp_path):
    with pytest.raises(TestdbError) as err:
        inputs.read_head(str(tmp_path / "seed-db.sql"))
    assert err.value.message == "no seed file at %s" % (tmp_path / "seed-db.sql")


def test_digest_folds_crlf_only():
    assert inputs.digest(b"a\r\nb\r\n") == inputs.digest(b"a\nb\n")
    assert inputs.digest(b"a\rb") != inputs.digest(b"a\nb")
    assert inputs.digest("é") == inputs.digest("é".encode())


def test_differences():
    recorded = {
        "django:version": "v1",
        "django:installed_apps": "apps",
        "django:blog/0001_initial": "m1",
        "django:blog/0002_gone": "m2",
        "django:posts/0001_initial": "p1",
        "requirements.txt": "r",
        "../poetry.lock": "l",
    }
    assert inputs.differences(recorded, dict(recorded)) == []
    current = dict(recorded, **{"django:version": "v2", "django:posts/0001_initial": "p2", "django:posts/0002_new": "n"})
    del current["django:blog/0002_gone"]
    current["../poetry.lock"] = None
    current["requirements.txt"] = "r2"
    assert inputs.differences(recorded, current) == [
        "another Django version",
        "new migration posts/0002_new",
        "migration blog/0002_gone is gone",
        "migration posts/0001_initial changed",
        "../poetry.lock is gone",
        "requirements.txt changed",
    ]


def test_differences_of_a_seed_without_a_graph():
    """A seed not made by the django preset: only its recorded files count."""
    recorded = {"migrations/001.sql": "a"}
    assert inputs.differences(recorded, {"migrations/001.sql": "a", "django:x/0001": "b"}) == []


def test_stale_reason_caps_the_list(tmp_path):
    files = {"f%d.txt" % i: "0" for i in range(5)}
    head = inputs.parse_head(HEADER + [inputs_line(files)], "s.sql")
    assert inputs.stale_reason(head, str(tmp_path)) == "f0.txt is gone, f1.txt is gone, f2.txt is gone and 2 more"


def test_no_inputs_line():
    head = inputs.parse_head(HEADER + ["BEGIN;"], "seed-db.sql")
    with pytest.raises(TestdbError) as err:
        inputs.stale_reason(head, ".")
    assert err.value.fix == "run `pgseed regenerate --force` and commit it"


class Settings:
    def __init__(self, **values):
        self.__dict__.update(values)


def test_settings_env_over_django():
    raw = config.raw_settings(
        Settings(PGSEED_TESTDB={"KEEP": 5, "SEED": "a.sql"}),
        {"PGSEED_TESTDB_KEEP": "1", "PGSEED_TESTDB_REGENERATE": "yes", "PGSEED_TESTDB_LOADER": "pgseed"},
    )
    assert (raw["KEEP"], raw["SEED"], raw["REGENERATE"], raw["LOADER"]) == (1, "a.sql", True, "pgseed")


@pytest.mark.parametrize(
    "given, env, problem",
    [
        ({"SEEDS": "x"}, {}, "PGSEED_TESTDB has unknown key(s) SEEDS"),
        ({}, {"PGSEED_TESTDB_WAIT": "soon"}, "PGSEED_TESTDB_WAIT='soon' is not a number"),
        ({"LOADER": "docker"}, {}, "PGSEED_TESTDB LOADER 'docker' is not auto, psql or pgseed"),
    ],
)
def test_bad_settings(given, env, problem):
    with pytest.raises(TestdbError) as err:
        config.raw_settings(Settings(PGSEED_TESTDB=given), env)
    assert err.value.message == problem


def test_locate(tmp_path):
    raw = dict(config.DEFAULTS)
    project = tmp_path / "repo"
    (project / "app" / "sub").mkdir(parents=True)
    (project / "app" / "manage.py").write_text("")
    sub = str(project / "app" / "sub")
    # manage.py's folder, seed-db.sql
    assert config.locate(raw, sub) == (str(project / "app"), str(project / "app" / "seed-db.sql"))
    # pgseed's project file wins over manage.py; seed relative to appDir
    (project / "pyproject.toml").write_text('[tool.pgseed]\nappDir = "app"\nseed = "db/seed.sql.gz"\n')
    assert config.locate(raw, sub) == (str(project / "app"), str(project / "app" / "db" / "seed.sql.gz"))
    (project / "pgseed.json").write_text('{"appDir": "app/sub"}')
    assert config.locate(raw, sub) == (sub, os.path.join(sub, "seed-db.sql"))
    # the settings win over both
    assert config.locate(dict(raw, APP_DIR="..", SEED="s.sql"), sub) == (str(project / "app"), str(project / "app" / "s.sql"))


def test_names_and_marks():
    assert server.template_name(FP) == "pgseed_abababababab"
    assert server.template_comment(FP) == "pgseed template " + FP
    assert server.loading_comment(FP) == "pgseed loading " + FP
    assert server.test_comment(FP) == "pgseed test " + FP
    assert server.schema_marker(FP) == "pgseed " + FP
    assert server.quote('a"b') == '"a""b"'
    assert server.literal("it's") == "'it''s'"


def test_major_of():
    assert templates.major_of("15.18") == 15
    assert templates.major_of("9.6.24") == 9.6
    assert templates.major_of("16.4") == 16


def test_differences_name_a_migration_once():
    """A migration file the globs also matched is said once, by the graph."""
    recorded = {"django:version": "v", "django:blog/0001_x": "1", "blog/migrations/0001_x.py": "1"}
    current = {"django:version": "v", "django:blog/0001_x": "2", "blog/migrations/0001_x.py": "2"}
    said = {"blog/migrations/0001_x.py"}
    assert inputs.differences(recorded, current, said) == ["migration blog/0001_x changed"]

"""One error type: a problem a person can fix, said in one line with the fix."""


class TestdbError(Exception):
    """`message; fix`, one line. Raised for every refusal; the pytest plugin and the Django runner
    print it as it is and stop before any test runs."""

    __test__ = False  # not a test class, whatever pytest's collection patterns say

    def __init__(self, message, fix):
        super().__init__("pgseed: %s; %s" % (message, fix))
        self.message = message
        self.fix = fix

    @property
    def line(self):
        return str(self)


def sqlstate(err):
    """The SQLSTATE of a driver error, or of the one Django wrapped (psycopg2: pgcode; psycopg 3:
    sqlstate); None for anything else."""
    for e in (err, getattr(err, "__cause__", None)):
        code = getattr(e, "pgcode", None) or getattr(e, "sqlstate", None)
        if code:
            return code
    return None


def first_line(err):
    text = str(getattr(err, "__cause__", None) or err).strip()
    return text.split("\n")[0] if text else type(err).__name__

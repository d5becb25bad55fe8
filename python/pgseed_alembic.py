"""pgseed's Alembic runner: `alembic <args>` with sqlalchemy.url pointed at the database pgseed
gives in DATABASE_URL, whatever alembic.ini says (the ini file is never edited). The driver part
of the ini's URL (postgresql+psycopg://...) is kept. An env.py that builds its own URL from
elsewhere is not redirected: pgseed's guard then finds its server empty and says so."""
import os
import sys

from alembic.config import CommandLine


def redirect(config, url):
    configured = config.get_main_option("sqlalchemy.url") or ""
    scheme = configured.split("://", 1)[0] if configured.startswith("postgresql") and "://" in configured else "postgresql"
    # ConfigParser interpolates %: a password with % must reach SQLAlchemy as written.
    config.set_main_option("sqlalchemy.url", (scheme + url[url.index("://"):]).replace("%", "%%"))


def main(argv):
    url = os.environ.get("DATABASE_URL")
    if not url or "://" not in url:
        sys.stderr.write("pgseed_alembic: DATABASE_URL is not set (pgseed sets it for the migrate command)\n")
        return 2
    # Alembic's own command line, so every version's options and config files (ini, pyproject) apply;
    # the config it built is redirected just before the command runs.
    run_cmd = CommandLine.run_cmd

    def redirected(self, config, options):
        redirect(config, url)
        return run_cmd(self, config, options)

    CommandLine.run_cmd = redirected
    CommandLine(prog="alembic").main(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

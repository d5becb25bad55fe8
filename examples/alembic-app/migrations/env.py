"""Alembic environment of the pgseed example: the database comes from DATABASE_URL.

pgseed gives its migrate command DATABASE_URL (and PG*) of a throwaway server, so the same
env.py migrates that server, a developer's database and CI's.
"""
import os
import sys

from alembic import context
from sqlalchemy import create_engine, pool

config = context.config


def database_url() -> str:
    url = os.environ.get("DATABASE_URL") or config.get_main_option("sqlalchemy.url")
    if not url:
        sys.exit("env.py: set DATABASE_URL, e.g. postgresql://postgres@127.0.0.1:5432/app")
    # A plain postgres URL means the installed driver: psycopg2 if present, else psycopg 3.
    scheme, sep, rest = url.partition("://")
    if scheme in ("postgres", "postgresql"):
        try:
            import psycopg2  # noqa: F401
            scheme = "postgresql+psycopg2"
        except ImportError:
            scheme = "postgresql+psycopg"
    return scheme + sep + rest


if config.config_file_name is not None:
    from logging.config import fileConfig

    fileConfig(config.config_file_name, disable_existing_loggers=False)

# Revisions are hand-written (no autogenerate), so there is no model metadata.
target_metadata = None


def run_migrations_offline() -> None:
    """`alembic upgrade head --sql`: print the SQL instead of running it."""
    context.configure(url=database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    engine = create_engine(database_url(), poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()

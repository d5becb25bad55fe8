"""Minimal settings for the pgseed django-blog example.

The database connection is read from the standard libpq environment
variables (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE), so the same
project works against any throwaway PostgreSQL cluster.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "pgseed-example-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "blog",
    "posts",
]

MIDDLEWARE = []

ROOT_URLCONF = "blogsite.urls"
WSGI_APPLICATION = "blogsite.wsgi.application"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": os.environ.get("PGHOST", "localhost"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "USER": os.environ.get("PGUSER", "postgres"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "NAME": os.environ.get("PGDATABASE", "postgres"),
        # `pgseed clone` leaves a seeded template database: tests copy it instead of migrating.
        "TEST": {"TEMPLATE": os.environ.get("PGSEED_TEST_TEMPLATE")},
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_L10N = False
USE_TZ = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

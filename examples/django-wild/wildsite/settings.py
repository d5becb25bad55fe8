"""Settings as projects in the wild write them: everything from the environment.

The database comes from DATABASE_URL (a few lines standing for dj-database-url), and the
settings branch on it and on another variable, as wagtail's demo project does. pgseed gives the
probe and the migrate command its own DATABASE_URL (postgres:// for the django preset) and the
variables of its `env` setting, never the user's: the seed is the same on every machine.
"""
import os
from urllib.parse import unquote, urlsplit

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "pgseed-example-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["*"]

INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "accounts",
]
# wagtail's demo: `if os.environ["DATABASE_URL"].startswith("postgres://")`; pgonly stands for
# what that branch brings (a migration of its own, so the seed shows which way it went).
if os.environ["DATABASE_URL"].startswith("postgres://"):
    INSTALLED_APPS += ["django.contrib.postgres", "pgonly"]
# Apps switched on per environment (the `env` setting gives DJANGO_EXTRA_APPS to pgseed).
INSTALLED_APPS += [app for app in os.environ.get("DJANGO_EXTRA_APPS", "").split(",") if app]

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
if "guardian" in INSTALLED_APPS:
    AUTHENTICATION_BACKENDS.append("guardian.backends.ObjectPermissionBackend")

MIDDLEWARE = []
ROOT_URLCONF = "wildsite.urls"


def parse_database_url(url):
    """dj-database-url's job, for postgres:// and postgresql:// URLs."""
    u = urlsplit(url)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "HOST": unquote(u.hostname or ""),
        "PORT": str(u.port or ""),
        "USER": unquote(u.username or ""),
        "PASSWORD": unquote(u.password or ""),
        "NAME": unquote(u.path[1:]),
    }


DATABASES = {"default": parse_database_url(os.environ["DATABASE_URL"])}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

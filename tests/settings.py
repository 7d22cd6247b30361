"""Django settings for the wagtail_kindness tests (pytest-django).

TIME_ZONE is deliberately not UTC and not the series' zone, so that a naive
datetime or a conversion through the site's zone shows up as a wrong time.
"""

import os
from pathlib import Path

# The Wagtail stack shared with the example site: plain lists, no example-site
# dependency (example_site/settings/stack.py imports nothing).
from example_site.settings.stack import DJANGO_APPS, WAGTAIL_APPS, templates
from example_site.settings.stack import MIDDLEWARE as STACK_MIDDLEWARE

BASE_DIR = Path(__file__).resolve().parent

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "America/Chicago"
LANGUAGE_CODE = "en-gb"
USE_I18N = True

INSTALLED_APPS = [
    "wagtail_kindness",
    "wagtail.contrib.sitemaps",
    # Purges nothing unless a test sets WAGTAILFRONTENDCACHE (test_plugin_purge.py).
    "wagtail.contrib.frontend_cache",
    "wagtail.api.v2",
    "rest_framework",
    *WAGTAIL_APPS,
    *DJANGO_APPS,
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = list(STACK_MIDDLEWARE)

ROOT_URLCONF = "tests.urls"

TEMPLATES = templates()

# SQLite in memory unless DATABASE_URL names another database, e.g. the
# PostgreSQL cluster of `make test-postgres` (.ci/postgres):
#   DATABASE_URL=postgres://kindness:secret@127.0.0.1:5432/kindness
# Django's test runner creates and drops "test_<NAME>" there.
if os.environ.get("DATABASE_URL"):
    import dj_database_url

    DATABASES = {"default": dj_database_url.config(conn_max_age=0)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # As a site on PostgreSQL: Wagtail's search index uses its full-text fields
    # there (system check postgres.E005, which a management command runs).
    INSTALLED_APPS.append("django.contrib.postgres")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "_static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "_media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

WAGTAIL_SITE_NAME = "Kindness tests"
WAGTAILADMIN_BASE_URL = "https://kindness.example"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_FINDERS = []  # the plugin must never fetch an embed

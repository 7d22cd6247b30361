"""Settings shared by every environment of the example site.

Everything read from the environment is read here, once:

* ``DATABASE_URL``: any database dj-database-url understands
  (``postgres://user:pass@host/name``); SQLite in ``example_site/db.sqlite3``
  when unset.
* ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` (comma-separated): used
  by ``production``; ``dev`` and ``test`` have their own.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from .csp import POLICY as CSP_POLICY
from .stack import DJANGO_APPS, WAGTAIL_APPS, templates
from .stack import MIDDLEWARE as STACK_MIDDLEWARE

SITE_DIR = Path(__file__).resolve().parent.parent  # example_site/
REPO_DIR = SITE_DIR.parent

ENV_SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ENV_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{SITE_DIR / 'db.sqlite3'}", conn_max_age=600
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL: readers never wait for the writer.  IMMEDIATE: a transaction takes the
    # write lock when it begins, so writers queue for up to `timeout` seconds
    # instead of failing with "database is locked" (tests/site/test_site_load_edits.py).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL;", timeout=20, transaction_mode="IMMEDIATE"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "example_site.home",
    "wagtail_kindness",
    "wagtail.contrib.redirects",
    *WAGTAIL_APPS,
    *DJANGO_APPS,
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's search index uses its full-text fields there (system check postgres.E005).
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Content-Security-Policy on every page but the Wagtail admin (settings/csp.py).
    "example_site.settings.csp.PublicCSPMiddleware",
    # A plain 503 page (with Retry-After) when the database cannot be reached.
    "wagtail_kindness.middleware.DatabaseUnavailableMiddleware",
    *STACK_MIDDLEWARE,
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "example_site.urls"
WSGI_APPLICATION = "example_site.wsgi.application"

# The site's templates are its app's (example_site/home/templates/), first in INSTALLED_APPS;
# their words are translated in example_site/home/locale/.
TEMPLATES = templates()

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = SITE_DIR / "static_collected"
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = SITE_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# The public pages' Content-Security-Policy (settings/csp.py); the admin gets none.
SECURE_CSP = CSP_POLICY

WAGTAIL_SITE_NAME = "Kindness in Healthcare"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_FINDERS: list[dict] = []  # recordings are click-to-load; never fetch embeds
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "odt", "odp", "txt"]

# The plugin's pages slot into the site's own base template (see home/templates/base.html).
WAGTAILKINDNESS_BASE_TEMPLATE = "base.html"
WAGTAILKINDNESS_DISPLAY_TIME_ZONES = ("America/New_York", "Asia/Kolkata", "Australia/Sydney")

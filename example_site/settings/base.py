"""Settings shared by every environment of the example site.

Everything read from the environment is read here, once:

* ``DATABASE_URL``: any database dj-database-url understands
  (``postgres://user:pass@host/name``); SQLite in ``example_site/db.sqlite3``
  when unset.
* ``DJANGO_SECRET_KEY`` and ``DJANGO_ALLOWED_HOSTS`` (comma-separated): used
  by ``production``; ``dev`` and ``test`` have their own.
* The mail server (the joining emails, docs/howto/let-people-join.md), under
  Django's own names: ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
  ``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS`` / ``EMAIL_USE_SSL`` (``1`` or
  ``true``) and ``DEFAULT_FROM_EMAIL``: ``production`` sends by SMTP with
  them (Django's defaults for those unset); ``test`` too when ``EMAIL_HOST``
  is set (the browser test's SMTP server), else it keeps mail in memory;
  ``dev`` (``make run``) prints every mail on the console.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django

from .csp import POLICY as CSP_POLICY
from .stack import DJANGO_APPS, WAGTAIL_APPS, templates
from .stack import MIDDLEWARE as STACK_MIDDLEWARE

SITE_DIR = Path(__file__).resolve().parent.parent  # example_site/
REPO_DIR = SITE_DIR.parent

ENV_SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ENV_ALLOWED_HOSTS = [
    h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h.strip()
]


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


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

# Mail (the joining emails): the SMTP server from the environment (Django's
# defaults for what is unset) and the sender.  Each environment chooses the backend
# with mail_settings(): dev prints on the console, test keeps mail in memory (or
# uses EMAIL_HOST when set), production sends by SMTP.
EMAIL_FROM_ENVIRONMENT = bool(os.environ.get("EMAIL_HOST"))
SMTP_OPTIONS: dict[str, object] = {
    "host": os.environ.get("EMAIL_HOST") or "localhost",
    "port": int(os.environ.get("EMAIL_PORT") or 25),
    "username": os.environ.get("EMAIL_HOST_USER", ""),
    "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
    "use_tls": _env_flag("EMAIL_USE_TLS"),
    "use_ssl": _env_flag("EMAIL_USE_SSL"),
    "timeout": 30,
}
SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL") or "Kindness in Healthcare <kindness@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

#: Django 6.1 configures mail with MAILERS (and refuses it beside the old EMAIL_*
#: settings, which it deprecates); Django 5.2 only knows EMAIL_BACKEND and EMAIL_*.
HAS_MAILERS = django.VERSION >= (6, 1)
_LEGACY_NAMES = {"username": "EMAIL_HOST_USER", "password": "EMAIL_HOST_PASSWORD"}  # nosec B105 - setting names


def mail_settings(backend: str, **options: object) -> dict[str, object]:
    """The settings that send mail with ``backend`` and its ``options`` (SMTP_OPTIONS' names).

    An environment's settings module does ``globals().update(mail_settings(…))``.
    """
    if HAS_MAILERS:
        return {"MAILERS": {"default": {"BACKEND": backend, "OPTIONS": options}}}
    legacy: dict[str, object] = {"EMAIL_BACKEND": backend}
    for name, value in options.items():
        legacy[_LEGACY_NAMES.get(name, f"EMAIL_{name.upper()}")] = value
    return legacy


WAGTAIL_SITE_NAME = "Kindness in Healthcare"
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILEMBEDS_FINDERS: list[dict] = []  # recordings are click-to-load; never fetch embeds
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "odt", "odp", "txt"]

# The plugin's pages slot into the site's own base template (see home/templates/base.html).
WAGTAILKINDNESS_BASE_TEMPLATE = "base.html"
WAGTAILKINDNESS_DISPLAY_TIME_ZONES = ("America/New_York", "Asia/Kolkata", "Australia/Sydney")

"""Settings of ``make bench``: the test settings, a throwaway database, WhiteNoise.

``benchmarks/run.py`` sets ``KINDNESS_BENCH_DIR`` to a temporary directory.
The database is a SQLite file there, unless ``DATABASE_URL`` names another
one (parsed as ``tests/settings.py`` does, e.g. the PostgreSQL cluster of
``.ci/postgres run -- …``): then ``benchmarks/run.py`` creates and drops a
``test_<NAME>`` database next to it, as Django's test runner does, and never
writes to the database named.
"""

import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES as TEST_DATABASES
from tests.settings import INSTALLED_APPS, MIDDLEWARE

BENCH_DIR = Path(
    os.environ.get("KINDNESS_BENCH_DIR") or Path(tempfile.gettempdir()) / "kindness-bench"
)

DEBUG = False
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": {**TEST_DATABASES["default"], "CONN_MAX_AGE": None}}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BENCH_DIR / "bench.sqlite3"),
            "CONN_MAX_AGE": None,  # one connection for the run, as a production site keeps it
        }
    }
INSTALLED_APPS = [
    *INSTALLED_APPS,
    "benchmarks.bench_app",
    *(app for app in ("wagtail.api.v2", "rest_framework") if app not in INSTALLED_APPS),
]

ROOT_URLCONF = "benchmarks.urls"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Filling 10,000 pages with the search index kept up to date would take far longer.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
}
STATIC_ROOT = BENCH_DIR / "static"
MEDIA_ROOT = BENCH_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HAVE_WHITENOISE = find_spec("whitenoise") is not None
if HAVE_WHITENOISE:
    MIDDLEWARE = ["whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE]
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = False

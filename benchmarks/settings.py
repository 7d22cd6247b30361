"""Settings of ``make bench``: the test settings, a throwaway SQLite file, WhiteNoise.

``benchmarks/run.py`` sets ``KINDNESS_BENCH_DIR`` to a temporary directory.
"""

import os
import tempfile
from importlib.util import find_spec
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, MIDDLEWARE

BENCH_DIR = Path(
    os.environ.get("KINDNESS_BENCH_DIR") or Path(tempfile.gettempdir()) / "kindness-bench"
)

DEBUG = False
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

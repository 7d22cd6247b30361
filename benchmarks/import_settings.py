"""Settings of ``python -m benchmarks.import_bench``: the test settings, a real search index.

A throwaway SQLite file in ``KINDNESS_BENCH_DIR`` (set by the script to a
temporary directory), or the PostgreSQL database ``DATABASE_URL`` names
(``.ci/postgres run -- …``).  Unlike ``benchmarks/settings.py``, Wagtail's
database search backend keeps its index up to date (``AUTO_UPDATE``), as on a
real site: an import pays for its search index too.
"""

import os
import tempfile
from pathlib import Path

from tests.settings import *  # noqa: F403
from tests.settings import DATABASES as TEST_DATABASES

BENCH_DIR = Path(
    os.environ.get("KINDNESS_BENCH_DIR") or Path(tempfile.gettempdir()) / "kindness-import-bench"
)

DEBUG = False
if os.environ.get("DATABASE_URL"):
    DATABASES = TEST_DATABASES
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BENCH_DIR / "import-bench.sqlite3"),
        }
    }
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": True}
}
MEDIA_ROOT = BENCH_DIR / "media"

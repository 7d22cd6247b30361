"""The example site in English and French: ``make run-i18n``.  Development only.

The ``dev`` settings with Wagtail's internationalisation on (``languages.py``),
on a database of their own, ``example_site/db-i18n.sqlite3`` (or
``DATABASE_URL``), so the English demo of ``make run`` is never touched.
``manage.py load_demo --translate fr`` fills it: the demo, and its home page,
series and conversations translated into French.
"""

import os

from . import languages
from .dev import *  # noqa: F403
from .dev import DATABASES, INSTALLED_APPS, MIDDLEWARE, SITE_DIR

if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = str(SITE_DIR / "db-i18n.sqlite3")

WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = languages.LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = languages.SYNC_PAGE_TREE
INSTALLED_APPS = languages.with_translation_apps(INSTALLED_APPS)
MIDDLEWARE = languages.with_locale_middleware(MIDDLEWARE)

"""The example site under test in English and French (tests/site/test_site_i18n_browser.py).

The ``test`` settings (a throw-away database from ``DATABASE_URL``, no DEBUG)
with what ``i18n`` adds for ``make run-i18n`` (``languages.py``).
"""

from . import languages
from .test import *  # noqa: F403
from .test import INSTALLED_APPS, MIDDLEWARE

WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = languages.LANGUAGES
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = languages.SYNC_PAGE_TREE
INSTALLED_APPS = languages.with_translation_apps(INSTALLED_APPS)
MIDDLEWARE = languages.with_locale_middleware(MIDDLEWARE)

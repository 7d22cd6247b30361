"""Django settings for the multilingual tests (``tests/i18n/``, ``make pytest``).

The plugin's test settings (:mod:`tests.settings`) with Wagtail's own
internationalisation turned on, as a bilingual organisation configures it
(docs/howto/multilingual.md):

* ``WAGTAIL_I18N_ENABLED``, ``wagtail.locales`` and
  ``wagtail.contrib.simple_translation`` (the "Translate" action);
* English (the default), French (the plugin ships its messages) and Spanish
  (it does not: dates and times still come from CLDR);
* ``LocaleMiddleware`` and ``i18n_patterns`` (:mod:`tests.urls_i18n`): the
  French pages are under ``/fr/``, the English ones have no prefix.

``WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE`` stays off: the tests that need
the automatic aliases turn it on with ``settings``.
"""

from tests.settings import *  # noqa: F403
from tests.settings import INSTALLED_APPS, MIDDLEWARE

WAGTAIL_I18N_ENABLED = True
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
]

INSTALLED_APPS = [
    *INSTALLED_APPS[: INSTALLED_APPS.index("wagtail")],
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    *INSTALLED_APPS[INSTALLED_APPS.index("wagtail") :],
]

MIDDLEWARE = [
    *MIDDLEWARE[:1],  # sessions first: LocaleMiddleware reads them
    "django.middleware.locale.LocaleMiddleware",
    *MIDDLEWARE[1:],
]

ROOT_URLCONF = "tests.urls_i18n"

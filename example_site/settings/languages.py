"""English and French: what ``i18n`` (``make run-i18n``) and ``test_i18n`` add to a site.

Wagtail's own internationalisation, as docs/howto/multilingual.md sets it up:
``WAGTAIL_I18N_ENABLED``, the content languages, ``wagtail.locales`` (the
locales in the admin's settings) and ``wagtail.contrib.simple_translation``
(the "Translate" action), and ``LocaleMiddleware``, which activates the
language of the URL (``example_site/urls.py`` puts the pages under
``i18n_patterns`` when ``WAGTAIL_I18N_ENABLED`` is on: ``/fr/…`` is French,
English has no prefix).  Plain data and two small functions, like ``stack``.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "SYNC_PAGE_TREE", "with_locale_middleware", "with_translation_apps"]

#: British English, the default (``LANGUAGE_CODE``, so its pages have no prefix and
#: its locale is ``en-gb``), and French.
LANGUAGES = [("en-gb", "English"), ("fr", "Français")]

#: Wagtail's automatic aliases of new pages in every locale stay off: a page is
#: translated when an editor chooses "Translate" (docs/howto/multilingual.md).
SYNC_PAGE_TREE = False


def with_translation_apps(apps: list[str]) -> list[str]:
    """``apps`` with Wagtail's locales and simple_translation apps, before ``wagtail``."""
    at = apps.index("wagtail")
    return [*apps[:at], "wagtail.locales", "wagtail.contrib.simple_translation", *apps[at:]]


def with_locale_middleware(middleware: list[str]) -> list[str]:
    """``middleware`` with Django's ``LocaleMiddleware`` right after the sessions."""
    at = middleware.index("django.contrib.sessions.middleware.SessionMiddleware") + 1
    return [*middleware[:at], "django.middleware.locale.LocaleMiddleware", *middleware[at:]]

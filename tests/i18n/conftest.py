"""Fixtures of the multilingual tests: English, French and Spanish trees of one site.

Run with ``--ds=tests.settings_i18n`` (``make pytest`` does).  The English
home page is the default site's root; its French translation is a sibling
(Wagtail's own layout: ``copy_for_translation`` of a root's child); the
series is translated with Wagtail's ``copy_for_translation``, as the admin's
"Translate" action does, and published.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import translation
from wagtail.models import Locale, Site

if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
    raise pytest.UsageError(
        "tests/i18n runs under its own settings: pytest tests/i18n --ds=tests.settings_i18n "
        "(make pytest runs it so)"
    )

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wagtail_kindness"))

from kindness_factories import add_conversation, make_series, third_thursday

__all__ = ["add_conversation", "third_thursday", "translate"]


def translate(page, language: str, *, publish: bool = True, **fields):
    """``page`` copied into ``language`` as the admin's "Translate" does, then published.

    ``fields`` are set on the translation before it is published (a translated
    title, say).  Returns the translation, refreshed, as its specific class.
    """
    locale = Locale.objects.get(language_code=language)
    copy = page.copy_for_translation(locale)
    copy = copy.specific
    for name, value in fields.items():
        setattr(copy, name, value)
    revision = copy.save_revision()
    if publish:
        revision.publish()
    copy.refresh_from_db()
    return copy


@pytest.fixture(autouse=True)
def _empty_cache_and_language():
    cache.clear()
    yield
    cache.clear()
    translation.activate("en")


@pytest.fixture
def locales(db) -> dict[str, Locale]:
    """English (made by Wagtail's migration), French and Spanish."""
    english = Locale.get_default()
    assert english.language_code == "en"
    return {
        "en": english,
        "fr": Locale.objects.get_or_create(language_code="fr")[0],
        "es": Locale.objects.get_or_create(language_code="es")[0],
    }


@pytest.fixture
def home(locales):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def home_fr(home, locales):
    return translate(home, "fr")


@pytest.fixture
def series(home):
    """The English series at ``/conversations/``."""
    return make_series(home)


@pytest.fixture
def series_fr(series, home_fr):
    """Its French translation at ``/fr/conversations/``."""
    return translate(series, "fr", title="Conversations pour la bienveillance")

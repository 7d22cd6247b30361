"""The plugin's French catalogue translates only the plugin's own messages.

The plugin comes first in ``INSTALLED_APPS``, so a msgid without context in
its catalogue would replace Django's and Wagtail's translation of it on the
whole site ("Thursday" → "Jeudi" where Django says "jeudi", Wagtail's
"Cancelled" → "Annulée").  Its messages that other packages also translate
carry a context (``pgettext``); these tests compare every message of Django's
and Wagtail's French catalogues with and without the plugin installed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from asgiref.local import Local
from catalogue_scope import catalogue, french_words, shared_msgids
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import trans_real

import wagtail_kindness
from wagtail_kindness.models import ConversationPage, Speaker
from wagtail_kindness.models.schedule import Weekday

FRENCH_MO = Path(wagtail_kindness.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.mo"

#: A sample rendered through ``{% translate %}``: words the plugin also uses.
TEMPLATE_SAMPLE = [
    "Thursday",
    "Monday",
    "Cancelled",
    "title",
    "Delete",
    "Summary",
    "Skip to main content",
    "None",
    "Any",
    "draft",
    "live",
    "Enter a valid URL.",
]


def test_the_plugins_catalogue_shares_no_context_less_message():
    shared = shared_msgids(catalogue(FRENCH_MO))
    assert shared == {}, (
        "give these a context (pgettext, {% translate ... context %}) or leave their "
        f"translation to the other package: {sorted(shared)}"
    )


@pytest.mark.parametrize("settings_module", ["tests.settings", "tests.settings_i18n"])
def test_django_and_wagtail_say_the_same_with_and_without_the_plugin(settings_module):
    """Each side in a fresh interpreter: the same settings, with or without the plugin.

    (Django loads its catalogues once per process, and Wagtail's apps cannot
    be set up a second time with ``override_settings(INSTALLED_APPS=...)``.)
    """
    with_plugin = french_words(settings_module, with_plugin=True, sample=TEMPLATE_SAMPLE)
    without = french_words(settings_module, with_plugin=False, sample=TEMPLATE_SAMPLE)
    assert len(without["gettext"]) > 1000
    assert without["gettext"]["Thursday"] == "jeudi"  # Django's: the check itself works
    assert without["template"]["Thursday"] == "jeudi"
    assert without["template"]["Cancelled"] == "Annulé"  # Wagtail's
    assert set(with_plugin["gettext"]) == set(without["gettext"])
    changed = {
        msgid: (ours, without["gettext"][msgid])
        for msgid, ours in with_plugin["gettext"].items()
        if ours != without["gettext"][msgid]
    }
    assert changed == {}
    assert with_plugin["template"] == without["template"]


def _reset_translations() -> None:
    """Forget every loaded catalogue (Django caches them per language and thread)."""
    trans_real._translations = {}
    trans_real._default = None
    trans_real._active = Local()


def test_the_plugins_own_words_keep_their_french(db):
    _reset_translations()
    try:
        with translation.override("fr"):
            choices = dict(ConversationPage._meta.get_field("status").flatchoices)
            assert str(choices["cancelled"]) == "Annulée"
            assert str(Weekday.THURSDAY.label) == "Jeudi"
            assert str(ConversationPage._meta.get_field("status").verbose_name) == "statut"
            assert str(Speaker._meta.get_field("name").verbose_name) == "nom"
            assert translation.gettext("Thursday") == "jeudi"
            html = Template(
                '{% load i18n %}{% translate "Cancelled" context "conversation status" %}|'
                '{% translate "Cancelled" %}|{% translate "Skip to main content" '
                'context "page navigation" %}'
            ).render(Context())
            assert html == "Annulée|Annulé|Aller au contenu principal"
    finally:
        _reset_translations()

"""Translations: English source strings, a complete French catalogue, used by the pages.

- A French visitor (``Accept-Language: fr`` with Django's ``LocaleMiddleware``)
  gets the archive page in French; the admin's labels are French too.
- ``locale/fr/LC_MESSAGES/django.po`` translates every message, and the
  compiled ``django.mo`` shipped beside it says the same.
- ``makemessages`` finds no message that the catalogues lack (needs GNU
  gettext's ``xgettext``: skipped without it, except in CI).
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.utils import translation
from kindness_factories import add_conversation, third_thursday

import wagtail_kindness
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

PACKAGE = Path(wagtail_kindness.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
FRENCH_PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"
FRENCH_MO = LOCALE / "fr" / "LC_MESSAGES" / "django.mo"


def read_po(path: Path) -> dict[str, str]:
    """``{msgid: msgstr}`` of a .po file's live messages (with ``msgctxt\\x04msgid`` keys).

    Fuzzy entries count as untranslated (their msgstr is given as "").
    """
    messages: dict[str, str] = {}
    for entry in path.read_text(encoding="utf-8").split("\n\n"):
        lines = [line for line in entry.strip().splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            match = re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (".*")$', line)
            if match:
                key = match.group(1)
                fields[key] = ast.literal_eval(match.group(2))
            else:
                assert key is not None, f"{path}: cannot read {line!r}"
                fields[key] += ast.literal_eval(line)
        if "msgid" not in fields or fields["msgid"] == "":
            continue
        msgid = fields["msgid"]
        if "msgctxt" in fields:
            msgid = f"{fields['msgctxt']}\x04{msgid}"
        msgstr = fields.get("msgstr", fields.get("msgstr[0]", ""))
        messages[msgid] = "" if fuzzy else msgstr
    return messages


@pytest.fixture
def french_site(settings):
    """The site serves the visitor's language, as a multilingual site would."""
    settings.LANGUAGES = [("en", "English"), ("fr", "Français")]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:1],
        "django.middleware.locale.LocaleMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_a_french_visitor_reads_the_archive_in_french(client, series, french_site):
    add_conversation(series, third_thursday(2024, 1), title="Kindness in education")
    english = client.get(series.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Past and coming conversations" in english
    assert "Skip to main content" in english

    response = client.get(series.url, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    html = response.content.decode()
    assert "Conversations passées et à venir" in html
    assert "Aller au contenu principal" in html
    assert "Rejoindre la conversation" in html
    assert "Past and coming conversations" not in html
    # Data stays as the editors typed it.
    assert "Kindness in education" in html


def test_a_template_rendered_in_french(series):
    with translation.override("fr"):
        html = render_to_string(
            "wagtail_kindness/includes/joining.html", {"series": series, "page": series}
        )
    assert "Rejoindre la conversation" in html


def test_model_labels_and_choices_are_translated(db):
    with translation.override("fr"):
        assert str(ConversationSeriesPage._meta.verbose_name) == "série de conversations"
        choices = dict(ConversationPage._meta.get_field("status").flatchoices)
        assert str(choices["cancelled"]) == "Annulée"
    with translation.override("en"):
        assert str(ConversationSeriesPage._meta.verbose_name) == "conversation series"


def test_the_admin_speaks_french(admin_client, series, settings):
    settings.LANGUAGE_CODE = "fr"
    try:
        edit = f"/admin/pages/{series.pk}/edit/"
        html = admin_client.get(edit, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    finally:
        translation.activate("en-gb")
    # Wagtail's admin uses the user's or the site's language: French here.
    assert "Calendrier" in html  # the "Schedule" tab
    assert "fuseau horaire" in html.lower()


def test_the_french_catalogue_is_complete():
    messages = read_po(FRENCH_PO)
    assert len(messages) > 100
    untranslated = sorted(msgid for msgid, msgstr in messages.items() if not msgstr)
    assert untranslated == [], "translate these in locale/fr/LC_MESSAGES/django.po"
    text = FRENCH_PO.read_text(encoding="utf-8")
    assert '"Language: fr\\n"' in text
    assert '"Plural-Forms: nplurals=2; plural=(n > 1);\\n"' in text


def test_placeholders_are_kept_in_french():
    placeholder = re.compile(r"%\(\w+\)s|%s|<[^>]+>")
    for msgid, msgstr in read_po(FRENCH_PO).items():
        assert sorted(placeholder.findall(msgid)) == sorted(placeholder.findall(msgstr)), msgid


def test_the_compiled_catalogue_matches_the_po_file():
    with FRENCH_MO.open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    expected = read_po(FRENCH_PO)
    catalog = {}
    for key, value in compiled._catalog.items():  # type: ignore[attr-defined]
        if isinstance(key, tuple):  # a plural: (msgid, n); read_po keeps msgstr[0]
            if key[1] == 0:
                catalog[key[0]] = value
        elif key:
            catalog[key] = value
    assert catalog == expected, (
        "django.mo is out of date: run `make messages` (compilemessages) and commit it"
    )


def test_makemessages_finds_nothing_new(tmp_path):
    """The catalogues list every message of the code and templates (no stale .po)."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (xgettext) is missing: apt-get install gettext")
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "wagtail_kindness"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "fr", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    fresh = set(read_po(copy / "locale" / "fr" / "LC_MESSAGES" / "django.po"))
    shipped = set(read_po(FRENCH_PO))
    assert sorted(fresh - shipped) == [], "new messages: run `make messages` and translate them"
    assert sorted(shipped - fresh) == [], "messages no longer used: run `make messages`"

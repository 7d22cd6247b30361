"""Every output of a translated series is in its page's language (Wagtail's i18n).

English (the default locale, no prefix), French (``/fr/``, the plugin has
messages) and Spanish (``/es/``, it has none: CLDR's dates and times, English
labels):

* the archive and its year, speaker and theme routes, the conversation page,
  the calendars (read by icalendar), the feeds (read by feedparser), the
  JSON-LD, the API's words and the "add to calendar" links;
* an untitled conversation is named by its month in its page's language
  ("Juillet 2022") when the page is saved, whoever saves it;
* calendar UIDs: the default locale keeps the UIDs it always had, every other
  locale has its own, the same from one build or publication to the next;
* ``{% next_conversation %}`` without a series takes the page's locale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote

import feedparser
import icalendar
import pytest
from django.core.cache import cache
from django.template import Context, Template
from django.utils import timezone, translation
from django.utils.html import escape
from wagtail.models import Page, Site

from kindness_core.schedule.dates import format_day, format_when
from kindness_core.series import month_label
from wagtail_kindness.languages import calendar_words
from wagtail_kindness.models import ConversationPage, ConversationPerson, Speaker

from .conftest import add_conversation, make_series, translate

LONDON, NEW_YORK = "Europe/London", "America/New_York"
SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)
SCHEDULE_LINES = {
    "en": "Third Thursday of every month at 6:00pm UK time",
    "fr": "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni",
    "es": "Third Thursday of every month at 18:00, hora de Reino Unido",
}
MONTHS = {"en": "July 2022", "fr": "Juillet 2022", "es": "Julio de 2022"}
PREFIX = {"en": "", "fr": "/fr", "es": "/es"}


@pytest.fixture
def speaker(db):
    return Speaker.objects.create(name="Priya Raman", job_title="Nurse")


@pytest.fixture
def trees(home, series, locales, speaker):
    """The series in three languages: July 2022 (summer, untitled, with a guest
    speaker and a theme), January 2024 (winter, moved a week) and January 2030
    (coming, untitled); each page translated and published."""
    english = {
        "july": add_conversation(
            series,
            dt.date(2022, 7, 21),
            people=[(speaker, "speaker")],
            themes=["santé publique"],
        ),
        "january": add_conversation(
            series,
            dt.date(2024, 1, 18),
            title="Kindness in winter",
            status="postponed",
            postponed_date=dt.date(2024, 1, 25),
        ),
        "coming": add_conversation(series, dt.date(2030, 1, 17), status="scheduled"),
    }
    found = {"en": {"series": series, **english}}
    for language, name in (("fr", "Conversations pour la bienveillance"), ("es", "Conversaciones")):
        translate(home, language)
        found[language] = {"series": translate(series, language, title=name)}
        for key, page in english.items():
            found[language][key] = translate(page, language)
    return found


def _get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def _events(body: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(body).walk("VEVENT"))


# -- what a page stores ----------------------------------------------------------------


@pytest.mark.django_db
def test_an_untitled_translation_is_named_in_its_language_whoever_saves_it(trees):
    for language, month in MONTHS.items():
        assert trees[language]["july"].title == month
        assert (
            trees[language]["coming"].title
            == {
                "en": "January 2030",
                "fr": "Janvier 2030",
                "es": "Enero de 2030",
            }[language]
        )
    for editor in ("en", "fr", "es"):  # saved by editors of every language
        with translation.override(editor):
            for language in MONTHS:
                page = ConversationPage.objects.get(pk=trees[language]["july"].pk)
                page.save_revision().publish()
                page.refresh_from_db()
                assert page.title == MONTHS[language]
    titled = trees["fr"]["january"]
    assert titled.title == "Kindness in winter"  # a title is the editors'


@pytest.mark.django_db
def test_a_copy_as_the_next_meeting_is_named_in_its_series_language(trees):
    for language, month in (("en", "March 2031"), ("fr", "Mars 2031"), ("es", "Marzo de 2031")):
        source = trees[language]["july"]
        copy = source.copy(
            to=trees[language]["series"], update_attrs={"date": dt.date(2031, 3, 20)}
        )
        copy.refresh_from_db()
        assert copy.title == month
        assert copy.locale_id == source.locale_id


@pytest.mark.django_db
def test_an_alias_in_another_locale_keeps_its_month_in_its_language(client, series, series_fr):
    """Wagtail updates an alias from its original's content when that is published
    (``SYNC_PAGE_TREE``'s aliases): an untitled one stays named in its own language."""
    english = add_conversation(series, dt.date(2022, 7, 21))
    fr = series_fr.locale
    alias = english.create_alias(parent=series_fr, update_locale=fr, reset_translation_key=False)
    for _ in range(2):
        english.standfirst = "Republished."
        english.save_revision().publish()
        alias = ConversationPage.objects.get(pk=alias.pk)
        assert alias.title == "Juillet 2022"
        assert alias.draft_title == "Juillet 2022"
        assert alias.standfirst == "Republished."
    feed = feedparser.parse(_get(client, "/fr/conversations/feed/").content)
    assert [entry.title for entry in feed.entries] == ["Juillet 2022"]
    english.refresh_from_db()
    assert english.title == "July 2022"


# -- the pages --------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_archive_and_its_routes_are_in_the_pages_language(client, trees, language):
    tree = trees[language]
    base = f"{PREFIX[language]}/conversations/"
    july, january = tree["july"], tree["january"]
    theme = july.tagged_themes.get().tag.slug
    urls = [base, f"{base}2022/", f"{base}speakers/{july.people.get().speaker.slug}/",
            f"{base}themes/{theme}/"]  # fmt: skip
    for url in urls:
        response = _get(client, url)
        assert response["Content-Language"] == language
        html = response.content.decode()
        assert escape(MONTHS[language]) in html, url
        assert escape(format_when(july.start, LONDON, language)) in html, url
        for other in {"en", "fr", "es"} - {language}:
            assert escape(MONTHS[other]) not in html, (url, other)
    html = _get(client, base).content.decode()
    assert f'<p class="kindness-series__schedule">{escape(SCHEDULE_LINES[language])}</p>' in html
    # Winter: the same 18:00, another UTC instant; "Postponed from" in the language's words.
    assert escape(format_when(january.start, LONDON, language)) in html
    assert 'datetime="2024-01-25T18:00:00Z"' in html
    assert 'datetime="2022-07-21T17:00:00Z"' in html
    assert escape(format_day(dt.date(2024, 1, 18), language, year=False)) in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_conversation_page_is_in_its_language(client, trees, language):
    page = trees[language]["coming"]
    response = _get(client, page.url)
    assert response["Content-Language"] == language
    html = response.content.decode()
    assert page.url.startswith(f"{PREFIX[language]}/conversations/")
    for zone in (LONDON, NEW_YORK):
        assert escape(format_when(page.start, zone, language)) in html
    assert "6:00pm" not in html
    assert "January" not in html
    # The "add to calendar" links name it by its stored title, in its words.
    assert quote(f"{trees[language]['series'].title}: {page.title}") in html


@pytest.mark.django_db
def test_the_french_page_says_postponed_from_in_french(client, trees):
    html = _get(client, trees["fr"]["january"].url).content.decode()
    assert "jeudi 18 janvier" in html
    assert "Thursday 18 January" not in html


# -- calendars ---------------------------------------------------------------------------


def _calendar(client, language) -> bytes:
    return _get(client, f"{PREFIX[language]}/conversations/calendar.ics").content


@pytest.mark.django_db
def test_each_calendar_is_in_its_language(client, trees):
    for language in ("en", "fr", "es"):
        events = _events(_calendar(client, language))
        summaries = {str(e["SUMMARY"]) for e in events}
        assert MONTHS[language] in summaries, (language, summaries)
        moved = [e for e in events if "Postponed" in str(e.get("DESCRIPTION", "")) or
                 ("RECURRENCE-ID" in e and str(e["SUMMARY"]) == "Kindness in winter")]  # fmt: skip
        description = str(moved[0]["DESCRIPTION"])
        with translation.override(language):
            words = calendar_words()
        original = format_day(dt.date(2024, 1, 18), language)
        assert words.postponed_from.replace("{date}", original) in description
        assert words.more.split("{url}")[0] in description
        assert f"{PREFIX[language]}/conversations/" in description


@pytest.mark.django_db
def test_uids_are_the_default_locales_as_before_and_distinct_and_stable_elsewhere(client, trees):
    uids = {lang: {str(e["UID"]) for e in _events(_calendar(client, lang))} for lang in PREFIX}
    # English keeps the UIDs its subscribers have.
    assert "conversations@localhost" in uids["en"]
    assert all(uid.endswith("@localhost") for uid in uids["en"])
    assert all(uid.endswith("@fr.localhost") for uid in uids["fr"])
    assert all(uid.endswith("@es.localhost") for uid in uids["es"])
    assert not (uids["en"] & uids["fr"])
    assert not (uids["en"] & uids["es"])
    assert not (uids["fr"] & uids["es"])

    # Stable: another build (cache emptied), and a new publication of a French page.
    cache.clear()
    assert {str(e["UID"]) for e in _events(_calendar(client, "fr"))} == uids["fr"]
    french = ConversationPage.objects.get(pk=trees["fr"]["july"].pk)
    french.standfirst = "Republished."
    french.save_revision().publish()
    again = _events(_calendar(client, "fr"))
    assert {str(e["UID"]) for e in again} == uids["fr"]
    assert any("Republished." in str(e.get("DESCRIPTION", "")) for e in again)

    # The one-event files too.
    for language, domain in (("en", "localhost"), ("fr", "fr.localhost"), ("es", "es.localhost")):
        page = trees[language]["coming"]
        (event,) = _events(_get(client, page.url + "calendar.ics").content)
        assert str(event["UID"]) == f"conversations-2030-01@{domain}"


# -- feeds --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("atom", [False, True])
def test_each_feed_is_in_its_language_and_cached_apart(client, trees, atom):
    for language in ("fr", "en", "es"):
        url = f"{PREFIX[language]}/conversations/feed/" + ("atom/" if atom else "")
        response = _get(client, url)
        assert response["Content-Language"] == language
        if language != "en":  # the language comes from the path: nothing varies
            assert "Accept-Language" not in response.get("Vary", "")
        feed = feedparser.parse(response.content)
        assert feed.bozo == 0
        assert feed.feed.language == language
        titles = [entry.title for entry in feed.entries]
        assert MONTHS[language] in titles
        moved = next(e for e in feed.entries if e.title == "Kindness in winter")
        original = format_day(dt.date(2024, 1, 18), language)
        assert original in moved.description
        july = next(e for e in feed.entries if e.title == MONTHS[language])
        with translation.override(language):
            label = calendar_words().role_label("speaker", 1)
        assert f"{label}: Priya Raman" in july.description


# -- JSON-LD, the API, the template tags -------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_json_ld_is_in_the_pages_language(client, trees, language):
    tree = trees[language]
    html = _get(client, tree["july"].url).content.decode()
    (event,) = [json.loads(block) for block in SCRIPT.findall(html)]
    assert event["name"] == MONTHS[language]
    assert event["inLanguage"] == language
    html = _get(client, tree["series"].url).content.decode()
    (series,) = [json.loads(block) for block in SCRIPT.findall(html)]
    assert series["inLanguage"] == language
    assert series["name"] == tree["series"].title


@pytest.mark.django_db
def test_the_apis_words_are_in_the_pages_language(client, trees):
    for language in ("en", "fr", "es"):
        series = client.get(f"/api/v2/pages/{trees[language]['series'].pk}/").json()
        assert series["schedule_description"] == SCHEDULE_LINES[language]
        july = client.get(f"/api/v2/pages/{trees[language]['july'].pk}/").json()
        assert july["display_title"] == MONTHS[language]
        with translation.override(language):
            expected = str(ConversationPerson(role="speaker").get_role_display())
        assert july["people"][0]["role_label"] == expected


@pytest.mark.django_db
def test_next_conversation_follows_the_pages_locale(trees, home, client):
    template = Template(
        "{% load wagtail_kindness_tags %}{% next_conversation as item %}{{ item.series.pk }}"
        "|{% upcoming_conversations count=1 as items %}{{ items.0.series.pk }}|{{ item.title }}"
    )
    for language in ("en", "fr", "es"):
        tree = trees[language]
        home_page = tree["series"].get_parent().specific
        coming = tree["series"].next_conversation(now=timezone.now())
        # Named in the series' language, whatever the active one.
        title = coming.page.title if coming.page else month_label(coming.start, language)
        expected = f"{tree['series'].pk}|{tree['series'].pk}|{escape(title)}"
        # A page of that locale (the site's home page, say), whatever the active language.
        assert template.render(Context({"page": home_page})) == expected
        # No page: the active language's.
        with translation.override(language):
            assert template.render(Context({})) == expected


# -- a page served where the request's language is another --------------------------------


@pytest.fixture
def french_only_site(locales):
    """``fr.example``: a French home page with no English translation, and its series.

    Its paths have no language prefix, so the active language is the default one
    (English) while its French pages are served."""
    root = Page.get_first_root_node()
    home = root.add_child(instance=Page(title="Accueil", slug="accueil", locale=locales["fr"]))
    Site.objects.create(hostname="fr.example", port=80, root_page=home)
    series = make_series(home, title="Nos conversations")
    assert series.locale == locales["fr"]
    page = add_conversation(series, dt.date(2022, 7, 21))
    assert page.title == "Juillet 2022"
    return series, page


@pytest.mark.django_db
def test_a_french_page_served_in_another_active_language_is_french(client, french_only_site):
    _series, page = french_only_site
    for browser in ("en", "fr", "es"):
        headers = {"HTTP_HOST": "fr.example", "HTTP_ACCEPT_LANGUAGE": browser}
        response = _get(client, "/conversations/", **headers)
        assert response["Content-Language"] == "fr"
        html = response.content.decode()
        assert '<html lang="fr">' in html
        assert escape(SCHEDULE_LINES["fr"]) in html
        assert escape(format_when(page.start, LONDON, "fr")) in html
        assert "Past and coming conversations" not in html
        html = _get(client, "/conversations/2022-07/", **headers).content.decode()
        assert escape(format_when(page.start, LONDON, "fr")) in html
        assert "<h1>Juillet 2022</h1>" in html
        feed = _get(client, "/conversations/feed/", **headers)
        assert feed["Content-Language"] == "fr"
        assert feedparser.parse(feed.content).feed.language == "fr"
        events = _events(_get(client, "/conversations/calendar.ics", **headers).content)
        assert "Juillet 2022" in {str(e["SUMMARY"]) for e in events}
        assert all(str(e["UID"]).endswith("@fr.fr.example") for e in events)


@pytest.mark.django_db
def test_the_preview_of_a_french_page_is_french_in_an_english_admin(admin_client, trees):
    french = trees["fr"]
    for page in (french["series"], french["coming"]):
        response = admin_client.get(f"/admin/pages/{page.pk}/view_draft/")
        assert response.status_code == 200
        html = response.content.decode()
        assert '<html lang="fr">' in html
        assert escape(format_when(french["coming"].start, LONDON, "fr")) in html

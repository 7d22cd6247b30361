"""Outputs in the visitor's language on a site without Wagtail's i18n.

The site chooses the language from the browser (Django's ``LocaleMiddleware``,
no language prefix in the path), as ``french_site`` in ``test_plugin_i18n.py``:

* every date and time a visitor reads is CLDR's for the language (French,
  and Spanish, which has no plugin messages), in the series' zone and the
  display zones, on both sides of a change of the clocks;
* the schedule line, the "Postponed from" dates, the calendars' and feeds'
  words follow it; labels without a translation stay English;
* every cached output is kept per language: French first, then English,
  gives English (the feeds, the calendar, the archive), and a French ETag
  never gets a 304 in English; the responses say ``Content-Language`` and
  ``Vary: Accept-Language``;
* without Wagtail's i18n a page has one language of its own (the site's),
  so its calendar UIDs and its stored title do not change with the visitor's.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import feedparser
import icalendar
import pytest
from django.test.utils import override_settings
from django.utils import translation
from django.utils.html import escape
from kindness_factories import add_conversation, make_series, third_thursday

from kindness_core.schedule.dates import format_day, format_when
from wagtail_kindness.languages import (
    calendar_words,
    content_language,
    output_locale,
    page_language,
    uid_domain_for,
)
from wagtail_kindness.models import ConversationPage, Speaker

LOCALES = {"en": "en", "fr": "fr", "es": "es"}
LONDON, NEW_YORK = "Europe/London", "America/New_York"
#: Third Thursdays: winter, between the US (10 March) and UK (31 March) clock
#: changes of 2024, and summer.
WINTER, SPRING, SUMMER = third_thursday(2024, 1), third_thursday(2024, 3), third_thursday(2024, 7)


@pytest.fixture
def visitor_languages(settings):
    """The site serves English, French or Spanish, as the visitor's browser asks."""
    settings.LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:1],
        "django.middleware.locale.LocaleMiddleware",
        *settings.MIDDLEWARE[1:],
    ]
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _get(client, url, language, **headers):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert response.status_code in (200, 304), (url, response.status_code)
    return response


def _zoned_series(home, zone):
    return make_series(home, slug=f"meetings-{zone.split('/')[1].lower()}", schedule_timezone=zone)


# -- dates and times ------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
@pytest.mark.parametrize("zone", [LONDON, NEW_YORK])
def test_every_date_and_time_is_in_the_visitors_locale(
    client, home, visitor_languages, language, zone
):
    series = _zoned_series(home, zone)
    pages = [add_conversation(series, day, title=f"Meeting {day:%m}") for day in (WINTER, SUMMER)]
    html = _get(client, series.url, language).content.decode()
    for page in pages:
        # 18:00 local in winter and in summer: the UTC instant moves with the clocks.
        local = page.start.astimezone(zoneinfo.ZoneInfo(zone))
        assert (local.hour, local.minute) == (18, 0)
        assert escape(format_when(page.start, zone, language)) in html
        assert f'datetime="{page.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ}"' in html
    assert "6:00pm" not in html
    assert "January" not in html
    assert "July" not in html
    month = {"fr": "janvier 2024, 18:00", "es": "de enero de 2024, 18:00"}[language]
    assert month in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["jeudi 21 mars 2024, 18:00, heure : Royaume-Uni", "jeudi 21 mars 2024, 14:00"]),
        ("es", ["jueves, 21 de marzo de 2024, 18:00, hora de Reino Unido", "marzo de 2024, 14:00"]),
        ("en", ["Thursday 21 March 2024, 6:00pm UK time", "Thursday 21 March 2024, 2:00pm"]),
    ],
)
def test_a_conversation_page_gives_its_time_in_every_zone_in_the_visitors_words(
    client, series, visitor_languages, language, expected
):
    # 21 March 2024: New York has changed its clocks (10 March), London not yet.
    spring = add_conversation(series, SPRING, title="Spring", status="scheduled")
    winter = add_conversation(series, WINTER, title="Winter", status="scheduled")
    spring_html = _get(client, spring.url, language).content.decode()
    for text in expected:
        assert escape(text) in spring_html
    winter_html = _get(client, winter.url, language).content.decode()
    assert escape(format_when(winter.start, NEW_YORK, language)) in winter_html
    assert ", 13:00" in winter_html or "1:00pm" in winter_html  # five hours behind in January
    for zone in ("Asia/Kolkata", "Australia/Sydney"):
        assert escape(format_when(spring.start, zone, language)) in spring_html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("en", "Third Thursday of every month at 6:00pm UK time"),
        ("fr", "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni"),
        ("es", "Third Thursday of every month at 18:00, hora de Reino Unido"),
    ],
)
def test_the_schedule_line_is_in_the_visitors_language(
    client, series, visitor_languages, language, line
):
    add_conversation(series, WINTER, title="Winter")
    html = _get(client, series.url, language).content.decode()
    assert f'<p class="kindness-series__schedule">{escape(line)}</p>' in html
    feed = feedparser.parse(_get(client, series.url + "feed/", language).content)
    assert feed.feed.language == language


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es", "en"])
def test_postponed_from_dates_are_in_the_visitors_words(
    client, series, visitor_languages, language
):
    moved = add_conversation(
        series,
        WINTER,
        title="Moved",
        status="postponed",
        postponed_date=dt.date(2024, 1, 25),
    )
    day = format_day(WINTER, language, year=False)  # "jeudi 18 janvier", "jueves, 18 de enero"
    for url in (moved.url, series.url):
        html = _get(client, url, language).content.decode()
        assert escape(day) in html
    if language != "en":
        assert "Thursday 18 January" not in html


# -- the calendars' and feeds' words --------------------------------------------------


@pytest.fixture
def described(series, speaker):
    """A meeting moved by a week, with two guest speakers."""
    other = Speaker.objects.create(name="Ana López")
    moved = add_conversation(
        series,
        WINTER,
        title="Moved",
        status="postponed",
        postponed_date=dt.date(2024, 1, 25),
        people=[(speaker, "speaker"), (other, "speaker")],
    )
    return moved


def _words_of(description: str, language: str) -> None:
    with translation.override(language):
        words = calendar_words()
    date = words.postponed_from.replace("{date}", format_day(WINTER, output_locale(language)))
    assert date in description
    assert words.role_label("speaker", 2) + ":" in description
    assert words.more.split("{url}")[0] in description


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_feed_is_cached_per_language(client, described, visitor_languages, language):
    url = "/conversations/feed/"
    first = _get(client, url, language)
    assert first["Content-Language"] == language
    assert "Accept-Language" in first["Vary"]
    foreign = feedparser.parse(first.content)
    assert foreign.feed.language == language
    _words_of(foreign.entries[0].description, language)

    second = _get(client, url, "en")  # the same series, the cache now full
    assert second["Content-Language"] == "en"
    english = feedparser.parse(second.content)
    assert english.feed.language == "en"
    description = english.entries[0].description
    assert "Postponed from Thursday 18 January 2024" in description
    assert "Guest speakers: " in description
    assert format_day(WINTER, language) not in description
    assert first["ETag"] != second["ETag"]

    # A client holding the foreign copy never gets a 304 for the English one.
    again = _get(client, url, "en", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert feedparser.parse(again.content).feed.language == "en"
    same = _get(client, url, language, HTTP_IF_NONE_MATCH=first["ETag"])
    assert same.status_code == 304
    assert same["Content-Language"] == language


@pytest.mark.django_db
def test_spanish_has_no_plugin_messages_so_its_labels_are_english(
    client, described, visitor_languages
):
    response = _get(client, "/conversations/feed/", "es")
    description = feedparser.parse(response.content).entries[0].description
    assert "Postponed from jueves, 18 de enero de 2024" in description
    assert "Guest speakers: " in description
    assert "More: " in description


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "es"])
def test_the_calendar_is_cached_per_language_and_keeps_its_uids(
    client, described, series, visitor_languages, language
):
    url = "/conversations/calendar.ics"
    foreign = _get(client, url, language)
    english = _get(client, url, "en")
    assert foreign["Content-Language"] == language
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    assert foreign["ETag"] != english["ETag"]

    def events(response):
        calendar = icalendar.Calendar.from_ical(response.content)
        return {str(e["UID"]): e for e in calendar.walk("VEVENT")}

    theirs, ours = events(foreign), events(english)
    # One page, one meeting: without Wagtail's i18n the UIDs are the site's, whatever
    # the visitor's language (a subscriber's events are not duplicated).
    assert set(theirs) == set(ours)
    assert "conversations@localhost" in ours
    moved_foreign = [e for e in theirs.values() if "RECURRENCE-ID" in e]
    moved_english = [e for e in ours.values() if "RECURRENCE-ID" in e]
    _words_of(str(moved_foreign[0]["DESCRIPTION"]), language)
    assert str(moved_english[0]["DESCRIPTION"]).startswith(
        "Postponed from Thursday 18 January 2024"
    )


@pytest.mark.django_db
def test_the_cached_archive_is_kept_per_language(client, series, visitor_languages):
    add_conversation(series, WINTER, title="Winter")
    french = _get(client, series.url, "fr")
    english = _get(client, series.url, "en")
    assert "janvier 2024" in french.content.decode()
    html = english.content.decode()
    assert "Thursday 18 January 2024" in html
    assert "janvier" not in html
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]


@pytest.mark.django_db
def test_a_conversation_calendar_file_and_its_links_are_in_the_visitors_language(
    client, series, visitor_languages
):
    page = add_conversation(
        series,
        dt.date(2030, 1, 17),
        status="postponed",
        postponed_date=dt.date(2030, 1, 24),
    )
    body = _get(client, page.url + "calendar.ics", "fr").content
    (event,) = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Conversations for Kindness: January 2030"  # its stored title
    assert format_day(dt.date(2030, 1, 17), "fr") in str(event["DESCRIPTION"])
    assert str(event["UID"]) == "conversations-2030-01@localhost"
    html = _get(client, page.url, "fr").content.decode()
    assert "jeudi%2017%20janvier%202030" in html


# -- what a page stores ----------------------------------------------------------------


@pytest.mark.django_db
def test_an_untitled_page_is_named_in_the_sites_language_not_the_editors(series, settings):
    with translation.override("fr"):  # a French editor on an English site
        page = add_conversation(series, dt.date(2022, 7, 21))
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "July 2022"
    settings.LANGUAGE_CODE = "fr"  # a French site
    with translation.override("en"):
        page = ConversationPage.objects.get(pk=page.pk)
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "Juillet 2022"
    settings.LANGUAGE_CODE = "es"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.title == "Julio de 2022"


@pytest.mark.django_db
def test_without_wagtails_i18n_a_page_speaks_the_active_language(series):
    for language in ("fr", "es", "en-gb"):
        with translation.override(language):
            assert page_language(series) == language
            assert output_locale() == {"fr": "fr", "es": "es", "en-gb": "en_GB"}[language]
            assert uid_domain_for(series, "example.org") == "example.org"
    with override_settings(LANGUAGE_CODE="fr"):
        assert content_language(series) == "fr"

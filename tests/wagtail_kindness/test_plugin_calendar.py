"""The series' calendar.ics and a conversation's calendar.ics, read by real clients.

The feed is fetched through the Django test client from the page route,
parsed by ``icalendar`` and expanded by ``recurring_ical_events``, as a
calendar application subscribed to it would.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from urllib.parse import parse_qs, urlsplit

import icalendar
import pytest
import recurring_ical_events
from django.db import connection
from django.test.utils import CaptureQueriesContext
from kindness_factories import add_conversation, count_queries, third_thursday

from wagtail_kindness.models import ConversationPage

LONDON = zoneinfo.ZoneInfo("Europe/London")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")
CALENDAR = "/conversations/calendar.ics"


@pytest.fixture
def archive(series, speaker):
    """February to June 2023: March titled, April cancelled, May untitled."""
    pages = {
        2: add_conversation(series, third_thursday(2023, 2), title="Kindness in February"),
        3: add_conversation(
            series,
            third_thursday(2023, 3),
            title="Kindness and courage",
            people=[(speaker, "speaker")],
            themes=["courage"],
        ),
        4: add_conversation(series, third_thursday(2023, 4), status="cancelled"),
        5: add_conversation(series, third_thursday(2023, 5)),
        6: add_conversation(series, third_thursday(2023, 6), title="Kindness in June"),
    }
    return pages


def _events(body: bytes, start: dt.date, end: dt.date):
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(
        recurring_ical_events.of(calendar).between(start, end),
        key=lambda event: event["DTSTART"].dt,
    )


@pytest.mark.django_db
def test_a_subscribed_client_sees_every_third_thursday_at_six_uk_time(client, archive):
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"].endswith("GMT")
    body = response.content
    calendar = icalendar.Calendar.from_ical(body)
    assert [c.name for c in calendar.walk("VTIMEZONE")] == ["VTIMEZONE"]
    assert str(calendar.walk("VTIMEZONE")[0]["TZID"]) == "Europe/London"

    events = _events(body, dt.date(2023, 1, 1), dt.date(2024, 1, 1))
    starts = [event["DTSTART"].dt for event in events]
    # Every third Thursday from February is there, once; April's was cancelled and
    # says so (tests/wagtail_kindness/test_plugin_calendar_truth.py: every change).
    expected = [third_thursday(2023, m) for m in range(2, 13)]
    assert [s.date() for s in starts] == expected
    assert len(set(starts)) == len(starts)  # no duplicate on a recorded date
    for start in starts:
        assert start.tzinfo is not None
        assert start.astimezone(LONDON).time() == dt.time(18, 0)
    by_day = {event["DTSTART"].dt.date(): event for event in events}

    feb = by_day[dt.date(2023, 2, 16)]["DTSTART"].dt
    assert feb.astimezone(dt.UTC).time() == dt.time(18, 0)
    assert feb.astimezone(NEW_YORK).time() == dt.time(13, 0)
    # New York has moved its clocks on 12 March, London not until 26 March.
    march = by_day[dt.date(2023, 3, 16)]["DTSTART"].dt
    assert march.astimezone(NEW_YORK).time() == dt.time(14, 0)
    june = by_day[dt.date(2023, 6, 15)]["DTSTART"].dt
    assert june.astimezone(dt.UTC).time() == dt.time(17, 0)
    assert june.astimezone(NEW_YORK).time() == dt.time(13, 0)
    assert (by_day[dt.date(2023, 6, 15)]["DTEND"].dt - june) == dt.timedelta(hours=1)

    titles = {day: str(event["SUMMARY"]) for day, event in by_day.items()}
    assert titles[dt.date(2023, 2, 16)] == "Kindness in February"
    assert titles[dt.date(2023, 3, 16)] == "Kindness and courage"
    assert titles[dt.date(2023, 5, 18)] == "May 2023"  # untitled: the month
    assert titles[dt.date(2023, 7, 20)] == "Conversations for Kindness"  # no page yet
    march_event = by_day[dt.date(2023, 3, 16)]
    assert "Dr Hesham Abdalla" in str(march_event["DESCRIPTION"])
    assert str(march_event["URL"]).startswith("http://localhost/conversations/2023-03")
    april = by_day[dt.date(2023, 4, 20)]
    assert (april["STATUS"], str(april["SUMMARY"])) == ("CANCELLED", "Cancelled: April 2023")
    assert {e["STATUS"] for e in events if e is not april} == {"CONFIRMED"}


@pytest.mark.django_db
def test_conditional_gets_are_answered_with_304(client, archive):
    first = client.get(CALENDAR)
    etag, modified = first["ETag"], first["Last-Modified"]

    again = client.get(CALENDAR, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    since = client.get(CALENDAR, HTTP_IF_MODIFIED_SINCE=modified)
    assert since.status_code == 304

    other = client.get(CALENDAR, HTTP_IF_NONE_MATCH='W/"something-else"')
    assert other.status_code == 200
    assert other.content.startswith(b"BEGIN:VCALENDAR")


@pytest.mark.django_db
def test_the_304_and_the_cached_calendar_are_answered_without_building(
    client, archive, django_assert_max_num_queries
):
    first = client.get(CALENDAR)
    with CaptureQueriesContext(connection) as warm:
        assert client.get(CALENDAR).content == first.content  # from the cache (same DTSTAMP)
    with CaptureQueriesContext(connection) as conditional:
        assert client.get(CALENDAR, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert len(conditional) <= len(warm)
    # Building reads the conversations, their people and themes: the warm request does not.
    assert not any("wagtail_kindness_conversationperson" in q["sql"] for q in warm)


@pytest.mark.django_db
def test_publishing_and_unpublishing_change_the_calendar_and_its_etag(client, archive, series):
    before = client.get(CALENDAR)
    new = add_conversation(series, third_thursday(2023, 7), title="Kindness in July")
    after = client.get(CALENDAR)
    assert after["ETag"] != before["ETag"]
    assert client.get(CALENDAR, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 200
    titles = {
        str(e["SUMMARY"]) for e in _events(after.content, dt.date(2023, 7, 1), dt.date(2023, 8, 1))
    }
    assert titles == {"Kindness in July"}

    new.unpublish()
    gone = client.get(CALENDAR)
    assert gone["ETag"] != after["ETag"]
    assert b"Kindness in July" not in gone.content


@pytest.mark.django_db
def test_speaker_changes_and_deletions_invalidate_the_cache(client, archive, speaker):
    before = client.get(CALENDAR)
    speaker.name = "Hesham Abdalla-Smith"
    speaker.save()
    after = client.get(CALENDAR)
    assert after["ETag"] != before["ETag"]
    assert b"Abdalla-Smith" in after.content

    archive[6].delete()
    deleted = client.get(CALENDAR)
    assert deleted["ETag"] != after["ETag"]
    assert b"Kindness in June" not in deleted.content


@pytest.mark.django_db
def test_the_warm_calendar_takes_the_same_queries_at_5_and_50_conversations(client, series):
    def get() -> None:
        assert client.get(CALENDAR).status_code == 200

    def warm_queries() -> int:
        get()  # built and cached
        return count_queries(get)

    months = [(2019 + i // 12, 1 + i % 12) for i in range(50)]
    for year, month in months[:5]:
        add_conversation(series, third_thursday(year, month), with_revision=False)
    at_5 = warm_queries()
    for year, month in months[5:]:
        add_conversation(series, third_thursday(year, month), with_revision=False)
    assert ConversationPage.objects.live().count() == 50
    at_50 = warm_queries()
    assert at_5 == at_50
    assert at_50 <= 8  # 5 on 2026-12-06 (test_plugin_querycounts.py: "calendar_warm")


@pytest.mark.django_db
def test_a_failing_cache_still_serves_the_calendar(client, archive, plugin_cache_down):
    response = client.get(CALENDAR)
    assert response.status_code == 200
    assert b"Kindness and courage" in response.content
    assert "ETag" not in response  # no validator that could give a wrong 304
    assert (
        client.get(CALENDAR, HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT").status_code
        == 200
    )


@pytest.mark.django_db
def test_the_trailing_slash_address_works_without_the_plugin_urls(client, archive):
    response = client.get(CALENDAR + "/")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"


# -- one conversation ----------------------------------------------------------


@pytest.mark.django_db
def test_a_conversation_calendar_file_has_one_event(client, series, speaker):
    page = add_conversation(
        series,
        dt.date(2023, 10, 19),
        title="Kindness in education",
        status="scheduled",
        people=[(speaker, "speaker")],
    )
    response = client.get(page.url + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Conversations for Kindness: Kindness in education"
    start = event["DTSTART"].dt
    assert start == dt.datetime(2023, 10, 19, 18, 0, tzinfo=LONDON)
    assert start.astimezone(dt.UTC) == dt.datetime(2023, 10, 19, 17, 0, tzinfo=dt.UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["UID"]) == "conversations-2023-10@localhost"
    expanded = recurring_ical_events.of(calendar).between(
        dt.date(2023, 10, 1), dt.date(2023, 11, 1)
    )
    assert len(expanded) == 1


@pytest.mark.django_db
def test_the_conversation_page_offers_google_outlook_ics_and_webcal(client, series):
    page = add_conversation(
        series, dt.date(2023, 10, 19), title="Kindness in education", status="scheduled"
    )
    html = client.get(page.url).content.decode()
    links = {
        text.strip(): href.replace("&amp;", "&")
        for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    }
    google = urlsplit(links["Add to Google Calendar"])
    assert google.netloc == "calendar.google.com"
    query = parse_qs(google.query)
    assert query["ctz"] == ["Europe/London"]
    assert query["dates"] == ["20231019T180000/20231019T190000"]
    assert query["text"] == ["Conversations for Kindness: Kindness in education"]
    outlook = parse_qs(urlsplit(links["Add to Outlook"]).query)
    assert outlook["startdt"] == ["2023-10-19T18:00:00+01:00"]
    ics = [href for text, href in links.items() if text.startswith("Download the event")]
    assert ics == ["http://localhost/conversations/2023-10-kindness-in-education/calendar.ics"]
    subscribe = links["Subscribe to every conversation in your calendar app"]
    assert subscribe == "webcal://localhost/conversations/calendar.ics"
    assert client.get(urlsplit(ics[0]).path).status_code == 200

    series_html = client.get(series.url).content.decode()
    assert 'href="webcal://localhost/conversations/calendar.ics"' in series_html


@pytest.mark.django_db
def test_a_held_or_cancelled_conversation_offers_no_add_to_calendar(client, series):
    held = add_conversation(series, dt.date(2023, 10, 19), title="Held")
    cancelled = add_conversation(series, dt.date(2023, 11, 16), status="cancelled")
    for page in (held, cancelled):
        html = client.get(page.url).content.decode()
        assert "Add to Google Calendar" not in html
        assert "webcal://localhost/conversations/calendar.ics" in html


@pytest.mark.django_db
def test_a_calendar_spanning_centuries_keeps_its_recent_window(client, series):
    """A conversation more than 199 years before the newest is left out, not a failure."""
    old = add_conversation(series, third_thursday(2000, 1), title="Kindness long ago")
    # Editors cannot type a date before 1900, but an imported or legacy row can hold one.
    old.date = third_thursday(1801, 1)
    ConversationPage.objects.filter(pk=old.pk).update(
        date=old.date, start=old.effective_start(series)
    )
    add_conversation(series, third_thursday(2023, 2), title="Kindness in February")
    add_conversation(series, third_thursday(2023, 3), title="Kindness and courage")
    assert ConversationPage.objects.get(pk=old.pk).start.year == 1801

    response = client.get(CALENDAR)

    assert response.status_code == 200
    assert b"Kindness long ago" not in response.content
    summaries = [
        str(e["SUMMARY"])
        for e in _events(response.content, dt.date(2023, 1, 1), dt.date(2023, 4, 1))
    ]
    assert summaries == ["Kindness in February", "Kindness and courage"]
    # The archive page still lists it: only the calendar is bounded.
    assert b"Kindness long ago" in client.get(series.url).content


@pytest.mark.django_db
def test_cancelled_and_postponed_pages_off_the_rule_do_not_break_the_calendar(client, series):
    # An editor may publish a conversation on a day the rule does not give (the
    # form warns, it does not refuse): there is then no meeting to skip or move.
    add_conversation(series, third_thursday(2023, 5), title="On the rule")
    add_conversation(series, dt.date(2023, 6, 12), title="Off the rule", status="cancelled")
    add_conversation(
        series,
        dt.date(2023, 7, 3),
        title="Also off the rule",
        status="postponed",
        postponed_date=dt.date(2023, 7, 10),
    )
    for path in ("/conversations/calendar.ics", "/conversations/", "/conversations/feed/"):
        response = client.get(path)
        assert response.status_code == 200, path
    events = _events(
        client.get("/conversations/calendar.ics").content, dt.date(2023, 5, 1), dt.date(2023, 8, 1)
    )
    by_title = {str(e["SUMMARY"]): e for e in events}
    assert by_title["On the rule"]["DTSTART"].dt.date() == third_thursday(2023, 5)
    # One conversation a month: the pages are June's and July's conversations.
    # June's is cancelled (and says so); July's is held on its new date only.
    starts = sorted((e["DTSTART"].dt.date(), e["STATUS"]) for e in events)
    assert starts == [
        (third_thursday(2023, 5), "CONFIRMED"),
        (dt.date(2023, 6, 12), "CANCELLED"),
        (dt.date(2023, 7, 10), "CONFIRMED"),
    ]
    assert str(by_title["Also off the rule"]["DESCRIPTION"]).startswith(
        "Postponed from Monday 3 July 2023"
    )

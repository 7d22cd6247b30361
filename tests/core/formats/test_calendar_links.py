"""kindness_core.formats.calendar_links: Google / Outlook links, parsed back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

from kindness_core import Conversation, Person, Schedule, Series
from kindness_core.formats.calendar_links import (
    MAX_DETAILS,
    calendar_event_title,
    google_calendar_url,
    outlook_calendar_url,
)


def query(url: str) -> dict[str, str]:
    parsed = parse_qs(urlsplit(url).query, keep_blank_values=True, strict_parsing=True)
    assert all(len(v) == 1 for v in parsed.values()), parsed
    return {k: v[0] for k, v in parsed.items()}


@pytest.fixture
def make_series(make_series: Callable[..., Series]) -> Callable[..., Series]:
    """The shared test series, with a join URL that must be escaped in links."""
    return functools.partial(make_series, join_url="https://example.org/join?id=1&pw=a%20b")


@pytest.fixture
def october(conv) -> Conversation:
    return conv(
        dt.date(2023, 10, 19),
        "36 months of conversations so far",
        summary="Feedback on the future direction & priorities; what next?",
        people=(Person(name="Michael West", honorific="Professor"),),
        url="https://example.org/conversations/2023-10",
    )


def test_google_link(make_series, october) -> None:
    url = google_calendar_url(make_series(), october)
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    q = query(url)
    assert q["action"] == "TEMPLATE"
    assert q["text"] == "Conversations for Kindness: 36 months of conversations so far"
    assert q["dates"] == "20231019T180000/20231019T190000"
    assert q["ctz"] == "Europe/London"
    assert q["location"] == "https://example.org/join?id=1&pw=a%20b"
    assert q["details"].startswith("Feedback on the future direction & priorities; what next?")
    assert "With Professor Michael West" in q["details"]
    assert "Join online: https://example.org/join?id=1&pw=a%20b" in q["details"]
    assert "More: https://example.org/conversations/2023-10" in q["details"]
    assert " " not in url
    assert "+" not in url


def test_outlook_link(make_series, october) -> None:
    url = outlook_calendar_url(make_series(), october)
    parts = urlsplit(url)
    assert parts.netloc == "outlook.live.com"
    assert parts.path == "/calendar/0/deeplink/compose"
    q = query(url)
    assert q["subject"] == "Conversations for Kindness: 36 months of conversations so far"
    assert q["startdt"] == "2023-10-19T18:00:00+01:00"
    assert q["enddt"] == "2023-10-19T19:00:00+01:00"
    assert q["path"] == "/calendar/action/compose"
    assert q["rru"] == "addevent"
    assert "Join online" in q["body"]
    assert urlsplit(outlook_calendar_url(make_series(), october, office365=True)).netloc == (
        "outlook.office.com"
    )


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        (dt.date(2022, 12, 15), "+00:00"),
        (dt.date(2023, 3, 16), "+00:00"),
        (dt.date(2023, 6, 15), "+01:00"),
    ],
)
def test_times_across_dst(make_series, conv, day: dt.date, offset: str) -> None:
    c = conv(day)
    q = query(outlook_calendar_url(make_series(), c))
    assert q["startdt"] == f"{day.isoformat()}T18:00:00{offset}"
    g = query(google_calendar_url(make_series(), c))
    assert g["dates"] == f"{day:%Y%m%d}T180000/{day:%Y%m%d}T190000"


def test_other_zone_and_explicit_end(make_series) -> None:
    schedule = Schedule(
        rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="America/New_York"
    )
    series = make_series(schedule=schedule)
    ny = ZoneInfo("America/New_York")
    c = Conversation(
        key="k/2024-01",
        start=dt.datetime(2024, 1, 18, 23, tzinfo=dt.UTC),
        end=dt.datetime(2024, 1, 18, 19, 30, tzinfo=ny),
    )
    g = query(google_calendar_url(series, c))
    assert g["dates"] == "20240118T180000/20240118T193000"
    assert g["ctz"] == "America/New_York"
    o = query(outlook_calendar_url(series, c))
    assert o["startdt"] == "2024-01-18T18:00:00-05:00"
    assert o["enddt"] == "2024-01-18T19:30:00-05:00"


def test_untitled_and_no_links(make_series, conv) -> None:
    series = make_series(join_url=None, url=None)
    c = conv(dt.date(2022, 9, 15))
    assert calendar_event_title(series, c) == "Conversations for Kindness: September 2022"
    q = query(google_calendar_url(series, c))
    assert q["text"] == "Conversations for Kindness: September 2022"
    assert q["details"] == ""
    assert "location" not in q
    assert "location" not in query(outlook_calendar_url(series, c))


def test_special_characters_round_trip(make_series, conv) -> None:
    title = "Kindness & care? #1 / 100% <b>bold</b>\nnew line"
    c = conv(dt.date(2023, 1, 19), title)
    for url in (google_calendar_url(make_series(), c), outlook_calendar_url(make_series(), c)):
        q = query(url)
        assert (q.get("text") or q.get("subject")) == f"Conversations for Kindness: {title}"
        assert "#" not in url
        assert "<" not in url
        assert "\n" not in url


def test_long_details_are_shortened_keeping_links(make_series, conv) -> None:
    c = conv(
        dt.date(2023, 1, 19),
        "Long",
        summary="word " * 2000,
        url="https://example.org/conversations/2023-01",
    )
    q = query(google_calendar_url(make_series(), c))
    assert len(q["details"]) <= MAX_DETAILS
    assert q["details"].endswith("More: https://example.org/conversations/2023-01")
    assert "…" in q["details"]


@pytest.mark.parametrize("link", [google_calendar_url, outlook_calendar_url])
def test_a_moved_meeting_says_where_it_was_moved_from(make_series, link) -> None:
    london = ZoneInfo("Europe/London")
    moved = Conversation(
        key="conversations-for-kindness/2027-01",
        start=dt.datetime(2027, 1, 28, 18, 30, tzinfo=london),
        previous_start=dt.datetime(2027, 1, 21, 18, 0, tzinfo=london),
        title="Kindness and courage",
        summary="word " * 2000,
        url="https://example.org/conversations/2027-01",
    )
    key = "body" if link is outlook_calendar_url else "details"
    details = query(link(make_series(), moved))[key]
    assert details.startswith("Postponed from Thursday 21 January 2027\n\n")
    assert len(details) <= MAX_DETAILS
    assert details.endswith("More: https://example.org/conversations/2027-01")
    plain = dataclasses.replace(moved, previous_start=None)
    assert "Postponed" not in query(link(make_series(), plain))[key]

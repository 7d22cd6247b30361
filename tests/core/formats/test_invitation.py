"""kindness_core.formats.invitation: one person's event, read back by icalendar,
recurring_ical_events and ical.js, in two zones across both DST changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from kindness_core.errors import KindnessInputError
from kindness_core.formats.invitation import Invitation, invitation_calendar, method
from tests.icaljs import run_icaljs

NOW = dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC)
LINK = "https://meet.example.org/j/123-private"


def make(zone: str, local: dt.datetime, **fields) -> Invitation:
    start = local.replace(tzinfo=ZoneInfo(zone))
    return Invitation(
        **{
            "uid": "0f3a9c@example.org",
            "summary": "Conversations for Kindness: March",
            "start": start,
            "end": start + dt.timedelta(hours=1),
            "zone": zone,
            "sequence": 0,
            "organizer": "kindness@example.org",
            "attendee": "ada@example.com",
            "description": f"Join the conversation: {LINK}",
            "url": "https://example.org/conversations/2026-03/",
            "meeting_url": LINK,
            **fields,
        }
    )


#: Meetings just after the March change and just before/after the October one,
#: in two zones that change on different dates (Europe vs the United States).
CASES = [
    ("Europe/London", dt.datetime(2026, 4, 2, 18, 0), dt.datetime(2026, 4, 2, 17, 0)),
    ("Europe/London", dt.datetime(2026, 3, 26, 18, 0), dt.datetime(2026, 3, 26, 18, 0)),
    ("Europe/London", dt.datetime(2026, 10, 22, 18, 0), dt.datetime(2026, 10, 22, 17, 0)),
    ("Europe/London", dt.datetime(2026, 10, 29, 18, 0), dt.datetime(2026, 10, 29, 18, 0)),
    ("America/New_York", dt.datetime(2026, 3, 12, 12, 0), dt.datetime(2026, 3, 12, 16, 0)),
    ("America/New_York", dt.datetime(2026, 3, 5, 12, 0), dt.datetime(2026, 3, 5, 17, 0)),
    ("America/New_York", dt.datetime(2026, 10, 29, 12, 0), dt.datetime(2026, 10, 29, 16, 0)),
    ("America/New_York", dt.datetime(2026, 11, 5, 12, 0), dt.datetime(2026, 11, 5, 17, 0)),
    ("Australia/Sydney", dt.datetime(2026, 4, 9, 9, 0), dt.datetime(2026, 4, 8, 23, 0)),
]


@pytest.mark.parametrize(("zone", "local", "utc"), CASES)
def test_the_instant_is_right_in_icalendar_and_recurring_ical_events(zone, local, utc):
    data = invitation_calendar(make(zone, local), now=NOW)
    cal = icalendar.Calendar.from_ical(data)
    assert cal["METHOD"] == "REQUEST"
    assert [c["TZID"] for c in cal.walk("VTIMEZONE")] == [zone]
    event = cal.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == zone
    assert event.decoded("DTSTART").astimezone(dt.UTC) == utc.replace(tzinfo=dt.UTC)
    found = recurring_ical_events.of(cal).between(
        utc - dt.timedelta(days=1), utc + dt.timedelta(days=1)
    )
    assert [e.decoded("DTSTART").astimezone(dt.UTC) for e in found] == [utc.replace(tzinfo=dt.UTC)]
    assert "\r\nDTSTART;TZID=" in data.decode()


@pytest.mark.parametrize(("zone", "local", "utc"), CASES[::2])
def test_the_instant_is_right_in_icaljs(tmp_path, zone, local, utc):
    data = invitation_calendar(make(zone, local), now=NOW)
    found = run_icaljs(tmp_path, data, "2026-01-01", "2027-01-01")
    assert len(found) == 1
    start = dt.datetime.fromisoformat(str(found[0]["start"]).replace("Z", "+00:00"))
    assert start.astimezone(dt.UTC) == utc.replace(tzinfo=dt.UTC)


def test_a_request_names_organizer_attendee_link_and_sequence():
    invitation = make("Europe/London", dt.datetime(2026, 3, 19, 18, 0), sequence=3)
    event = icalendar.Calendar.from_ical(invitation_calendar(invitation, now=NOW)).walk("VEVENT")[0]
    assert str(event["UID"]) == "0f3a9c@example.org"
    assert event["SEQUENCE"] == 3
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["ORGANIZER"]) == "mailto:kindness@example.org"
    assert str(event["ATTENDEE"]) == "mailto:ada@example.com"
    assert event["ATTENDEE"].params["RSVP"] == "FALSE"
    assert LINK in str(event["DESCRIPTION"])
    assert str(event["CONFERENCE"]) == LINK
    assert event.decoded("DTSTAMP") == NOW
    assert method(invitation) == "REQUEST"


def test_a_cancellation_is_a_cancel_with_the_same_uid_and_no_link():
    invitation = make(
        "America/New_York", dt.datetime(2026, 3, 12, 12, 0), sequence=1, cancelled=True
    )
    cal = icalendar.Calendar.from_ical(invitation_calendar(invitation, now=NOW))
    event = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "CANCEL" == method(invitation)
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == "0f3a9c@example.org"
    assert event["SEQUENCE"] == 1
    assert "ORGANIZER" in event
    assert "ATTENDEE" in event
    assert "CONFERENCE" not in event


def test_text_cannot_break_out_of_its_property():
    invitation = make(
        "Europe/London",
        dt.datetime(2026, 3, 19, 18, 0),
        summary="Kindness\r\nATTENDEE:mailto:eve@example.net",
        description="line\x07one\nline two",
    )
    data = invitation_calendar(invitation, now=NOW).decode()
    assert "\r\nATTENDEE:mailto:eve" not in data
    event = icalendar.Calendar.from_ical(data).walk("VEVENT")[0]
    assert str(event["DESCRIPTION"]) == "lineone\nline two"
    assert len(event.get("ATTENDEE") if isinstance(event.get("ATTENDEE"), list) else [1]) == 1


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"uid": "no domain"}, "uid"),
        ({"zone": "Mars/Olympus"}, "zone"),
        ({"sequence": -1}, "sequence"),
        ({"sequence": True}, "sequence"),
        ({"organizer": "Ada <ada@example.com>"}, "organizer"),
        ({"attendee": "ada@example.com\r\nBcc: x@y.z"}, "attendee"),
    ],
)
def test_bad_values_are_refused_with_a_clear_error(fields, words):
    with pytest.raises(KindnessInputError, match=words.split()[0][:4]):
        dataclasses.replace(make("Europe/London", dt.datetime(2026, 3, 19, 18, 0)), **fields)


def test_naive_times_and_a_start_after_the_end_are_refused():
    start = dt.datetime(2026, 3, 19, 18, 0)
    with pytest.raises(KindnessInputError, match="aware"):
        Invitation(
            uid="a@b",
            summary="x",
            start=start,
            end=start,
            zone="UTC",
            sequence=0,
            organizer="a@b.c",
            attendee="d@e.f",
        )
    invitation = make("Europe/London", start)
    with pytest.raises(KindnessInputError, match="end"):
        make("Europe/London", start, end=invitation.start)
    with pytest.raises(KindnessInputError, match="now"):
        invitation_calendar(invitation, now=start)

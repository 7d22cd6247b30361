"""What a subscriber sees of a cancelled, postponed or moved meeting (issue 15).

The series calendar is expanded by two independent readers,
``recurring_ical_events`` (Python) and ical.js (Thunderbird's parser, under
node: ``tests/js/expand_ics.mjs``), across time zones and a clock change:

* cancelled: one event, ``STATUS:CANCELLED``, "Cancelled: " before its title
  (an override, not an ``EXDATE``: neither reader drops it);
* postponed with no new date: one ``TENTATIVE`` event at the original time,
  "Postponed: " before its title;
* moved: one event, at the new time only, its description naming the
  original date;
* each with its own ``SEQUENCE`` and ``LAST-MODIFIED``; the one-event file of
  each conversation says the same.

``recurring_ical_events`` gives every occurrence of a UID the highest
``SEQUENCE`` of its components (its documented behaviour since its issue 223,
``test_issue_223_sequence_number.py``: "A computed, recurring event of a UID
taking an event with a higher sequence in account, will be of that
sequence"), so each override's own value is read from the file, and ical.js,
which keeps each component's, checks it too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from kindness_core import Archive, Conversation, KindnessInputError, Schedule, Series, Skip, Status
from kindness_core.formats.ical import conversation_calendar, to_ics
from kindness_core.formats.ical_text import (
    CalendarWords,
    conversation_description,
    event_status,
    long_date,
)
from kindness_core.formats.jsonio import from_json, to_json
from tests.icaljs import run_icaljs

UTC = dt.UTC
NOW = dt.datetime(2027, 1, 5, 9, tzinfo=UTC)
PUBLISHED = dt.datetime(2027, 1, 4, 16, 30, 12, tzinfo=UTC)


# -- the archive: one of each change, around a clock change ---------------------


#: Per zone: the rule, the March meeting, where it was moved (after the clocks
#: go forward: 14 March 2027 in New York, 28 March in London) and its UTC time.
CASES = {
    "Europe/London": (
        "FREQ=MONTHLY;BYDAY=3TH",
        dt.date(2027, 3, 18),
        dt.datetime(2027, 3, 30, 18, 30),
        dt.datetime(2027, 3, 30, 17, 30, tzinfo=UTC),  # BST
    ),
    "America/New_York": (
        "FREQ=MONTHLY;BYDAY=1TH",
        dt.date(2027, 3, 4),
        dt.datetime(2027, 3, 16, 18, 30),
        dt.datetime(2027, 3, 16, 22, 30, tzinfo=UTC),  # EDT
    ),
}


def build(zone_name: str) -> tuple[Archive, dict[str, Conversation]]:
    rule, march, moved_to, _ = CASES[zone_name]
    zone = ZoneInfo(zone_name)
    series = Series(
        key="kindness",
        name="Kindness",
        schedule=Schedule(rule=rule, time=dt.time(18), timezone=zone_name),
        join_url="https://example.org/join",
    )
    days = [
        d.start.date()
        for d in series.schedule.between(
            dt.datetime(2027, 1, 1, tzinfo=zone), dt.datetime(2027, 5, 1, tzinfo=zone)
        )
    ]
    jan, feb, mar, apr = days
    assert mar == march

    def at(day: dt.date, **fields: object) -> Conversation:
        return Conversation(
            key=series.conversation_key(day.year, day.month),
            start=dt.datetime.combine(day, dt.time(18), tzinfo=zone),
            **fields,  # type: ignore[arg-type]
        )

    convs = {
        "held": at(jan, title="January", status=Status.SCHEDULED),
        "cancelled": at(
            feb,
            title="February",
            status=Status.CANCELLED,
            sequence=2,
            last_modified=PUBLISHED,
        ),
        "moved": Conversation(
            key=series.conversation_key(2027, 3),
            start=moved_to.replace(tzinfo=zone),
            previous_start=dt.datetime.combine(mar, dt.time(18), tzinfo=zone),
            title="March",
            status=Status.POSTPONED,
            sequence=1,
            last_modified=PUBLISHED,
        ),
        "postponed": at(apr, title="April", status=Status.POSTPONED, sequence=3),
    }
    return Archive(series=series, conversations=tuple(convs.values())), convs


def expand(data: bytes, start: dt.datetime, end: dt.datetime) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return sorted(
        recurring_ical_events.of(calendar).between(start, end), key=lambda e: e["DTSTART"].dt
    )


def overrides(data: bytes) -> dict[int, icalendar.Event]:
    """The overrides in the file, by the month of the instance they replace."""
    calendar = icalendar.Calendar.from_ical(data)
    return {e["RECURRENCE-ID"].dt.month: e for e in calendar.walk("VEVENT") if "RECURRENCE-ID" in e}


def by_month(events: list[icalendar.Event]) -> dict[int, list[icalendar.Event]]:
    months: dict[int, list[icalendar.Event]] = {}
    for event in events:
        months.setdefault(event["DTSTART"].dt.month, []).append(event)
    return months


# -- recurring_ical_events ----------------------------------------------------------


@pytest.mark.parametrize("zone_name", sorted(CASES))
def test_a_subscriber_sees_each_change_once(zone_name: str) -> None:
    archive, convs = build(zone_name)
    zone = ZoneInfo(zone_name)
    _, march, _, moved_utc = CASES[zone_name]
    data = to_ics(archive, now=NOW)
    assert b"EXDATE" not in data  # nothing of these four disappears
    events = expand(data, dt.datetime(2027, 1, 1, tzinfo=UTC), dt.datetime(2027, 5, 1, tzinfo=UTC))
    months = by_month(events)
    assert [len(months[m]) for m in (1, 2, 3, 4)] == [1, 1, 1, 1]
    # Each override's own SEQUENCE; the reader gives every occurrence the highest.
    written = overrides(data)
    assert [written[m]["SEQUENCE"] for m in (1, 2, 3, 4)] == [0, 2, 1, 3]
    assert {e["SEQUENCE"] for e in events} == {3}

    (held,) = months[1]
    assert (held["SUMMARY"], held["STATUS"]) == ("January", "CONFIRMED")
    assert "LAST-MODIFIED" not in held

    (cancelled,) = months[2]
    assert cancelled["STATUS"] == "CANCELLED"
    assert cancelled["SUMMARY"] == "Cancelled: February"
    assert cancelled["DTSTART"].dt == convs["cancelled"].start
    assert cancelled["LAST-MODIFIED"].dt == PUBLISHED
    assert "Join online" not in str(cancelled.get("DESCRIPTION", ""))

    (moved,) = months[3]
    assert moved["DTSTART"].dt.astimezone(UTC) == moved_utc
    assert moved["DTSTART"].dt.astimezone(zone).time() == dt.time(18, 30)
    assert moved["STATUS"] == "CONFIRMED"
    assert moved["SUMMARY"] == "March"
    assert str(moved["DESCRIPTION"]).startswith(f"Postponed from {long_date(march)}\n\n")
    assert moved["RECURRENCE-ID"].dt == dt.datetime.combine(march, dt.time(18), tzinfo=zone)
    assert moved["LAST-MODIFIED"].dt == PUBLISHED
    assert all(e["DTSTART"].dt.date() != march for e in events)  # not at the old date

    (postponed,) = months[4]
    assert postponed["STATUS"] == "TENTATIVE"
    assert postponed["SUMMARY"] == "Postponed: April"
    assert postponed["DTSTART"].dt == convs["postponed"].start  # the original time
    assert postponed["DTSTART"].dt.astimezone(zone).time() == dt.time(18)


def test_last_modified_is_written_in_utc() -> None:
    archive, _ = build("America/New_York")
    text = to_ics(archive, now=NOW).decode()
    assert "LAST-MODIFIED:20270104T163012Z\r\n" in text
    assert "SEQUENCE:2\r\n" in text


@pytest.mark.parametrize("zone_name", sorted(CASES))
def test_the_one_event_file_says_the_same(zone_name: str) -> None:
    archive, convs = build(zone_name)
    written = overrides(to_ics(archive, now=NOW))
    for month, conv in zip((1, 2, 3, 4), convs.values(), strict=True):
        in_series = written[month]
        one = icalendar.Calendar.from_ical(conversation_calendar(archive.series, conv, now=NOW))
        (event,) = one.walk("VEVENT")
        assert event["SUMMARY"] == str(in_series["SUMMARY"]).replace(
            conv.display_title, f"Kindness: {conv.display_title}"
        )
        for name in ("STATUS", "SEQUENCE", "DESCRIPTION"):
            assert event.get(name) == in_series.get(name), (month, name)
        for name in ("DTSTART", "DTEND"):
            assert event[name].dt == in_series[name].dt, (month, name)
        if conv.last_modified is None:
            assert "LAST-MODIFIED" not in event
            assert "LAST-MODIFIED" not in in_series
        else:
            assert event["LAST-MODIFIED"].dt == in_series["LAST-MODIFIED"].dt == PUBLISHED
        assert "RECURRENCE-ID" not in event


def test_skips_and_gaps_are_still_excluded(make_series, conv) -> None:
    # A schedule skip with no conversation, and a past month with no record,
    # did not happen: EXDATE, as before.  A cancelled page's own skip (what the
    # plugin's core_schedule adds) gives way to its override.
    cancelled = conv(dt.date(2023, 3, 16), "March", status=Status.CANCELLED)
    schedule = Schedule(
        rule="FREQ=MONTHLY;BYDAY=3TH",
        time=dt.time(18),
        timezone="Europe/London",
        skips=(
            Skip(date=dt.date(2023, 3, 16), reason="cancelled"),
            Skip(date=dt.date(2023, 8, 17), reason="summer break"),
        ),
    )
    series = make_series(schedule=schedule)
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 1, 19), "January"),
            cancelled,
            conv(dt.date(2023, 5, 18), "May"),
        ),
    )
    data = to_ics(archive, now=dt.datetime(2023, 9, 1, tzinfo=UTC))
    exdates = [
        line for line in data.decode().split("\r\n") if line.startswith("EXDATE")
    ]  # February and April (gaps), August (the skip)
    assert exdates == [
        "EXDATE;TZID=Europe/London:20230216T180000",
        "EXDATE;TZID=Europe/London:20230420T180000",
        "EXDATE;TZID=Europe/London:20230817T180000",
    ]
    events = expand(data, dt.datetime(2023, 1, 1, tzinfo=UTC), dt.datetime(2023, 9, 1, tzinfo=UTC))
    assert [(e["DTSTART"].dt.month, e["STATUS"]) for e in events] == [
        (1, "CONFIRMED"),
        (3, "CANCELLED"),
        (5, "CONFIRMED"),
        (6, "CONFIRMED"),
        (7, "CONFIRMED"),
    ]


def test_moved_onto_the_next_rule_date_is_there_only(make_series, conv) -> None:
    series = make_series()
    london = series.schedule.zone
    moved = Conversation(
        key=series.conversation_key(2023, 9),
        start=dt.datetime(2023, 10, 19, 18, tzinfo=london),
        previous_start=dt.datetime(2023, 9, 21, 18, tzinfo=london),
        title="Moved to October",
        status=Status.POSTPONED,
        sequence=4,
    )
    archive = Archive(series=series, conversations=(conv(dt.date(2023, 8, 17), "August"), moved))
    data = to_ics(archive, now=NOW)
    assert b"EXDATE;TZID=Europe/London:20230921T180000" in data  # its old date
    assert overrides(data)[10]["SEQUENCE"] == 4
    events = expand(data, dt.datetime(2023, 8, 1, tzinfo=UTC), dt.datetime(2023, 11, 1, tzinfo=UTC))
    assert [(e["DTSTART"].dt.date(), str(e["SUMMARY"])) for e in events] == [
        (dt.date(2023, 8, 17), "August"),
        (dt.date(2023, 10, 19), "Moved to October"),
    ]
    assert str(events[1]["DESCRIPTION"]).startswith("Postponed from Thursday 21 September 2023")


def test_sequence_argument_is_the_least_sequence(make_series, conv) -> None:
    series = make_series()
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 1, 19), "January", sequence=5),
            conv(dt.date(2023, 2, 16), "February"),
        ),
    )
    cal = icalendar.Calendar.from_ical(to_ics(archive, now=NOW, sequence=2))
    sequences = {str(e["SUMMARY"]): e["SEQUENCE"] for e in cal.walk("VEVENT")}
    assert sequences == {"Conversations for Kindness": 2, "January": 5, "February": 2}


def test_translated_words(make_series, conv) -> None:
    words = CalendarWords(
        cancelled="Annulé : {title}",
        postponed="Reporté : {title}",
        postponed_from="Reporté du {date}",
        date=lambda day: f"{day:%d/%m/%Y}",
    )
    series = make_series()
    cancelled = conv(dt.date(2023, 2, 16), "Février", status=Status.CANCELLED)
    one = icalendar.Calendar.from_ical(
        conversation_calendar(series, cancelled, now=NOW, words=words)
    )
    assert one.walk("VEVENT")[0]["SUMMARY"] == "Annulé : Conversations for Kindness: Février"
    moved = conv(
        dt.date(2023, 3, 23),
        "Mars",
        status=Status.POSTPONED,
        previous_start=dt.datetime(2023, 3, 16, 18, tzinfo=series.schedule.zone),
    )
    assert conversation_description(series, moved, words=words).startswith("Reporté du 16/03/2023")
    archive = Archive(series=series, conversations=(cancelled, moved))
    assert "Annulé : Février" in to_ics(archive, now=NOW, words=words).decode()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"cancelled": "Cancelled"}, r"cancelled must be text containing \{title\}"),
        ({"postponed_from": "Postponed"}, r"postponed_from must be text containing \{date\}"),
        ({"date": "%A"}, "date must be a function"),
    ],
)
def test_bad_words(fields: dict[str, object], message: str) -> None:
    with pytest.raises(KindnessInputError, match=message):
        CalendarWords(**fields)  # type: ignore[arg-type]


def test_words_must_be_calendar_words(make_series, conv) -> None:
    with pytest.raises(KindnessInputError, match="words must be"):
        conversation_calendar(make_series(), conv(dt.date(2023, 1, 19)), now=NOW, words="fr")  # type: ignore[arg-type]


def test_status_of_each_change(conv) -> None:
    day = dt.date(2023, 3, 16)
    start = conv(day).start
    assert event_status(conv(day, status=Status.HELD)) == "CONFIRMED"
    assert event_status(conv(day, status=Status.CANCELLED)) == "CANCELLED"
    assert event_status(conv(day, status=Status.POSTPONED)) == "TENTATIVE"
    assert event_status(conv(day, status=Status.POSTPONED, previous_start=start)) == "TENTATIVE"
    earlier = start - dt.timedelta(days=7)
    assert event_status(conv(day, status=Status.POSTPONED, previous_start=earlier)) == "CONFIRMED"


# -- the conversation's revision fields ----------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sequence": -1}, "sequence -1 is not a revision number"),
        ({"sequence": True}, "sequence True is not a revision number"),
        ({"sequence": "1"}, "sequence '1' is not a revision number"),
        ({"last_modified": dt.datetime(2027, 1, 4)}, "last_modified .* has no time zone"),
        ({"last_modified": "2027-01-04"}, "last_modified must be a datetime"),
    ],
)
def test_bad_revision_fields(conv, fields: dict[str, object], message: str) -> None:
    with pytest.raises(KindnessInputError, match=message):
        conv(dt.date(2023, 1, 19), **fields)


def test_revision_fields_are_not_part_of_the_value(conv) -> None:
    plain = conv(dt.date(2023, 1, 19), "January")
    revised = conv(dt.date(2023, 1, 19), "January", sequence=3, last_modified=PUBLISHED)
    assert revised == plain
    assert hash(revised) == hash(plain)
    # The JSON document is the archive's content, not its publication record.
    data = to_json(revised)
    assert "sequence" not in data
    assert "last_modified" not in data
    assert from_json(Conversation, data) == revised


# -- ical.js (Thunderbird's parser) ------------------------------------------------------


@pytest.mark.node
@pytest.mark.parametrize("zone_name", sorted(CASES))
def test_icaljs_sees_each_change_once(tmp_path: Path, zone_name: str) -> None:
    archive, convs = build(zone_name)
    _, march, _, moved_utc = CASES[zone_name]
    found = run_icaljs(tmp_path, to_ics(archive, now=NOW), "2027-01-01", "2027-05-01")
    assert [str(o["local"])[5:7] for o in found] == ["01", "02", "03", "04"]
    held, cancelled, moved, postponed = found
    assert (held["summary"], held["status"], held["sequence"]) == ("January", "CONFIRMED", 0)
    assert cancelled["status"] == "CANCELLED"
    assert cancelled["summary"] == "Cancelled: February"
    assert cancelled["sequence"] == 2
    assert cancelled["lastModified"] == "2027-01-04T16:30:12.000Z"
    assert cancelled["start"] == convs["cancelled"].start.astimezone(UTC).strftime(
        "%Y-%m-%dT%H:%M:%S.000Z"
    )
    assert moved["start"] == moved_utc.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    assert str(moved["local"]) == "2027-03-" + f"{moved_utc.day:02d}" + "T18:30:00"
    assert moved["tzid"] == zone_name
    assert moved["status"] == "CONFIRMED"
    assert moved["sequence"] == 1
    assert str(moved["description"]).startswith(f"Postponed from {long_date(march)}")
    assert all(not str(o["local"]).startswith(march.isoformat()) for o in found)
    assert postponed["status"] == "TENTATIVE"
    assert postponed["summary"] == "Postponed: April"
    assert postponed["sequence"] == 3
    assert str(postponed["local"]).endswith("T18:00:00")
    assert postponed["lastModified"] is None


@pytest.mark.node
def test_icaljs_reads_the_one_event_files(tmp_path: Path) -> None:
    archive, convs = build("Europe/London")
    for conv in convs.values():
        data = conversation_calendar(archive.series, conv, now=NOW)
        (item,) = run_icaljs(tmp_path, data, "2027-01-01", "2027-05-01")
        assert item["status"] == event_status(conv)
        assert item["sequence"] == conv.sequence
        start = conv.start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        assert item["start"] == start

"""kindness_core.formats.ical: the series feed and one-event files, read back by
``icalendar`` and expanded by ``recurring_ical_events`` (and by ical.js under
node, see the ``node`` tests at the end)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

from kindness_core import (
    Archive,
    Conversation,
    KindnessInputError,
    Move,
    Person,
    Resource,
    ResourceKind,
    Role,
    Schedule,
    Series,
    Skip,
    Status,
)
from kindness_core.formats.ical import (
    PRODID,
    conversation_calendar,
    conversation_uid,
    series_calendar,
    series_uid,
    to_ics,
)
from kindness_core.importing.importer import import_archive
from tests.icaljs import run_icaljs

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
NOW = dt.datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[3]


# -- fixtures -------------------------------------------------------------------


@pytest.fixture
def seed_like(make_series, conv) -> Callable[..., Archive]:
    """Seven seed months (July 2022 - June 2023, no April 2023), of ``series`` if given."""

    def build(series: Series | None = None) -> Archive:
        return _seed_like(series or make_series(), conv)

    return build


def _seed_like(series: Series, conv: Callable[..., Conversation]) -> Archive:
    summary_pdf = Resource(
        kind=ResourceKind.SUMMARY,
        title="Insights and summary",
        url="https://example.org/files/2023-06-summary.pdf",
        media_type="application/pdf",
    )
    pending = Resource(kind=ResourceKind.RECORDING, title="Recording")
    convs = [
        conv(dt.date(2022, 7, 21), people=(Person(name="Maureen Bisognano"),), series=series),
        conv(dt.date(2022, 9, 15), series=series),
        conv(dt.date(2022, 12, 15), "A Christmas Advent calendar", series=series),
        conv(dt.date(2023, 3, 16), "Kindness in the face of conflict", series=series),
        conv(dt.date(2023, 5, 18), "Whose story is it anyhow?", series=series),
        conv(
            dt.date(2023, 6, 15),
            "Listening to patients",
            summary="Henrietta Hughes led the conversation.",
            people=(
                Person(
                    name="Henrietta Hughes",
                    job_title="Patient Safety Commissioner",
                    organisation="England",
                ),
                Person(name="Bob Klaber", role=Role.HOST),
            ),
            resources=(summary_pdf, pending),
            themes=("patients", "listening"),
            series=series,
        ),
    ]
    # August, October, November 2022 and January, February 2023 are recorded
    # too, so that the only gap is April 2023 (as in the seed).
    for day in (
        dt.date(2022, 8, 18),
        dt.date(2022, 10, 20),
        dt.date(2022, 11, 17),
        dt.date(2023, 1, 19),
        dt.date(2023, 2, 16),
    ):
        convs.append(conv(day, f"Conversation of {day:%B %Y}", series=series))
    return Archive(series=series, conversations=tuple(convs))


def parse(data: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(data)


def expand(data: bytes, start: object, end: object) -> list[icalendar.Event]:
    return list(recurring_ical_events.of(parse(data)).between(start, end))


def third_thursdays(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = dt.date(year, month, 1)
        day += dt.timedelta(days=(3 - day.weekday()) % 7 + 14)
        if first <= day <= last:
            out.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def starts(events: list[icalendar.Event]) -> list[dt.datetime]:
    return sorted(e["DTSTART"].dt for e in events)


# -- the calendar ----------------------------------------------------------------


def test_calendar_properties(seed_like) -> None:
    cal = parse(to_ics(seed_like(), now=NOW))
    assert cal["PRODID"] == PRODID
    assert cal["VERSION"] == "2.0"
    assert cal["NAME"] == "Conversations for Kindness"
    assert cal["X-WR-CALNAME"] == "Conversations for Kindness"
    assert cal["X-WR-TIMEZONE"] == "Europe/London"
    assert cal["URL"] == "https://example.org/conversations"
    assert cal["REFRESH-INTERVAL"].dt == dt.timedelta(days=1)
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal["X-PUBLISHED-TTL"] == "P1D"
    assert cal["METHOD"] == "PUBLISH"


def test_output_lines_and_zone_names(seed_like) -> None:
    data = to_ics(seed_like(), now=NOW)
    text = data.decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:P1D\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:P1D\r\n" in text
    assert "DTSTART;TZID=Europe/London:20220721T180000\r\n" in text
    assert "RECURRENCE-ID;TZID=Europe/London:20221215T180000\r\n" in text
    assert "TZID=GMT" not in text
    assert "TZID=BST" not in text
    assert "TZID=Europe/London" in text
    # Every line is CRLF-terminated.
    assert text.count("\n") == text.count("\r\n")


def test_one_master_with_rule_and_stable_uid(seed_like) -> None:
    archive = seed_like()
    cal = parse(to_ics(archive, now=NOW))
    events = list(cal.walk("VEVENT"))
    masters = [e for e in events if "RECURRENCE-ID" not in e]
    assert len(masters) == 1
    master = masters[0]
    assert (
        master["UID"] == series_uid(archive.series) == "conversations-for-kindness@wagtail-kindness"
    )
    assert {str(e["UID"]) for e in events} == {master["UID"]}
    assert master["DTSTART"].dt == dt.datetime(2022, 7, 21, 18, tzinfo=LONDON)
    assert master["DTSTART"].params["TZID"] == "Europe/London"
    assert master["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=3TH"
    assert master["SUMMARY"] == "Conversations for Kindness"
    assert master["STATUS"] == "CONFIRMED"
    assert master["SEQUENCE"] == 0
    assert master["DTSTAMP"].dt == NOW
    assert master["URL"] == "https://example.org/conversations"
    assert master["CONFERENCE"] == "https://example.org/join"
    assert master["CONFERENCE"].params["VALUE"] == "URI"
    assert "CONFERENCE;FEATURE=AUDIO,VIDEO;LABEL=Join online;VALUE=URI:" in to_ics(
        archive, now=NOW
    ).decode().replace("\r\n ", "")
    assert "ATTACH" not in master
    # The missing month is excluded, not left as a generic meeting.
    exdates = [d.dt for prop in _as_list(master["EXDATE"]) for d in prop.dts]
    assert exdates == [dt.datetime(2023, 4, 20, 18, tzinfo=LONDON)]


def _as_list(value: object) -> list:
    return value if isinstance(value, list) else [value]


def test_same_input_same_bytes(seed_like) -> None:
    assert to_ics(seed_like(), now=NOW) == to_ics(seed_like(), now=NOW)
    other = to_ics(seed_like(), now=NOW + dt.timedelta(days=1))
    assert other != to_ics(seed_like(), now=NOW)
    assert b"DTSTAMP:20240302T093000Z" in other


def test_overrides_carry_conversation_details(seed_like) -> None:
    archive = seed_like()
    cal = parse(to_ics(archive, now=NOW))
    by_id = {e["RECURRENCE-ID"].dt: e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e}
    assert len(by_id) == len(archive)
    june = by_id[dt.datetime(2023, 6, 15, 18, tzinfo=LONDON)]
    assert june["RECURRENCE-ID"].params["TZID"] == "Europe/London"
    assert june["SUMMARY"] == "Listening to patients"
    description = str(june["DESCRIPTION"])
    assert "Henrietta Hughes led the conversation." in description
    assert "Guest speaker: Henrietta Hughes (Patient Safety Commissioner, England)" in description
    assert "Host: Bob Klaber" in description
    assert "https://example.org/files/2023-06-summary.pdf" in description
    attach = _as_list(june["ATTACH"])
    assert [str(a) for a in attach] == ["https://example.org/files/2023-06-summary.pdf"]
    assert attach[0].params["FMTTYPE"] == "application/pdf"
    assert june["CATEGORIES"].cats == ["patients", "listening"]
    assert june["STATUS"] == "CONFIRMED"
    september = by_id[dt.datetime(2022, 9, 15, 18, tzinfo=LONDON)]
    assert september["SUMMARY"] == "September 2022"
    assert "ATTACH" not in september


def test_pending_resources_get_no_attach(make_series, conv) -> None:
    series = make_series()
    pending = conv(
        dt.date(2023, 1, 19),
        "Only pending",
        resources=(
            Resource(kind=ResourceKind.SUMMARY, title="Insights"),
            Resource(kind=ResourceKind.RECORDING, title="Recording"),
        ),
        series=series,
    )
    data = to_ics(Archive(series=series, conversations=(pending,)), now=NOW)
    assert b"ATTACH" not in data
    assert b"Insights" not in data  # pending resources are not listed either
    one = conversation_calendar(series, pending, now=NOW)
    assert b"ATTACH" not in one


def test_expansion_dates_times_titles_and_gap(seed_like) -> None:
    archive = seed_like()
    data = to_ics(archive, now=NOW)
    events = expand(data, (2022, 7, 1), (2023, 7, 1))
    got = starts(events)
    expected_days = [
        d
        for d in third_thursdays(dt.date(2022, 7, 1), dt.date(2023, 6, 30))
        if d != dt.date(2023, 4, 20)
    ]
    assert [s.date() for s in got] == expected_days
    for start in got:
        assert start.tzinfo is not None
        assert start.astimezone(LONDON).time() == dt.time(18)
    utc = {s.date(): s.astimezone(UTC) for s in got}
    assert utc[dt.date(2022, 12, 15)] == dt.datetime(2022, 12, 15, 18, tzinfo=UTC)
    assert utc[dt.date(2023, 3, 16)] == dt.datetime(2023, 3, 16, 18, tzinfo=UTC)  # GMT
    assert utc[dt.date(2023, 6, 15)] == dt.datetime(2023, 6, 15, 17, tzinfo=UTC)  # BST
    titles = {e["DTSTART"].dt.date(): str(e["SUMMARY"]) for e in events}
    assert titles[dt.date(2022, 9, 15)] == "September 2022"
    assert titles[dt.date(2022, 7, 21)] == "July 2022"
    assert titles[dt.date(2023, 6, 15)] == "Listening to patients"
    for event in events:
        assert event["DTEND"].dt - event["DTSTART"].dt == dt.timedelta(hours=1)


def test_no_two_events_on_a_recorded_date(seed_like) -> None:
    events = expand(to_ics(seed_like(), now=NOW), (2022, 1, 1), (2024, 12, 31))
    counts = Counter(e["DTSTART"].dt.date() for e in events)
    assert max(counts.values()) == 1
    # After the last record the series goes on, untitled.
    later = [e for e in events if e["DTSTART"].dt.date() > dt.date(2023, 6, 30)]
    assert {str(e["SUMMARY"]) for e in later} == {"Conversations for Kindness"}
    assert later[0]["DTSTART"].dt == dt.datetime(2023, 7, 20, 18, tzinfo=LONDON)


def test_gap_after_now_is_not_excluded(make_series, conv) -> None:
    # A future conversation announced months ahead leaves months in between
    # that are not yet "missing": they stay.
    series = make_series()
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2024, 1, 18), "January", series=series),
            conv(dt.date(2024, 6, 20), "June", status=Status.SCHEDULED, series=series),
        ),
    )
    days = [
        e["DTSTART"].dt.date()
        for e in expand(
            to_ics(archive, now=dt.datetime(2024, 2, 1, tzinfo=UTC)), (2024, 1, 1), (2024, 7, 1)
        )
    ]
    assert days == third_thursdays(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    keep = to_ics(archive, now=dt.datetime(2024, 7, 1, tzinfo=UTC), exclude_gaps=False)
    assert len(expand(keep, (2024, 1, 1), (2024, 7, 1))) == 6
    gone = to_ics(archive, now=dt.datetime(2024, 7, 1, tzinfo=UTC))
    assert [e["DTSTART"].dt.date() for e in expand(gone, (2024, 1, 1), (2024, 7, 1))] == [
        dt.date(2024, 1, 18),
        dt.date(2024, 6, 20),
    ]


def test_cancelled_conversation_is_an_override_marked_cancelled(make_series, conv) -> None:
    # Not an EXDATE: a subscriber sees the meeting called off, not silently gone
    # (tests/core/formats/test_ical_changes.py checks every change in two readers).
    series = make_series()
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 1, 19), "January", series=series),
            conv(dt.date(2023, 2, 16), "Cancelled one", status=Status.CANCELLED, series=series),
            conv(dt.date(2023, 3, 16), "March", series=series),
        ),
    )
    data = to_ics(archive, now=NOW)
    assert b"EXDATE" not in data
    assert b"RECURRENCE-ID;TZID=Europe/London:20230216T180000" in data
    events = expand(data, (2023, 1, 1), (2023, 3, 31))
    assert [(e["DTSTART"].dt.date(), str(e["SUMMARY"]), e["STATUS"]) for e in events] == [
        (dt.date(2023, 1, 19), "January", "CONFIRMED"),
        (dt.date(2023, 2, 16), "Cancelled: Cancelled one", "CANCELLED"),
        (dt.date(2023, 3, 16), "March", "CONFIRMED"),
    ]


def test_postponed_within_month_replaces_its_rule_date(make_series, conv) -> None:
    series = make_series()
    moved = Conversation(
        key=series.conversation_key(2023, 9),
        start=dt.datetime(2023, 9, 28, 18, 30, tzinfo=LONDON),
        previous_start=dt.datetime(2023, 9, 21, 18, tzinfo=LONDON),
        status=Status.POSTPONED,
        title="Postponed a week",
    )
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 8, 17), "August", series=series),
            moved,
            conv(dt.date(2023, 10, 19), "October", series=series),
        ),
    )
    data = to_ics(archive, now=NOW)
    events = expand(data, (2023, 8, 1), (2023, 10, 31))
    assert starts(events) == [
        dt.datetime(2023, 8, 17, 18, tzinfo=LONDON),
        dt.datetime(2023, 9, 28, 18, 30, tzinfo=LONDON),
        dt.datetime(2023, 10, 19, 18, tzinfo=LONDON),
    ]
    override = next(e for e in parse(data).walk("VEVENT") if e.get("SUMMARY") == "Postponed a week")
    assert override["RECURRENCE-ID"].dt == dt.datetime(2023, 9, 21, 18, tzinfo=LONDON)


def test_postponed_onto_next_rule_date_drops_the_old_one(make_series, conv) -> None:
    series = make_series()
    moved = Conversation(
        key="conversations-for-kindness/2023-09",
        start=dt.datetime(2023, 10, 19, 18, tzinfo=LONDON),
        previous_start=dt.datetime(2023, 9, 21, 18, tzinfo=LONDON),
        title="Moved to October",
    )
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 8, 17), "August", series=series),
            moved,
            conv(dt.date(2023, 11, 16), "November", series=series),
        ),
    )
    events = expand(to_ics(archive, now=NOW), (2023, 8, 1), (2023, 11, 30))
    assert [(e["DTSTART"].dt.date(), str(e["SUMMARY"])) for e in events] == [
        (dt.date(2023, 8, 17), "August"),
        (dt.date(2023, 10, 19), "Moved to October"),
        (dt.date(2023, 11, 16), "November"),
    ]


def test_off_rule_conversation_stands_in_for_its_month(make_series, conv) -> None:
    series = make_series()
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 1, 19), "January", series=series),
            conv(dt.date(2023, 2, 9), "Second Thursday instead", series=series),
            conv(dt.date(2023, 3, 16), "March", series=series),
        ),
    )
    events = expand(to_ics(archive, now=NOW), (2023, 1, 1), (2023, 3, 31))
    assert [e["DTSTART"].dt.date() for e in events] == [
        dt.date(2023, 1, 19),
        dt.date(2023, 2, 9),
        dt.date(2023, 3, 16),
    ]


def test_extra_conversation_is_an_rdate_and_appears_once(make_series, conv) -> None:
    series = make_series()
    extra = Conversation(
        key="conversations-for-kindness/2023-03-extra",
        start=dt.datetime(2023, 3, 30, 18, tzinfo=LONDON),  # after the clocks change
        title="Extra session",
    )
    archive = Archive(
        series=series,
        conversations=(
            conv(dt.date(2023, 3, 16), "March", series=series),
            extra,
            conv(dt.date(2023, 4, 20), "April", series=series),
        ),
    )
    data = to_ics(archive, now=NOW)
    assert b"RDATE;TZID=Europe/London:20230330T180000" in data
    events = expand(data, (2023, 3, 1), (2023, 4, 30))
    assert [(e["DTSTART"].dt.astimezone(UTC), str(e["SUMMARY"])) for e in events] == [
        (dt.datetime(2023, 3, 16, 18, tzinfo=UTC), "March"),
        (dt.datetime(2023, 3, 30, 17, tzinfo=UTC), "Extra session"),
        (dt.datetime(2023, 4, 20, 17, tzinfo=UTC), "April"),
    ]


def test_schedule_skips_moves_and_extras(make_series) -> None:
    schedule = Schedule(
        rule="FREQ=MONTHLY;BYDAY=3TH",
        time=dt.time(18),
        timezone="Europe/London",
        start=dt.date(2025, 1, 1),
        skips=(Skip(date=dt.date(2025, 8, 21), reason="summer break"),),
        moves=(Move(date=dt.date(2025, 12, 18), to=dt.datetime(2025, 12, 11, 17)),),
        extras=(dt.datetime(2025, 9, 4, 18),),
    )
    archive = Archive(series=make_series(schedule=schedule))
    data = to_ics(archive, now=NOW)
    cal = parse(data)
    master = next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e)
    assert master["DTSTART"].dt == dt.datetime(2025, 1, 16, 18, tzinfo=LONDON)
    events = expand(data, (2025, 7, 1), (2025, 12, 31))
    assert starts(events) == [
        dt.datetime(2025, 7, 17, 18, tzinfo=LONDON),
        dt.datetime(2025, 9, 4, 18, tzinfo=LONDON),
        dt.datetime(2025, 9, 18, 18, tzinfo=LONDON),
        dt.datetime(2025, 10, 16, 18, tzinfo=LONDON),
        dt.datetime(2025, 11, 20, 18, tzinfo=LONDON),
        dt.datetime(2025, 12, 11, 17, tzinfo=LONDON),
    ]


def test_until_ends_the_feed(seed_like) -> None:
    data = to_ics(seed_like(), now=NOW, until=dt.date(2024, 2, 29))
    master = next(e for e in parse(data).walk("VEVENT") if "RECURRENCE-ID" not in e)
    assert master["RRULE"]["UNTIL"] == [dt.datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)]
    events = expand(data, (2022, 1, 1), (2030, 1, 1))
    assert starts(events)[-1] == dt.datetime(2024, 2, 15, 18, tzinfo=LONDON)


def test_no_record_and_no_start_begins_at_now(make_series) -> None:
    archive = Archive(series=make_series())
    data = to_ics(archive, now=dt.datetime(2025, 5, 2, tzinfo=UTC))
    master = next(e for e in parse(data).walk("VEVENT") if "RECURRENCE-ID" not in e)
    assert master["DTSTART"].dt == dt.datetime(2025, 5, 15, 18, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("zone", "first", "winter_utc", "summer_utc"),
    [
        ("America/New_York", dt.date(2024, 1, 18), dt.time(23), dt.time(22)),
        ("Asia/Kolkata", dt.date(2024, 1, 18), dt.time(12, 30), dt.time(12, 30)),
        ("Europe/London", dt.date(2024, 1, 18), dt.time(18), dt.time(17)),
    ],
)
def test_other_zones(
    make_series, conv, zone: str, first: dt.date, winter_utc: dt.time, summer_utc: dt.time
) -> None:
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone=zone)
    series = make_series(schedule=schedule)
    archive = Archive(series=series, conversations=(conv(first, "First", series=series),))
    data = to_ics(archive, now=NOW)
    assert f"DTSTART;TZID={zone}:20240118T180000".encode() in data
    events = expand(data, (2024, 1, 1), (2024, 12, 31))
    assert len(events) == 12
    local = ZoneInfo(zone)
    for event in events:
        start = event["DTSTART"].dt
        assert start.astimezone(local).time() == dt.time(18)
    utc = {e["DTSTART"].dt.month: e["DTSTART"].dt.astimezone(UTC).time() for e in events}
    assert utc[1] == winter_utc
    assert utc[7] == summer_utc


# -- escaping ----------------------------------------------------------------------


EVIL = (
    'Evil; title, with "quotes"\r\nATTACH:https://evil.example/x\r\n'
    "X-EVIL:1 <script>alert(1)</script>"
)


def test_text_cannot_inject_properties(make_series, conv) -> None:
    series = make_series(name="Series\r\nX-INJECTED:yes")
    evil = conv(
        dt.date(2023, 1, 19),
        EVIL,
        summary=EVIL + "\x00\x07",
        people=(Person(name="Dr A; B, C\nD"),),
        series=series,
    )
    for data in (
        to_ics(Archive(series=series, conversations=(evil,)), now=NOW),
        conversation_calendar(series, evil, now=NOW),
    ):
        lines = data.decode().split("\r\n")
        assert not any(line.startswith(("X-EVIL", "X-INJECTED", "ATTACH")) for line in lines)
        assert b"\x00" not in data
        assert b"\x07" not in data
        cal = parse(data)
        event = next(e for e in cal.walk("VEVENT") if "Evil" in str(e["SUMMARY"]))
        assert str(event["SUMMARY"]).endswith(EVIL.replace("\r\n", "\n"))
        assert EVIL.replace("\r\n", "\n") in str(event["DESCRIPTION"])
        assert "ATTACH" not in event
        assert "X-EVIL" not in event
        assert all("X-INJECTED" not in c for c in cal.walk())


#: Every C0 control character but TAB, LF and CR, and DEL: RFC 5545 3.3.11
#: allows none of them in a TEXT value.
CONTROLS = "".join(chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)) + "\x7f"


def _controlled(word: str) -> str:
    """``word`` with every control character, a tab and each kind of line break in it."""
    return f"{word[:2]}{CONTROLS}{word[2:]}\tend\r\nCRLF\rCR\nLF"


def _clean(word: str) -> str:
    return f"{word}\tend\nCRLF\nCR\nLF"


def test_control_characters_are_dropped_from_every_text_value(make_series, conv) -> None:
    series = make_series(
        name=_controlled("Series name"),
        description=_controlled("Series description"),
        joining=_controlled("Joining"),
        contact=_controlled("Contact"),
    )
    talk = conv(
        dt.date(2023, 1, 19),
        _controlled("Kindness title"),
        summary=_controlled("Summary"),
        people=(
            Person(
                name=_controlled("Person name"),
                job_title=_controlled("Job"),
                organisation=_controlled("Organisation"),
            ),
        ),
        themes=(_controlled("Theme"),),
        resources=(
            Resource(
                kind=ResourceKind.LINK, title=_controlled("Notes"), url="https://example.org/n"
            ),
        ),
        series=series,
    )
    for data in (
        to_ics(Archive(series=series, conversations=(talk,)), now=NOW),
        conversation_calendar(series, talk, now=NOW),
    ):
        assert not set(data.decode()) & set(CONTROLS)
        for line in data.split(b"\r\n"):  # line breaks in a value stay escaped: \n
            assert b"\n" not in line
            assert b"\r" not in line
        cal = parse(data)
        event = next(e for e in cal.walk("VEVENT") if "RECURRENCE-ID" in e or "RRULE" not in e)
        assert str(event["SUMMARY"]).endswith(_clean("Kindness title"))
        description = str(event["DESCRIPTION"])
        for word in ("Summary", "Person name", "Job", "Organisation", "Notes"):
            assert _clean(word) in description, word
        assert [str(c) for c in event["CATEGORIES"].cats] == [_clean("Theme")]
    series_cal = parse(to_ics(Archive(series=series, conversations=(talk,)), now=NOW))
    for name in ("NAME", "X-WR-CALNAME"):  # icalendar reads these back still escaped
        assert str(series_cal[name]) == _clean("Series name").replace("\n", "\\n")
    assert str(series_cal["DESCRIPTION"]) == _clean("Series description")
    master = next(e for e in series_cal.walk("VEVENT") if "RRULE" in e)
    assert str(master["SUMMARY"]) == _clean("Series name")
    for word in ("Series description", "Joining", "Contact"):
        assert _clean(word) in str(master["DESCRIPTION"]), word


# -- VTIMEZONE ------------------------------------------------------------------------


def vtimezones(data: bytes) -> list[icalendar.Timezone]:
    return list(parse(data).walk("VTIMEZONE"))


def test_vtimezone_uses_yearly_rules(seed_like) -> None:
    (tz,) = vtimezones(to_ics(seed_like(), now=NOW))
    assert tz["TZID"] == "Europe/London"
    parts = {p.name: p for p in tz.subcomponents}
    assert set(parts) == {"STANDARD", "DAYLIGHT"}
    daylight, standard = parts["DAYLIGHT"], parts["STANDARD"]
    assert daylight["DTSTART"].dt == dt.datetime(1981, 3, 29, 1)
    assert daylight["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"
    assert daylight["TZOFFSETFROM"].td == dt.timedelta(0)
    assert daylight["TZOFFSETTO"].td == dt.timedelta(hours=1)
    assert daylight["TZNAME"] == "BST"
    assert standard["DTSTART"].dt == dt.datetime(1996, 10, 27, 2)
    assert standard["RRULE"].to_ical() == b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"
    assert standard["TZNAME"] == "GMT"
    assert "RDATE" not in daylight
    assert "RDATE" not in standard
    assert "UNTIL" not in daylight["RRULE"]  # open: valid however long the series goes on


def test_vtimezone_without_dst(make_series, conv) -> None:
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Asia/Kolkata")
    series = make_series(schedule=schedule)
    data = to_ics(
        Archive(series=series, conversations=(conv(dt.date(2024, 1, 18), series=series),)), now=NOW
    )
    (tz,) = vtimezones(data)
    (part,) = tz.subcomponents
    assert part.name == "STANDARD"
    assert part["TZOFFSETFROM"].td == part["TZOFFSETTO"].td == dt.timedelta(hours=5, minutes=30)
    assert "RRULE" not in part
    assert "RDATE" not in part


# -- one-event files --------------------------------------------------------------------


def test_conversation_calendar(seed_like) -> None:
    archive = seed_like()
    june = next(c for c in archive if c.month == (2023, 6))
    cal = parse(conversation_calendar(archive.series, june, now=NOW))
    (event,) = cal.walk("VEVENT")
    assert (
        event["UID"]
        == conversation_uid(june)
        == "conversations-for-kindness-2023-06@wagtail-kindness"
    )
    assert "RECURRENCE-ID" not in event
    assert "RRULE" not in event
    assert event["SUMMARY"] == "Conversations for Kindness: Listening to patients"
    assert event["DTSTART"].dt == dt.datetime(2023, 6, 15, 18, tzinfo=LONDON)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].dt == dt.datetime(2023, 6, 15, 19, tzinfo=LONDON)
    assert event["DTSTAMP"].dt == NOW
    assert event["STATUS"] == "CONFIRMED"
    assert event["CONFERENCE"] == "https://example.org/join"
    assert str(event["ATTACH"]) == "https://example.org/files/2023-06-summary.pdf"
    assert cal["PRODID"] == PRODID
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Europe/London"]


def test_conversation_calendar_cancelled(make_series, conv) -> None:
    series = make_series()
    cancelled = conv(dt.date(2024, 5, 16), "Not this month", status=Status.CANCELLED, series=series)
    (event,) = parse(conversation_calendar(series, cancelled, now=NOW, sequence=2)).walk("VEVENT")
    assert event["STATUS"] == "CANCELLED"
    assert event["SUMMARY"] == "Cancelled: Conversations for Kindness: Not this month"
    assert event["SEQUENCE"] == 2
    assert "LAST-MODIFIED" not in event


def test_series_calendar_returns_a_calendar(seed_like) -> None:
    cal = series_calendar(seed_like(), now=NOW)
    assert isinstance(cal, icalendar.Calendar)
    assert cal.to_ical() == to_ics(seed_like(), now=NOW)


@pytest.mark.parametrize("now", [dt.datetime(2024, 1, 1), "2024-01-01", None])
def test_now_must_be_aware(make_series, seed_like, now: object) -> None:
    with pytest.raises(KindnessInputError, match="aware datetime"):
        to_ics(seed_like(), now=now)  # type: ignore[arg-type]
    with pytest.raises(KindnessInputError, match="aware datetime"):
        conversation_calendar(make_series(), seed_like().conversations[0], now=now)  # type: ignore[arg-type]


def test_bad_until_and_sequence(seed_like) -> None:
    with pytest.raises(KindnessInputError, match="until"):
        to_ics(seed_like(), now=NOW, until=dt.datetime(2024, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(KindnessInputError, match="sequence"):
        to_ics(seed_like(), now=NOW, sequence=-1)


# -- the seed archive ----------------------------------------------------------------


@pytest.fixture
def seed_archive(seed_text: str) -> Archive:
    """The seed archive (the ``seed_text`` fixture), imported as of ``NOW``."""
    return import_archive(seed_text, now=NOW).archive


def test_seed_archive_expands_to_every_third_thursday_but_april_2023(
    seed_archive: Archive,
) -> None:
    archive = seed_archive
    assert len(archive) == 19
    events = expand(to_ics(archive, now=NOW), (2022, 7, 1), (2027, 12, 31))
    expected = [
        d
        for d in third_thursdays(dt.date(2022, 7, 1), dt.date(2027, 12, 31))
        if d != dt.date(2023, 4, 20)
    ]
    assert [e["DTSTART"].dt.date() for e in events] == expected
    for event in events:
        assert event["DTSTART"].dt.astimezone(LONDON).time() == dt.time(18)
    titled = {e["DTSTART"].dt.date(): str(e["SUMMARY"]) for e in events}
    recorded = {c.start.date(): c.display_title for c in archive}
    assert len(recorded) == 19
    for day, title in recorded.items():
        assert titled[day] == title
    assert titled[dt.date(2022, 9, 15)] == "September 2022"
    assert titled[dt.date(2024, 2, 15)].startswith("Using ‘Clean Language’")
    others = {title for day, title in titled.items() if day not in recorded}
    assert others == {"Conversations for Kindness"}


def test_seed_pending_resources_have_no_attach(seed_archive: Archive) -> None:
    data = to_ics(seed_archive, now=NOW)
    assert b"ATTACH" not in data
    assert b"CONFERENCE" not in data  # the seed has no join link


# -- ical.js (Thunderbird's parser) --------------------------------------------------------


@pytest.mark.node
def test_icaljs_reads_winter_and_summer_at_six_london(seed_like, tmp_path: Path) -> None:
    found = run_icaljs(tmp_path, to_ics(seed_like(), now=NOW), "2022-07-01", "2023-12-31")
    by_day = {str(o["local"])[:10]: o for o in found}
    assert by_day["2022-12-15"]["start"] == "2022-12-15T18:00:00.000Z"
    assert by_day["2023-03-16"]["start"] == "2023-03-16T18:00:00.000Z"
    assert by_day["2023-06-15"]["start"] == "2023-06-15T17:00:00.000Z"
    assert by_day["2023-06-15"]["summary"] == "Listening to patients"
    assert "2023-04-20" not in by_day
    for item in found:
        assert str(item["local"])[11:] == "18:00:00"
        assert item["tzid"] == "Europe/London"
        start = dt.datetime.fromisoformat(str(item["start"]).replace("Z", "+00:00"))
        assert start.astimezone(LONDON).time() == dt.time(18)
    assert len(by_day) == len(found)  # one event per date


@pytest.mark.node
@pytest.mark.parametrize(
    "zone", ["America/New_York", "Asia/Kolkata", "Australia/Sydney", "Africa/Casablanca"]
)
def test_icaljs_other_zones(make_series, conv, tmp_path: Path, zone: str) -> None:
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone=zone)
    series = make_series(schedule=schedule)
    archive = Archive(
        series=series, conversations=(conv(dt.date(2024, 1, 18), "First", series=series),)
    )
    found = run_icaljs(tmp_path, to_ics(archive, now=NOW), "2024-01-01", "2026-12-31")
    assert len(found) == 36
    local = ZoneInfo(zone)
    for item in found:
        start = dt.datetime.fromisoformat(str(item["start"]).replace("Z", "+00:00"))
        assert start.astimezone(local).time() == dt.time(18), item


@pytest.mark.node
def test_icaljs_misreads_a_multi_valued_rdate_zone(seed_like, tmp_path: Path) -> None:
    """The harness can fail: ical.js given London as one multi-valued RDATE
    (what ``add_missing_timezones`` writes) puts winter meetings an hour early."""
    cal = parse(to_ics(seed_like(), now=NOW))
    cal.subcomponents = [c for c in cal.subcomponents if c.name != "VTIMEZONE"]
    zone = icalendar.Timezone()
    zone.add("tzid", "Europe/London")
    for cls, first, rest, before, after, name in (
        (
            icalendar.TimezoneDaylight,
            dt.datetime(2021, 3, 28, 1),
            [dt.datetime(2022, 3, 27, 1), dt.datetime(2023, 3, 26, 1)],
            0,
            1,
            "BST",
        ),
        (
            icalendar.TimezoneStandard,
            dt.datetime(2020, 10, 25, 2),
            [dt.datetime(2021, 10, 31, 2), dt.datetime(2022, 10, 30, 2)],
            1,
            0,
            "GMT",
        ),
    ):
        part = cls()
        part.add("dtstart", first)
        part.add("rdate", rest)
        part.add("tzoffsetfrom", dt.timedelta(hours=before))
        part.add("tzoffsetto", dt.timedelta(hours=after))
        part.add("tzname", name)
        zone.add_component(part)
    cal.subcomponents.insert(0, zone)
    found = run_icaljs(tmp_path, cal.to_ical(), "2022-12-01", "2022-12-31")
    assert [o["start"] for o in found] == ["2022-12-15T17:00:00.000Z"]  # wrong, as expected


@pytest.mark.node
def test_icaljs_seed_archive(seed_archive: Archive, tmp_path: Path) -> None:
    archive = seed_archive
    found = run_icaljs(tmp_path, to_ics(archive, now=NOW), "2022-07-01", "2027-12-31")
    expected = [
        d
        for d in third_thursdays(dt.date(2022, 7, 1), dt.date(2027, 12, 31))
        if d != dt.date(2023, 4, 20)
    ]
    assert [str(o["local"])[:10] for o in found] == [d.isoformat() for d in expected]
    for item in found:
        start = dt.datetime.fromisoformat(str(item["start"]).replace("Z", "+00:00"))
        assert start.astimezone(LONDON).time() == dt.time(18)
    titles = {str(o["local"])[:10]: o["summary"] for o in found}
    for c in archive:
        assert titles[c.start.date().isoformat()] == c.display_title

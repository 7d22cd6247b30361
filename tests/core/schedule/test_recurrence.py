"""kindness_core.schedule.recurrence: schedules in local time and the meetings they give."""

from __future__ import annotations

import ast
import calendar
import dataclasses
import datetime as dt
import inspect
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from hypothesis import given, settings
from hypothesis import strategies as st

import kindness_core
from kindness_core.errors import (
    AmbiguousTimeError,
    ExpansionLimitError,
    KindnessInputError,
    KindnessWarning,
    NonexistentTimeError,
    RuleError,
    UnknownTimeZoneError,
)
from kindness_core.schedule import zones
from kindness_core.schedule.description import warn_schedule
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import (
    MAX_OCCURRENCES,
    Move,
    Occurrence,
    OccurrenceKind,
    Schedule,
    Skip,
)

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
ZONES = [
    "Europe/London", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo",
    "Europe/Paris", "Africa/Johannesburg", "Asia/Kolkata", "Asia/Tokyo",
    "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Auckland", "Pacific/Chatham",
    "America/St_Johns", "Asia/Tehran", "UTC",
]  # fmt: skip
MONTHS = {name: i for i, name in enumerate(calendar.month_name) if name}
#: The seed's schedule: third Thursday of every month at 6pm UK time.
SEED = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Europe/London")


def at(*args: int, tz: dt.tzinfo = LONDON) -> dt.datetime:
    return dt.datetime(*args, tzinfo=tz)


def starts(occurrences: tuple[Occurrence, ...]) -> list[str]:
    return [o.start.isoformat() for o in occurrences]


# -- what a schedule stores --------------------------------------------------------


def test_a_schedule_stores_rule_local_time_and_zone_and_no_utc_start() -> None:
    fields = {f.name for f in dataclasses.fields(Schedule) if f.init}
    assert fields == {
        "rule", "time", "timezone", "start", "duration", "skips", "moves", "extras",
    }  # fmt: skip
    assert SEED.rule == "FREQ=MONTHLY;BYDAY=3TH"
    assert SEED.time == dt.time(18, 0)
    assert SEED.time.tzinfo is None
    assert SEED.timezone == "Europe/London"
    assert SEED.dtstart.tzinfo is LONDON


def test_six_pm_stays_six_pm_in_london_across_gmt_and_bst() -> None:
    year = SEED.between(at(2023, 1, 1), at(2023, 12, 31, 23, 59))
    assert len(year) == 12
    assert {o.start.time() for o in year} == {dt.time(18, 0)}
    assert {o.start.tzinfo for o in year} == {LONDON}
    by_month = {o.start.month: o.utc.hour for o in year}
    assert by_month[1] == by_month[2] == by_month[3] == by_month[11] == by_month[12] == 18
    assert by_month[4] == by_month[7] == by_month[10] == 17  # BST: UTC+1


def test_schedule_is_a_frozen_hashable_value() -> None:
    other = Schedule(rule="RRULE:FREQ=MONTHLY;INTERVAL=1;BYDAY=+3TH")
    assert other == SEED
    assert hash(other) == hash(SEED)
    assert other.rule == "FREQ=MONTHLY;BYDAY=3TH"
    with pytest.raises(dataclasses.FrozenInstanceError):
        SEED.time = dt.time(19)  # type: ignore[misc]
    assert Schedule(time=dt.time(19)) != SEED
    assert SEED.parts == {"FREQ": "MONTHLY", "BYDAY": "3TH"}


# -- the seed's real dates ------------------------------------------------------------


def seed_months(text: str) -> list[tuple[int, int]]:
    heading = re.compile(rf"^({'|'.join(MONTHS)}) (\d{{4}})", re.M)
    return sorted({(int(y), MONTHS[m]) for m, y in heading.findall(text)})


def test_seed_dates() -> None:
    assert SEED.next(after=at(2022, 7, 1)).start == at(2022, 7, 21, 18)
    october = SEED.in_month(2022, 10)[0]
    assert october.start.isoformat() == "2022-10-20T18:00:00+01:00"  # BST
    assert october.start.tzname() == "BST"
    february = SEED.in_month(2024, 2)[0]
    assert february.start.isoformat() == "2024-02-15T18:00:00+00:00"  # GMT
    assert february.start.tzname() == "GMT"
    assert february.end == at(2024, 2, 15, 19)


def test_seed_archive_is_the_schedule_without_april_2023(seed_text: str) -> None:
    months = seed_months(seed_text)
    assert len(months) == 19
    assert (months[0], months[-1]) == ((2022, 7), (2024, 2))
    skip = Skip(date=dt.date(2023, 4, 20), reason="no conversation in April 2023")
    schedule = dataclasses.replace(SEED, start=dt.date(2022, 7, 21), skips=(skip,))
    held = schedule.between(at(2022, 7, 1), at(2024, 2, 29, 23, 59))
    assert [(o.start.year, o.start.month) for o in held] == months
    assert all(o.start.weekday() == calendar.THURSDAY and 15 <= o.start.day <= 21 for o in held)
    assert (2023, 4) not in months
    assert len(SEED.between(at(2022, 7, 1), at(2024, 2, 29, 23, 59))) == 20


# -- other rules --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "start", "after", "expected"),
    [
        ("FREQ=MONTHLY;BYDAY=-1TH", None, at(2023, 1, 1),
         ["2023-01-26", "2023-02-23", "2023-03-30", "2023-04-27"]),
        ("FREQ=MONTHLY;BYDAY=-1TU", None, at(2024, 1, 1),
         ["2024-01-30", "2024-02-27", "2024-03-26", "2024-04-30"]),
        ("FREQ=MONTHLY;BYDAY=-2FR", None, at(2026, 11, 26),
         ["2026-12-18", "2027-01-22", "2027-02-19", "2027-03-19"]),
        ("FREQ=WEEKLY;BYDAY=WE", None, at(2024, 1, 1),
         ["2024-01-03", "2024-01-10", "2024-01-17", "2024-01-24"]),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", dt.date(2024, 1, 10), at(2024, 1, 1),
         ["2024-01-10", "2024-01-24", "2024-02-07", "2024-02-21"]),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", dt.date(2024, 1, 1), at(2024, 1, 1),
         ["2024-01-01", "2024-01-04", "2024-01-15", "2024-01-18"]),
        ("FREQ=WEEKLY;INTERVAL=2", dt.date(2024, 1, 10), at(2024, 1, 11),
         ["2024-01-24", "2024-02-07", "2024-02-21", "2024-03-06"]),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", None, at(2024, 1, 1),
         ["2024-01-31", "2024-02-29", "2024-03-29", "2024-04-30"]),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", None, at(2024, 1, 1),
         ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]),
        ("FREQ=MONTHLY;BYMONTHDAY=31", None, at(2024, 1, 1),
         ["2024-01-31", "2024-03-31", "2024-05-31", "2024-07-31"]),
        ("FREQ=MONTHLY;BYDAY=1TU,3TU", None, at(2024, 1, 1),
         ["2024-01-02", "2024-01-16", "2024-02-06", "2024-02-20"]),
        ("FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=3TH", None, at(2024, 7, 1),
         ["2024-07-18", "2024-09-19", "2024-10-17", "2024-11-21"]),
        ("FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", dt.date(2024, 1, 1), at(2024, 1, 1),
         ["2024-01-01", "2024-04-01", "2024-07-01", "2024-10-07"]),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=2TU", None, at(2024, 1, 1),
         ["2024-03-12", "2025-03-11", "2026-03-10", "2027-03-09"]),
        ("FREQ=YEARLY", dt.date(2024, 2, 29), at(2024, 1, 1),
         ["2024-02-29", "2028-02-29", "2032-02-29", "2036-02-29"]),
        ("FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", None, at(2024, 3, 8),
         ["2024-03-08", "2024-03-11", "2024-03-12", "2024-03-13"]),
        ("FREQ=DAILY;INTERVAL=10", dt.date(2024, 1, 1), at(2024, 1, 1),
         ["2024-01-01", "2024-01-11", "2024-01-21", "2024-01-31"]),
    ],
)  # fmt: skip
def test_rules(rule: str, start: dt.date | None, after: dt.datetime, expected: list[str]) -> None:
    schedule = Schedule(rule=rule, start=start)
    found = schedule.upcoming(after=after, count=4)
    assert [o.start.date().isoformat() for o in found] == expected
    assert all(o.start.time() == dt.time(18) for o in found)


def test_months_without_a_fifth_thursday_are_skipped() -> None:
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=5TH")
    with pytest.warns(KindnessWarning, match="many months have no fifth Thursday"):
        warn_schedule(schedule)
    found = schedule.between(at(2023, 1, 1), at(2024, 12, 31))
    fifth = [
        (year, month)
        for year in (2023, 2024)
        for month in range(1, 13)
        if sum(1 for week in calendar.monthcalendar(year, month) if week[calendar.THURSDAY]) == 5
    ]
    assert [(o.start.year, o.start.month) for o in found] == fifth
    assert fifth[:4] == [(2023, 3), (2023, 6), (2023, 8), (2023, 11)]
    assert all(o.start.day >= 29 for o in found)


def test_count_and_until_end_the_series() -> None:
    counted = Schedule(rule="FREQ=WEEKLY;BYDAY=TH;COUNT=5", start=dt.date(2024, 1, 4))
    assert len(counted.upcoming(after=at(2023, 1, 1), count=50)) == 5
    assert counted.next(after=at(2024, 2, 1, 18)) is None
    until = parse_schedule(
        "DTSTART;TZID=Europe/London:20220721T180000\n"
        "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=20240216T000000Z"
    )
    found = until.upcoming(after=at(2022, 1, 1), count=100)
    assert len(found) == 20
    assert found[-1].start == at(2024, 2, 15, 18)
    assert until.next(after=at(2024, 2, 15, 18)) is None


# -- exceptions: skips, moves, extras -------------------------------------------------


def test_skips_moves_and_extras() -> None:
    schedule = Schedule(
        start=dt.date(2023, 1, 1),
        skips=(Skip(date=dt.date(2023, 4, 20), reason="Easter holidays"),),
        moves=(Move(date=dt.date(2023, 5, 18), to=dt.datetime(2023, 5, 25, 19, 30),
                    reason="speaker travelling"),),
        extras=(dt.datetime(2023, 6, 1, 12, 0),),
    )  # fmt: skip
    found = schedule.between(at(2023, 3, 1), at(2023, 6, 30))
    assert starts(found) == [
        "2023-03-16T18:00:00+00:00",
        "2023-05-25T19:30:00+01:00",
        "2023-06-01T12:00:00+01:00",
        "2023-06-15T18:00:00+01:00",
    ]
    assert [o.kind for o in found] == [
        OccurrenceKind.RULE, OccurrenceKind.MOVED, OccurrenceKind.EXTRA, OccurrenceKind.RULE,
    ]  # fmt: skip
    assert found[1].scheduled_date == dt.date(2023, 5, 18)
    assert found[2].scheduled_date is None
    assert found[0].scheduled_date == dt.date(2023, 3, 16)
    assert schedule.skips[0].reason == "Easter holidays"
    assert schedule.in_month(2023, 4) == ()
    assert not schedule.matches(at(2023, 4, 20, 18))
    assert schedule.matches(at(2023, 5, 25, 19, 30))
    assert schedule.matches(at(2023, 6, 1, 11, tz=UTC))


def test_an_extra_may_share_a_day_with_a_meeting_at_another_time() -> None:
    schedule = Schedule(extras=(dt.datetime(2023, 4, 20, 12), dt.datetime(2023, 4, 27, 18)))
    april = schedule.in_month(2023, 4)
    assert [(o.start.day, o.start.hour, o.kind) for o in april] == [
        (20, 12, OccurrenceKind.EXTRA), (20, 18, OccurrenceKind.RULE),
        (27, 18, OccurrenceKind.EXTRA),
    ]  # fmt: skip
    # a skipped meeting's date and time may come back as an extra
    again = Schedule(skips=(Skip(date=dt.date(2023, 4, 20)),),
                     extras=(dt.datetime(2023, 4, 20, 18),))  # fmt: skip
    assert [o.kind for o in again.in_month(2023, 4)] == [OccurrenceKind.EXTRA]


def test_a_move_across_the_edge_of_a_window_is_not_lost() -> None:
    # The January meeting moves into February, the March one into February too.
    schedule = Schedule(
        moves=(
            Move(date=dt.date(2024, 1, 18), to=dt.datetime(2024, 2, 1, 18)),
            Move(date=dt.date(2024, 3, 21), to=dt.datetime(2024, 2, 29, 18)),
        )
    )
    february = schedule.in_month(2024, 2)
    assert [o.start.day for o in february] == [1, 15, 29]
    assert schedule.in_month(2024, 1) == ()
    assert schedule.in_month(2024, 3) == ()
    after = schedule.upcoming(after=at(2024, 1, 1), count=4)
    assert [o.start.date().isoformat() for o in after] == [
        "2024-02-01", "2024-02-15", "2024-02-29", "2024-04-18",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"skips": (Skip(date=dt.date(2023, 4, 13)),)}, RuleError,
         "2023-04-13 is not a date of the rule"),
        ({"moves": (Move(date=dt.date(2023, 4, 19), to=dt.datetime(2023, 4, 27, 18)),)},
         RuleError, "cannot be skipped or moved"),
        ({"skips": (Skip(date=dt.date(2023, 4, 20)), Skip(date=dt.date(2023, 4, 20)))},
         RuleError, "skipped or moved more than once"),
        ({"skips": (Skip(date=dt.date(2023, 4, 20)),),
          "moves": (Move(date=dt.date(2023, 4, 20), to=dt.datetime(2023, 4, 27, 18)),)},
         RuleError, "more than once"),
        ({"extras": (dt.datetime(2023, 4, 20, 18),)}, RuleError, "already a meeting"),
        ({"extras": (dt.datetime(2023, 4, 27, 18),) * 2}, RuleError, "given twice"),
        ({"extras": (dt.datetime(2023, 3, 26, 1, 30),)}, NonexistentTimeError,
         "does not exist in Europe/London"),
        ({"extras": (dt.datetime(2023, 10, 29, 1, 30),)}, AmbiguousTimeError,
         "happens twice in Europe/London"),
        ({"moves": (Move(date=dt.date(2023, 3, 16), to=dt.datetime(2023, 3, 26, 1, 15)),)},
         NonexistentTimeError, "does not exist"),
        ({"moves": (Move(date=dt.date(2023, 10, 19), to=dt.datetime(2023, 10, 29, 1, 0)),)},
         AmbiguousTimeError, "happens twice"),
        ({"extras": (dt.datetime(2023, 4, 27, 18, tzinfo=LONDON),)}, KindnessInputError,
         "has a time zone"),
        ({"skips": ("2023-04-20",)}, KindnessInputError, "skips must hold Skip values"),
    ],
)  # fmt: skip
def test_exceptions_must_fit_the_rule(
    kwargs: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Schedule(**kwargs)  # type: ignore[arg-type]


def test_skip_and_move_check_their_values() -> None:
    with pytest.raises(KindnessInputError, match="must be a date"):
        Skip(date=dt.datetime(2023, 4, 20, 18))  # type: ignore[arg-type]
    with pytest.raises(KindnessInputError, match="naive local time"):
        Move(date=dt.date(2023, 4, 20), to=dt.datetime(2023, 4, 27, 18, tzinfo=UTC))
    with pytest.raises(KindnessInputError, match="must be a date and time"):
        Move(date=dt.date(2023, 4, 20), to=dt.date(2023, 4, 27))  # type: ignore[arg-type]
    with pytest.raises(KindnessInputError, match="reason must be text"):
        Skip(date=dt.date(2023, 4, 20), reason=None)  # type: ignore[arg-type]


# -- next, upcoming, between ---------------------------------------------------------


def test_next_is_strictly_after() -> None:
    meeting = at(2023, 3, 16, 18)
    assert SEED.next(after=meeting).start == at(2023, 4, 20, 18)
    assert SEED.next(after=meeting - dt.timedelta(seconds=1)).start == meeting
    # the same instant written in another zone
    assert SEED.next(after=meeting.astimezone(NEW_YORK)).start == at(2023, 4, 20, 18)


def test_between_is_inclusive_and_any_zone() -> None:
    meeting = at(2023, 3, 16, 18)
    assert starts(SEED.between(meeting, meeting)) == ["2023-03-16T18:00:00+00:00"]
    assert SEED.between(meeting + dt.timedelta(microseconds=1), at(2023, 4, 20, 17, 59)) == ()
    tokyo = SEED.between(at(2023, 3, 17, 3, tz=ZoneInfo("Asia/Tokyo")), at(2023, 3, 17, 4,
                         tz=ZoneInfo("Asia/Tokyo")))  # fmt: skip
    assert starts(tokyo) == ["2023-03-16T18:00:00+00:00"]


def test_time_dependent_functions_take_the_time_explicitly() -> None:
    for name in ("upcoming", "next"):
        parameters = inspect.signature(getattr(Schedule, name)).parameters
        assert parameters["after"].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters["after"].default is inspect.Parameter.empty
    with pytest.raises(TypeError):
        SEED.next()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: SEED.next(after=dt.datetime(2024, 1, 1)), "after must be an aware datetime"),
        (lambda: SEED.upcoming(after=at(2024, 1, 1), count=0), "count must be"),
        (lambda: SEED.upcoming(after=at(2024, 1, 1), count=MAX_OCCURRENCES + 1), "count must"),
        (lambda: SEED.upcoming(after=at(2024, 1, 1), count=True), "count must"),
        (lambda: SEED.between(at(2024, 1, 1), dt.datetime(2024, 2, 1)), "end must be aware"),
        (lambda: SEED.between(at(2024, 2, 1), at(2024, 1, 1)), "end is before start"),
        (lambda: SEED.between(at(2024, 1, 1), at(2024, 2, 1), limit=0), "limit must be"),
        (lambda: SEED.matches(dt.datetime(2024, 1, 18, 18)), "when must be an aware"),
        (lambda: SEED.in_month(2024, 13), "1 to 12"),
        (lambda: SEED.in_month(1066, 10), "out of range"),
    ],
)
def test_bad_queries(call, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KindnessInputError, match=message.replace("must be aware", "must be an")):
        call()


def test_in_zone_converts_an_occurrence() -> None:
    march = SEED.in_month(2023, 3)[0]
    assert march.start.isoformat() == "2023-03-16T18:00:00+00:00"
    # New York is already on EDT, London still on GMT: 14:00, not 13:00.
    assert march.in_zone("America/New_York").isoformat() == "2023-03-16T14:00:00-04:00"
    others = [SEED.in_month(2023, m)[0].in_zone("America/New_York").hour for m in range(1, 13)]
    assert others.count(13) == 11
    assert others[2] == 14
    assert march.in_zone("Asia/Kolkata").strftime("%H:%M") == "23:30"
    assert march.in_zone("Australia/Sydney").isoformat() == "2023-03-17T05:00:00+11:00"
    assert march.utc == dt.datetime(2023, 3, 16, 18, tzinfo=UTC)
    with pytest.raises(UnknownTimeZoneError):
        march.in_zone("Mars/Olympus")


# -- daylight saving: the last Sundays of March and October -----------------------------


def test_weekly_sunday_at_0130_across_the_clock_changes() -> None:
    schedule = Schedule(rule="FREQ=WEEKLY;BYDAY=SU", time=dt.time(1, 30))
    march = schedule.between(at(2023, 3, 18), at(2023, 4, 3))
    assert [o.start.isoformat() for o in march] == [
        "2023-03-19T01:30:00+00:00",
        # 01:30 does not exist on 26 March: read with the offset before the
        # gap (RFC 5545 3.3.5), it is the instant 02:30 BST.
        "2023-03-26T02:30:00+01:00",
        "2023-04-02T01:30:00+01:00",
    ]
    gap = march[1]
    assert gap.utc == dt.datetime(2023, 3, 26, 1, 30, tzinfo=UTC)
    assert gap.scheduled_date == dt.date(2023, 3, 26)
    assert gap.end.isoformat() == "2023-03-26T03:30:00+01:00"
    october = schedule.between(at(2023, 10, 21), at(2023, 11, 6))
    # 01:30 happens twice on 29 October: the first (BST) is the meeting.
    assert [o.start.isoformat() for o in october] == [
        "2023-10-22T01:30:00+01:00",
        "2023-10-29T01:30:00+01:00",
        "2023-11-05T01:30:00+00:00",
    ]
    overlap = october[1]
    assert overlap.utc == dt.datetime(2023, 10, 29, 0, 30, tzinfo=UTC)
    assert overlap.start.fold == 0
    # An hour long, it ends at the second 01:30 (GMT).
    assert overlap.end.utcoffset() == dt.timedelta(0)
    assert overlap.end.strftime("%H:%M") == "01:30"
    assert overlap.duration == dt.timedelta(hours=1)
    # (Python subtracts same-zone datetimes by wall clock: hence `duration`.)
    assert overlap.end - overlap.start == dt.timedelta(0)
    assert schedule.matches(dt.datetime(2023, 3, 26, 1, 30, tzinfo=UTC))
    assert not schedule.matches(dt.datetime(2023, 10, 29, 1, 30, tzinfo=UTC))


def test_a_query_inside_the_overlap_compares_instants_not_wall_times() -> None:
    schedule = Schedule(rule="FREQ=WEEKLY;BYDAY=SU", time=dt.time(1, 30))
    first_0145 = dt.datetime(2023, 10, 29, 1, 45, tzinfo=LONDON, fold=0)  # 00:45 UTC
    second_0100 = dt.datetime(2023, 10, 29, 1, 0, tzinfo=LONDON, fold=1)  # 01:00 UTC
    # The meeting (00:30 UTC) is before both, though 01:30 > 01:00 on the wall.
    assert schedule.next(after=first_0145).start.date() == dt.date(2023, 11, 5)
    assert schedule.next(after=second_0100).start.date() == dt.date(2023, 11, 5)
    before = dt.datetime(2023, 10, 29, 0, 29, tzinfo=UTC)
    assert schedule.next(after=before).utc == dt.datetime(2023, 10, 29, 0, 30, tzinfo=UTC)


def test_new_york_gap_for_a_new_york_series() -> None:
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=2SU", time=dt.time(2, 30),
                        timezone="America/New_York")  # fmt: skip
    march = schedule.in_month(2023, 3)[0]
    assert march.start.isoformat() == "2023-03-12T03:30:00-04:00"
    assert schedule.in_month(2023, 4)[0].start.isoformat() == "2023-04-09T02:30:00-04:00"


# -- RFC 5545 text --------------------------------------------------------------------


def test_to_rfc5545_keeps_the_tzid_where_dateutil_drops_it() -> None:
    text = SEED.to_rfc5545()
    assert text == "DTSTART;TZID=Europe/London:20000120T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH"
    plain = str(rrulestr(SEED.rule, dtstart=SEED.dtstart))
    assert "TZID" not in plain  # the pitfall this method avoids
    assert plain.startswith("DTSTART:20000101T180000")


@pytest.mark.parametrize(
    "schedule",
    [
        SEED,
        Schedule(start=dt.date(2022, 7, 21)),
        Schedule(rule="FREQ=MONTHLY;BYDAY=-1TU", time=dt.time(12, 30), timezone="Europe/Paris"),
        Schedule(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", time=dt.time(9),
                 start=dt.date(2024, 1, 8)),
        Schedule(rule="FREQ=WEEKLY;BYDAY=TH;COUNT=7", start=dt.date(2024, 1, 5),
                 timezone="America/New_York"),
        Schedule(rule="FREQ=MONTHLY;BYDAY=3TH;UNTIL=20261231T000000Z", time=dt.time(7, 15),
                 timezone="Australia/Sydney"),
        Schedule(rule="FREQ=WEEKLY", start=dt.date(2025, 1, 8), time=dt.time(1, 30),
                 timezone="Europe/London"),
        Schedule(
            start=dt.date(2024, 6, 1),
            skips=(Skip(date=dt.date(2025, 8, 21), reason="summer"),),
            moves=(Move(date=dt.date(2025, 12, 18), to=dt.datetime(2025, 12, 11, 17)),),
            extras=(dt.datetime(2025, 9, 4, 18),),
        ),
    ],
    ids=lambda s: s.rule,
)  # fmt: skip
def test_rfc5545_text_round_trips(schedule: Schedule) -> None:
    text = schedule.to_rfc5545()
    assert f"DTSTART;TZID={schedule.timezone}:" in text
    again = parse_schedule(text)
    assert (again.rule, again.time, again.timezone) == (
        schedule.rule, schedule.time, schedule.timezone,
    )  # fmt: skip
    window = (at(2024, 1, 1), at(2027, 12, 31))
    assert starts(again.between(*window)) == starts(schedule.between(*window))
    assert again.between(*window)  # not vacuous
    assert again.to_rfc5545().splitlines()[:2] == text.splitlines()[:2]


# -- bounds ---------------------------------------------------------------------------


def test_expansion_is_bounded() -> None:
    daily = Schedule(rule="FREQ=DAILY")
    with pytest.raises(ExpansionLimitError, match="more than 10000 meetings"):
        daily.between(at(2000, 1, 1), at(2060, 1, 1))
    with pytest.raises(ExpansionLimitError, match="more than 5 meetings"):
        daily.between(at(2000, 1, 1), at(2000, 1, 10), limit=5)
    with pytest.raises(ExpansionLimitError, match="wider than 200 years"):
        SEED.between(at(2000, 1, 1), at(2201, 1, 1))
    assert len(daily.between(at(2000, 1, 1), at(2000, 1, 10, 18), limit=10)) == 10
    assert len(daily.upcoming(after=at(2000, 1, 1), count=MAX_OCCURRENCES)) == MAX_OCCURRENCES
    counted = Schedule(rule="FREQ=DAILY;COUNT=10000", start=dt.date(2024, 1, 1))
    assert len(counted.between(at(2024, 1, 1), at(2060, 1, 1))) == 10000
    assert isinstance(ExpansionLimitError("x"), RuleError)


def test_far_future_queries_are_cheap_and_safe() -> None:
    daily = Schedule(rule="FREQ=DAILY", time=dt.time(9))
    # The rule restarts near the window instead of walking from 2000.
    assert daily.next(after=at(2950, 6, 1)).start == at(2950, 6, 1, 9)
    assert SEED.next(after=dt.datetime(9999, 12, 31, 23, tzinfo=NEW_YORK)) is None
    assert SEED.next(after=dt.datetime(9999, 12, 31, tzinfo=UTC)) is None
    end_of_time = dt.datetime.max.replace(tzinfo=UTC)
    assert SEED.between(dt.datetime(9995, 1, 1, tzinfo=UTC), end_of_time) == ()
    assert len(SEED.between(dt.datetime(9990, 1, 1, tzinfo=UTC), end_of_time)) == 12
    early = dt.datetime(1, 1, 1, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert SEED.next(after=early).start == at(2000, 1, 20, 18)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rule": "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"}, "depends on where it starts"),
        ({"rule": "FREQ=DAILY;COUNT=3"}, "depends on where it starts"),
        ({"rule": "FREQ=WEEKLY"}, "takes its weekday from the start date"),
        ({"rule": "FREQ=MONTHLY"}, "takes its day of the month"),
        ({"rule": "FREQ=YEARLY;BYMONTH=3"}, "takes its date from the start"),
        ({"timezone": "Mars/Olympus"}, "unknown time zone 'Mars/Olympus'"),
        ({"time": "18:00"}, "naive local time such as time(18, 0)"),
        ({"time": dt.time(18, tzinfo=UTC)}, "naive local time"),
        ({"time": dt.time(18, 0, 0, 5)}, "microseconds"),
        ({"start": dt.datetime(2024, 1, 1)}, "must be a date"),
        ({"start": dt.date(1066, 10, 14)}, "between 1900 and 2999"),
        ({"duration": dt.timedelta(0)}, "between 1 minute and 1 day"),
        ({"duration": dt.timedelta(days=2)}, "between 1 minute and 1 day"),
        ({"rule": "FREQ=MONTHLY;BYDAY=3TH;UNTIL=20200101T000000Z", "start": dt.date(2022, 7, 21)},
         "is before the start"),
        ({"rule": "FREQ=MONTHLY;BYDAY=3TH;UNTIL=20220715T000000Z", "start": dt.date(2022, 7, 1)},
         "before the first date of the rule"),
        ({"rule": "FREQ=MONTHLY;BYDAY=3TH;UNTIL=20251231"}, "must be a UTC date-time"),
    ],
)  # fmt: skip
def test_bad_schedules_are_refused_with_a_fix(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(KindnessInputError, match=re.escape(message)) as caught:
        Schedule(**kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)


def test_depends_on_start() -> None:
    assert not SEED.depends_on_start
    assert Schedule(
        rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", start=dt.date(2024, 1, 10)
    ).depends_on_start
    assert Schedule(rule="FREQ=WEEKLY", start=dt.date(2024, 1, 10)).depends_on_start
    weekly = Schedule(rule="FREQ=WEEKLY", start=dt.date(2024, 1, 10))
    assert str(weekly.full_rule) == "FREQ=WEEKLY;BYDAY=WE"
    assert weekly.recurrence_rule.byday == ()


def test_first_is_the_first_date_of_the_rule() -> None:
    assert SEED.first().start == at(2000, 1, 20, 18)
    started = Schedule(start=dt.date(2022, 7, 22))
    assert started.first().start == at(2022, 8, 18, 18)


def test_schedule_parse_is_parse_schedule() -> None:
    # Schedule.parse is a deprecated alias, kept for one release.
    assert Schedule.parse("third Thursday of the month at 6pm UK time") == SEED
    assert parse_schedule("third Thursday of the month at 6pm UK time") == SEED


# -- no hidden clock --------------------------------------------------------------------


def _clock_calls(source: str) -> list[str]:
    """Calls such as ``datetime.now()``, ``date.today()`` or ``time.time()`` in code."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            owner = node.func.value
            if name in ("now", "today", "utcnow") or (
                name in ("time", "monotonic", "perf_counter")
                and isinstance(owner, ast.Name)
                and owner.id == "time"
            ):
                found.append(ast.unparse(node))
    return found


def test_the_library_never_reads_the_clock() -> None:
    package = Path(kindness_core.__file__).parent
    # The command line (kindness_core/cli/) reads the clock at the edge, and passes it in.
    edge = {"cli", "__main__.py"}
    readers = {
        path.relative_to(package).as_posix(): calls
        for path in sorted(package.rglob("*.py"))
        if path.relative_to(package).parts[0] not in edge
        and (calls := _clock_calls(path.read_text(encoding="utf-8")))
    }
    assert readers == {}
    assert (package / "schedule" / "recurrence.py") in set(package.rglob("*.py"))
    # The check itself finds what it looks for.
    assert _clock_calls("import datetime\nx = datetime.datetime.now()") == [
        "datetime.datetime.now()"
    ]
    assert _clock_calls("s = 'e.g. datetime.now(UTC)'") == []


# -- properties --------------------------------------------------------------------------

ORDINALS = [1, 2, 3, 4, -1]
WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
afters = st.datetimes(
    min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2090, 12, 31),
    timezones=st.sampled_from([ZoneInfo(z) for z in ZONES]),
)  # fmt: skip
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))


@settings(max_examples=60, deadline=None)
@given(n=st.sampled_from(ORDINALS), day=st.integers(0, 6), after=afters)
def test_every_occurrence_is_the_nth_weekday(n: int, day: int, after: dt.datetime) -> None:
    schedule = Schedule(rule=f"FREQ=MONTHLY;BYDAY={n}{WEEKDAY_CODES[day]}")
    for occ in schedule.upcoming(after=after, count=6):
        local = occ.start
        assert local.weekday() == day
        length = calendar.monthrange(local.year, local.month)[1]
        if n > 0:
            assert 7 * (n - 1) < local.day <= 7 * n
        else:
            assert local.day > length - 7


@settings(max_examples=60, deadline=None)
@given(zone=st.sampled_from(ZONES), when=times, after=afters,
       rule=st.sampled_from(["FREQ=MONTHLY;BYDAY=3TH", "FREQ=WEEKLY;BYDAY=SU",
                             "FREQ=MONTHLY;BYDAY=-1SU", "FREQ=DAILY"]))  # fmt: skip
def test_wall_clock_time_is_constant_in_the_series_zone(
    zone: str, when: dt.time, after: dt.datetime, rule: str
) -> None:
    schedule = Schedule(rule=rule, time=when, timezone=zone)
    tz = ZoneInfo(zone)
    for occ in schedule.upcoming(after=after, count=5):
        assert occ.start.tzinfo is tz
        wall = dt.datetime.combine(occ.scheduled_date, when)
        try:
            zones.check_local_time(wall, zone)
        except NonexistentTimeError:
            # RFC 5545: read with the offset before the gap.
            assert occ.utc == wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
            assert occ.start.replace(tzinfo=None) > wall
        except AmbiguousTimeError:
            assert occ.start.replace(tzinfo=None) == wall
            assert occ.start.fold == 0  # the first of the two
        else:
            assert occ.start.replace(tzinfo=None) == wall
            assert occ.start.time() == when


@settings(max_examples=60, deadline=None)
@given(after=afters, count=st.integers(1, 30), zone=st.sampled_from(ZONES),
       rule=st.sampled_from(["FREQ=MONTHLY;BYDAY=3TH", "FREQ=WEEKLY;BYDAY=SU,MO",
                             "FREQ=DAILY", "FREQ=MONTHLY;BYMONTHDAY=31"]))  # fmt: skip
def test_upcoming_is_strictly_after_and_sorted(
    after: dt.datetime, count: int, zone: str, rule: str
) -> None:
    schedule = Schedule(rule=rule, time=dt.time(1, 30), timezone=zone)
    found = schedule.upcoming(after=after, count=count)
    assert len(found) == count
    instants = [o.utc for o in found]
    assert all(i > after for i in instants)
    assert instants == sorted(instants)
    assert len(set(instants)) == len(instants)
    # nothing was skipped between `after` and the last one (the microsecond is
    # added in UTC: wall-clock arithmetic drops the fold of a time in a gap)
    just_after = after.astimezone(dt.UTC) + dt.timedelta(microseconds=1)
    assert schedule.between(just_after, found[-1].start) == found


@settings(max_examples=60, deadline=None)
@given(start=afters, days=st.integers(0, 800),
       rule=st.sampled_from(["FREQ=MONTHLY;BYDAY=3TH", "FREQ=WEEKLY;BYDAY=SU",
                             "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1"]))  # fmt: skip
def test_between_stays_inside_the_window(start: dt.datetime, days: int, rule: str) -> None:
    end = start + dt.timedelta(days=days)
    schedule = Schedule(rule=rule, time=dt.time(1, 30))
    found = schedule.between(start, end)
    assert all(start <= o.start <= end for o in found)
    assert [o.utc for o in found] == sorted(o.utc for o in found)


ORACLE_RULES = [
    ("FREQ=DAILY;INTERVAL=3", dt.date(2001, 3, 4)),
    ("FREQ=WEEKLY;INTERVAL=3;BYDAY=SU,WE;WKST=SU", dt.date(2003, 5, 6)),
    ("FREQ=WEEKLY;INTERVAL=2", dt.date(2010, 2, 3)),
    ("FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR", dt.date(2004, 12, 31)),
    ("FREQ=MONTHLY", dt.date(2001, 1, 31)),
    ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=2,-2", None),
    ("FREQ=YEARLY;INTERVAL=2;BYMONTH=2;BYMONTHDAY=29", dt.date(2000, 2, 29)),
    ("FREQ=YEARLY;BYWEEKNO=20;BYDAY=TU", None),
]


@settings(max_examples=60, deadline=None)
@given(case=st.sampled_from(ORACLE_RULES), after=afters, days=st.integers(1, 1500))
def test_between_agrees_with_dateutil_walking_from_the_start(
    case: tuple[str, dt.date | None], after: dt.datetime, days: int
) -> None:
    # Plain dateutil from DTSTART is slow but obviously right: our restarted
    # rule must give the very same dates.
    rule, start = case
    schedule = Schedule(rule=rule, start=start, time=dt.time(12))
    end = after + dt.timedelta(days=days)
    expected = [
        wall.astimezone(UTC)
        for wall in rrulestr(rule, dtstart=schedule.dtstart).between(after, end, inc=True)
    ]
    assert [o.utc for o in schedule.between(after, end)] == expected


def test_rule_dates_tells_which_days_the_rule_gives():
    schedule = Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(18), timezone="Europe/London")
    days = [dt.date(2024, 2, 15), dt.date(2024, 2, 12), dt.date(2024, 3, 21), dt.date(2024, 3, 14)]
    assert schedule.rule_dates(days) == frozenset({dt.date(2024, 2, 15), dt.date(2024, 3, 21)})
    assert schedule.rule_dates([]) == frozenset()

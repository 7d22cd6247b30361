"""kindness_core.schedule.description: a schedule in English, and its warnings."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core.errors import (
    KindnessWarning,
)
from kindness_core.schedule.description import (
    describe,
    format_time,
    schedule_warnings,
    warn_schedule,
)
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import Move, Schedule, Skip
from kindness_core.schedule.zone_phrases import zone_label

LONDON = ZoneInfo("Europe/London")


# -- sentences ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schedule", "sentence"),
    [
        (Schedule(), "Third Thursday of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=-1TU", time=dt.time(12, 30), timezone="Europe/Paris"),
         "Last Tuesday of every month at 12:30pm Europe/Paris time"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=-2FR", time=dt.time(19, 30)),
         "Second-to-last Friday of every month at 7:30pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=1TU,3TU"),
         "First and third Tuesday of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=1MO,-1FR"),
         "First Monday and last Friday of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=3TH"),
         "Third Thursday of every month except August at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYMONTH=3,9;BYDAY=2WE"),
         "Second Wednesday of March and September at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;INTERVAL=3;BYDAY=1MO", start=dt.date(2024, 1, 1)),
         "First Monday of every 3 months at 6:00pm UK time, starting 1 January 2024"),
        (Schedule(rule="FREQ=MONTHLY;INTERVAL=2;BYDAY=1MO", start=dt.date(2024, 1, 1)),
         "First Monday of every other month at 6:00pm UK time, starting 1 January 2024"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", time=dt.time(17)),
         "Last weekday of every month at 5:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=SA,SU;BYSETPOS=1"),
         "First weekend day of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=-1"), "Last day of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=31"), "Day 31 of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=1,15"),
         "Days 1 and 15 of every month at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=13;BYDAY=FR"),
         "Day 13 of every month, when it is a Friday at 6:00pm UK time"),
        (Schedule(rule="FREQ=MONTHLY", start=dt.date(2024, 1, 14)),
         "Day 14 of every month at 6:00pm UK time, starting 14 January 2024"),
        (Schedule(rule="FREQ=WEEKLY;BYDAY=MO,WE"), "Every Monday and Wednesday at 6:00pm UK time"),
        (Schedule(rule="FREQ=WEEKLY", start=dt.date(2024, 1, 10)),
         "Every Wednesday at 6:00pm UK time, starting 10 January 2024"),
        (Schedule(rule="FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", time=dt.time(9),
                  start=dt.date(2024, 1, 10)),
         "Every other Wednesday at 9:00am UK time, starting 10 January 2024"),
        (Schedule(rule="FREQ=WEEKLY;INTERVAL=3;BYDAY=TH", start=dt.date(2024, 1, 4)),
         "Every 3 weeks on Thursday at 6:00pm UK time, starting 4 January 2024"),
        (Schedule(rule="FREQ=WEEKLY;BYMONTH=6,7,8;BYDAY=SA", time=dt.time(10)),
         "Every Saturday in June, July and August at 10:00am UK time"),
        (Schedule(rule="FREQ=DAILY", time=dt.time(12)), "Every day at 12:00pm UK time"),
        (Schedule(rule="FREQ=DAILY;INTERVAL=2", start=dt.date(2024, 1, 1)),
         "Every other day at 6:00pm UK time, starting 1 January 2024"),
        (Schedule(rule="FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", time=dt.time(9)),
         "Every weekday (Monday to Friday) at 9:00am UK time"),
        (Schedule(rule="FREQ=YEARLY;BYMONTH=3;BYDAY=2TU"),
         "Second Tuesday of March every year at 6:00pm UK time"),
        (Schedule(rule="FREQ=YEARLY", start=dt.date(2024, 3, 14)),
         "Every year on 14 March at 6:00pm UK time, starting 14 March 2024"),
        (Schedule(rule="FREQ=WEEKLY;BYDAY=TH;COUNT=5", start=dt.date(2024, 1, 4)),
         "Every Thursday at 6:00pm UK time, starting 4 January 2024, 5 times"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=3TH;UNTIL=20240216T000000Z",
                  start=dt.date(2022, 7, 21)),
         "Third Thursday of every month at 6:00pm UK time, until 16 February 2024"),
        (Schedule(rule="FREQ=MONTHLY;BYDAY=3TH", time=dt.time(9), timezone="UTC"),
         "Third Thursday of every month at 9:00am UTC"),
        (Schedule(rule="FREQ=YEARLY;BYWEEKNO=20;BYDAY=TU"),
         "Repeats by the rule FREQ=YEARLY;BYWEEKNO=20;BYDAY=TU at 6:00pm UK time"),
        (Schedule(rule="FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1"),
         "Repeats by the rule FREQ=WEEKLY;BYDAY=MO,TU;BYSETPOS=1 at 6:00pm UK time"),
    ],
)  # fmt: skip
def test_describe(schedule: Schedule, sentence: str) -> None:
    assert describe(schedule) == sentence


@pytest.mark.parametrize(
    "text",
    [
        "third Thursday of the month at 6pm UK time",
        "last Tuesday of each month, 12:30 Europe/Paris",
        "first and third Tuesday of the month at noon",
        "last weekday of the month at 5pm",
        "every Monday and Wednesday at 6pm",
        "every weekday at 9am",
        "every other Wednesday at 9am starting 2024-01-10",
        "every Thursday at 7pm starting 2024-01-04, 5 times",
        "fortnightly on Friday at 10am from 2024-01-05 until 2024-12-31",
    ],
)
def test_phrase_describe_phrase_gives_the_same_schedule(text: str) -> None:
    schedule = parse_schedule(text)
    sentence = describe(schedule)
    assert not sentence.startswith("Repeats by the rule")
    # The sentence reads back (the zone label "UK time" is a phrase too).
    again = parse_schedule(sentence.replace("Europe/Paris time", "Europe/Paris"))
    assert again == schedule


def test_warnings() -> None:
    fifth = parse_schedule("fifth Friday of the month at 7pm")
    assert schedule_warnings(fifth) == (
        "BYDAY=5FR: many months have no fifth Friday, so the series skips them; "
        "use -1 for 'last' if you meant the last one",
    )
    with pytest.warns(KindnessWarning, match="no fifth Friday"):
        warn_schedule(fifth)
    assert "fifth-to-last Monday" in schedule_warnings(Schedule(rule="FREQ=MONTHLY;BYDAY=-5MO"))[0]
    assert (
        "no fifth Monday" in schedule_warnings(Schedule(rule="FREQ=YEARLY;BYMONTH=2;BYDAY=5MO"))[0]
    )
    assert (
        "some months are shorter"
        in schedule_warnings(Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=31"))[0]
    )
    assert (
        "some months are shorter"
        in schedule_warnings(Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=-30"))[0]
    )
    late = Schedule(start=dt.date(2024, 1, 2))
    assert schedule_warnings(late) == (
        "the start 2 January 2024 is not a meeting day of the rule: the first meeting is "
        "18 January 2024; give that date as the start if you meant it",
    )
    assert schedule_warnings(Schedule()) == ()
    assert schedule_warnings(Schedule(start=dt.date(2024, 1, 18))) == ()
    assert schedule_warnings(Schedule(rule="FREQ=YEARLY;BYDAY=5MO")) == ()  # 5th Monday of the year


def test_exceptions_do_not_change_the_sentence() -> None:
    schedule = Schedule(
        skips=(Skip(date=dt.date(2023, 4, 20)),),
        moves=(Move(date=dt.date(2023, 5, 18), to=dt.datetime(2023, 5, 25, 18)),),
    )
    assert describe(schedule) == "Third Thursday of every month at 6:00pm UK time"


def test_the_deprecated_methods_are_the_functions() -> None:
    """``Schedule.parse/describe/warnings/warn`` stay for one release, as aliases."""
    text = "fifth Friday of the month at 7pm"
    schedule = parse_schedule(text)
    assert Schedule.parse(text) == schedule
    assert Schedule.parse("every Monday", time=dt.time(9)) == parse_schedule(
        "every Monday", time=dt.time(9)
    )
    assert schedule.describe() == describe(schedule)
    assert schedule.warnings() == schedule_warnings(schedule) != ()
    with pytest.warns(KindnessWarning, match="no fifth Friday") as caught:
        schedule.warn()
    assert caught[0].filename == __file__  # the warning points at the caller


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(18), "6:00pm"),
        (dt.time(12, 30), "12:30pm"),
        (dt.time(0, 5), "12:05am"),
        (dt.time(9, 5), "9:05am"),
        (dt.time(23, 59, 30), "11:59:30pm"),
    ],
)
def test_format_time(value: dt.time, text: str) -> None:
    assert format_time(value) == text


def test_zone_label() -> None:
    assert zone_label("Europe/London") == "UK time"
    assert zone_label("UTC") == "UTC"
    assert zone_label("America/New_York") == "America/New_York time"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=MONTHLY;BYDAY=-3TH", "Third-to-last Thursday of every month"),
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=-4FR", "Fourth-to-last Friday of March every year"),
        ("FREQ=MONTHLY;BYMONTHDAY=-3", "Third-to-last day of every month"),
        ("FREQ=MONTHLY;BYMONTHDAY=-21", "21st-to-last day of every month"),
    ],
)
def test_ordinals_from_the_end_are_words(rule, words):
    """Not "3th-to-last": every ordinal is English ("third", "21st")."""
    assert describe(Schedule(rule=rule)).startswith(words)

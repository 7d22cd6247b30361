"""kindness_core.schedule_text: the phrases organisers write, and sentences back."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core.errors import (
    KindnessInputError,
    KindnessWarning,
    NonexistentTimeError,
    RuleError,
    UnknownTimeZoneError,
)
from kindness_core.recurrence import Move, Schedule, Skip
from kindness_core.schedule_text import (
    describe,
    format_time,
    parse_schedule,
    schedule_warnings,
    zone_label,
)

LONDON = ZoneInfo("Europe/London")


# -- phrases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "rule", "time", "zone"),
    [
        ("third Thursday of the month at 6pm UK time", "FREQ=MONTHLY;BYDAY=3TH",
         dt.time(18), "Europe/London"),
        ("Meetings are held on the third Thursday of the month, at 6pm UK time.",
         "FREQ=MONTHLY;BYDAY=3TH", dt.time(18), "Europe/London"),
        ("last Tuesday of each month, 12:30 Europe/Paris", "FREQ=MONTHLY;BYDAY=-1TU",
         dt.time(12, 30), "Europe/Paris"),
        ("3rd Thursday monthly at 18:00", "FREQ=MONTHLY;BYDAY=3TH", dt.time(18), "Europe/London"),
        ("second last Friday of every month at 7.30pm", "FREQ=MONTHLY;BYDAY=-2FR",
         dt.time(19, 30), "Europe/London"),
        ("penultimate Monday of the month at 9 am", "FREQ=MONTHLY;BYDAY=-2MO", dt.time(9),
         "Europe/London"),
        ("first and third Tuesday of the month at noon", "FREQ=MONTHLY;BYDAY=1TU,3TU",
         dt.time(12), "Europe/London"),
        ("first Monday and last Friday of the month", "FREQ=MONTHLY;BYDAY=1MO,-1FR",
         dt.time(18), "Europe/London"),
        ("fifth Friday of the month at 7pm", "FREQ=MONTHLY;BYDAY=5FR", dt.time(19),
         "Europe/London"),
        ("last weekday of the month at 5pm", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
         dt.time(17), "Europe/London"),
        ("last day of the month", "FREQ=MONTHLY;BYMONTHDAY=-1", dt.time(18), "Europe/London"),
        ("on the 15th of each month at 10am UTC", "FREQ=MONTHLY;BYMONTHDAY=15", dt.time(10),
         "UTC"),
        ("every Tuesday at 8:15am America/New_York", "FREQ=WEEKLY;BYDAY=TU", dt.time(8, 15),
         "America/New_York"),
        ("weekly on Friday at 1pm", "FREQ=WEEKLY;BYDAY=FR", dt.time(13), "Europe/London"),
        ("Mondays at 10:00", "FREQ=WEEKLY;BYDAY=MO", dt.time(10), "Europe/London"),
        ("every Monday and Wednesday at 6pm", "FREQ=WEEKLY;BYDAY=MO,WE", dt.time(18),
         "Europe/London"),
        ("every Monday, Wednesday and Friday", "FREQ=WEEKLY;BYDAY=MO,WE,FR", dt.time(18),
         "Europe/London"),
        ("every weekday at 9am", "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", dt.time(9),
         "Europe/London"),
        ("daily at midday", "FREQ=DAILY", dt.time(12), "Europe/London"),
        ("third Thursday of the month at 6pm UK time except August",
         "FREQ=MONTHLY;BYMONTH=1,2,3,4,5,6,7,9,10,11,12;BYDAY=3TH", dt.time(18),
         "Europe/London"),
        ("every Wednesday except in July and August",
         "FREQ=WEEKLY;BYMONTH=1,2,3,4,5,6,9,10,11,12;BYDAY=WE", dt.time(18), "Europe/London"),
        ("third Thursday at 6pm London time", "FREQ=MONTHLY;BYDAY=3TH", dt.time(18),
         "Europe/London"),
        ("third Thursday 12am", "FREQ=MONTHLY;BYDAY=3TH", dt.time(0), "Europe/London"),
        ("third Thursday 12pm", "FREQ=MONTHLY;BYDAY=3TH", dt.time(12), "Europe/London"),
    ],
)  # fmt: skip
def test_phrases(text: str, rule: str, time: dt.time, zone: str) -> None:
    schedule = parse_schedule(text)
    assert (schedule.rule, schedule.time, schedule.timezone) == (rule, time, zone)


def test_phrase_with_start_until_and_length() -> None:
    schedule = parse_schedule(
        "every other Wednesday at 9am starting 2024-01-10 until 2024-06-30 for 90 minutes"
    )
    assert schedule.rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;UNTIL=20240630T225959Z"
    assert schedule.start == dt.date(2024, 1, 10)
    assert schedule.duration == dt.timedelta(minutes=90)
    found = schedule.upcoming(after=dt.datetime(2024, 1, 1, tzinfo=LONDON), count=100)
    assert found[0].start == dt.datetime(2024, 1, 10, 9, tzinfo=LONDON)
    assert found[-1].start == dt.datetime(2024, 6, 26, 9, tzinfo=LONDON)  # the last day counts
    assert parse_schedule("fortnightly on Friday from 2024-01-05").rule == (
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
    )
    assert parse_schedule("daily for an hour").duration == dt.timedelta(hours=1)
    words = parse_schedule("every Tuesday from January 9th, 2024 until 30 June 2024")
    assert words.start == dt.date(2024, 1, 9)
    assert words.rule == "FREQ=WEEKLY;BYDAY=TU;UNTIL=20240630T225959Z"
    counted = parse_schedule("every Thursday starting 4 January 2024, 5 times")
    assert counted.rule == "FREQ=WEEKLY;BYDAY=TH;COUNT=5"
    assert counted.start == dt.date(2024, 1, 4)
    assert parse_schedule("daily for 1.5 hours").duration == dt.timedelta(minutes=90)


def test_phrase_defaults_come_from_the_caller() -> None:
    schedule = parse_schedule(
        "every Tuesday", timezone="Asia/Kolkata", time=dt.time(7), start=dt.date(2024, 1, 2)
    )
    assert (schedule.timezone, schedule.time, schedule.start) == (
        "Asia/Kolkata", dt.time(7), dt.date(2024, 1, 2),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("every blursday", RuleError, "cannot understand the schedule 'every blursday'"),
        ("", RuleError, "the schedule is empty"),
        ("   ", RuleError, "the schedule is empty"),
        ("x" * 2001, RuleError, "longer than 2,000 characters"),
        ("third Thursday at 6pm Mars/Olympus", UnknownTimeZoneError, "Mars/Olympus"),
        ("third Thursday at 6pm EST", RuleError, "'EST' is an abbreviation"),
        ("third Thursday at 6pm GMT", RuleError, "name the zone instead"),
        ("third Thursday at 13pm", RuleError, "'at 13pm' is not a time"),
        ("third Thursday at 25:00", RuleError, "is not a time"),
        ("every other Wednesday", RuleError, "depends on where it starts"),
        ("every other Wednesday starting 2024-02-30", RuleError, "is not a date: use YYYY-MM-DD"),
        ("every second Tuesday", RuleError, "could mean fortnightly"),
        ("third Thursday and every Monday", RuleError, "mentions Monday"),
        ("every Tuesday in January", RuleError, "names a month it cannot use"),
        ("every Tuesday starting 31 February 2024", RuleError, "'31 February 2024' is not a"),
        ("every Thursday 5 times until 2024-06-30", RuleError, "keep one"),
        ("third Thursday in March", RuleError, "names a month"),
    ],
)
def test_phrases_that_are_refused(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as caught:
        parse_schedule(text)
    assert message in str(caught.value)
    assert isinstance(caught.value, KindnessInputError)
    assert "\n" not in str(caught.value)


# -- RFC 5545 text --------------------------------------------------------------------------


def test_full_rrule_text_with_dtstart_tzid() -> None:
    schedule = parse_schedule(
        "DTSTART;TZID=America/New_York:20240104T090000\r\n"
        "RRULE:FREQ=MONTHLY;BYDAY=1TH\r\n"
        "EXDATE;TZID=America/New_York:20240201T090000,20240307T090000\r\n"
        "EXDATE;VALUE=DATE:20240404\r\n"
        "RDATE;TZID=America/New_York:20240215T093000\r\n"
    )
    assert schedule.timezone == "America/New_York"
    assert schedule.time == dt.time(9)
    assert schedule.start == dt.date(2024, 1, 4)
    assert [s.date for s in schedule.skips] == [
        dt.date(2024, 2, 1), dt.date(2024, 3, 7), dt.date(2024, 4, 4),
    ]  # fmt: skip
    assert schedule.extras == (dt.datetime(2024, 2, 15, 9, 30),)
    found = schedule.upcoming(after=dt.datetime(2024, 1, 1, tzinfo=dt.UTC), count=3)
    assert [o.start.isoformat() for o in found] == [
        "2024-01-04T09:00:00-05:00", "2024-02-15T09:30:00-05:00", "2024-05-02T09:00:00-04:00",
    ]  # fmt: skip


def test_bare_rule_and_quoted_tzid() -> None:
    assert parse_schedule("FREQ=MONTHLY;BYDAY=3TH") == Schedule()
    assert parse_schedule("RRULE:FREQ=MONTHLY;BYDAY=3TH") == Schedule()
    quoted = parse_schedule('DTSTART;TZID="Europe/Paris":20240101T123000\nFREQ=DAILY')
    assert (quoted.timezone, quoted.time) == ("Europe/Paris", dt.time(12, 30))


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        ("DTSTART:20220721T170000Z\nRRULE:FREQ=MONTHLY;BYDAY=3TH", RuleError,
         "DTSTART is in UTC: give the local time with its zone"),
        ("DTSTART;TZID=Europe/London:2022-07-21\nRRULE:FREQ=MONTHLY;BYDAY=3TH", RuleError,
         "is not a local date-time"),
        ("DTSTART;TZID=Mars/Olympus:20220721T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH",
         UnknownTimeZoneError, "Mars/Olympus"),
        ("RRULE:FREQ=MONTHLY;BYDAY=3TH\nRRULE:FREQ=WEEKLY;BYDAY=MO", RuleError,
         "more than one RRULE"),
        ("DTSTART;TZID=Europe/London:20220721T180000\nFREQ=MONTHLY;BYDAY=3TH\nSUMMARY:x",
         RuleError, "expected DTSTART, RRULE, EXDATE or RDATE"),
        ("DTSTART;TZID=Europe/London:20220721T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH\n"
         "EXDATE:20230420T170000Z", RuleError, "EXDATE is in UTC"),
        ("DTSTART;TZID=Europe/London:20220721T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH\n"
         "RDATE;TZID=Europe/Paris:20230427T180000", RuleError, "RDATE must be in the"),
        ("DTSTART;TZID=Europe/London:20220721T180000\nRRULE:FREQ=MONTHLY;BYDAY=3TH\n"
         "RDATE;TZID=Europe/London:20230326T013000", NonexistentTimeError, "does not exist"),
        ("DTSTART;TZID=Europe/London:20220721T180000\n"
         "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=20240216T000000", RuleError,
         "must be a UTC date-time"),
        ("DTSTART;TZID=Europe/London:20240721T180000\n"
         "RRULE:FREQ=MONTHLY;BYDAY=3TH;UNTIL=20240216T000000Z", RuleError,
         "is before the start"),
        ("FREQ=HOURLY", RuleError, "repeats at most daily"),
    ],
)  # fmt: skip
def test_bad_rfc5545_text(text: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        parse_schedule(text)


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
    assert schedule.describe() == sentence


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
    sentence = schedule.describe()
    assert not sentence.startswith("Repeats by the rule")
    # The sentence reads back (the zone label "UK time" is a phrase too).
    again = parse_schedule(sentence.replace("Europe/Paris time", "Europe/Paris"))
    assert again == schedule


def test_warnings() -> None:
    fifth = parse_schedule("fifth Friday of the month at 7pm")
    assert fifth.warnings() == (
        "BYDAY=5FR: many months have no fifth Friday, so the series skips them; "
        "use -1 for 'last' if you meant the last one",
    )
    with pytest.warns(KindnessWarning, match="no fifth Friday"):
        fifth.warn()
    assert "fifth-to-last Monday" in Schedule(rule="FREQ=MONTHLY;BYDAY=-5MO").warnings()[0]
    assert "no fifth Monday" in Schedule(rule="FREQ=YEARLY;BYMONTH=2;BYDAY=5MO").warnings()[0]
    assert "some months are shorter" in Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=31").warnings()[0]
    assert "some months are shorter" in Schedule(rule="FREQ=MONTHLY;BYMONTHDAY=-30").warnings()[0]
    late = Schedule(start=dt.date(2024, 1, 2))
    assert schedule_warnings(late) == (
        "the start 2 January 2024 is not a meeting day of the rule: the first meeting is "
        "18 January 2024; give that date as the start if you meant it",
    )
    assert Schedule().warnings() == ()
    assert Schedule(start=dt.date(2024, 1, 18)).warnings() == ()
    assert Schedule(rule="FREQ=YEARLY;BYDAY=5MO").warnings() == ()  # 5th Monday of the year


def test_exceptions_do_not_change_the_sentence() -> None:
    schedule = Schedule(
        skips=(Skip(date=dt.date(2023, 4, 20)),),
        moves=(Move(date=dt.date(2023, 5, 18), to=dt.datetime(2023, 5, 25, 18)),),
    )
    assert schedule.describe() == "Third Thursday of every month at 6:00pm UK time"


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

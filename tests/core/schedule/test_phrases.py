"""kindness_core.schedule.phrases: the phrases organisers write, and RFC 5545 text."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from kindness_core.errors import (
    KindnessInputError,
    NonexistentTimeError,
    RuleError,
    UnknownTimeZoneError,
)
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import Schedule

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


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("last Thurs of the month, 7.30pm UK time", "FREQ=MONTHLY;BYDAY=-1TH"),
        ("- When: last Thu of the month at 7.30pm", "FREQ=MONTHLY;BYDAY=-1TH"),
        ("first Tues. of the month at 6pm", "FREQ=MONTHLY;BYDAY=1TU"),
        ("3rd Weds of the month, 6pm", "FREQ=MONTHLY;BYDAY=3WE"),
        ("second Mon of each month at 10:00", "FREQ=MONTHLY;BYDAY=2MO"),
        ("every Fri at 9am", "FREQ=WEEKLY;BYDAY=FR"),
        ("fourth Sat of the month at 4pm", "FREQ=MONTHLY;BYDAY=4SA"),
    ],
)
def test_weekdays_shortened_as_people_write_them(text: str, rule: str) -> None:
    assert str(parse_schedule(text).rule) == rule


@pytest.mark.parametrize(
    "text", ["we sat on the third Thursday at 6pm", "the sun sets; third Thursday at 6pm"]
)
def test_short_day_words_in_prose_are_not_days(text: str) -> None:
    assert str(parse_schedule(text).rule) == "FREQ=MONTHLY;BYDAY=3TH"

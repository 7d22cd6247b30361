"""kindness_core.schedule.bounds: dateutil, bounded."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr

from kindness_core.errors import RuleError
from kindness_core.schedule.bounds import anchor_for, build_rrule, ensure_rule_has_dates
from kindness_core.schedule.rules import Rule

LONDON = ZoneInfo("Europe/London")
START = dt.datetime(2000, 1, 1, 18, 0, tzinfo=LONDON)
#: Generous bound for "refused at once" (dateutil alone: 1 s to 8 s).


def test_the_probe_refuses_a_rule_that_slips_past_the_text_checks() -> None:
    # Built directly, skipping Rule.check(): dateutil alone would search
    # 8,000 years of days (8 s) or months (1 s) before giving up; the probe
    # looks at 400 to 800 years, and at daily rules a year at a time.
    for rule in (
        Rule(freq="DAILY", bymonth=(2,), bymonthday=(30,)),
        Rule(freq="MONTHLY", byday=((0, "MO"),), bysetpos=(6,)),
    ):
        with pytest.raises(RuleError, match="never produces a date"):
            ensure_rule_has_dates(rule, START)
    # Slower (every other day, week by week) but still bounded.
    for rule in (
        Rule(freq="DAILY", interval=2, bymonth=(2,), bymonthday=(30,)),
        Rule(freq="WEEKLY", byday=((0, "MO"),), bysetpos=(2,)),
    ):
        with pytest.raises(RuleError, match="never produces a date"):
            ensure_rule_has_dates(rule, START)


# -- dateutil plumbing ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=MONTHLY;BYDAY=3TH",
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH;WKST=SU",
        "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2TU",
        "FREQ=DAILY;INTERVAL=3",
    ],
)
def test_build_rrule_gives_what_dateutil_gives_for_the_text(text: str) -> None:
    ours = build_rrule(Rule.parse(text), START)
    theirs = rrulestr(text, dtstart=START)
    window = (START, START + dt.timedelta(days=800))
    assert ours.between(*window, inc=True) == theirs.between(*window, inc=True)


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("FREQ=DAILY;INTERVAL=3", dt.datetime(2090, 5, 17, 9, 0)),
        ("FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,SU;WKST=SU", dt.datetime(2031, 2, 3, 0, 0)),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH", dt.datetime(2040, 1, 1, 12, 0)),
        ("FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR", dt.datetime(2077, 7, 31, 23, 0)),
        ("FREQ=MONTHLY;BYMONTHDAY=31", dt.datetime(2050, 3, 1, 0, 0)),
        ("FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=29", dt.datetime(2090, 1, 1, 0, 0)),
        ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", dt.datetime(2045, 1, 1, 0, 0)),
    ],
)
def test_anchor_restarts_the_rule_without_changing_its_dates(
    text: str, target: dt.datetime
) -> None:
    rule = Rule.parse(text).with_defaults(START.date())
    target = target.replace(tzinfo=LONDON)
    anchor = anchor_for(rule, START, target)
    assert START < anchor <= target - dt.timedelta(days=1)
    window = (target, target + dt.timedelta(days=9 * 366))
    restarted = build_rrule(rule, anchor).between(*window, inc=True)
    from_start = build_rrule(rule, START).between(*window, inc=True)
    assert restarted == from_start
    assert restarted  # the comparison is not vacuous


def test_anchor_keeps_the_start_when_it_must() -> None:
    counted = Rule.parse("FREQ=DAILY;COUNT=50")
    late = START.replace(year=2080)
    assert anchor_for(counted, START, late) == START  # COUNT counts from the start
    daily = Rule.parse("FREQ=DAILY")
    assert anchor_for(daily, START, START - dt.timedelta(days=5)) == START
    assert anchor_for(daily, START, START + dt.timedelta(days=1)) == START

"""kindness_core.formats.vtimezone: VTIMEZONEs written as yearly rules, checked
against the IANA data by an independent reading of the written component."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from dateutil.rrule import rrulestr

from kindness_core.errors import UnknownTimeZoneError
from kindness_core.formats.vtimezone import transitions, vtimezone

UTC = dt.UTC
START = dt.datetime(2015, 1, 1, tzinfo=UTC)

ZONES = [
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Europe/Dublin",  # "negative daylight saving" in the data
    "Australia/Lord_Howe",  # half-hour shift
    "Africa/Casablanca",  # Ramadan-based, no yearly pattern
    "America/Sao_Paulo",  # abolished DST in 2019
    "Pacific/Apia",  # abolished DST in 2021
    "UTC",
]


def onsets(component: icalendar.Timezone) -> list[tuple[dt.datetime, dt.timedelta]]:
    """(UTC instant, new offset) of every onset the component describes.

    Reads each STANDARD/DAYLIGHT part as RFC 5545 says: DTSTART and the
    RRULE's dates are local times on TZOFFSETFROM; UNTIL is UTC.
    """
    found = []
    for part in component.subcomponents:
        assert part.name in ("STANDARD", "DAYLIGHT")
        assert "RDATE" not in part  # ical.js reads only the first RDATE value
        wall = part["DTSTART"].dt
        before = part["TZOFFSETFROM"].td
        after = part["TZOFFSETTO"].td
        walls = [wall]
        if "RRULE" in part:
            rule = dict(part["RRULE"])
            until = rule.pop("UNTIL", None)
            until = until[0] if isinstance(until, list) else until
            text = icalendar.vRecur(rule).to_ical().decode()
            last = (until + before).replace(tzinfo=None) if until else dt.datetime(2100, 12, 31)
            walls = list(rrulestr(text, dtstart=wall).between(wall, last, inc=True))
            assert walls[0] == wall
        found += [((w - before).replace(tzinfo=UTC), after) for w in walls]
    return sorted(found)


def offset_at(table: list[tuple[dt.datetime, dt.timedelta]], when: dt.datetime) -> dt.timedelta:
    current = None
    for at, offset in table:
        if at > when:
            break
        current = offset
    assert current is not None, f"no observance in force at {when}"
    return current


@pytest.mark.parametrize("zone", ZONES)
def test_offsets_match_the_zone_data(zone: str) -> None:
    component = vtimezone(zone, start=START)
    assert component["TZID"] == zone
    table = onsets(component)
    tz = ZoneInfo(zone)
    samples = [START + dt.timedelta(hours=13 * i) for i in range(0, 45 * 365 * 24 // 13)]
    samples += [at + dt.timedelta(seconds=s) for at, _ in table if at >= START for s in (-1, 0)]
    for when in samples:
        assert offset_at(table, when) == when.astimezone(tz).utcoffset(), (zone, when)


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (
            "Europe/London",
            [
                ("DAYLIGHT", dt.datetime(1981, 3, 29, 1), b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3"),
                ("STANDARD", dt.datetime(1996, 10, 27, 2), b"FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"),
            ],
        ),
        (
            "America/New_York",
            [
                ("DAYLIGHT", dt.datetime(2007, 3, 11, 2), b"FREQ=YEARLY;BYDAY=2SU;BYMONTH=3"),
                ("STANDARD", dt.datetime(2007, 11, 4, 2), b"FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"),
            ],
        ),
    ],
)
def test_yearly_rules_like_outlook_and_google(zone: str, expected: list[tuple]) -> None:
    component = vtimezone(zone, start=dt.datetime(2022, 7, 21, 17, tzinfo=UTC))
    got = [(p.name, p["DTSTART"].dt, p["RRULE"].to_ical()) for p in component.subcomponents]
    assert got == expected


def test_zone_without_dst_has_one_fixed_observance() -> None:
    component = vtimezone("Asia/Kolkata", start=START)
    (part,) = component.subcomponents
    assert part.name == "STANDARD"
    assert part["TZNAME"] == "IST"
    assert part["TZOFFSETFROM"].td == part["TZOFFSETTO"].td == dt.timedelta(hours=5, minutes=30)
    assert part["DTSTART"].dt <= dt.datetime(2015, 1, 1)


def test_rule_that_ended_gets_until() -> None:
    # Sao Paulo kept DST until 2019: the rules in force then end with UNTIL.
    component = vtimezone("America/Sao_Paulo", start=START)
    rules = [p["RRULE"] for p in component.subcomponents if "RRULE" in p]
    assert rules
    assert all("UNTIL" in r for r in rules)
    assert all(b"Z" in r.to_ical() for r in rules)


def test_open_rules_hold_past_2038() -> None:
    table = onsets(vtimezone("Europe/London", start=START))
    winter = dt.datetime(2090, 1, 15, 12, tzinfo=UTC)
    summer = dt.datetime(2090, 7, 15, 12, tzinfo=UTC)
    assert offset_at(table, winter) == dt.timedelta(0)
    assert offset_at(table, summer) == dt.timedelta(hours=1)


def test_output_does_not_depend_on_the_exact_start() -> None:
    a = vtimezone("Europe/London", start=dt.datetime(2022, 7, 21, tzinfo=UTC))
    b = vtimezone(
        "Europe/London",
        start=dt.datetime(2010, 1, 1, tzinfo=UTC),
        end=dt.datetime(2030, 1, 1, tzinfo=UTC),
    )
    assert a.to_ical() == b.to_ical()


def test_transitions() -> None:
    found = transitions(
        "Europe/London",
        dt.datetime(2023, 1, 1, tzinfo=UTC),
        dt.datetime(2023, 12, 31, tzinfo=UTC),
    )
    assert [(t.at, t.wall, t.name, t.daylight) for t in found] == [
        (dt.datetime(2023, 3, 26, 1, tzinfo=UTC), dt.datetime(2023, 3, 26, 1), "BST", True),
        (dt.datetime(2023, 10, 29, 1, tzinfo=UTC), dt.datetime(2023, 10, 29, 2), "GMT", False),
    ]


def test_unknown_zone() -> None:
    with pytest.raises(UnknownTimeZoneError):
        vtimezone("Mars/Olympus_Mons", start=START)

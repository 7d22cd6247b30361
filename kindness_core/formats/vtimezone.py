"""VTIMEZONE components that every calendar reader understands.

``icalendar``'s own ``Timezone.from_tzid()`` (used by ``add_missing_timezones``)
writes a zone's transitions as one long multi-valued ``RDATE`` and stops in
2038.  Mozilla's ``ical.js`` (Thunderbird) reads only the *first* value of a
multi-valued ``RDATE`` and trusts the file's VTIMEZONE, so with that output
it keeps summer time all winter.

This module derives the zone's transitions from the IANA data
(:mod:`zoneinfo` / ``tzdata``) and writes them the way Outlook and Google do:
one ``STANDARD`` or ``DAYLIGHT`` sub-component per run of identical yearly
transitions, with a ``FREQ=YEARLY`` ``RRULE`` (``BYMONTH`` plus ``BYDAY`` such
as ``-1SU``, or ``BYMONTHDAY``).  A run that ended gets an ``UNTIL``; the run
still in force when the data ends stays open, so the definition holds however
long the series goes on.  A transition that follows no yearly pattern becomes
a sub-component of its own (a single ``DTSTART``, never an ``RDATE`` list).
A zone without daylight saving time (``Asia/Kolkata``) gets one ``STANDARD``
sub-component with equal offsets.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import icalendar

from ..schedule.zones import get_zone

__all__ = ["Transition", "transitions", "vtimezone"]

_DAY = 86_400
#: Transitions are read from here on (earlier if the calendar starts earlier),
#: so that a run that began long ago gets its true first year.
_HISTORY_FROM = 1970
#: ... and up to here (later if the calendar ends later): past the last
#: explicit transition of every zone in tzdata, so that the run left open is
#: the one the zone's rule string repeats for ever.
_DATA_UNTIL = 2100
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True, kw_only=True)
class Transition:
    """One change of a zone's UTC offset (or abbreviation)."""

    at: dt.datetime  #: the instant, in UTC
    offset_from: dt.timedelta
    offset_to: dt.timedelta
    name: str  #: abbreviation after the change, e.g. "BST"
    daylight: bool  #: True if the new offset is daylight saving time

    @property
    def wall(self) -> dt.datetime:
        """Naive local time of the change on the old offset (a VTIMEZONE ``DTSTART``)."""
        return (self.at + self.offset_from).replace(tzinfo=None)


def _is_daylight(offset_from: dt.timedelta | None, local: dt.datetime) -> bool:
    """DAYLIGHT if the clocks go forward; if they do not move, what the zone says.

    (Europe/Dublin's data calls winter time "negative daylight saving";
    calendars, like Outlook, call the later offset of the pair daylight.)
    """
    offset_to = local.utcoffset()
    if offset_from is not None and offset_to is not None and offset_from != offset_to:
        return offset_to > offset_from
    return bool(local.dst())


def _state(stamp: int, zone: dt.tzinfo) -> tuple[dt.timedelta | None, str | None]:
    local = dt.datetime.fromtimestamp(stamp, zone)
    return local.utcoffset(), local.tzname()


@lru_cache(maxsize=64)
def _scan(name: str, first_year: int, last_year: int) -> tuple[Transition, ...]:
    zone = get_zone(name)
    lo = int(dt.datetime(first_year, 1, 1, tzinfo=dt.UTC).timestamp())
    hi = int(dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC).timestamp())
    found: list[Transition] = []
    pos, before = lo, _state(lo, zone)
    while pos < hi:
        step = min(pos + _DAY, hi)
        if _state(step, zone) == before:
            pos = step
            continue
        a, b = pos, step  # state(a) == before, state(b) != before
        while b - a > 1:
            mid = (a + b) // 2
            if _state(mid, zone) == before:
                a = mid
            else:
                b = mid
        local = dt.datetime.fromtimestamp(b, zone)
        found.append(
            Transition(
                at=dt.datetime.fromtimestamp(b, dt.UTC),
                offset_from=before[0] or dt.timedelta(0),
                offset_to=local.utcoffset() or dt.timedelta(0),
                name=local.tzname() or name,
                daylight=_is_daylight(before[0], local),
            )
        )
        # Look again from the change itself: a second change may follow
        # within the same day.
        pos, before = b, _state(b, zone)
    return tuple(found)


def transitions(zone: str, start: dt.datetime, end: dt.datetime) -> tuple[Transition, ...]:
    """The transitions of IANA ``zone`` from ``start`` to ``end`` (aware datetimes)."""
    found = _scan(zone, start.year, end.year)
    return tuple(t for t in found if start <= t.at <= end)


def _patterns(day: dt.date) -> frozenset[tuple[str, int, int]]:
    """The yearly rules a date fits: nth/last weekday of its month, or day of month."""
    weekday = day.weekday()
    length = calendar.monthrange(day.year, day.month)[1]
    found = {("weekday", weekday, (day.day - 1) // 7 + 1), ("monthday", 0, day.day)}
    if day.day > length - 7:
        found.add(("weekday", weekday, -1))
    return frozenset(found)


@dataclass(slots=True, kw_only=True)
class _Run:
    """Transitions in consecutive years that one yearly RRULE reproduces."""

    items: list[Transition]
    patterns: frozenset[tuple[str, int, int]]

    def rule(self, *, open_ended: bool) -> dict[str, object] | None:
        if len(self.items) == 1:
            return None

        # Prefer "last Sunday" (-1SU) to "fifth Sunday", then nth weekday,
        # then a fixed day of the month.
        def rank(p: tuple[str, int, int]) -> tuple[int, int]:
            return (0 if p[0] == "weekday" else 1, 0 if p[2] < 0 else p[2])

        kind, weekday, number = min(self.patterns, key=rank)
        first = self.items[0].wall
        rule: dict[str, object] = {"freq": "YEARLY", "bymonth": first.month}
        if kind == "weekday":
            rule["byday"] = f"{number}{_WEEKDAYS[weekday]}"
        else:
            rule["bymonthday"] = number
        if not open_ended:
            rule["until"] = self.items[-1].at
        return rule


def _runs(found: tuple[Transition, ...]) -> list[_Run]:
    """Split transitions into yearly runs, latest first.

    Working backwards makes the run in force today as long as it can be
    (London's "last Sunday of October" from 1996, not from whenever a greedy
    forward pass happened to break), which is the run that matters.
    """
    runs: list[_Run] = []
    current: dict[tuple[object, ...], _Run] = {}
    for item in reversed(found):
        wall = item.wall
        key = (item.offset_from, item.offset_to, item.name, item.daylight, wall.month, wall.time())
        patterns = _patterns(wall.date())
        run = current.get(key)
        if run is not None and run.items[0].wall.year == wall.year + 1:
            common = run.patterns & patterns
            if common:
                run.items.insert(0, item)
                run.patterns = common
                continue
        run = _Run(items=[item], patterns=patterns)
        current[key] = run
        runs.append(run)
    runs.sort(key=lambda r: r.items[0].at)
    return runs


def _component(
    *,
    daylight: bool,
    start: dt.datetime,
    offset_from: dt.timedelta,
    offset_to: dt.timedelta,
    name: str,
    rule: dict[str, object] | None,
) -> icalendar.Component:
    part = icalendar.TimezoneDaylight() if daylight else icalendar.TimezoneStandard()
    part.add("dtstart", start)
    if rule is not None:
        part.add("rrule", rule)
    part.add("tzoffsetfrom", offset_from)
    part.add("tzoffsetto", offset_to)
    part.add("tzname", name)
    return part


def vtimezone(
    zone: str, *, start: dt.datetime, end: dt.datetime | None = None
) -> icalendar.Timezone:
    """A VTIMEZONE for IANA ``zone``, correct for every instant from ``start`` on.

    ``start`` is the first instant the calendar uses (aware).  ``end`` is the
    last one, or ``None`` for a series that goes on; either way the run of
    transitions still in force at the end of the zone data is left open, so
    the definition does not stop in 2038.  The result does not depend on the
    exact ``start`` within the run in force, so feeds stay byte-stable.
    """
    tz = get_zone(zone)
    start = start.astimezone(dt.UTC)
    first_year = min(_HISTORY_FROM, start.year - 1)
    last_year = max(_DATA_UNTIL, (end.astimezone(dt.UTC).year + 1) if end else 0)
    found = _scan(zone, first_year, last_year)
    runs = _runs(found)
    # Keep the runs that matter from ``start`` on: the one in force at the
    # start and every later one.
    in_force = [t for t in found if t.at <= start]
    keep_from = in_force[-1] if in_force else None
    kept = [r for r in runs if keep_from is None or any(t.at >= keep_from.at for t in r.items)]
    # A run in force when the data ends is open; a run that ended has UNTIL.
    horizon = dt.datetime(last_year - 1, 1, 1, tzinfo=dt.UTC)
    component = icalendar.Timezone()
    component.add("tzid", zone)
    if keep_from is None:
        # No transition before the start (a zone without DST, or one that
        # only adopted it later): one observance from the start of the data.
        local = dt.datetime.fromtimestamp(int(start.timestamp()), tz)
        offset = local.utcoffset() or dt.timedelta(0)
        begin = dt.datetime(first_year, 1, 1)
        earliest = min((r.items[0].at for r in kept), default=None)
        if earliest is not None:
            local = dt.datetime.fromtimestamp(int(earliest.timestamp()) - 1, tz)
            offset = local.utcoffset() or dt.timedelta(0)
        component.add_component(
            _component(
                daylight=(local.dst() or dt.timedelta(0)) > dt.timedelta(0),
                start=begin,
                offset_from=offset,
                offset_to=offset,
                name=local.tzname() or zone,
                rule=None,
            )
        )
    for run in kept:
        first = run.items[0]
        open_ended = run.items[-1].at >= horizon and len(run.items) > 1
        component.add_component(
            _component(
                daylight=first.daylight,
                start=first.wall,
                offset_from=first.offset_from,
                offset_to=first.offset_to,
                name=first.name,
                rule=run.rule(open_ended=open_ended),
            )
        )
    return component

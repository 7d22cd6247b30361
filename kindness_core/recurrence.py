"""Recurrence rules in local time: a typed facade over :mod:`dateutil.rrule`.

A :class:`Schedule` stores an RFC 5545 rule, a *local* start time and an
IANA time-zone name.  It never stores a UTC start: a meeting at 18:00 in
London stays at 18:00 in London across GMT and BST, and its UTC time moves.

All date arithmetic is done by ``dateutil.rrule`` on aware datetimes whose
``tzinfo`` is a :class:`zoneinfo.ZoneInfo`; Python adds and compares those
in wall-clock time, which is exactly what a local schedule needs.

Every function that depends on the time takes it as an argument (``after``,
``start``/``end``): there is no hidden clock.  Expansion is always bounded by
a window and by :data:`MAX_OCCURRENCES`.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from calendar import monthrange
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil.rrule import rrule, rrulestr

from .errors import (
    AmbiguousTimeError,
    ExpansionLimitError,
    KindnessInputError,
    KindnessWarning,
    NonexistentTimeError,
    RuleError,
    UnknownTimeZoneError,
)

__all__ = [
    "DEFAULT_ANCHOR",
    "MAX_OCCURRENCES",
    "MAX_WINDOW",
    "Move",
    "Occurrence",
    "OccurrenceKind",
    "Schedule",
    "Skip",
    "check_local_time",
    "get_zone",
    "localize",
]

#: Largest number of occurrences one expansion may return.
MAX_OCCURRENCES = 10_000
#: Widest window one expansion may cover.
MAX_WINDOW = dt.timedelta(days=366 * 200)
#: Start of the rule when a schedule gives none (only allowed for rules whose
#: dates do not depend on where they start, such as "third Thursday").
DEFAULT_ANCHOR = dt.date(2000, 1, 1)

_UTC = dt.UTC
_ALLOWED_FREQ = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
_KNOWN_PARTS = {
    "FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTH", "BYMONTHDAY",
    "BYSETPOS", "WKST", "BYYEARDAY", "BYWEEKNO",
}  # fmt: skip
_TIME_PARTS = ("BYHOUR", "BYMINUTE", "BYSECOND")
_BYDAY_RE = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_ORDINAL_LIMIT = {"MONTHLY": 5, "YEARLY": 53}


def get_zone(name: str) -> ZoneInfo:
    """The :class:`~zoneinfo.ZoneInfo` for an IANA name, or a clear error."""
    if not isinstance(name, str) or not name or name != name.strip():
        raise UnknownTimeZoneError(str(name))
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise UnknownTimeZoneError(name) from None


def check_local_time(local: dt.datetime, zone: str) -> None:
    """Raise if naive ``local`` does not exist, or exists twice, in ``zone``.

    A time in the spring-forward gap (01:30 on the last Sunday of March in
    London) raises :class:`NonexistentTimeError`; a time in the autumn
    overlap raises :class:`AmbiguousTimeError`.
    """
    tz = get_zone(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return
    back = first.astimezone(_UTC).astimezone(tz).replace(tzinfo=None)
    if back != local:
        raise NonexistentTimeError(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks go forward "
            "over it; choose a time outside the gap"
        )
    raise AmbiguousTimeError(
        f"{local:%Y-%m-%d %H:%M} happens twice in {zone}: the clocks go back over it; "
        "choose a time outside the overlap or give the UTC offset"
    )


def localize(local: dt.datetime, zone: str) -> dt.datetime:
    """Attach ``zone`` to naive wall-clock ``local``, refusing gaps and overlaps."""
    if local.tzinfo is not None:
        raise KindnessInputError(
            f"{local.isoformat()} already has a time zone: give a naive local time"
        )
    check_local_time(local, zone)
    return local.replace(tzinfo=get_zone(zone))


class OccurrenceKind(StrEnum):
    RULE = "rule"  #: produced by the rule
    MOVED = "moved"  #: a rule date moved to another time
    EXTRA = "extra"  #: an extra date outside the rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Skip:
    """A date of the rule on which nothing happens."""

    date: dt.date
    reason: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    """A date of the rule moved, once, to another local date and time."""

    date: dt.date
    to: dt.datetime  # naive, local wall-clock time in the schedule's zone
    reason: str = ""

    def __post_init__(self) -> None:
        if self.to.tzinfo is not None:
            raise KindnessInputError("a move's new time is local: give a naive datetime")


@dataclass(frozen=True, slots=True, kw_only=True)
class Occurrence:
    """One meeting time produced by a schedule."""

    start: dt.datetime  # aware, in the schedule's zone
    end: dt.datetime
    kind: OccurrenceKind = OccurrenceKind.RULE
    scheduled_date: dt.date | None = None  # the rule date (None for extras)

    def in_zone(self, zone: str) -> dt.datetime:
        """The start in another IANA zone."""
        return self.start.astimezone(get_zone(zone))

    @property
    def utc(self) -> dt.datetime:
        return self.start.astimezone(_UTC)


def _parse_parts(rule: str) -> dict[str, str]:
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    if not text:
        raise RuleError("the rule is empty: write e.g. 'FREQ=MONTHLY;BYDAY=3TH'")
    parts: dict[str, str] = {}
    for chunk in text.split(";"):
        if "=" not in chunk:
            raise RuleError(
                f"cannot read {chunk!r} in rule {rule!r}: each part is NAME=VALUE, "
                "separated by ';', e.g. 'FREQ=MONTHLY;BYDAY=3TH'"
            )
        name, _, value = chunk.partition("=")
        name, value = name.strip().upper(), value.strip().upper()
        if name in parts:
            raise RuleError(f"{name} appears twice in rule {rule!r}: keep one")
        parts[name] = value
    return parts


def _validate_parts(parts: dict[str, str], rule: str) -> None:
    freq = parts.get("FREQ")
    if freq is None:
        raise RuleError(f"rule {rule!r} has no FREQ: add e.g. FREQ=MONTHLY or FREQ=WEEKLY")
    if freq not in _ALLOWED_FREQ:
        raise RuleError(
            f"FREQ={freq} is not allowed: a conversation series repeats at most daily; "
            f"use one of {', '.join(_ALLOWED_FREQ)}"
        )
    for name in parts:
        if name in _TIME_PARTS:
            raise RuleError(
                f"{name} is not allowed: the meeting time is set separately "
                "(e.g. 'at 6pm'); remove it from the rule"
            )
        if name not in _KNOWN_PARTS:
            raise RuleError(f"unknown rule part {name!r} in {rule!r}: see RFC 5545 section 3.3.10")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RuleError("a rule may have COUNT or UNTIL, not both: remove one")
    for name in ("COUNT", "INTERVAL"):
        if name in parts and not (parts[name].isdigit() and int(parts[name]) >= 1):
            raise RuleError(f"{name}={parts[name]} must be a whole number of 1 or more")
    if "INTERVAL" in parts and int(parts["INTERVAL"]) > 1000:
        raise RuleError("INTERVAL is too large: use 1000 or less")
    if "UNTIL" in parts and not re.fullmatch(r"\d{8}T\d{6}Z", parts["UNTIL"]):
        raise RuleError(
            f"UNTIL={parts['UNTIL']} must be a UTC date-time such as 20251231T235959Z, "
            "because the start has a time zone (RFC 5545 3.3.10)"
        )
    limit = _ORDINAL_LIMIT.get(freq)
    for day in filter(None, parts.get("BYDAY", "").split(",")):
        match = _BYDAY_RE.match(day)
        if not match:
            raise RuleError(
                f"BYDAY value {day!r} is not a weekday: use MO, TU, WE, TH, FR, SA or SU, "
                "optionally with an ordinal such as 3TH or -1TH"
            )
        if match.group(1):
            n = int(match.group(1))
            if limit is None:
                raise RuleError(
                    f"BYDAY={day} has an ordinal, which only means something with "
                    "FREQ=MONTHLY or FREQ=YEARLY: remove the number or change FREQ"
                )
            if n == 0 or abs(n) > limit:
                raise RuleError(
                    f"BYDAY={day}: a month has at most {limit} of each weekday; "
                    f"use 1 to {limit}, or -1 for the last"
                )
    months = [int(m) for m in filter(None, parts.get("BYMONTH", "").split(","))
              if m.isdigit()]  # fmt: skip
    days = [d for d in filter(None, parts.get("BYMONTHDAY", "").split(","))]
    for d in days:
        if not re.fullmatch(r"[+-]?\d{1,2}", d) or not (1 <= abs(int(d)) <= 31):
            raise RuleError(f"BYMONTHDAY={d} must be 1 to 31 (or -1 to -31)")
    if days:
        # A day that no chosen month has (30 February) would make the rule
        # search to the year 9999 for nothing: refuse it here instead.
        longest = max(monthrange(2024, m)[1] for m in (months or range(1, 13)))
        if all(abs(int(d)) > longest for d in days):
            raise RuleError(
                f"BYMONTHDAY={parts['BYMONTHDAY']} never happens in the chosen months: "
                "the rule would have no dates"
            )


def _canonical(parts: dict[str, str]) -> str:
    out = {"FREQ": parts["FREQ"], **parts}
    if "BYDAY" in out:
        out["BYDAY"] = ",".join(d.lstrip("+") for d in out["BYDAY"].split(","))
    return ";".join(f"{k}={v}" for k, v in out.items())


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """When a series meets: an RFC 5545 rule at a local time in a zone.

    ``rule`` is the RRULE value without ``DTSTART`` ("FREQ=MONTHLY;BYDAY=3TH");
    ``start`` is the date the rule runs from (``None``: any date, allowed only
    when the dates do not depend on it); ``time`` is the local start time and
    ``timezone`` an IANA name.  ``skips``, ``moves`` and ``extras`` are the
    one-off exceptions.
    """

    rule: str = "FREQ=MONTHLY;BYDAY=3TH"
    time: dt.time = dt.time(18, 0)
    timezone: str = "Europe/London"
    start: dt.date | None = None
    duration: dt.timedelta = dt.timedelta(hours=1)
    skips: tuple[Skip, ...] = ()
    moves: tuple[Move, ...] = ()
    extras: tuple[dt.datetime, ...] = ()  # naive local datetimes
    _parts: dict[str, str] = field(init=False, repr=False, compare=False, hash=False)
    _rrule: rrule = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        if not isinstance(self.rule, str):
            raise RuleError("the rule must be text such as 'FREQ=MONTHLY;BYDAY=3TH'")
        parts = _parse_parts(self.rule)
        _validate_parts(parts, self.rule)
        object.__setattr__(self, "_parts", parts)
        object.__setattr__(self, "rule", _canonical(parts))
        get_zone(self.timezone)
        if not isinstance(self.time, dt.time) or self.time.tzinfo is not None:
            raise RuleError("the meeting time must be a naive local time such as 18:00")
        if not isinstance(self.duration, dt.timedelta) or not (
            dt.timedelta(minutes=1) <= self.duration <= dt.timedelta(days=1)
        ):
            raise RuleError("the duration must be between 1 minute and 1 day")
        rule_obj = rrulestr(self.rule, dtstart=self.dtstart)
        assert isinstance(rule_obj, rrule)
        object.__setattr__(self, "_rrule", rule_obj)
        if self.start is None and self.depends_on_start:
            raise RuleError(
                f"rule {self.rule} depends on where it starts (INTERVAL or COUNT): "
                "give a start date, e.g. 'starting 2024-01-10' or a DTSTART"
            )
        object.__setattr__(self, "skips", tuple(self.skips))
        object.__setattr__(self, "moves", tuple(self.moves))
        object.__setattr__(self, "extras", tuple(self.extras))
        for extra in self.extras:
            check_local_time(extra, self.timezone)
        for move in self.moves:
            check_local_time(move.to, self.timezone)
        if "UNTIL" in parts and self.first() is None:
            raise RuleError(
                f"UNTIL={parts['UNTIL']} is before the first date of the rule: "
                "the schedule would never meet; move UNTIL later"
            )

    # -- properties -------------------------------------------------------

    @property
    def depends_on_start(self) -> bool:
        """True if the dates change with the start (an INTERVAL or a COUNT)."""
        return int(self._parts.get("INTERVAL", "1")) > 1 or "COUNT" in self._parts

    @property
    def parts(self) -> dict[str, str]:
        """The rule's parts, e.g. ``{"FREQ": "MONTHLY", "BYDAY": "3TH"}``."""
        return dict(self._parts)

    @property
    def zone(self) -> ZoneInfo:
        return get_zone(self.timezone)

    @property
    def dtstart(self) -> dt.datetime:
        """The rule's aware start: ``start`` (or the anchor) at ``time``."""
        day = self.start or DEFAULT_ANCHOR
        return dt.datetime.combine(day, self.time, tzinfo=self.zone)

    # -- text forms -------------------------------------------------------

    def to_rfc5545(self) -> str:
        """``DTSTART;TZID=…`` and ``RRULE:…`` lines (the TZID is kept).

        ``DTSTART`` is the first meeting of the rule, as RFC 5545 expects
        (``str(dateutil.rrule)`` would drop the TZID; this does not).
        """
        first = self.first()
        start = first.scheduled_date if first and first.scheduled_date else self.dtstart.date()
        return (
            f"DTSTART;TZID={self.timezone}:{start:%Y%m%d}T{self.time:%H%M%S}\n"
            f"RRULE:{self.rule}"
        )

    def describe(self) -> str:
        """English, e.g. "Third Thursday of every month at 6:00pm UK time"."""
        from .schedule_text import describe

        return describe(self)

    def warnings(self) -> tuple[str, ...]:
        """Valid but surprising features of the schedule, as sentences."""
        from .schedule_text import schedule_warnings

        return schedule_warnings(self)

    def warn(self) -> None:
        """Emit :meth:`warnings` as :class:`KindnessWarning`."""
        for message in self.warnings():
            warnings.warn(message, KindnessWarning, stacklevel=2)

    # -- expansion --------------------------------------------------------

    def first(self) -> Occurrence | None:
        """The first meeting of the rule (bounded search), or ``None``."""
        found = self._rule_dates(self.dtstart, self.dtstart + MAX_WINDOW, limit=1)
        return self._make(found[0]) if found else None

    def _rule_dates(self, start: dt.datetime, end: dt.datetime, *, limit: int) -> list[dt.datetime]:
        out: list[dt.datetime] = []
        for value in self._rrule.xafter(start, inc=True):
            if value > end:
                break
            out.append(value)
            if len(out) >= limit:
                break
        return out

    def _make(self, wall: dt.datetime, kind: OccurrenceKind = OccurrenceKind.RULE,
              scheduled: dt.date | None = None) -> Occurrence:  # fmt: skip
        start = wall.astimezone(_UTC).astimezone(self.zone)  # normalise gap times
        end = (start.astimezone(_UTC) + self.duration).astimezone(self.zone)
        return Occurrence(start=start, end=end, kind=kind,
                          scheduled_date=scheduled if scheduled else wall.date())  # fmt: skip

    def between(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        limit: int = MAX_OCCURRENCES,
    ) -> tuple[Occurrence, ...]:
        """Meetings that start in ``[start, end]``, in order, skips applied.

        Both bounds must be aware.  Raises :class:`ExpansionLimitError` if
        the window is wider than :data:`MAX_WINDOW` or holds more than
        ``limit`` meetings.
        """
        for name, value in (("start", start), ("end", end)):
            if not isinstance(value, dt.datetime) or value.tzinfo is None:
                raise KindnessInputError(f"{name} must be an aware datetime")
        if end < start:
            raise KindnessInputError("end is before start: swap them")
        if end - start > MAX_WINDOW:
            raise ExpansionLimitError(
                "the window is wider than 200 years: ask for a narrower range"
            )
        limit = min(limit, MAX_OCCURRENCES)
        skipped = {s.date for s in self.skips}
        moved = {m.date: m for m in self.moves}
        # Moves may carry a meeting into or out of the window: widen the search
        # by the largest move so none is lost.
        slack = max((abs(m.to - dt.datetime.combine(m.date, self.time)) for m in self.moves),
                    default=dt.timedelta(0))  # fmt: skip
        found: list[Occurrence] = []
        walls = self._rule_dates(start - slack, end + slack, limit=limit + len(self.skips) + 1)
        if len(walls) > limit + len(self.skips):
            raise ExpansionLimitError(
                f"more than {limit} meetings between {start:%Y-%m-%d} and {end:%Y-%m-%d}: "
                "ask for a narrower range"
            )
        for wall in walls:
            day = wall.date()
            if day in skipped:
                continue
            if day in moved:
                occ = self._make(moved[day].to.replace(tzinfo=self.zone),
                                 OccurrenceKind.MOVED, day)  # fmt: skip
            else:
                occ = self._make(wall)
            if start <= occ.start <= end:
                found.append(occ)
        for extra in self.extras:
            occ = self._make(extra.replace(tzinfo=self.zone), OccurrenceKind.EXTRA)
            if start <= occ.start <= end:
                found.append(occ)
        found.sort(key=lambda o: o.start)
        if len(found) > limit:
            raise ExpansionLimitError(
                f"more than {limit} meetings in the window: ask for a narrower range"
            )
        return tuple(found)

    def upcoming(self, *, after: dt.datetime, count: int = 1) -> tuple[Occurrence, ...]:
        """The next ``count`` meetings starting strictly after ``after``."""
        if not isinstance(count, int) or not 1 <= count <= MAX_OCCURRENCES:
            raise KindnessInputError(f"count must be 1 to {MAX_OCCURRENCES}")
        if not isinstance(after, dt.datetime) or after.tzinfo is None:
            raise KindnessInputError("after must be an aware datetime")
        out: list[Occurrence] = []
        window = dt.timedelta(days=400)
        lo = after
        while len(out) < count and lo - after < MAX_WINDOW:
            hi = lo + window
            out.extend(o for o in self.between(lo, hi) if o.start > after and o not in out)
            lo = hi
            window = min(window * 2, MAX_WINDOW)
        return tuple(out[:count])

    def next(self, *, after: dt.datetime) -> Occurrence | None:
        """The first meeting starting strictly after ``after``, or ``None``."""
        found = self.upcoming(after=after, count=1)
        return found[0] if found else None

    def in_month(self, year: int, month: int) -> tuple[Occurrence, ...]:
        """The meetings whose start falls in a calendar month (local time)."""
        tz = self.zone
        first = dt.datetime(year, month, 1, tzinfo=tz)
        last_day = monthrange(year, month)[1]
        last = dt.datetime(year, month, last_day, 23, 59, 59, tzinfo=tz)
        return self.between(first, last)

    def matches(self, when: dt.datetime) -> bool:
        """True if an aware ``when`` is exactly one of the schedule's meetings."""
        if when.tzinfo is None:
            raise KindnessInputError("when must be an aware datetime")
        local = when.astimezone(self.zone)
        return any(o.start == local for o in self.between(local, local))

    def iter_between(self, start: dt.datetime, end: dt.datetime) -> Iterator[Occurrence]:
        yield from self.between(start, end)

    # -- construction -----------------------------------------------------

    @classmethod
    def parse(cls, text: str, **defaults: object) -> Schedule:
        """A schedule from a phrase or RRULE text; see :func:`parse_schedule`."""
        from .schedule_text import parse_schedule

        return parse_schedule(text, **defaults)  # type: ignore[arg-type]

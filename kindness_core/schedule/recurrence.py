"""Meetings in local time: a :class:`Schedule` and the occurrences it gives.

A :class:`Schedule` stores an RFC 5545 rule, a *local* start time and an
IANA time-zone name.  It never stores a UTC start: a meeting at 18:00 in
London stays at 18:00 in London across GMT and BST, and its UTC time moves.
The one-off exceptions are kept beside the rule: :class:`Skip` (a rule date
with no meeting, and why), :class:`Move` (a rule date moved to another local
date and time) and extra local date-times.

Dates come from ``dateutil.rrule`` (via :mod:`kindness_core.schedule.bounds`)
on aware datetimes in a :class:`zoneinfo.ZoneInfo`: it builds each date from
wall-clock fields, exactly what a local schedule needs.  Each wall-clock
time then becomes an instant as RFC 5545 (section 3.3.5) says:

* a time that does not exist (the spring-forward gap, e.g. 01:30 on the last
  Sunday of March in London) is read with the UTC offset *before* the gap,
  so it becomes the same instant as 02:30 BST;
* a time that happens twice (the autumn overlap, 01:30 on the last Sunday of
  October) is the *first* of the two (01:30 BST).

Extra and moved times are single local times that a person typed; they are
refused if they fall in a gap or an overlap (see
:func:`~kindness_core.schedule.zones.check_local_time`).

Every function that depends on the time takes it as an argument (``after``,
``start``/``end``): there is no hidden clock.  Expansion is always bounded:
:meth:`Schedule.between` by :data:`MAX_WINDOW` and :data:`MAX_OCCURRENCES`,
:meth:`Schedule.upcoming` by its ``count``, and every accepted rule is known
to meet, so no query makes ``dateutil`` search to the year 9999 for nothing.

A schedule knows no words: :func:`~kindness_core.schedule.phrases.parse_schedule`
reads one from a phrase and :func:`~kindness_core.schedule.description.describe`
puts one in English; both import this module, never the other way round.
(The methods :meth:`Schedule.parse`, :meth:`Schedule.describe`,
:meth:`Schedule.warnings` and :meth:`Schedule.warn` are aliases of those
functions, kept for one release.)
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

from ..errors import ExpansionLimitError, KindnessInputError, KindnessWarning, RuleError
from .bounds import anchor_for, build_rrule, ensure_rule_has_dates
from .rules import Rule
from .zones import check_local_time, get_zone, require_aware, require_date, require_naive

__all__ = [
    "DEFAULT_ANCHOR",
    "MAX_OCCURRENCES",
    "MAX_WINDOW",
    "Move",
    "Occurrence",
    "OccurrenceKind",
    "Schedule",
    "Skip",
]

#: Largest number of occurrences one expansion may return.
MAX_OCCURRENCES = 10_000
#: Widest window one expansion may cover.
MAX_WINDOW = dt.timedelta(days=366 * 200)
#: Start of the rule when a schedule gives none (only allowed for rules whose
#: dates do not depend on where they start, such as "third Thursday").
DEFAULT_ANCHOR = dt.date(2000, 1, 1)

_UTC = dt.UTC
#: Years a schedule may start in.
_FIRST_YEAR, _LAST_START_YEAR = 1900, 2999
#: Meetings are looked for up to the end of this year (``dateutil`` and
#: ``datetime`` stop at 9999).
_LAST_YEAR = 9990


class OccurrenceKind(StrEnum):
    """Where an occurrence comes from."""

    RULE = "rule"  #: produced by the rule
    MOVED = "moved"  #: a rule date moved to another time
    EXTRA = "extra"  #: an extra date outside the rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Skip:
    """A date of the rule on which nothing happens, and why."""

    date: dt.date
    reason: str = ""

    def __post_init__(self) -> None:
        require_date(self.date, "a skip's date")
        if not isinstance(self.reason, str):
            raise KindnessInputError("a skip's reason must be text")


@dataclass(frozen=True, slots=True, kw_only=True)
class Move:
    """A date of the rule moved, once, to another local date and time."""

    date: dt.date
    to: dt.datetime  # naive, local wall-clock time in the schedule's zone
    reason: str = ""

    def __post_init__(self) -> None:
        require_date(self.date, "a move's date")
        require_naive(self.to, "a move's new time")
        if not isinstance(self.reason, str):
            raise KindnessInputError("a move's reason must be text")


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
        """The start in UTC."""
        return self.start.astimezone(_UTC)

    @property
    def duration(self) -> dt.timedelta:
        """Elapsed time, start to end (``end - start`` subtracts wall clocks
        within one zone: 01:30 BST to 01:30 GMT would seem to take no time)."""
        return self.end.astimezone(_UTC) - self.utc


def _utc(value: dt.datetime) -> dt.datetime:
    """``value`` in UTC; the ends of time stay at the ends (no OverflowError)."""
    try:
        return value.astimezone(_UTC)
    except OverflowError:
        return (dt.datetime.max if value.year > 1 else dt.datetime.min).replace(tzinfo=_UTC)


@dataclass(frozen=True, slots=True, kw_only=True)
class Schedule:
    """When a series meets: an RFC 5545 rule at a local time in a zone.

    ``rule`` is the RRULE value without ``DTSTART`` ("FREQ=MONTHLY;BYDAY=3TH");
    it is stored in a canonical spelling.  ``start`` is the date the rule runs
    from (``None``: any date, allowed only when the dates do not depend on
    it); ``time`` is the local start time and ``timezone`` an IANA name.
    ``skips``, ``moves`` and ``extras`` (naive local date-times) are the
    one-off exceptions; each must fit the rule (a skip or move names a date
    of the rule, an extra is not already a meeting).
    """

    rule: str = "FREQ=MONTHLY;BYDAY=3TH"
    time: dt.time = dt.time(18, 0)
    timezone: str = "Europe/London"
    start: dt.date | None = None
    duration: dt.timedelta = dt.timedelta(hours=1)
    skips: tuple[Skip, ...] = ()
    moves: tuple[Move, ...] = ()
    extras: tuple[dt.datetime, ...] = ()  # naive local datetimes
    _rule: Rule = field(init=False, repr=False, compare=False, hash=False)
    _full: Rule = field(init=False, repr=False, compare=False, hash=False)
    _slack: dt.timedelta = field(init=False, repr=False, compare=False, hash=False)
    _extra_occ: tuple[Occurrence, ...] = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        parsed = Rule.parse(str(self.rule) if isinstance(self.rule, Rule) else self.rule)
        object.__setattr__(self, "_rule", parsed)
        object.__setattr__(self, "rule", str(parsed))
        get_zone(self.timezone)
        if not isinstance(self.time, dt.time) or self.time.tzinfo is not None:
            raise RuleError("the meeting time must be a naive local time such as time(18, 0)")
        if self.time.microsecond:
            raise RuleError("the meeting time has microseconds: give whole seconds")
        if self.start is not None:
            require_date(self.start, "the schedule's start")
            if not _FIRST_YEAR <= self.start.year <= _LAST_START_YEAR:
                raise RuleError(
                    f"the start {self.start.isoformat()} is out of range: give a start "
                    f"between {_FIRST_YEAR} and {_LAST_START_YEAR}"
                )
        if not isinstance(self.duration, dt.timedelta) or not (
            dt.timedelta(minutes=1) <= self.duration <= dt.timedelta(days=1)
        ):
            raise RuleError("the duration must be between 1 minute and 1 day")
        self._check_start_needed()
        if parsed.until is not None and parsed.until < self.dtstart:
            raise RuleError(
                f"UNTIL={parsed.until:%Y%m%dT%H%M%SZ} is before the start "
                f"({self.dtstart:%Y-%m-%d %H:%M} {self.timezone}): the schedule would never "
                "meet; move UNTIL after the start"
            )
        ensure_rule_has_dates(parsed, self.dtstart)
        object.__setattr__(self, "_full", parsed.with_defaults(self.dtstart.date()))
        if parsed.until is not None and self.first() is None:
            raise RuleError(
                f"UNTIL={parsed.until:%Y%m%dT%H%M%SZ} is before the first date of the rule: "
                "the schedule would never meet; move UNTIL later"
            )
        self._check_exceptions()

    def _check_start_needed(self) -> None:
        if self.start is not None:
            return
        rule = self._rule
        if rule.interval > 1 or rule.count is not None:
            raise RuleError(
                f"rule {rule} depends on where it starts (INTERVAL or COUNT): "
                "give a start date, e.g. 'starting 2024-01-10' or a DTSTART"
            )
        if rule.takes_defaults:
            what, fix = {
                "WEEKLY": ("weekday", "BYDAY=TH"),
                "MONTHLY": ("day of the month", "BYMONTHDAY=15 or BYDAY=3TH"),
                "YEARLY": ("date", "BYMONTH=3;BYMONTHDAY=15"),
            }[rule.freq]
            raise RuleError(
                f"rule {rule} takes its {what} from the start date, and there is none: "
                f"add e.g. {fix}, or give a start date (e.g. 'starting 2024-01-10' or a DTSTART)"
            )

    def _check_exceptions(self) -> None:
        for name, kind in (("skips", Skip), ("moves", Move), ("extras", dt.datetime)):
            items = tuple(getattr(self, name))
            if not all(isinstance(item, kind) for item in items):
                raise KindnessInputError(f"{name} must hold {kind.__name__} values")
            object.__setattr__(self, name, items)
        for day in (*(s.date for s in self.skips), *(m.date for m in self.moves),
                    *(m.to for m in self.moves), *self.extras):  # fmt: skip
            if not _FIRST_YEAR <= day.year <= _LAST_YEAR:
                raise RuleError(
                    f"the exception date {day.isoformat()[:10]} is out of range: "
                    f"give a date between {_FIRST_YEAR} and {_LAST_YEAR}"
                )
        for local in (*(m.to for m in self.moves), *self.extras):
            check_local_time(require_naive(local, "an extra or moved time"), self.timezone)
        dates = [s.date for s in self.skips] + [m.date for m in self.moves]
        on_time = {e.date() for e in self.extras if e.time() == self.time}
        ours = self._rule_dates_in({*dates, *on_time})
        for day in dates:
            if dates.count(day) > 1:
                raise RuleError(
                    f"{day.isoformat()} is skipped or moved more than once: keep one exception"
                )
            if day not in ours:
                raise RuleError(
                    f"{day.isoformat()} is not a date of the rule ({self.rule}), so it cannot "
                    "be skipped or moved: give the date of a meeting, or add an extra date"
                )
        for extra in self.extras:
            if self.extras.count(extra) > 1:
                raise RuleError(f"the extra date {extra:%Y-%m-%d %H:%M} is given twice: keep one")
            if extra.time() == self.time and extra.date() in ours and extra.date() not in dates:
                raise RuleError(
                    f"the extra date {extra:%Y-%m-%d %H:%M} is already a meeting of the rule: "
                    "remove it"
                )
        extras = [self._make(e.replace(tzinfo=self.zone), OccurrenceKind.EXTRA, None)
                  for e in self.extras]  # fmt: skip
        object.__setattr__(self, "_extra_occ", tuple(sorted(extras, key=lambda o: o.utc)))
        shifts = [abs(m.to - dt.datetime.combine(m.date, self.time)) for m in self.moves]
        # One day more than the largest move also covers gap times, which
        # move forward by up to an hour (two at most, anywhere in the world).
        object.__setattr__(self, "_slack", max(shifts, default=dt.timedelta(0)) + dt.timedelta(1))

    # -- properties -------------------------------------------------------

    @property
    def depends_on_start(self) -> bool:
        """True if the dates change with the start: INTERVAL, COUNT or RFC defaults."""
        rule = self._rule
        return rule.interval > 1 or rule.count is not None or rule.takes_defaults

    @property
    def parts(self) -> dict[str, str]:
        """The rule's parts, e.g. ``{"FREQ": "MONTHLY", "BYDAY": "3TH"}``."""
        return self._rule.parts

    @property
    def recurrence_rule(self) -> Rule:
        """The parsed rule (a :class:`~kindness_core.schedule.rules.Rule`)."""
        return self._rule

    @property
    def full_rule(self) -> Rule:
        """The rule with what RFC 5545 takes from the start written out."""
        return self._full

    @property
    def zone(self) -> ZoneInfo:
        """The schedule's zone as a :class:`~zoneinfo.ZoneInfo`."""
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
        (``str(dateutil.rrule)`` would drop the TZID; this does not).  Skips
        and moved-from dates follow as ``EXDATE;TZID=…``, extras and
        moved-to times as ``RDATE;TZID=…``, so parsing the text again gives
        a schedule that meets at the same instants (a move comes back as a
        skip plus an extra).
        """
        first = self.first()
        day = first.scheduled_date if first and first.scheduled_date else self.dtstart.date()
        tzid = f";TZID={self.timezone}:"
        lines = [f"DTSTART{tzid}{day:%Y%m%d}T{self.time:%H%M%S}", f"RRULE:{self.rule}"]
        gone = sorted([s.date for s in self.skips] + [m.date for m in self.moves])
        if gone:
            lines.append("EXDATE" + tzid + ",".join(f"{d:%Y%m%d}T{self.time:%H%M%S}" for d in gone))
        added = sorted([*self.extras, *(m.to for m in self.moves)])
        if added:
            lines.append("RDATE" + tzid + ",".join(f"{d:%Y%m%dT%H%M%S}" for d in added))
        return "\n".join(lines)

    # -- expansion --------------------------------------------------------

    def _walls(self, target: dt.datetime) -> Iterator[dt.datetime]:
        """Wall-clock rule dates from a little before ``target`` (local), in order."""
        anchor = anchor_for(self._full, self.dtstart, target)
        for wall in build_rrule(self._full, anchor):
            if wall.year > _LAST_YEAR:
                return
            yield wall

    def rule_dates(self, days: Iterable[dt.date]) -> frozenset[dt.date]:
        """Which of ``days`` are dates of the rule (before exceptions): skips and moves need one."""
        return frozenset(self._rule_dates_in(set(days)))

    def _rule_dates_in(self, days: set[dt.date]) -> set[dt.date]:
        """Which of ``days`` are dates of the rule."""
        if self._rule.count is not None and days:  # one walk: at most MAX_COUNT dates
            last = max(days)
            walls = itertools.takewhile(lambda w: w.date() <= last, self._walls(self.dtstart))
            return days & {w.date() for w in walls}
        found = set()
        for day in days:
            target = dt.datetime.combine(day, self.time, tzinfo=self.zone)
            wall = next((w for w in self._walls(target) if w.date() >= day), None)
            if wall is not None and wall.date() == day:
                found.add(day)
        return found

    def first(self) -> Occurrence | None:
        """The first meeting of the rule itself (before exceptions), or ``None``."""
        wall = next(self._walls(self.dtstart), None)
        return self._make(wall) if wall is not None else None

    def _make(
        self,
        wall: dt.datetime,
        kind: OccurrenceKind = OccurrenceKind.RULE,
        scheduled: dt.date | bool | None = True,
    ) -> Occurrence:
        start = wall.astimezone(_UTC).astimezone(self.zone)  # RFC 5545 gap/overlap rules
        end = (start.astimezone(_UTC) + self.duration).astimezone(self.zone)
        day = wall.date() if scheduled is True else scheduled
        return Occurrence(start=start, end=end, kind=kind, scheduled_date=day or None)

    def _stream(self, lo: dt.datetime) -> Iterator[Occurrence]:
        """Every meeting at or after aware ``lo``, in order of time, exceptions applied.

        Rule dates come in order; a move can take a meeting at most
        ``_slack`` earlier or later, so a meeting is final once the rule has
        passed it by more than that.
        """
        lo_utc = _utc(lo)
        if lo_utc.year > _LAST_YEAR:
            return
        skipped = {s.date for s in self.skips}
        moved = {m.date: m for m in self.moves}
        order = itertools.count()
        heap = [(o.utc, next(order), o) for o in self._extra_occ if o.utc >= lo_utc]
        heapq.heapify(heap)
        target = max(lo_utc, self.dtstart) - self._slack
        for wall in self._walls(target.astimezone(self.zone)):
            horizon = wall.astimezone(_UTC) - self._slack
            while heap and heap[0][0] < horizon:
                yield heapq.heappop(heap)[2]
            day = wall.date()
            if day in skipped:
                continue
            if day in moved:
                to = moved[day].to.replace(tzinfo=self.zone)
                occ = self._make(to, OccurrenceKind.MOVED, day)
            else:
                occ = self._make(wall)
            if occ.utc >= lo_utc:
                heapq.heappush(heap, (occ.utc, next(order), occ))
        while heap:
            yield heapq.heappop(heap)[2]

    def between(
        self,
        start: dt.datetime,
        end: dt.datetime,
        *,
        limit: int = MAX_OCCURRENCES,
    ) -> tuple[Occurrence, ...]:
        """Meetings that start in ``[start, end]``, in order, exceptions applied.

        Both bounds must be aware (any zone).  Raises
        :class:`ExpansionLimitError` if the window is wider than
        :data:`MAX_WINDOW` or holds more than ``limit`` meetings.
        """
        start, end = require_aware(start, "start"), require_aware(end, "end")
        if end < start:
            raise KindnessInputError("end is before start: swap them")
        if end - start > MAX_WINDOW:
            raise ExpansionLimitError(
                "the window is wider than 200 years: ask for a narrower range"
            )
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise KindnessInputError("limit must be a whole number of 1 or more")
        limit = min(limit, MAX_OCCURRENCES)
        end_utc = _utc(end)
        found: list[Occurrence] = []
        for occ in self._stream(start):
            if occ.utc > end_utc:
                break
            if len(found) == limit:
                raise ExpansionLimitError(
                    f"more than {limit} meetings between {start:%Y-%m-%d} and {end:%Y-%m-%d}: "
                    "ask for a narrower range"
                )
            found.append(occ)
        return tuple(found)

    def upcoming(self, *, after: dt.datetime, count: int = 1) -> tuple[Occurrence, ...]:
        """The next ``count`` meetings starting strictly after ``after``, in order.

        Fewer when the series ends (``COUNT``, ``UNTIL``).
        """
        if (
            isinstance(count, bool)
            or not isinstance(count, int)
            or not (1 <= count <= MAX_OCCURRENCES)
        ):
            raise KindnessInputError(f"count must be a whole number from 1 to {MAX_OCCURRENCES}")
        after_utc = _utc(require_aware(after, "after"))
        found = (o for o in self._stream(after) if o.utc > after_utc)
        return tuple(itertools.islice(found, count))

    def next(self, *, after: dt.datetime) -> Occurrence | None:
        """The first meeting starting strictly after ``after``, or ``None``."""
        found = self.upcoming(after=after, count=1)
        return found[0] if found else None

    def in_month(self, year: int, month: int) -> tuple[Occurrence, ...]:
        """The meetings whose start falls in a calendar month (local time)."""
        if not (isinstance(year, int) and isinstance(month, int) and 1 <= month <= 12):
            raise KindnessInputError("give the month as two whole numbers: year and 1 to 12")
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            raise KindnessInputError(f"year {year} is out of range: use {_FIRST_YEAR} or later")
        tz = self.zone
        first = dt.datetime(year, month, 1, tzinfo=tz)
        following = dt.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return self.between(first, following - dt.timedelta(microseconds=1))

    def matches(self, when: dt.datetime) -> bool:
        """True if an aware ``when`` is exactly one of the schedule's meetings."""
        instant = _utc(require_aware(when, "when"))
        return any(o.utc == instant for o in self.between(when, when))

    # -- deprecated aliases, removed in the next release ------------------
    # The words for a schedule live in .phrases and .description, which import
    # this module; these aliases import them when called, never at import time.

    @classmethod
    def parse(cls, text: str, **defaults: object) -> Schedule:
        """Deprecated: call :func:`~kindness_core.schedule.phrases.parse_schedule`."""
        from .phrases import parse_schedule

        return parse_schedule(text, **defaults)  # type: ignore[arg-type]

    def describe(self) -> str:
        """Deprecated: call :func:`~kindness_core.schedule.description.describe`."""
        from .description import describe

        return describe(self)

    def warnings(self) -> tuple[str, ...]:
        """Deprecated: call :func:`~kindness_core.schedule.description.schedule_warnings`."""
        from .description import schedule_warnings

        return schedule_warnings(self)

    def warn(self) -> None:
        """Deprecated: call :func:`~kindness_core.schedule.description.warn_schedule`."""
        from .description import schedule_warnings

        for message in schedule_warnings(self):
            warnings.warn(message, KindnessWarning, stacklevel=2)

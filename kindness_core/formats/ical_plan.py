"""Where each conversation goes in a recurring iCalendar event.

A series is written as one recurring ``VEVENT`` (see :mod:`kindness_core.formats.ical`).
:func:`plan_series` decides, for that event, which rule instance each
recorded conversation replaces (its ``RECURRENCE-ID``), which dates are
excluded (``EXDATE``) and which are added (``RDATE``):

* a conversation on a rule date overrides that instance;
* a postponed conversation (``previous_start``) overrides the instance it
  was postponed from, or, if it now falls on another rule date, overrides
  that one and its old date is excluded;
* a conversation on a schedule :class:`~kindness_core.schedule.recurrence.Move`'s new
  time overrides the moved instance;
* a conversation off the rule, in a rule with one date a month, stands in
  for that month's meeting (as :meth:`Archive.missing` counts it);
* anything else is an extra date (``RDATE``) with an override of its own;
* a cancelled conversation is placed like any other: its override says
  ``STATUS:CANCELLED`` (:mod:`kindness_core.formats.ical` writes it), so a
  subscriber sees the meeting called off instead of silently gone;
* schedule skips with no conversation, and months inside the archive's span
  with no record (before ``now``), are excluded.

So a calendar client expands exactly one event per meeting.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from dateutil.rrule import rrule, rrulestr

from ..archive import Archive
from ..errors import KindnessInputError
from ..schedule.recurrence import OccurrenceKind, Schedule
from ..series import Conversation

__all__ = ["Override", "SeriesPlan", "plan_series"]

#: Years ``until`` may name (those of a rule's UNTIL, :mod:`kindness_core.schedule.rules`).
_UNTIL_YEARS = (1900, 9000)


@dataclass(frozen=True, slots=True, kw_only=True)
class Override:
    """One instance of the recurring event replaced by its own VEVENT."""

    recurrence_id: dt.datetime  #: the instance replaced (a rule date or an RDATE)
    start: dt.datetime
    end: dt.datetime
    conversation: Conversation | None  #: None: a schedule move with no record


@dataclass(frozen=True, slots=True, kw_only=True)
class SeriesPlan:
    """The recurring event of a series, ready to write.  All times are aware,
    in the schedule's zone (``until`` is UTC)."""

    dtstart: dt.datetime  #: the first meeting of the rule
    end: dt.datetime  #: the end of that first meeting
    until: dt.datetime | None  #: UNTIL to write when ``until`` cuts the rule short
    until_local: dt.datetime | None  #: last instant the calendar covers, if bounded
    exdates: tuple[dt.datetime, ...]
    rdates: tuple[dt.datetime, ...]
    overrides: tuple[Override, ...]
    #: Conversations that clash with another instance at the same time:
    #: written as VEVENTs of their own.
    separate: tuple[Conversation, ...]


@dataclass(slots=True, kw_only=True)
class _Draft:
    exdates: set[dt.datetime] = field(default_factory=set)
    rdates: set[dt.datetime] = field(default_factory=set)
    overrides: list[Override] = field(default_factory=list)
    separate: list[Conversation] = field(default_factory=list)


def plan_series(
    archive: Archive, *, now: dt.datetime, until: dt.date | None = None, exclude_gaps: bool = True
) -> SeriesPlan:
    """Plan the recurring event of ``archive``'s series (see the module docs).

    ``now`` (aware) decides which unrecorded months are in the past;
    ``until`` (a local date) ends the rule.
    """
    if not isinstance(now, dt.datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise KindnessInputError("now must be an aware datetime, e.g. datetime.now(timezone.utc)")
    if until is not None and (not isinstance(until, dt.date) or isinstance(until, dt.datetime)):
        raise KindnessInputError("until must be a date such as 2025-12-31")
    if until is not None and not _UNTIL_YEARS[0] <= until.year <= _UNTIL_YEARS[1]:
        raise KindnessInputError(
            f"until {until.isoformat()} is out of range: give a date between "
            f"{_UNTIL_YEARS[0]} and {_UNTIL_YEARS[1]}, as in a rule's UNTIL"
        )
    return _Planner(archive, now=now, until=until, exclude_gaps=exclude_gaps).plan()


class _Planner:
    """Maps conversations and schedule exceptions onto rule instances."""

    def __init__(
        self, archive: Archive, *, now: dt.datetime, until: dt.date | None, exclude_gaps: bool
    ) -> None:
        self.now = now
        self.series = archive.series
        self.schedule: Schedule = archive.series.schedule
        self.zone = self.schedule.zone
        self.archive = archive
        self.exclude_gaps = exclude_gaps
        rule = rrulestr(self.schedule.rule, dtstart=self.schedule.dtstart, cache=True)
        assert isinstance(rule, rrule)  # for mypy: one RRULE gives an rrule (2026-11-26)  # nosec B101
        self.rule = rule
        self.until_dt = (
            dt.datetime.combine(until, dt.time(23, 59, 59), tzinfo=self.zone)
            if until is not None
            else None
        )
        #: The rule's instances from its start, read as far as asked (:meth:`_between`).
        self._instances: list[dt.datetime] = []
        self._more: Iterator[dt.datetime] | None = iter(rule)
        self.dtstart = self._first_instance()

    def _between(self, lo: dt.datetime, hi: dt.datetime) -> list[dt.datetime]:
        """The rule's instances from ``lo`` to ``hi`` (both included), as
        ``rule.between(lo, hi, inc=True)`` gives them.

        The instances are read once, in order, up to the latest ``hi`` asked,
        and searched by bisection: asking for each of 2,000 conversations'
        dates no longer walks the rule from its start each time.
        """
        known = self._instances
        while self._more is not None and (not known or known[-1] <= hi):
            following = next(self._more, None)
            if following is None:
                self._more = None
            else:
                known.append(following)
        return known[bisect.bisect_left(known, lo) : bisect.bisect_right(known, hi)]

    def local(self, when: dt.datetime) -> dt.datetime:
        return when.astimezone(self.zone)

    def _day_bounds(self, start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
        lo = dt.datetime.combine(start, dt.time(0), tzinfo=self.zone)
        hi = dt.datetime.combine(end, dt.time(0), tzinfo=self.zone)
        return lo, hi - dt.timedelta(microseconds=1)

    def _in_bounds(self, instance: dt.datetime) -> bool:
        if instance < self.dtstart:
            return False
        return self.until_dt is None or instance <= self.until_dt

    def instance_on(self, day: dt.date) -> dt.datetime | None:
        """The rule instance on a local date, if the rule has one there."""
        lo, hi = self._day_bounds(day, day + dt.timedelta(days=1))
        found = self._between(lo, hi)
        return found[0] if found and self._in_bounds(found[0]) else None

    def _month(self, day: dt.date) -> list[dt.datetime]:
        first = day.replace(day=1)
        lo, hi = self._day_bounds(first, (first + dt.timedelta(days=32)).replace(day=1))
        return self._between(lo, hi)

    def only_instance_in_month(self, day: dt.date) -> dt.datetime | None:
        """The rule instance of ``day``'s month if the rule has exactly one then."""
        found = self._month(day)
        return found[0] if len(found) == 1 and self._in_bounds(found[0]) else None

    def _first_instance(self) -> dt.datetime:
        """DTSTART: the schedule's first meeting, or the archive's first month's."""
        first = None
        if self.schedule.start is None:
            convs = self.archive.conversations
            days = [self.local(c.start).date() for c in convs]
            days += [self.local(c.previous_start).date() for c in convs if c.previous_start]
            # No record yet: the feed starts with this month's meeting.
            day = min(days) if days else self.local(self.now).date()
            month = self._month(day)
            first = month[0] if len(month) == 1 else None
            first = first or self.rule.after(self._day_bounds(day, day)[0], inc=True)
        first = first or self.rule.after(self.schedule.dtstart, inc=True)
        if first is None:  # pragma: no cover - Schedule refuses rules with no dates
            raise KindnessInputError("the schedule has no meetings: check its rule")
        return first

    def rrule_until(self) -> dt.datetime | None:
        """UNTIL (UTC) to write when ``until`` cuts the rule short, else None."""
        if self.until_dt is None or self.rule.after(self.until_dt) is None:
            return None
        return self.until_dt.astimezone(dt.UTC)

    def end_of(self, start: dt.datetime, conversation: Conversation | None) -> dt.datetime:
        if conversation is not None and conversation.end is not None:
            return self.local(conversation.end)
        return (start.astimezone(dt.UTC) + self.schedule.duration).astimezone(self.zone)

    def _clashes(self, start: dt.datetime, plan: _Draft) -> bool:
        """True if an instance of the event already starts at ``start``."""
        found = self._between(start, start)
        return any(self._in_bounds(x) for x in found) or start in plan.rdates

    def _target(
        self, conv: Conversation, claimed: dict[dt.datetime, object]
    ) -> tuple[dt.datetime | None, dt.datetime | None]:
        """(instance the conversation replaces, rule date it was postponed from)."""
        start = self.local(conv.start)
        before = self.local(conv.previous_start) if conv.previous_start else None
        there = self.instance_on(before.date()) if before else None
        naive = start.replace(tzinfo=None)
        candidates = [self.instance_on(start.date()), there]
        move = next((m for m in self.schedule.moves if m.to == naive), None)
        if move is not None:
            candidates.append(self.instance_on(move.date))
        for candidate in candidates:
            if candidate is not None and candidate not in claimed:
                return candidate, there
        if naive in self.schedule.extras:
            return None, there  # a planned extra meeting: an RDATE
        # Off the rule with no record of where from: in a rule with one date a
        # month, it stands in for that month's meeting (as Archive.missing
        # counts it).
        for day in (before, start):
            single = self.only_instance_in_month(day.date()) if day else None
            if single is not None and single not in claimed:
                return single, there
        return None, there

    def plan(self) -> SeriesPlan:
        sched = self.schedule
        claimed: dict[dt.datetime, object] = {}
        plan = _Draft()
        for conv in sorted(self.archive.conversations, key=lambda c: (c.start, c.key)):
            start = self.local(conv.start)
            if self.until_dt is not None and start > self.until_dt:
                continue
            target, there = self._target(conv, claimed)
            if there is not None and there != target and there not in claimed:
                # Postponed onto another instance: its old date goes.
                claimed[there] = conv
                plan.exdates.add(there)
            if target is None:
                if self._clashes(start, plan):
                    plan.separate.append(conv)  # another instance stands at that time
                    continue
                target = start
                plan.rdates.add(start)
            claimed[target] = conv
            plan.overrides.append(
                Override(
                    recurrence_id=target,
                    start=start,
                    end=self.end_of(start, conv),
                    conversation=conv,
                )
            )
        # Months inside the archive's span with no record did not happen.
        gaps = (
            [o for o in self.archive.missing() if o.start < self.now] if self.exclude_gaps else []
        )
        gap_days = {
            o.scheduled_date
            for o in gaps
            if o.kind != OccurrenceKind.EXTRA and o.scheduled_date is not None
        }
        gap_extras = {o.start for o in gaps if o.kind == OccurrenceKind.EXTRA}
        for day in sorted({s.date for s in sched.skips} | gap_days):
            instance = self.instance_on(day)
            if instance is not None and instance not in claimed:
                claimed[instance] = day
                plan.exdates.add(instance)
        for move in sched.moves:
            instance = self.instance_on(move.date)
            if instance is None or instance in claimed:
                continue
            start = move.to.replace(tzinfo=self.zone)
            claimed[instance] = move
            plan.overrides.append(
                Override(
                    recurrence_id=instance,
                    start=start,
                    end=self.end_of(start, None),
                    conversation=None,
                )
            )
        for extra in sched.extras:
            start = extra.replace(tzinfo=self.zone)
            if start in claimed or start in gap_extras or start < self.dtstart:
                continue
            if self.until_dt is not None and start > self.until_dt:
                continue
            if not self._clashes(start, plan):
                plan.rdates.add(start)
        return SeriesPlan(
            dtstart=self.dtstart,
            end=self.end_of(self.dtstart, None),
            until=self.rrule_until(),
            until_local=self.until_dt,
            exdates=tuple(sorted(plan.exdates)),
            rdates=tuple(sorted(plan.rdates)),
            overrides=tuple(sorted(plan.overrides, key=lambda o: o.recurrence_id)),
            separate=tuple(plan.separate),
        )

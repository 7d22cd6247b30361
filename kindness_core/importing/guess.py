"""The monthly rule an archive's dates follow, when no schedule is given or stated.

A spreadsheet's rows, or headings that give full dates ("Friday, 25 October
2024 — Title"), say when each meeting took place.  When neither the caller
nor the page states the schedule, :func:`guess_schedule` finds the monthly
rule most dates fit ("last Friday", "second Monday") at their most frequent
time; the reader uses it only when at least half the dates fit, and says so
in a warning.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ..schedule.recurrence import Schedule

__all__ = ["Guess", "guess_schedule"]

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True, slots=True, kw_only=True)
class Guess:
    """The schedule most dates fit, and how many of them fit it."""

    schedule: Schedule
    fits: int
    of: int

    @property
    def good(self) -> bool:
        """True when at least half the dates fit the rule."""
        return self.fits * 2 >= self.of


def _rules_of(day: dt.date) -> list[str]:
    """The monthly rules ``day`` is a date of: ``3TH``, and ``-1TH`` in a month's last week."""
    code = _DAYS[day.weekday()]
    rules = []
    if day.day <= 28:
        rules.append(f"{(day.day - 1) // 7 + 1}{code}")
    if day.day + 7 > calendar.monthrange(day.year, day.month)[1]:
        rules.append(f"-1{code}")
    return rules


def guess_schedule(
    days: Sequence[dt.date],
    times: Sequence[dt.time | None] = (),
    *,
    base: Schedule | None = None,
) -> Guess | None:
    """The monthly rule most of ``days`` fit, at the most frequent of ``times``.

    ``base`` gives the zone and duration (and the time when ``times`` names
    none); None when there are no days.  A tie between "fourth" and "last"
    goes to "last".
    """
    if not days:
        return None
    base = base or Schedule()
    counts: Counter[str] = Counter()
    for day in days:
        counts.update(_rules_of(day))
    rule, fits = max(counts.items(), key=lambda item: (item[1], item[0].startswith("-")))
    known = Counter(time for time in times if time is not None)
    time = known.most_common(1)[0][0] if known else base.time
    schedule = Schedule(
        rule=f"FREQ=MONTHLY;BYDAY={rule}",
        time=time,
        timezone=base.timezone,
        duration=base.duration,
    )
    return Guess(schedule=schedule, fits=fits, of=len(days))

"""Hand checked rules to ``dateutil``, and keep every expansion bounded.

``dateutil.rrule`` walks a rule from its start, one period (day, week, month
or year) at a time, until it finds a date or passes the year 9999.  Two
things follow, and this module deals with both:

* a rule with no dates at all makes it search for seconds.
  :mod:`kindness_core.schedule.rules` refuses the impossible combinations it can see
  in the text; :func:`ensure_rule_has_dates` then runs the rule in
  ``dateutil`` over a bounded stretch of the calendar, so any rule that
  slips past those checks is refused after a fraction of a second, once,
  when the schedule is made;
* dates far from the start cost a walk from the start.
  :func:`anchor_for` gives a later start that yields the same dates from a
  window on, so asking for 2090 costs the same as asking for next month.

:func:`build_rrule` turns a :class:`~kindness_core.schedule.rules.Rule` into the
``dateutil`` object (``WKST`` is always given: ``dateutil`` would otherwise
take it from the ``calendar`` module's global setting).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Literal

from dateutil import rrule as _du

from ..errors import RuleError
from .rules import DAY_NAMES, MONTH_NAMES, WEEKDAYS, Rule

__all__ = ["anchor_for", "build_rrule", "ensure_rule_has_dates"]

_FREQ_CODES: dict[str, Literal[0, 1, 2, 3, 4, 5, 6]] = {
    "DAILY": _du.DAILY, "WEEKLY": _du.WEEKLY, "MONTHLY": _du.MONTHLY, "YEARLY": _du.YEARLY,
}  # fmt: skip
_DU_WEEKDAYS = (_du.MO, _du.TU, _du.WE, _du.TH, _du.FR, _du.SA, _du.SU)
#: The Gregorian calendar repeats exactly every 400 years (146,097 days,
#: 20,871 weeks), weekdays included.
_CYCLE_YEARS = 400
#: ``dateutil`` stops looking after this year.
_LAST_YEAR = dt.MAXYEAR


def _du_weekday(day: str, n: int | None) -> _du.weekday:
    """``dateutil``'s weekday ``day`` (``MO`` …), the ``n``-th one when ``n`` is not 0/None."""
    weekday = _DU_WEEKDAYS[WEEKDAYS.index(day)]
    return weekday(n) if n else weekday


def build_rrule(rule: Rule, dtstart: dt.datetime) -> _du.rrule:
    """The ``dateutil`` rule for ``rule`` starting at aware ``dtstart``."""
    return _du.rrule(
        _FREQ_CODES[rule.freq],
        dtstart=dtstart,
        interval=rule.interval,
        wkst=_DU_WEEKDAYS[WEEKDAYS.index(rule.wkst or "MO")],
        count=rule.count,
        until=rule.until,
        bysetpos=rule.bysetpos or None,
        bymonth=rule.bymonth or None,
        bymonthday=rule.bymonthday or None,
        byyearday=rule.byyearday or None,
        byweekno=rule.byweekno or None,
        byweekday=tuple(_du_weekday(day, n) for n, day in rule.byday) or None,
        cache=False,
    )


def ensure_rule_has_dates(rule: Rule, dtstart: dt.datetime) -> None:
    """Raise :class:`RuleError` unless ``rule`` from ``dtstart`` ever meets.

    Also refuses interval traps that can be seen directly (a month or a
    weekday that ``INTERVAL`` never reaches).  The final check runs the rule
    in ``dateutil``, without ``COUNT``/``UNTIL``, from a start moved forward
    by whole 400-year cycles (the calendar repeats exactly, so the pattern
    of dates is the same) to 400-800 years before the year 9999, where
    ``dateutil`` stops: a rule with no dates is found out after at most 800
    years of periods, instead of 8,000.
    """
    start = dtstart.date()
    full = rule.with_defaults(start)
    weekdays = {day for n, day in full.byday}
    if (
        full.freq == "DAILY"
        and full.interval % 7 == 0
        and weekdays
        and WEEKDAYS[start.weekday()] not in weekdays
    ):
        name = DAY_NAMES[start.weekday()]
        raise RuleError(
            f"FREQ=DAILY;INTERVAL={full.interval} from a {name} only ever reaches "
            f"{name}s, which BYDAY leaves out: use FREQ=WEEKLY with BYDAY, or start "
            "on one of the BYDAY days"
        )
    if full.freq == "MONTHLY" and full.bymonth and full.interval > 1:
        reached = {(start.month - 1 + full.interval * k) % 12 + 1 for k in range(12)}
        if not reached & set(full.bymonth):
            raise RuleError(
                f"FREQ=MONTHLY;INTERVAL={full.interval} from {MONTH_NAMES[start.month - 1]} "
                f"never reaches BYMONTH={','.join(map(str, full.bymonth))}: change BYMONTH, "
                "INTERVAL or the start month"
            )
    probe_rule = full.without_end()
    if (
        probe_rule.freq == "DAILY"
        and probe_rule.interval == 1
        and {1} >= set(map(abs, probe_rule.bysetpos))
    ):  # the same days, looked for a year at a time rather than a day at a time
        if not (probe_rule.bymonthday or probe_rule.byday):
            return  # every day of some months
        months = probe_rule.bymonth or tuple(range(1, 13))
        probe_rule = replace(probe_rule, freq="YEARLY", bymonth=months, bysetpos=())
    cycles = max(0, (_LAST_YEAR - _CYCLE_YEARS - start.year) // _CYCLE_YEARS)
    probe_start = dtstart.replace(year=start.year + cycles * _CYCLE_YEARS)
    probe = build_rrule(probe_rule, probe_start)
    if next(iter(probe), None) is None:
        raise RuleError(
            f"rule {rule} never produces a date: its parts exclude each other; "
            "loosen BYMONTH, BYMONTHDAY, BYDAY, BYSETPOS or INTERVAL"
        )


def anchor_for(rule: Rule, dtstart: dt.datetime, target: dt.datetime) -> dt.datetime:
    """A later start for ``rule`` that gives the same dates from ``target`` on.

    ``dateutil`` always walks a rule from its start, so dates in 2090 of a
    daily rule from 2000 cost 33,000 steps.  For a rule written out with
    :meth:`Rule.with_defaults` and without ``COUNT`` (which counts from the
    start), restarting it at the beginning of a period that is a whole number
    of ``INTERVAL`` periods after ``dtstart``, and at least one whole period
    before ``target``, changes nothing from ``target`` on.  ``dtstart`` and
    ``target`` are wall-clock datetimes in the schedule's zone.
    """
    if rule.count is not None or target <= dtstart:
        return dtstart
    n = rule.interval
    first = dtstart.date()
    goal = target.date()
    if rule.freq == "DAILY":
        k = (goal - first).days // n - 1
        day = first + dt.timedelta(days=n * k) if k > 0 else None
    elif rule.freq == "WEEKLY":
        wkst = WEEKDAYS.index(rule.wkst or "MO")
        week_start = first - dt.timedelta(days=(first.weekday() - wkst) % 7)
        k = (goal - week_start).days // 7 // n - 1
        day = week_start + dt.timedelta(weeks=n * k) if k > 0 else None
    elif rule.freq == "MONTHLY":
        months = (goal.year - first.year) * 12 + goal.month - first.month
        k = months // n - 1
        index = first.year * 12 + first.month - 1 + n * k
        day = dt.date(index // 12, index % 12 + 1, 1) if k > 0 else None
    else:
        k = (goal.year - first.year) // n - 1
        day = dt.date(first.year + n * k, 1, 1) if k > 0 else None
    if day is None:
        return dtstart
    return dt.datetime.combine(day, dtstart.timetz())

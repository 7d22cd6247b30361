"""Schedules in words: a sentence for a schedule, and what may surprise in it.

:func:`describe` turns a :class:`~kindness_core.schedule.recurrence.Schedule`
into a sentence generated from the rule (never copied from the input), so
reading it back shows what was understood: "Third Thursday of every month at
6:00pm UK time".  The sentence is English whatever the machine's locale,
unless a ``locale`` is given (French: :mod:`.description_fr`).  The
warnings are English.
:func:`schedule_warnings` lists valid features that are probably not what was
meant (a fifth Monday, the 31st of the month); :func:`warn_schedule` emits
them as :class:`~kindness_core.errors.KindnessWarning`.

These are functions of a schedule, not methods: the Schedule value knows no
words, and this module depends on it, one way.
"""

from __future__ import annotations

import datetime as dt
import warnings

from ..errors import KindnessWarning
from .dates import DEFAULT_LOCALE, format_clock, format_day, format_zone, is_english, locale_name
from .description_fr import describe_french
from .recurrence import Schedule
from .rules import DAY_NAMES, MONTH_NAMES, WEEKDAYS, Rule
from .zone_phrases import zone_label

__all__ = ["describe", "english_list", "format_time", "schedule_warnings", "warn_schedule"]

_DAY_NAMES = dict(zip(WEEKDAYS, DAY_NAMES, strict=True))
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth",
                  -1: "last", -2: "second-to-last"}  # fmt: skip
_WEEKDAY_SETS = {
    frozenset(WEEKDAYS[:5]): "weekday",
    frozenset(WEEKDAYS[5:]): "weekend day",
    frozenset(WEEKDAYS): "day",
}


def format_time(value: dt.time) -> str:
    """``6:00pm``, ``12:30pm``, ``9:05am`` (seconds only when there are some).

    The English clock: :func:`~kindness_core.schedule.dates.format_clock` in
    ``en_GB``.
    """
    return format_clock(value, DEFAULT_LOCALE)


def english_list(names: list[str], word: str = "and") -> str:
    """``"Monday"``, ``"Monday and Friday"``, ``"Monday, Tuesday and Friday"``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


def _every(freq: str, interval: int) -> str:
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}[freq]
    if interval == 1:
        return f"every {unit}"
    return f"every other {unit}" if interval == 2 else f"every {interval} {unit}s"


def _months(bymonth: tuple[int, ...]) -> tuple[str, str]:
    """("of March and September", " in March and September") or the "except" forms."""
    if len(bymonth) >= 9:
        left = [MONTH_NAMES[m - 1] for m in range(1, 13) if m not in bymonth]
        return f"of every month except {english_list(left)}", f" except in {english_list(left)}"
    names = english_list([MONTH_NAMES[m - 1] for m in sorted(bymonth)])
    return f"of {names}", f" in {names}"


def _ordinal(n: int) -> str:
    """``21st``, ``22nd``, ``23rd``, ``11th``, ``53rd``."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _nth(n: int) -> str:
    """``first``, ``21st``, ``last``, ``third-to-last``, ``21st-to-last``."""
    if n in _ORDINAL_WORDS:
        return _ORDINAL_WORDS[n]
    word = _ORDINAL_WORDS.get(abs(n)) or _ordinal(abs(n))
    return f"{word}-to-last" if n < 0 else word


def _in_order(n: int) -> tuple[bool, int]:
    """Positions from the start first (1, 2, 3), then from the end (-2, -1)."""
    return (n < 0, n)


def _nth_days(byday: tuple[tuple[int, str], ...]) -> str:
    """Ordinal weekdays in words: "first and third Tuesday", "last Friday"."""
    by_day: dict[str, list[int]] = {}
    for n, day in byday:
        by_day.setdefault(day, []).append(n)
    return english_list(
        [
            f"{english_list([_nth(n) for n in sorted(ns, key=_in_order)])} {_DAY_NAMES[day]}"
            for day, ns in by_day.items()
        ]
    )


def _day_set(days: list[str], word: str = "and") -> str:
    return _WEEKDAY_SETS.get(frozenset(days)) or english_list([_DAY_NAMES[d] for d in days], word)


def _monthly(rule: Rule, period: str) -> str | None:
    plain = [day for n, day in rule.byday if not n]
    if rule.byday and not plain and not rule.bymonthday and not rule.bysetpos:
        return f"{_nth_days(rule.byday)} of {period}"
    if rule.byday and len(plain) == len(rule.byday) and rule.bysetpos and not rule.bymonthday:
        which = english_list([_nth(p) for p in sorted(rule.bysetpos, key=lambda n: (n < 0, n))])
        return f"{which} {_day_set(plain, 'or')} of {period}"
    if rule.bymonthday and not rule.bysetpos and len(plain) == len(rule.byday):
        days = sorted(rule.bymonthday, key=lambda n: (n < 0, n))
        if all(d > 0 for d in days):
            text = f"day{'s' if len(days) > 1 else ''} {english_list([str(d) for d in days])}"
        elif len(days) == 1:
            text = f"{_nth(days[0])} day"
        else:
            return None
        when = f", when it is a {_day_set(plain, 'or')}" if plain else ""
        return f"{text} of {period}{when}"
    return None


def _describe_rule(rule: Rule) -> str | None:
    """The rule's dates in words (without time or zone), or ``None``."""
    if rule.byweekno or rule.byyearday:
        return None
    n, freq = rule.interval, rule.freq
    plain = [day for k, day in rule.byday if not k]
    of_months, in_months = _months(rule.bymonth) if rule.bymonth else ("", "")
    if rule.bymonth and n > 1:
        return None
    if freq == "MONTHLY":
        return _monthly(rule, of_months[3:] if rule.bymonth else _every(freq, n))
    if rule.bysetpos:
        return None
    if freq == "WEEKLY" and rule.byday:
        names = english_list([_DAY_NAMES[d] for d in plain])
        if n == 1:
            return f"every {names}{in_months}"
        return f"every other {names}" if n == 2 else f"every {n} weeks on {names}"
    if freq == "DAILY" and not rule.bymonthday:
        if not rule.byday:
            return _every(freq, n) + in_months
        if n == 1:
            label = _WEEKDAY_SETS.get(frozenset(plain))
            if label == "weekday":
                return f"every weekday (Monday to Friday){in_months}"
            return f"every {english_list([_DAY_NAMES[d] for d in plain])}{in_months}"
    if freq == "YEARLY" and len(rule.bymonth) >= 1:
        every = _every(freq, n)
        if rule.byday and not plain and not rule.bymonthday:
            return f"{_nth_days(rule.byday)} {of_months} {every}"
        if len(rule.bymonth) == 1 and len(rule.bymonthday) == 1 and not rule.byday:
            day = rule.bymonthday[0]
            if day > 0:
                return f"{every} on {day} {MONTH_NAMES[rule.bymonth[0] - 1]}"
            return f"{_nth(day)} day {of_months} {every}"
    return None


def _day(value: dt.date) -> str:
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def describe(schedule: Schedule, *, locale: str = DEFAULT_LOCALE) -> str:
    """The schedule as a sentence in ``locale``.

    English: "Third Thursday of every month at 6:00pm UK time"; rules without
    a common phrase read "Repeats by the rule FREQ=… at 6:00pm UK time".
    French has a grammar of its own (:mod:`.description_fr`): "Le troisième
    jeudi de chaque mois à 18:00, heure : Royaume-Uni".  Other languages get
    the English sentence with the time, the zone and the dates in their own
    words ("… at 18:00, hora de Reino Unido").
    """
    name = locale_name(locale)
    if name.split("_")[0] == "fr":
        return describe_french(schedule, name)
    english = is_english(name)
    rule = schedule.full_rule
    if english:
        at = f"at {format_time(schedule.time)} {zone_label(schedule.timezone)}"
    else:
        at = f"at {format_clock(schedule.time, name)}, {format_zone(schedule.timezone, name)}"

    def day(value: dt.date) -> str:
        return _day(value) if english else format_day(value, name)

    text = _describe_rule(rule)
    if text is None:
        sentence = f"Repeats by the rule {schedule.rule} {at}"
    else:
        sentence = f"{text[0].upper()}{text[1:]} {at}"
    if schedule.start and schedule.depends_on_start:
        sentence += f", starting {day(schedule.start)}"
    if text is None:
        return sentence
    if rule.count is not None:
        sentence += ", once" if rule.count == 1 else f", {rule.count} times"
    if rule.until is not None:
        sentence += f", until {day(rule.until.astimezone(schedule.zone).date())}"
    return sentence


def schedule_warnings(schedule: Schedule) -> tuple[str, ...]:
    """Valid features of a schedule that are probably not what was meant."""
    found: list[str] = []
    rule = schedule.recurrence_rule
    in_month = rule.freq == "MONTHLY" or (rule.freq == "YEARLY" and rule.bymonth)
    for n, day in rule.byday:
        if in_month and abs(n) == 5:
            which = "fifth" if n > 0 else "fifth-to-last"
            found.append(
                f"BYDAY={n}{day}: many months have no {which} {_DAY_NAMES[day]}, "
                "so the series skips them; use -1 for 'last' if you meant the last one"
            )
    if any(abs(d) > 28 for d in rule.bymonthday):
        found.append(
            f"BYMONTHDAY={','.join(map(str, rule.bymonthday))}: some months are shorter, "
            "so the series skips them; use -1 for the last day of the month"
        )
    first = schedule.first()
    if schedule.start and first and first.scheduled_date != schedule.start:
        found.append(
            f"the start {_day(schedule.start)} is not a meeting day of the rule: the first "
            f"meeting is {_day(first.start.date())}; give that date as the start if you "
            "meant it"
        )
    return tuple(found)


def warn_schedule(schedule: Schedule) -> None:
    """Emit :func:`schedule_warnings` as :class:`~kindness_core.errors.KindnessWarning`."""
    for message in schedule_warnings(schedule):
        warnings.warn(message, KindnessWarning, stacklevel=2)

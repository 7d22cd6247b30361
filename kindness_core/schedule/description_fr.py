"""Schedules in French: "Le troisième jeudi de chaque mois à 18:00, heure : Royaume-Uni".

A grammar of its own, built from tables (ordinals, the words of a period)
and CLDR's names of days and months (through Babel), covering every shape
:func:`~kindness_core.schedule.description.describe` reads in English; a
rule it has no phrase for reads "Se répète selon la règle FREQ=… à 18:00,
heure : Royaume-Uni".  :func:`~kindness_core.schedule.description.describe`
calls it for any ``fr_*`` locale.
"""

from __future__ import annotations

import functools

from babel.dates import get_day_names, get_month_names

from .dates import format_clock, format_day, format_zone
from .recurrence import Schedule
from .rules import WEEKDAYS, Rule

__all__ = ["describe_french", "french_list"]

_ORDINALS = {1: "premier", 2: "deuxième", 3: "troisième", 4: "quatrième", 5: "cinquième",
             -1: "dernier", -2: "avant-dernier"}  # fmt: skip
#: Days, months, years: (every one, every other one, every n of them).
_PERIODS = {
    "DAILY": ("chaque jour", "un jour sur deux", "tous les {n} jours"),
    "WEEKLY": ("chaque semaine", "une semaine sur deux", "toutes les {n} semaines"),
    "MONTHLY": ("chaque mois", "un mois sur deux", "tous les {n} mois"),
    "YEARLY": ("chaque année", "une année sur deux", "tous les {n} ans"),
}
_WEEKDAY_SETS = {
    frozenset(WEEKDAYS[:5]): "jour de semaine",
    frozenset(WEEKDAYS[5:]): "jour de week-end",
    frozenset(WEEKDAYS): "jour",
}
_VOWELS = "aeiouyéèêâàîôûh"


class _Words:
    """The names of days and months of one French locale (CLDR)."""

    __slots__ = ("days", "months")

    def __init__(self, locale: str) -> None:
        days = get_day_names("wide", locale=locale)
        months = get_month_names("wide", locale=locale)
        self.days = {code: str(days[i]) for i, code in enumerate(WEEKDAYS)}
        self.months = {m: str(months[m]) for m in range(1, 13)}


@functools.lru_cache(maxsize=16)
def _words(locale: str) -> _Words:
    return _Words(locale)


def french_list(names: list[str], word: str = "et") -> str:
    """``"lundi"``, ``"lundi et vendredi"``, ``"lundi, mardi et vendredi"``."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


def _le(word: str) -> str:
    """The article before ``word``: "le premier", "l’avant-dernier"."""
    return f"l’{word}" if word[:1].lower() in _VOWELS else f"le {word}"


def _de(word: str) -> str:
    """ "de mars", "d’avril", "d’août"."""
    return f"d’{word}" if word[:1].lower() in _VOWELS else f"de {word}"


def _in_order(n: int) -> tuple[bool, int]:
    """Positions from the start first (1, 2, 3), then from the end (-2, -1)."""
    return (n < 0, n)


def _ordinal(n: int) -> tuple[str, str]:
    """(the ordinal, what follows its noun): ("troisième", " en partant de la fin") for -3."""
    if n in _ORDINALS:
        return _ORDINALS[n], ""
    if n < 0:
        return _ordinal(-n)[0], " en partant de la fin"
    return f"{n}e", ""


def _the_nth(ns: list[int] | tuple[int, ...], noun: str) -> str:
    """ "le premier et le troisième mardi", "l’avant-dernier jour"."""
    words = [_ordinal(n) for n in sorted(ns, key=_in_order)]
    if not any(suffix for _, suffix in words):
        return f"{french_list([_le(word) for word, _ in words])} {noun}"
    return french_list([f"{_le(word)} {noun}{suffix}" for word, suffix in words])


def _every(freq: str, interval: int) -> str:
    one, other, many = _PERIODS[freq]
    if interval == 1:
        return one
    return other if interval == 2 else many.format(n=interval)


def _day_number(day: int) -> str:
    return "1er" if day == 1 else str(day)


def _months(bymonth: tuple[int, ...], words: _Words) -> tuple[str, str]:
    """("de mars et septembre", " en mars et septembre") or the "sauf" forms."""
    if len(bymonth) >= 9:
        left = french_list([words.months[m] for m in range(1, 13) if m not in bymonth])
        return f"de chaque mois sauf {left}", f" sauf en {left}"
    names = french_list([words.months[m] for m in sorted(bymonth)])
    return _de(names), f" en {names}"


def _nth_days(byday: tuple[tuple[int, str], ...], words: _Words) -> str:
    """ "le premier et le troisième mardi", "le dernier vendredi"."""
    by_day: dict[str, list[int]] = {}
    for n, day in byday:
        by_day.setdefault(day, []).append(n)
    return french_list([_the_nth(ns, words.days[day]) for day, ns in by_day.items()])


def _day_set(days: list[str], words: _Words, word: str = "et") -> str:
    label = _WEEKDAY_SETS.get(frozenset(days))
    return label or french_list([words.days[d] for d in days], word)


def _monthly(rule: Rule, period: str, words: _Words) -> str | None:
    plain = [day for n, day in rule.byday if not n]
    if rule.byday and not plain and not rule.bymonthday and not rule.bysetpos:
        return f"{_nth_days(rule.byday, words)} {period}"
    if rule.byday and len(plain) == len(rule.byday) and rule.bysetpos and not rule.bymonthday:
        return f"{_the_nth(rule.bysetpos, _day_set(plain, words, 'ou'))} {period}"
    if rule.bymonthday and not rule.bysetpos and len(plain) == len(rule.byday):
        days = sorted(rule.bymonthday, key=_in_order)
        if all(d > 0 for d in days):
            text = french_list([f"le {_day_number(d)}" for d in days])
        elif len(days) == 1:
            text = _the_nth(days, "jour")
        else:
            return None
        when = f", si c’est un {_day_set(plain, words, 'ou')}" if plain else ""
        return f"{text} {period}{when}"
    return None


def _monthly_period(rule: Rule, of_months: str) -> str:
    if rule.bymonth:
        return of_months
    if rule.interval == 1:
        return "de chaque mois"
    return f"du mois, {_every('MONTHLY', rule.interval)}"


def _describe_rule(rule: Rule, words: _Words) -> str | None:
    """The rule's dates in French words (without time or zone), or ``None``."""
    if rule.byweekno or rule.byyearday:
        return None
    n, freq = rule.interval, rule.freq
    plain = [day for k, day in rule.byday if not k]
    of_months, in_months = _months(rule.bymonth, words) if rule.bymonth else ("", "")
    if rule.bymonth and n > 1:
        return None
    if freq == "MONTHLY":
        return _monthly(rule, _monthly_period(rule, of_months), words)
    if rule.bysetpos:
        return None
    if freq == "WEEKLY" and rule.byday:
        names = french_list([words.days[d] for d in plain])
        if n == 1:
            return f"chaque {names}{in_months}"
        if n == 2 and len(plain) == 1:
            return f"un {names} sur deux"
        if n == 2:
            return f"chaque {names}, {_every(freq, n)}"
        return f"{_every(freq, n)} " + french_list([f"le {words.days[d]}" for d in plain])
    if freq == "DAILY" and not rule.bymonthday:
        if not rule.byday:
            return _every(freq, n) + in_months
        if n == 1:
            if _WEEKDAY_SETS.get(frozenset(plain)) == "jour de semaine":
                first, last = words.days["MO"], words.days["FR"]
                return f"chaque jour de semaine (du {first} au {last}){in_months}"
            return f"chaque {french_list([words.days[d] for d in plain])}{in_months}"
    if freq == "YEARLY" and len(rule.bymonth) >= 1:
        every = _every(freq, n)
        if rule.byday and not plain and not rule.bymonthday:
            return f"{_nth_days(rule.byday, words)} {of_months}, {every}"
        if len(rule.bymonth) == 1 and len(rule.bymonthday) == 1 and not rule.byday:
            day = rule.bymonthday[0]
            if day > 0:
                return f"{every} le {_day_number(day)} {words.months[rule.bymonth[0]]}"
            return f"{_the_nth([day], 'jour')} {of_months}, {every}"
    return None


def describe_french(schedule: Schedule, locale: str = "fr") -> str:
    """The schedule as a French sentence, dates and times in ``locale`` (a ``fr_*``)."""
    words = _words(locale)
    rule = schedule.full_rule
    at = f"à {format_clock(schedule.time, locale)}, {format_zone(schedule.timezone, locale)}"
    text = _describe_rule(rule, words)
    if text is None:
        sentence = f"Se répète selon la règle {schedule.rule} {at}"
    else:
        sentence = f"{text[0].upper()}{text[1:]} {at}"
    if schedule.start and schedule.depends_on_start:
        sentence += f", à partir du {format_day(schedule.start, locale)}"
    if text is None:
        return sentence
    if rule.count is not None:
        sentence += ", une fois" if rule.count == 1 else f", {rule.count} fois"
    if rule.until is not None:
        until = rule.until.astimezone(schedule.zone).date()
        sentence += f", jusqu’au {format_day(until, locale)}"
    return sentence

"""Dates, times and zones in a locale's words, from CLDR through Babel.

Every function takes a Babel locale name (``"en_GB"``, ``"fr"``, ``"pt_BR"``);
:func:`locale_name` turns a Django or BCP 47 language tag (``"pt-br"``) into
one, and :func:`check_locale` does the same for the command line, refusing a
locale Babel has no data for.

English (any ``en_*``) keeps the house forms: "Thursday 17 December 2026",
"6:00pm", "UK time" (:func:`~kindness_core.schedule.zone_phrases.zone_label`).
Other locales get CLDR's: "jeudi 17 décembre 2026", "18:00", "heure :
Royaume-Uni".  Names of days and months always come from CLDR, never from a
table written here.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import (
    format_date,
    format_time,
    get_datetime_format,
    get_timezone,
    get_timezone_gmt,
    get_timezone_location,
    match_skeleton,
    tokenize_pattern,
    untokenize_pattern,
)

from ..errors import KindnessInputError
from .zone_phrases import zone_label
from .zones import get_zone, require_aware

__all__ = [
    "DEFAULT_LOCALE",
    "check_locale",
    "format_clock",
    "format_day",
    "format_month",
    "format_when",
    "format_zone",
    "is_english",
    "locale_name",
]

#: The locale of every function here when none is given: the house English.
DEFAULT_LOCALE = "en_GB"

#: The house pattern of an English day ("Thursday 17 December 2026").
_ENGLISH_DAY = "EEEE d MMMM y"
_ENGLISH_DAY_NO_YEAR = "EEEE d MMMM"
#: Fields whose width a skeleton asks for and a matched pattern may shorten
#: ("jeu. 17 décembre" for "MMMMEEEEd"): CLDR says to widen them back.
_TEXT_FIELDS = {"E": "E", "c": "E", "e": "E", "M": "M", "L": "M"}
#: CLDR's "territories" of zones that belong to no country (UTC, EST5EDT…).
_NO_COUNTRY = frozenset({"ZZ", "001"})
#: The separator of "{1}, {0}" in a dateTimeFormat (", ", Arabic "، ").
_COMMA_RE = re.compile(r"\{1\}([,\u060c\u3001\uff0c]\s?)\{0\}")


def _resolve(text: str) -> str | None:
    """The Babel name for a tag, its language's if Babel lacks the tag, else None."""
    tag = text.strip().replace("_", "-")
    if not tag:
        return None
    for candidate in (tag, tag.split("-")[0]):
        try:
            return str(Locale.parse(candidate, sep="-"))
        except (ValueError, TypeError, UnknownLocaleError):
            continue
    return None


@functools.lru_cache(maxsize=512)
def locale_name(language: str | None) -> str:
    """A Django / BCP 47 language tag as a Babel locale name; never raises.

    ``"fr"`` → ``"fr"``, ``"pt-br"`` → ``"pt_BR"``, ``"zh-hans"`` →
    ``"zh_Hans"``; ``None`` or ``""`` → :data:`DEFAULT_LOCALE`; a tag Babel
    has no data for → its language if Babel knows that, else the default.
    """
    if not isinstance(language, str):
        return DEFAULT_LOCALE
    return _resolve(language) or DEFAULT_LOCALE


def check_locale(text: str) -> str:
    """As :func:`locale_name`, but refuse a locale Babel has no data for."""
    found = _resolve(text) if isinstance(text, str) else None
    if found is None:
        raise KindnessInputError(
            f"unknown locale {text!r}: give a language code such as en, fr or pt-BR"
        )
    return found


@functools.lru_cache(maxsize=512)
def _locale(locale: str) -> Locale:
    return Locale.parse(locale_name(locale))


def is_english(locale: str) -> bool:
    """Whether ``locale`` is English (``en``, ``en_GB``, ``en-us``…)."""
    return _locale(locale).language == "en"


@functools.lru_cache(maxsize=512)
def _skeleton_pattern(skeleton: str, locale: str) -> str:
    """The locale's pattern for a CLDR skeleton, its text fields as wide as asked."""
    data = _locale(locale)
    match = match_skeleton(skeleton, data.datetime_skeletons) or skeleton
    pattern = data.datetime_skeletons.get(match)
    text = pattern.pattern if pattern is not None else skeleton
    wanted = {kind: skeleton.count(kind) for kind in ("E", "M")}
    tokens = []
    for kind, value in tokenize_pattern(text):
        if kind == "field" and isinstance(value, tuple):
            char, width = value
            group = _TEXT_FIELDS.get(char)
            textual = width >= 3 or char == "E"
            if group and textual and wanted[group] >= 4 and width < 4:
                value = (char, 4)
        tokens.append((kind, value))
    return untokenize_pattern(tokens)


def format_day(day: dt.date, locale: str = DEFAULT_LOCALE, *, year: bool = True) -> str:
    """A day in words: "Thursday 17 December 2026", "jeudi 17 décembre 2026".

    English keeps the house form (no comma); other locales CLDR's full date
    ("jueves, 17 de diciembre de 2026"), or without the year its "MMMMEEEEd"
    form ("jeudi 17 décembre").
    """
    data = _locale(locale)
    if data.language == "en":
        return format_date(day, _ENGLISH_DAY if year else _ENGLISH_DAY_NO_YEAR, locale=data)
    if year:
        return format_date(day, "full", locale=data)
    return format_date(day, _skeleton_pattern("MMMMEEEEd", str(data)), locale=data)


def format_month(day: dt.date, locale: str = DEFAULT_LOCALE, *, title: bool = False) -> str:
    """A month and its year: "July 2022", "juillet 2022", "julio de 2022".

    ``title=True`` capitalises the first letter, for a page title ("Juillet 2022").
    """
    data = _locale(locale)
    text = format_date(day, _skeleton_pattern("yMMMM", str(data)), locale=data)
    return text[:1].upper() + text[1:] if title else text


def _english_clock(value: dt.time) -> str:
    hour = value.hour % 12 or 12
    seconds = f":{value.second:02d}" if value.second else ""
    return f"{hour}:{value.minute:02d}{seconds}{'am' if value.hour < 12 else 'pm'}"


def format_clock(value: dt.time, locale: str = DEFAULT_LOCALE) -> str:
    """A time of day: "6:00pm" in English, CLDR's short time elsewhere ("18:00").

    Seconds are shown only when there are some (CLDR's medium time then).
    """
    data = _locale(locale)
    if data.language == "en":
        return _english_clock(value)
    plain = value.replace(tzinfo=None)
    return format_time(plain, "medium" if value.second else "short", locale=data)


def _canonical_zone(zone: str) -> str:
    aliases: Mapping[str, str] = get_global("zone_aliases")
    return aliases.get(zone, zone)


def format_zone(zone: str, locale: str = DEFAULT_LOCALE) -> str:
    """A zone in words: "UK time" in English, CLDR's location format elsewhere.

    "heure : Royaume-Uni", "hora de Reino Unido".  A zone of no country
    (``UTC``, ``Etc/GMT-2``) reads "UTC" or CLDR's offset ("UTC+02:00"); a
    zone CLDR does not know at all, its IANA name.  Never raises.
    """
    data = _locale(locale)
    if data.language == "en":
        return zone_label(zone)
    territories: Mapping[str, str] = get_global("zone_territories")
    try:
        tzinfo = get_timezone(zone)
        if territories.get(_canonical_zone(zone), "ZZ") not in _NO_COUNTRY:
            return get_timezone_location(tzinfo, locale=data)
        winter = dt.datetime(2000, 1, 1, tzinfo=tzinfo)
        summer = dt.datetime(2000, 7, 1, tzinfo=tzinfo)
        offset = winter.utcoffset()
        if offset != summer.utcoffset():
            return zone
        if not offset:
            return "UTC"
        return get_timezone_gmt(winter, "long", locale=data)
    except (LookupError, ValueError, TypeError, OSError):
        return zone


def _date_time_pattern(data: Locale, width: Literal["full", "medium"] = "full") -> str:
    """The locale's dateTimeFormat, its quoted literals unquoted."""
    pattern = str(get_datetime_format(width, locale=data))
    return pattern.replace("''", "\0").replace("'", "").replace("\0", "'")


def _comma(data: Locale) -> str:
    """The locale's comma between a date and a time (", ", "، "), else ", "."""
    found = _COMMA_RE.search(_date_time_pattern(data, "medium"))
    return found.group(1) if found and found.group(1).endswith(" ") else ", "


def format_when(moment: dt.datetime, zone: str, locale: str = DEFAULT_LOCALE) -> str:
    """An aware datetime as the wall clock of ``zone`` shows it.

    "Thursday 17 December 2026, 6:00pm UK time"; in other locales the day
    and the time joined by the locale's dateTimeFormat, then the zone:
    "jeudi 17 décembre 2026, 18:00, heure : Royaume-Uni".
    """
    local = require_aware(moment, "moment").astimezone(get_zone(zone))
    data = _locale(locale)
    day = format_day(local.date(), str(data))
    clock = format_clock(local.time(), str(data))
    if data.language == "en":
        return f"{day}, {clock} {format_zone(zone, str(data))}"
    joined = _date_time_pattern(data).replace("{1}", day).replace("{0}", clock)
    return f"{joined}{_comma(data)}{format_zone(zone, str(data))}"

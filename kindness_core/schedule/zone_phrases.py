"""Time zones in schedule phrases: "Paris time", "New York time", "UTC", "Europe/Paris".

:func:`read_zone` finds the one zone a phrase names, or returns the
caller's default when it names none.  It understands:

* an IANA name, spelt exactly ("Europe/Paris",
  "America/Argentina/Buenos_Aires", "Etc/GMT-2"); a wrong spelling is
  refused with a suggestion (:func:`~kindness_core.schedule.zones.get_zone`);
* ``UTC``;
* a place of the IANA database, before "time" ("Paris time", "São Paulo
  time", "Ho Chi Minh time") or right after the meeting time ("6pm Paris"):
  the last part of every zone name of the geographic areas (``Europe/…``,
  ``America/…``, …), with ``_`` read as a space, ignoring case, accents,
  hyphens, full stops and apostrophes ("St. John's" is ``America/St_Johns``).
  The table is built from :func:`zoneinfo.available_timezones`, so it
  follows the installed IANA data; places whose names are shared by
  different zones are refused, and names that are links to one zone
  (``America/Buenos_Aires``, ``America/Argentina/Buenos_Aires``) count once;
* the regional names of :data:`REGIONAL_NAMES` ("UK time", "US Eastern time");
* a country with one clock, or a main one, by its name or nationality before
  "time" ("South Africa time", "South African time", "Indian time", "New
  Zealand time"): built from the IANA data's ``iso3166.tab`` and ``zone.tab``
  (a country with several zones counts when ``zone.tab`` marks one as "most
  of" the country or its mainland) and :data:`NATIONALITIES`;
* the abbreviations of :data:`FIXED_ABBREVIATIONS` ("2pm SAST", "12.30pm
  SGT"): zones without daylight saving, whose abbreviation means one clock.

Refused, with a one-line :class:`~kindness_core.errors.RuleError` that says
what to write instead, because a guess could publish a wrong time:

* other abbreviations ("EST", "CET", "IST", "GMT"): their offset depends on
  the season and the place; an abbreviation this reader does not know right
  after the time ("6pm XYZT") is refused too, never ignored;
* fixed offsets ("UTC+2", "GMT-05:00", "+02:00"): they ignore the
  daylight-saving changes of the place meant (name the place instead;
  ``UTC`` itself, and an explicit ``Etc/GMT-2``, are taken as given);
* "<words> time" that is none of the above ("banana time", "local time",
  "Eastern time", and "Christmas time", whose word is also a zone's);
* two different zones in one phrase.

:func:`zone_label` names a zone in sentences ("UK time", "Europe/Paris
time", "UTC"); every label reads back as the same zone.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from zoneinfo import TZPATH

from ..errors import RuleError
from .rules import DAY_NAMES, MONTH_NAMES
from .zones import get_zone, zone_names

__all__ = [
    "FIXED_ABBREVIATIONS",
    "NATIONALITIES",
    "REGIONAL_NAMES",
    "country_zones",
    "place_names",
    "read_zone",
    "zone_label",
]

#: Regional names understood before "time" ("UK time"), and their zone.
#: Only names that mean one zone's clock everywhere they are used: "Eastern",
#: "Central" and "Mountain" time are refused (see :data:`_UNCLEAR`).
REGIONAL_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "UK": "Europe/London",
        "U.K.": "Europe/London",
        "British": "Europe/London",
        "British Summer": "Europe/London",
        "GMT/BST": "Europe/London",
        "Irish": "Europe/Dublin",
        # Regions of one clock all year, without summer time: any of their zones
        # gives the same times ("3pm East Africa Time").
        "East Africa": "Africa/Nairobi",
        "East African": "Africa/Nairobi",
        "West Africa": "Africa/Lagos",
        "West African": "Africa/Lagos",
        "South Africa Standard": "Africa/Johannesburg",
        "India Standard": "Asia/Kolkata",
        "Indian Standard": "Asia/Kolkata",
        "Singapore Standard": "Asia/Singapore",
        "Japan Standard": "Asia/Tokyo",
        "China Standard": "Asia/Shanghai",
        "Korea Standard": "Asia/Seoul",
        "Pakistan Standard": "Asia/Karachi",
        "Philippine Standard": "Asia/Manila",
        "Gulf Standard": "Asia/Dubai",
        "Arabia Standard": "Asia/Riyadh",
        "US Eastern": "America/New_York",
        "US Central": "America/Chicago",
        "US Pacific": "America/Los_Angeles",
        "Pacific": "America/Los_Angeles",
    }
)

#: Abbreviations of zones that do not change for summer: each means one clock all year.
FIXED_ABBREVIATIONS: Mapping[str, str] = MappingProxyType(
    {
        "SAST": "Africa/Johannesburg",
        "SGT": "Asia/Singapore",
        "JST": "Asia/Tokyo",
        "HKT": "Asia/Hong_Kong",
        "KST": "Asia/Seoul",
        "MSK": "Europe/Moscow",
        "WIB": "Asia/Jakarta",
        "PKT": "Asia/Karachi",
        "NPT": "Asia/Kathmandu",
        "EAT": "Africa/Nairobi",
        "WAT": "Africa/Lagos",
        "CAT": "Africa/Maputo",
        "GST": "Asia/Dubai",
    }
)
#: Nationalities read as their country's clock ("South African time"), by ISO 3166 code.
NATIONALITIES: Mapping[str, str] = MappingProxyType(
    {"South African": "ZA", "Indian": "IN", "Irish": "IE", "French": "FR", "German": "DE",
     "Dutch": "NL", "Belgian": "BE", "Swiss": "CH", "Italian": "IT", "Spanish": "ES",
     "Portuguese": "PT", "Austrian": "AT", "Danish": "DK", "Swedish": "SE",
     "Norwegian": "NO", "Finnish": "FI", "Polish": "PL", "Czech": "CZ", "Hungarian": "HU",
     "Greek": "GR", "Turkish": "TR", "Israeli": "IL", "Egyptian": "EG", "Nigerian": "NG",
     "Kenyan": "KE", "Ghanaian": "GH", "Ugandan": "UG", "Tanzanian": "TZ",
     "Zimbabwean": "ZW", "Zambian": "ZM", "Pakistani": "PK", "Bangladeshi": "BD",
     "Sri Lankan": "LK", "Nepali": "NP", "Japanese": "JP", "Korean": "KR", "Chinese": "CN",
     "Filipino": "PH", "Philippine": "PH", "Thai": "TH", "Vietnamese": "VN",
     "Malaysian": "MY", "Singaporean": "SG", "New Zealand": "NZ", "Kiwi": "NZ",
     "Scottish": "GB", "Welsh": "GB", "English": "GB", "Northern Irish": "GB"}
)  # fmt: skip
#: Country names that are also ordinary words or another place's name: not read as a clock.
_NOT_COUNTRIES = frozenset({"chad", "turkey", "jersey", "georgia", "guernsey", "niger"})
#: The IANA areas whose zones are named after a place (tz "theory" file).
_AREAS = frozenset(
    {"Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
     "Europe", "Indian", "Pacific"}
)  # fmt: skip
#: Place names of the IANA data that are also ordinary words (or another place):
#: read as a zone only when written as the IANA name.
_ORDINARY_WORDS = frozenset(
    {"christmas", "easter", "reunion", "wake", "midway", "center", "north", "south",
     "west", "victoria"}
)  # fmt: skip
_CITY_HINT = "e.g. 'Paris time' or 'New York time', or an IANA zone such as 'Europe/Paris'"
#: Words before "time" that are not a zone but need a word of advice.
_UNCLEAR = {
    "local": "'local time' does not say which zone: name the place, " + _CITY_HINT,
    "eastern": "'Eastern time' could be North America's or Australia's: write 'US Eastern "
    "time' or 'New York time', or 'Sydney time'",
    "central": "'Central time' could be North America's, Europe's or Australia's: write "
    "'US Central time', or name a city, e.g. 'Chicago time' or 'Berlin time'",
    "mountain": "'Mountain time' changes for summer in Denver but not in Phoenix: write "
    "'Denver time' or 'Phoenix time'",
    "us mountain": "'US Mountain time' changes for summer in Denver but not in Phoenix: "
    "write 'Denver time' or 'Phoenix time'",
    "gmt": "'GMT' could mean UTC+0 all year or UK time (BST in summer): name the zone "
    "instead, 'UK time' or 'UTC'",
}
#: Words that often come before "time" without naming a zone ("at the same time").
_NOT_ZONES = frozenset(
    ("a", "about", "after", "all", "an", "and", "any", "at", "before", "break", "by",
     "dinner", "each", "end", "every", "finish", "first", "for", "free", "from", "full",
     "good", "in", "its", "last", "lunch", "next", "normal", "of", "on", "or", "our", "over",
     "part", "regular", "same", "some", "spare", "start", "starting", "tea", "that", "the",
     "their", "this", "to", "until", "usual", "with", "your", "am", "pm", "noon", "midday",
     "other", "alternate", "second", "third", "fourth", "fifth", "month", "months", "week",
     "weeks", "day", "days", "weekday", "weekdays", "year", "daily", "weekly", "monthly",
     "fortnightly", "except", "not", "but", "held", "meet", "meets", "meeting", "meetings",
     *(d.lower() for d in DAY_NAMES), *(d.lower() + "s" for d in DAY_NAMES),
     *(m.lower() for m in MONTH_NAMES), *(m[:3].lower() for m in MONTH_NAMES))
)  # fmt: skip
_ABBREVIATIONS = (
    "GMT|BST|CET|CEST|EET|EEST|WET|WEST|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|PT|IST|AEST|AEDT"
)
_ABBREVIATION_RE = re.compile(rf"\b({_ABBREVIATIONS})\b")
_SPECIAL_RE = re.compile(r"(?<![\w/])(GMT/BST|UK/London)(?![\w/])", re.I)
_IANA_RE = re.compile(r"(?<![\w/])([A-Za-z][A-Za-z_]*(?:/[A-Za-z0-9_+\-]+)+)(?![\w/])")
_SIGN = "+\\-\u2212\u00b1"
_OFFSET_RE = re.compile(
    rf"\b(?:UTC|GMT)\s*[{_SIGN}]\s*\d{{1,2}}(?::?\d{{2}})?(?![\d:])"
    rf"|(?:(?<=\d:\d\d)|(?<=[ap]m)|(?<=[ap]\.m\.)|(?<![\w{_SIGN}./:]))\+\d{{2}}:?\d{{2}}(?![\d:])"
    rf"|(?<=\s)[\-\u2212]\d{{2}}:?\d{{2}}(?![\d:])",
    re.I,
)
_UTC_RE = re.compile(rf"\bUTC\b(?!\s*[{_SIGN}]\s*\d)", re.I)
_FIXED_RE = re.compile(rf"\b({'|'.join(FIXED_ABBREVIATIONS)})\b")
#: An abbreviation right after a time ("6pm XST", "18:00 (ABCT)") that no table knows.
_UNKNOWN_ABBREVIATION_RE = re.compile(
    r"(?:\d|[apAP]\.[mM]\.|[apAP][mM])\s*\(?([A-Z]{1,4}T)\b(?![\w/])"
)
_TIME_WORD_RE = re.compile(r"\btime\b", re.I)
_AFTER_TIME_RE = re.compile(
    r"(?:\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[:.]\d{2}|\bnoon|\bmidday)"
    r"(?=\s)",
    re.I,
)
_WORD_RE = re.compile(r"[^\W\d_][\w'\u2019.\-]*", re.UNICODE)
_OPENING = "([{\"'\u2018\u201c"
_CLOSING = ",;:)]}\"'\u2019\u201d!?"
_LABELS = {"Europe/London": "UK time", "UTC": "UTC", "Etc/UTC": "UTC"}
_BLANK = " ; "


def zone_label(zone: str) -> str:
    """How a zone is named in sentences: "UK time", "Europe/Paris time", "UTC"."""
    return _LABELS.get(zone, f"{zone} time")


def _fold(words: str) -> str:
    """``words`` as a table key: no accents, case, ``_ - . ' ’``; single spaces."""
    plain = unicodedata.normalize("NFKD", words.replace("_", " ").replace("-", " "))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    plain = re.sub(r"['\u2019.]", "", plain.casefold())
    return " ".join(plain.split())


def _zone_data(name: str = "tzdata.zi") -> str:
    """The text of a file of the IANA data: ``tzdata.zi`` (its links), ``zone.tab``…"""
    try:
        return (resources.files("tzdata") / "zoneinfo" / name).read_text("utf-8")
    except (ModuleNotFoundError, OSError):  # pragma: no cover - tzdata is a dependency
        pass
    for folder in TZPATH:  # pragma: no cover - the system's copy, if any
        try:
            return (Path(folder) / name).read_text("utf-8")
        except OSError:
            continue
    return ""  # pragma: no cover - then names shared by several zones are refused


def _rows(name: str) -> Iterator[list[str]]:
    for line in _zone_data(name).splitlines():
        if line.strip() and not line.startswith("#"):
            yield line.split("\t")


@cache
def country_zones() -> Mapping[str, str]:
    """Every country with one clock (or a main one), folded ("south africa"), and its zone.

    From the IANA data: a country's only zone in ``zone.tab``, or its first
    when ``zone.tab`` describes it as "most of" the country, its mainland or
    peninsula ("New Zealand" is ``Pacific/Auckland``, not the Chatham
    Islands'); "Britain (UK)" is read as "Britain" and "UK"; the
    :data:`NATIONALITIES` too.  Countries with several clocks and none main
    (the United States, Australia, Brazil…) are not in the table.
    """
    zones: dict[str, list[tuple[str, str]]] = {}
    for row in _rows("zone.tab"):
        if len(row) >= 3:
            zones.setdefault(row[0], []).append((row[2], row[3] if len(row) > 3 else ""))
    main: dict[str, str] = {}
    for code, found in zones.items():
        comment = found[0][1].casefold()
        if (
            len(found) == 1
            or comment.startswith("most ")
            or "mainland" in comment
            or ("peninsula" in comment)
        ):
            main[code] = found[0][0]
    table: dict[str, str] = {}
    for row in _rows("iso3166.tab"):
        if len(row) < 2 or row[0] not in main:
            continue
        name, _, inner = row[1].partition(" (")
        for words in (name, f"{inner.rstrip(')')} {name}" if inner else ""):
            key = _fold(words.replace("&", "and"))
            if key and key not in _NOT_COUNTRIES:
                table[key] = main[row[0]]
    for words, code in NATIONALITIES.items():
        if code in main:
            table[_fold(words)] = main[code]
    return MappingProxyType(table)


@cache
def _links() -> Mapping[str, str]:
    """Each IANA link name and the zone it names ("L Europe/Kyiv Europe/Kiev")."""
    found: dict[str, str] = {}
    for line in _zone_data().splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L":
            found[parts[2]] = parts[1]
    return MappingProxyType(found)


def _target(name: str) -> str:
    links = _links()
    for _ in range(8):  # links name zones, but follow a chain a few steps at most
        if name not in links:
            break
        name = links[name]
    return name


@cache
def place_names() -> Mapping[str, tuple[str, ...]]:
    """Every place of the IANA data, folded ("sao paulo"), and the zones it names.

    A place with more than one zone that are not links to one another is
    ambiguous and refused by :func:`read_zone`.
    """
    table: dict[str, set[str]] = {}
    for name in zone_names():
        parts = name.split("/")
        if len(parts) > 1 and parts[0] in _AREAS:
            table.setdefault(_fold(parts[-1]), set()).add(name)
    return MappingProxyType({key: tuple(sorted(names)) for key, names in table.items()})


@cache
def _regional() -> Mapping[str, str]:
    return MappingProxyType({_fold(words): zone for words, zone in REGIONAL_NAMES.items()})


@cache
def _longest_place() -> int:
    return max(
        len(key.split()) for key in (*place_names(), *_regional(), *_UNCLEAR, *country_zones())
    )


def _one_zone(key: str, names: tuple[str, ...], quoted: str) -> str:
    """The zone of a place named by several IANA names, if they are links to one zone."""
    if len(names) == 1:
        return names[0]
    targets = {_target(name) for name in names}
    if len(targets) == 1:
        (target,) = targets
        return target if target in names else names[0]
    raise RuleError(
        f"{quoted} could mean {', '.join(names)}, which are different zones: write the IANA "
        "name of the one you mean"
    )


def _lookup(words: list[str], quoted: str, *, strict: bool = True) -> str | None:
    """The zone that ``words`` name as a whole, or ``None`` if they name none.

    Not ``strict`` (words after the meeting time, where "time" was not
    written): ordinary words and abbreviations are left alone.
    """
    key = _fold(" ".join(words))
    if strict and len(words) == 1 and _ABBREVIATION_RE.fullmatch(words[0]):
        raise _abbreviation_error(words[0])  # "WEST time", "EST time"
    if key in _UNCLEAR and (strict or key not in ("gmt", "local")):
        raise RuleError(_UNCLEAR[key])
    if key in _regional():
        return _regional()[key]
    names = place_names().get(key)
    if names is None and key in country_zones():
        return country_zones()[key]
    if names is None or (key in _ORDINARY_WORDS and not strict):
        return None
    if key in _ORDINARY_WORDS:
        raise RuleError(
            f"{quoted} is not read as a time zone, because '{words[-1]}' is also an "
            f"ordinary word or another place: write the IANA name ({', '.join(names)}) "
            "if you mean that zone"
        )
    return _one_zone(key, names, quoted)


def _words_before(text: str, end: int) -> list[str]:
    """The run of words that ends at ``end`` (stops at a number or punctuation)."""
    words: list[str] = []
    for token in reversed(text[:end].split()):
        if token[-1] in _CLOSING:
            break
        opened = token[0] in _OPENING
        token = token.lstrip(_OPENING)
        if not _WORD_RE.fullmatch(token) or len(words) > _longest_place() + 4:
            break
        words.insert(0, token)
        if opened:
            break
    return words


def _words_after(text: str, start: int) -> list[str]:
    """The run of words that starts at ``start``: the longest place name, and one more."""
    words: list[str] = []
    for token in text[start:].split():
        closed = token[-1] in _CLOSING
        token = token.rstrip(_CLOSING)
        if not token or not _WORD_RE.fullmatch(token) or len(words) > _longest_place():
            break
        words.append(token)
        if closed:
            break
    return words


def _before_time(text: str, end: int) -> Iterator[str]:
    """The zone named by the words before "time" at ``end`` (none, or one)."""
    words = _words_before(text, end)
    if words and words[-1].casefold() == "local" and len(words) > 1:
        words = words[:-1]  # "Paris local time"
    for candidate in (words, words[:-1] if words and _fold(words[-1]) == "city" else []):
        for size in range(min(len(candidate), _longest_place()), 0, -1):
            part = candidate[-size:]
            zone = _lookup(part, f"'{' '.join(part)} time'")
            if zone is not None:
                yield zone
                return
    unknown: list[str] = []
    for word in reversed(words):
        if _fold(word) in _NOT_ZONES:
            break
        unknown.insert(0, word)
    if not unknown:
        return
    if _ABBREVIATION_RE.fullmatch(unknown[-1]):
        raise _abbreviation_error(unknown[-1])
    quoted = f"'{' '.join(unknown)} time'"
    near = difflib.get_close_matches(_fold(" ".join(unknown)), place_names(), n=1, cutoff=0.85)
    hint = f"did you mean '{near[0].title()} time'?" if near else f"name the place, {_CITY_HINT}"
    raise RuleError(f"could not read the time zone {quoted}: {hint}")


def _after_time(text: str) -> Iterator[str]:
    """The zone named right after the meeting time ("6pm Paris"), if any.

    Not when a capitalised word follows the place: "6pm Paris Street" names
    a street, "6pm Sydney Opera House" a building.
    """
    for match in _AFTER_TIME_RE.finditer(text):
        words = _words_after(text, match.end())
        for size in range(min(len(words), _longest_place()), 0, -1):
            part = words[:size]
            following = words[size] if size < len(words) else ""
            if _fold(" ".join(part)) in _NOT_ZONES or following[:1].isupper():
                continue
            zone = _lookup(part, f"'{' '.join(part)}'", strict=False)
            if zone is not None:
                yield zone
                break


def _abbreviation_error(abbreviation: str) -> RuleError:
    if abbreviation.upper() == "GMT":
        return RuleError(_UNCLEAR["gmt"])
    return RuleError(
        f"{abbreviation!r} is an abbreviation whose offset depends on the season and the "
        "place: name the zone instead, e.g. 'UK time', 'Paris time', 'Europe/Paris' or "
        "'America/New_York'"
    )


def _blank(pattern: re.Pattern[str], text: str, found: list[str],
           zone: object = None) -> str:  # fmt: skip
    """``text`` without ``pattern``'s matches, each match's zone added to ``found``."""

    def one(match: re.Match[str]) -> str:
        value = zone(match) if callable(zone) else zone
        if isinstance(value, str):
            found.append(value)
        return _BLANK

    return pattern.sub(one, text)


@cache
def _area_names() -> frozenset[str]:
    return frozenset(z.split("/")[0].casefold() for z in zone_names() if "/" in z)


def _iana(match: re.Match[str]) -> str | None:
    name = match.group(1)
    if name.islower() and name.split("/")[0] not in _area_names():
        return None  # "and/or", "w/c"
    get_zone(name)  # refuses a wrong spelling, with a suggestion
    return name


def read_zone(text: str, default: str) -> str:
    """The IANA zone that schedule phrase ``text`` names, else ``default``.

    Raises :class:`~kindness_core.errors.RuleError` (one line, saying what to
    write) for an abbreviation, a fixed offset, words before "time" that do
    not name a zone, or two different zones; an IANA name that does not
    exist raises :class:`~kindness_core.errors.UnknownTimeZoneError`.
    """
    found: list[str] = []
    work = _blank(_SPECIAL_RE, text, found, "Europe/London")
    work = _blank(_IANA_RE, work, found, _iana)
    offsets = [m.group(0).strip() for m in _OFFSET_RE.finditer(work)]
    work = _blank(_OFFSET_RE, work, found)
    work = _blank(_UTC_RE, work, found, "UTC")
    work = _blank(_FIXED_RE, work, found, lambda match: FIXED_ABBREVIATIONS[match.group(1)])
    for match in _TIME_WORD_RE.finditer(work):
        found.extend(_before_time(work, match.start()))
    found.extend(_after_time(work))
    zones = list(dict.fromkeys(found))
    if len(zones) > 1:
        raise RuleError(
            f"the schedule names more than one time zone ({', '.join(zones)}): keep one"
        )
    if zones:
        return zones[0]
    if offsets:
        raise RuleError(
            f"{offsets[0]!r} is a fixed offset, which does not follow daylight-saving "
            f"changes: name the place instead, {_CITY_HINT} (write 'UTC' for UTC+0 all year)"
        )
    if abbreviation := _ABBREVIATION_RE.search(work):
        raise _abbreviation_error(abbreviation.group(1))
    if unknown := _UNKNOWN_ABBREVIATION_RE.search(work):
        raise RuleError(
            f"could not read the time zone {unknown.group(1)!r}: name the place, {_CITY_HINT}"
        )
    return default

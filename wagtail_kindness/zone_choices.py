"""The time zones an editor chooses from: the common ones first, with readable names.

The list is the zones of the IANA data's ``zone.tab`` (the names in use, one
or more per country) and ``UTC``, about 420: not every name of the database,
whose 600 include links kept for backward compatibility only
(``Africa/Asmera`` for ``Africa/Asmara``, ``US/Eastern``).  Each is shown as
its place and country ("London (United Kingdom)"), and the value stored is
always the IANA name.  A series whose stored zone is one of the old names
keeps it: :func:`grouped_choices` adds it to the list, and the core still
reads it.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import TZPATH

from django.utils.translation import gettext_lazy as _

from kindness_core.schedule.zones import zone_names

__all__ = ["COMMON_ZONES", "canonical_zones", "grouped_choices", "zone_label"]

#: Offered first, under "Common" (those that are offered at all).
COMMON_ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "Europe/Lisbon",
    "Europe/Paris",
    "Europe/Berlin",
    "Europe/Amsterdam",
    "Europe/Madrid",
    "Europe/Rome",
    "Europe/Stockholm",
    "Europe/Athens",
    "Africa/Lagos",
    "Africa/Johannesburg",
    "Africa/Nairobi",
    "Asia/Dubai",
    "Asia/Kolkata",
    "Asia/Singapore",
    "Asia/Hong_Kong",
    "Asia/Tokyo",
    "Australia/Perth",
    "Australia/Sydney",
    "Pacific/Auckland",
    "America/Halifax",
    "America/Toronto",
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "America/Vancouver",
    "America/Mexico_City",
    "America/Sao_Paulo",
    "UTC",
)

#: A list this short is offered as it is, without groups.
_SHORT = 15

#: Country names of ``iso3166.tab`` said as people say them.
_COUNTRY_NAMES = {
    "GB": "United Kingdom",
    "KR": "South Korea",
    "KP": "North Korea",
    "CD": "DR Congo",
    "CG": "Congo",
    "MM": "Myanmar",
    "SZ": "Eswatini",
    "AS": "American Samoa",
    "WS": "Samoa",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
    "MF": "St Martin",
    "SX": "Sint Maarten",
    "CC": "Cocos Islands",
    "TC": "Turks & Caicos Islands",
}


def _table(name: str) -> list[list[str]]:
    """The rows of one of the IANA data's ``.tab`` files (tzdata's, else the system's)."""
    text = ""
    try:
        text = (resources.files("tzdata") / "zoneinfo" / name).read_text("utf-8")
    except (ModuleNotFoundError, OSError):  # pragma: no cover - tzdata is a dependency
        for folder in TZPATH:
            try:
                text = (Path(folder) / name).read_text("utf-8")
                break
            except OSError:
                continue
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def _countries() -> dict[str, str]:
    """Each zone of ``zone.tab`` and the name of its country."""
    names = {row[0]: row[1] for row in _table("iso3166.tab") if len(row) >= 2}
    names.update(_COUNTRY_NAMES)
    return {row[2]: names.get(row[0], row[0]) for row in _table("zone.tab") if len(row) >= 3}


@cache
def canonical_zones() -> tuple[str, ...]:
    """The zones in use (``zone.tab``) and UTC, known on this machine, sorted by name.

    Every zone name of the machine when ``zone.tab`` cannot be read.
    """
    known = zone_names()
    listed = set(_countries()) & known
    if not listed:  # pragma: no cover - no zone.tab anywhere
        listed = {z for z in known if "/" in z}
    return tuple(sorted(listed | ({"UTC"} & known)))


def zone_label(zone: str) -> str:
    """ "London (United Kingdom)" for ``Europe/London``; an unlisted zone as its name."""
    if zone == "UTC":
        return str(_("UTC (Coordinated Universal Time)"))
    country = _countries().get(zone)
    if country is None:
        return zone.replace("_", " ")
    place = zone.rsplit("/", 1)[-1].replace("_", " ")
    return f"{place} ({country})"


def grouped_choices(
    offered: tuple[str, ...] | list[str], keep: tuple[str | None, ...] = ()
) -> list[tuple[object, object]]:
    """The ``choices`` of the series' time-zone list.

    ``offered`` comes first zone first (the default zone, ``conf.time_zones()``);
    it and the common zones among ``offered`` are the group "Common", then
    every zone offered, by place.  ``keep``: zones that must stay choosable
    (the series' stored zone, even an old name no longer offered).
    """
    offered = list(dict.fromkeys(offered))
    common = offered[:1] + sorted(
        (z for z in COMMON_ZONES if z in offered and z not in offered[:1]), key=zone_label
    )
    extra = [z for z in dict.fromkeys(keep) if z and z not in offered and z in zone_names()]
    common = extra + common
    if len(offered) <= _SHORT:  # a short list of the site's own (WAGTAILKINDNESS_TIME_ZONES)
        return [(z, zone_label(z)) for z in extra + offered]
    every = sorted(offered, key=lambda z: (zone_label(z).casefold(), z))
    return [
        (_("Common"), [(z, zone_label(z)) for z in common]),
        (_("All time zones"), [(z, zone_label(z)) for z in every]),
    ]

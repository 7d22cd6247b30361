"""Time zones and local wall-clock times.

A schedule keeps a local time and an IANA zone name; this module turns the
name into a :class:`zoneinfo.ZoneInfo` (:func:`get_zone`, which accepts only
real IANA names, spelt exactly) and checks one local time that a person
typed (:func:`check_local_time`, :func:`localize`): a time in the
spring-forward gap does not exist, a time in the autumn overlap exists
twice, and both are refused rather than silently shifted.

(Times *produced by a rule* are not refused: they follow RFC 5545, see
:mod:`kindness_core.schedule.recurrence`.)
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from ..errors import (
    AmbiguousTimeError,
    KindnessInputError,
    NonexistentTimeError,
    UnknownTimeZoneError,
)

__all__ = [
    "check_local_time",
    "get_zone",
    "localize",
    "require_aware",
    "require_date",
    "require_naive",
    "zone_names",
]

_UTC = dt.UTC
#: Zone keys that name this machine's settings rather than a place.
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})


@cache
def _zone_names() -> frozenset[str]:
    return frozenset(available_timezones()) - _NOT_ZONES


def get_zone(name: str) -> ZoneInfo:
    """The :class:`~zoneinfo.ZoneInfo` for an IANA name, or a clear error.

    Only real IANA names are accepted, spelt exactly ("Europe/London", not
    "europe/london", "localtime" or " Europe/London").
    """
    if not isinstance(name, str) or name not in _zone_names():
        text = name if isinstance(name, str) else repr(name)
        folded = text.strip().casefold().replace(" ", "_")
        near = sorted(z for z in _zone_names() if z.casefold() == folded)
        raise UnknownTimeZoneError(text, suggestion=near[0] if near else None)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # pragma: no cover - broken tzdata
        raise UnknownTimeZoneError(name) from None


def require_naive(value: object, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        raise KindnessInputError(
            f"{what} must be a date and time, not {type(value).__name__}: "
            "give e.g. datetime(2024, 1, 18, 18, 0)"
        )
    if value.tzinfo is not None:
        raise KindnessInputError(
            f"{what} {value.isoformat()} has a time zone: give the naive local time "
            "(the schedule's zone is added)"
        )
    return value


def check_local_time(local: dt.datetime, zone: str) -> None:
    """Raise if naive ``local`` does not exist, or exists twice, in ``zone``.

    A time in the spring-forward gap (01:30 on the last Sunday of March in
    London) raises :class:`NonexistentTimeError`; a time in the autumn
    overlap raises :class:`AmbiguousTimeError`.
    """
    require_naive(local, "the local time")
    tz = get_zone(zone)
    first = local.replace(tzinfo=tz, fold=0)
    second = local.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return
    back = first.astimezone(_UTC).astimezone(tz).replace(tzinfo=None)
    if back != local.replace(fold=0):
        raise NonexistentTimeError(
            f"{local:%Y-%m-%d %H:%M} does not exist in {zone}: the clocks go forward "
            "over it; choose a time outside the gap"
        )
    raise AmbiguousTimeError(
        f"{local:%Y-%m-%d %H:%M} happens twice in {zone}: the clocks go back over it; "
        "choose a time outside the overlap or give the UTC offset"
    )


def localize(local: dt.datetime, zone: str, *, fold: int | None = None) -> dt.datetime:
    """Attach ``zone`` to naive wall-clock ``local``, refusing gaps and overlaps.

    ``fold`` (0: the first, 1: the second) picks one of the two instants of a
    time in the autumn overlap; without it such a time is refused.
    """
    if fold not in (None, 0, 1):
        raise KindnessInputError(f"fold must be 0 or 1, not {fold!r}")
    try:
        check_local_time(local, zone)
    except AmbiguousTimeError:
        if fold is None:
            raise
        return local.replace(tzinfo=get_zone(zone), fold=fold)
    return local.replace(tzinfo=get_zone(zone), fold=0)


def require_date(value: object, what: str) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise KindnessInputError(
            f"{what} must be a date such as date(2023, 4, 20), not {type(value).__name__}"
        )
    return value


def zone_names() -> frozenset[str]:
    """Every IANA zone name :func:`get_zone` accepts."""
    return _zone_names()


def require_aware(value: object, what: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise KindnessInputError(f"{what} must be an aware datetime")
    return value

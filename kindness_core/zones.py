"""Moved to :mod:`kindness_core.schedule.zones`; this path will be removed in the next release.

``kindness_core.zones`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .schedule.zones import (
    check_local_time,
    get_zone,
    localize,
    require_aware,
    require_date,
    require_naive,
    zone_names,
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

"""Moved to :mod:`kindness_core.schedule.zone_phrases`; this path will be removed in the next
release.

``kindness_core.zone_phrases`` re-exports the names it had, from their new home, for one
release, without a warning: import them from there instead (the CHANGELOG lists every moved
path).
"""

from __future__ import annotations

from .schedule.zone_phrases import REGIONAL_NAMES, place_names, read_zone, zone_label

__all__ = [
    "REGIONAL_NAMES",
    "place_names",
    "read_zone",
    "zone_label",
]

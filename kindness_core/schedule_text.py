"""Moved to :mod:`kindness_core.schedule.phrases`, :mod:`kindness_core.schedule.description` and
:mod:`kindness_core.schedule.zone_phrases`; this path will be removed in the next release.

``kindness_core.schedule_text`` re-exports the names it had, from their new home, for one
release, without a warning: import them from there instead (the CHANGELOG lists every moved
path).
"""

from __future__ import annotations

from .schedule.description import describe, format_time, schedule_warnings
from .schedule.phrases import parse_schedule
from .schedule.zone_phrases import zone_label

__all__ = [
    "describe",
    "format_time",
    "parse_schedule",
    "schedule_warnings",
    "zone_label",
]

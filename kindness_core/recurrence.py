"""Moved to :mod:`kindness_core.schedule.recurrence` and :mod:`kindness_core.schedule.zones`; this
path will be removed in the next release.

``kindness_core.recurrence`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .schedule.recurrence import (
    DEFAULT_ANCHOR,
    MAX_OCCURRENCES,
    MAX_WINDOW,
    Move,
    Occurrence,
    OccurrenceKind,
    Schedule,
    Skip,
)
from .schedule.zones import check_local_time, get_zone, localize

__all__ = [
    "DEFAULT_ANCHOR",
    "MAX_OCCURRENCES",
    "MAX_WINDOW",
    "Move",
    "Occurrence",
    "OccurrenceKind",
    "Schedule",
    "Skip",
    "check_local_time",
    "get_zone",
    "localize",
]

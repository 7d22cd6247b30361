"""Moved to :mod:`kindness_core.schedule.rules`; this path will be removed in the next release.

``kindness_core.rules`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .schedule.rules import (
    ALLOWED_FREQUENCIES,
    DAY_NAMES,
    MAX_COUNT,
    MAX_INTERVAL,
    MONTH_NAMES,
    WEEKDAYS,
    Rule,
)

__all__ = [
    "ALLOWED_FREQUENCIES",
    "DAY_NAMES",
    "MAX_COUNT",
    "MAX_INTERVAL",
    "MONTH_NAMES",
    "WEEKDAYS",
    "Rule",
]

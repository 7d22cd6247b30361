"""Moved to :mod:`kindness_core.schedule.bounds`; this path will be removed in the next release.

``kindness_core.rrule_bounds`` re-exports the names it had, from their new home, for one
release, without a warning: import them from there instead (the CHANGELOG lists every moved
path).
"""

from __future__ import annotations

from .schedule.bounds import anchor_for, build_rrule, ensure_rule_has_dates

__all__ = [
    "anchor_for",
    "build_rrule",
    "ensure_rule_has_dates",
]

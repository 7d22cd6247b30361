"""Moved to :mod:`kindness_core.formats.ical_plan`; this path will be removed in the next release.

``kindness_core.ical_plan`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .formats.ical_plan import Override, SeriesPlan, plan_series

__all__ = [
    "Override",
    "SeriesPlan",
    "plan_series",
]

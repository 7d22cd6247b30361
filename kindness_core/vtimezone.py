"""Moved to :mod:`kindness_core.formats.vtimezone`; this path will be removed in the next release.

``kindness_core.vtimezone`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .formats.vtimezone import Transition, transitions, vtimezone

__all__ = [
    "Transition",
    "transitions",
    "vtimezone",
]

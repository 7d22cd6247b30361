"""Moved to :mod:`kindness_core.importing.people`; this path will be removed in the next release.

``kindness_core.people`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .importing.people import MAX_SENTENCE, Mention, extract_people, merge_people

__all__ = [
    "MAX_SENTENCE",
    "Mention",
    "extract_people",
    "merge_people",
]

"""Moved to :mod:`kindness_core.importing.aliases`; this path will be removed in the next release.

``kindness_core.duplicates`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .importing.aliases import (
    likely_duplicates,
    normalise_aliases,
    resolve_alias,
    same_person_likely,
)

__all__ = [
    "likely_duplicates",
    "normalise_aliases",
    "resolve_alias",
    "same_person_likely",
]

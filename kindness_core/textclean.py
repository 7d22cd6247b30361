"""Moved to :mod:`kindness_core.importing.cleaning`; this path will be removed in the next release.

``kindness_core.textclean`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .importing.cleaning import clean_line, find_control_character, split_lines

__all__ = [
    "clean_line",
    "find_control_character",
    "split_lines",
]

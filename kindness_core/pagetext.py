"""Moved to :mod:`kindness_core.importing.page`; this path will be removed in the next release.

``kindness_core.pagetext`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .importing.page import (
    MAX_ARCHIVE_BYTES,
    MONTHS,
    YEARS,
    Block,
    Heading,
    Paragraph,
    announced_resources,
    check_archive_text,
    is_pure_cue,
    read_page,
)

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MONTHS",
    "YEARS",
    "Block",
    "Heading",
    "Paragraph",
    "announced_resources",
    "check_archive_text",
    "is_pure_cue",
    "read_page",
]

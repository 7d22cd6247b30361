"""Moved to :mod:`kindness_core.importing.importer`, :mod:`kindness_core.importing.result` and
:mod:`kindness_core.importing.page`; this path will be removed in the next release.

``kindness_core.importer`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .importing.importer import MAX_PEOPLE, import_archive
from .importing.page import MAX_ARCHIVE_BYTES
from .importing.result import ArchiveWarning, ImportResult, LikelyDuplicate

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_PEOPLE",
    "ArchiveWarning",
    "ImportResult",
    "LikelyDuplicate",
    "import_archive",
]

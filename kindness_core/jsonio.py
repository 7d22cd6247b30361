"""Moved to :mod:`kindness_core.formats.jsonio`; this path will be removed in the next release.

``kindness_core.jsonio`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .formats.jsonio import (
    FORMAT_VERSION,
    MAX_DOCUMENT_BYTES,
    document,
    dumps,
    from_json,
    load_document,
    loads,
    to_json,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_DOCUMENT_BYTES",
    "document",
    "dumps",
    "from_json",
    "load_document",
    "loads",
    "to_json",
]

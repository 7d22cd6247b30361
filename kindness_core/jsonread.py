"""Moved to :mod:`kindness_core.formats.jsonread`; this path will be removed in the next release.

``kindness_core.jsonread`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .formats.jsonread import (
    FORMAT_VERSION,
    MAX_CONVERSATIONS,
    MAX_DOCUMENT_BYTES,
    parse_json,
    read_conversation,
    read_document,
    read_person,
    read_resource,
    read_schedule,
    read_series,
    read_warning,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_CONVERSATIONS",
    "MAX_DOCUMENT_BYTES",
    "parse_json",
    "read_conversation",
    "read_document",
    "read_person",
    "read_resource",
    "read_schedule",
    "read_series",
    "read_warning",
]

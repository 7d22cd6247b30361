"""Moved to :mod:`kindness_core.formats.jsonld`; this path will be removed in the next release.

``kindness_core.jsonld`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .formats.jsonld import (
    SCHEMA,
    conversation_jsonld,
    schedule_jsonld,
    series_jsonld,
    to_script_tag,
)

__all__ = [
    "SCHEMA",
    "conversation_jsonld",
    "schedule_jsonld",
    "series_jsonld",
    "to_script_tag",
]

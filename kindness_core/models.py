"""Moved to :mod:`kindness_core.series`; this path will be removed in the next release.

``kindness_core.models`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .series import (
    CONVERSATION_YEARS,
    Conversation,
    Person,
    Resource,
    ResourceKind,
    Role,
    Series,
    Status,
    is_web_url,
    month_label,
    slugify,
)

__all__ = [
    "CONVERSATION_YEARS",
    "Conversation",
    "Person",
    "Resource",
    "ResourceKind",
    "Role",
    "Series",
    "Status",
    "is_web_url",
    "month_label",
    "slugify",
]

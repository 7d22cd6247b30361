"""Moved to :mod:`kindness_core.formats.ical`; this path will be removed in the next release.

``kindness_core.ical`` re-exports the names it had, from their new home, for one release,
without a warning: import them from there instead (the CHANGELOG lists every moved path).
"""

from __future__ import annotations

from .formats.ical import (
    DEFAULT_UID_DOMAIN,
    PRODID,
    REFRESH_INTERVAL,
    conversation_calendar,
    conversation_description,
    conversation_uid,
    series_calendar,
    series_uid,
    to_ics,
)

__all__ = [
    "DEFAULT_UID_DOMAIN",
    "PRODID",
    "REFRESH_INTERVAL",
    "conversation_calendar",
    "conversation_description",
    "conversation_uid",
    "series_calendar",
    "series_uid",
    "to_ics",
]

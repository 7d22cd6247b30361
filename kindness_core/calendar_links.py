"""Moved to :mod:`kindness_core.formats.calendar_links`; this path will be removed in the next
release.

``kindness_core.calendar_links`` re-exports the names it had, from their new home, for one
release, without a warning: import them from there instead (the CHANGELOG lists every moved
path).
"""

from __future__ import annotations

from .formats.calendar_links import (
    GOOGLE_CALENDAR,
    MAX_DETAILS,
    OUTLOOK_LIVE,
    OUTLOOK_OFFICE,
    calendar_event_title,
    google_calendar_url,
    outlook_calendar_url,
)

__all__ = [
    "GOOGLE_CALENDAR",
    "MAX_DETAILS",
    "OUTLOOK_LIVE",
    "OUTLOOK_OFFICE",
    "calendar_event_title",
    "google_calendar_url",
    "outlook_calendar_url",
]

"""Where the calendar files are: ``…/calendar.ics`` with the plugin's URLs, else ``…/calendar/``.

Wagtail's own URL pattern refuses a dot in any part of a path, so
``…/calendar.ics`` reaches a page only through the pattern of
:mod:`wagtail_kindness.urls`; ``…/calendar/`` always does.  The pages'
``calendar_url()`` methods ask :func:`calendar_address`, and system check
``wagtail_kindness.W002`` asks :func:`calendar_ics_installed`.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

__all__ = ["CALENDAR_FILE", "CALENDAR_PLAIN", "calendar_address", "calendar_ics_installed"]

#: The last part of the calendar addresses when ``wagtail_kindness.urls`` is included ...
CALENDAR_FILE = "calendar.ics"
#: ... and when it is not.
CALENDAR_PLAIN = "calendar/"


def calendar_ics_installed() -> bool:
    """True if the site's URLconf includes ``wagtail_kindness.urls``."""
    try:
        reverse("wagtail_kindness_calendar", args=[CALENDAR_FILE])
    except NoReverseMatch:
        return False
    return True


def calendar_address(page_url: str) -> str:
    """The address of the calendar file of the page at ``page_url``."""
    last = CALENDAR_FILE if calendar_ics_installed() else CALENDAR_PLAIN
    return f"{page_url.rstrip('/')}/{last}"

"""iCalendar output of a series page and of a conversation page.

* ``<series>/calendar.ics``: the subscribable calendar, built by
  :func:`kindness_core.ical.to_ics` from ``series.to_core()`` and cached
  with ETag / Last-Modified (:mod:`wagtail_kindness.caching`);
* ``<conversation>/calendar.ics``: one event, for "add to calendar"
  (:func:`kindness_core.ical.conversation_calendar`);
* :func:`calendar_links`: the Google Calendar and Outlook links and the
  ``webcal://`` subscription address shown on the pages.

The pages' route methods (``wagtail_kindness.models.routes``) call these.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit, urlunsplit

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from kindness_core.calendar_links import google_calendar_url, outlook_calendar_url
from kindness_core.errors import KindnessInputError
from kindness_core.ical import DEFAULT_UID_DOMAIN, conversation_calendar, to_ics
from kindness_core.models import Status
from kindness_core.recurrence import MAX_WINDOW

from .. import conf
from ..caching import cached_output

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
#: The last part of the calendar addresses (see ``wagtail_kindness.urls``).
CALENDAR_FILE = "calendar.ics"
#: The same file where ``wagtail_kindness.urls`` is not included.
CALENDAR_PLAIN = "calendar/"
#: How far back the series' calendar reaches: the core expands a schedule over
#: at most 200 years, less a year for the month of the first meeting.
CALENDAR_WINDOW = MAX_WINDOW - dt.timedelta(days=366)


def uid_domain(page, request=None) -> str:
    """``WAGTAILKINDNESS_ICAL_UID_DOMAIN``, else the Wagtail site's hostname."""
    configured = conf.ical_uid_domain()
    if configured:
        return configured
    url = page.get_full_url(request)
    host = urlsplit(url).hostname if url else None
    return host or DEFAULT_UID_DOMAIN


def plugin_urls_installed() -> bool:
    """True if the site's URLconf includes ``wagtail_kindness.urls`` (``…/calendar.ics``)."""
    try:
        reverse("wagtail_kindness_calendar", args=[CALENDAR_FILE])
    except NoReverseMatch:
        return False
    return True


def calendar_url(page, request=None) -> str | None:
    """The absolute address of a page's calendar file (``None`` if the page has no URL).

    ``…/calendar.ics``, or ``…/calendar/`` when the site does not include
    ``wagtail_kindness.urls`` (Wagtail's own pattern refuses the dot).
    """
    url = page.get_full_url(request)
    if not url:
        return None
    return f"{url.rstrip('/')}/{CALENDAR_FILE if plugin_urls_installed() else CALENDAR_PLAIN}"


def webcal_url(page, request=None) -> str | None:
    """The ``webcal://`` form of :func:`calendar_url` (opens a calendar app to subscribe)."""
    url = calendar_url(page, request)
    if not url:
        return None
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


def series_calendar(request, series) -> HttpResponse:
    """The series' subscribable calendar (cached; 304 when the client has it)."""

    def build() -> tuple[bytes, str]:
        archive = series.to_core(request, since=calendar_since(series, timezone.now()))
        body = to_ics(archive, now=timezone.now(), uid_domain=uid_domain(series, request))
        return body, CALENDAR_CONTENT_TYPE

    response = cached_output(request, series, "ics", build)
    if response.status_code == 200:
        response.headers["Content-Disposition"] = f'inline; filename="{series.slug}.ics"'
    return response


def calendar_since(series, now: dt.datetime) -> dt.datetime | None:
    """The oldest start the series' calendar includes (``None``: all of them).

    :data:`CALENDAR_WINDOW` before the newest conversation, or before now if
    the newest is later, so that a long archive (10,000 monthly
    conversations span 834 years) gives a calendar of its recent centuries
    instead of failing, and a date typed far in the future does not hide
    the real ones.
    """
    newest = series.conversations().aggregate(newest=Max("start"))["newest"]
    if newest is None:
        return None
    return min(newest, now) - CALENDAR_WINDOW


def conversation_calendar_file(request, page) -> HttpResponse:
    """One conversation as a one-event ``.ics`` file."""
    series = page.series_page()
    if series is None:
        raise Http404
    try:
        conversation = page.to_core(series=series, request=request)
        body = conversation_calendar(
            series.core_series_base,
            conversation,
            now=timezone.now(),
            uid_domain=uid_domain(series, request),
        )
    except KindnessInputError as error:
        raise Http404 from error
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response


def calendar_links(request, page) -> dict[str, str | None]:
    """Add-to-calendar links of a conversation page.

    ``subscribe`` (the series' ``webcal://`` address) is always given; ``ics``,
    ``google`` and ``outlook`` only for a coming conversation (scheduled, or
    postponed to a known date).
    """
    series = page.series_page()
    links: dict[str, str | None] = {"subscribe": None, "ics": None, "google": None, "outlook": None}
    if series is None:
        return links
    links["subscribe"] = webcal_url(series, request)
    if page.status not in (Status.SCHEDULED, Status.POSTPONED) or page.date is None:
        return links
    if page.status == Status.POSTPONED and not page.postponed_date:
        return links  # no new date yet
    try:
        conversation = page.to_core(series=series, request=request)
    except KindnessInputError:
        return links
    core_series = series.core_series_base
    links["ics"] = calendar_url(page, request)
    links["google"] = google_calendar_url(core_series, conversation)
    links["outlook"] = outlook_calendar_url(core_series, conversation)
    return links

"""iCalendar output of a series page and of a conversation page.

* ``<series>/calendar.ics``: the subscribable calendar, built by
  :func:`kindness_core.formats.ical.to_ics` from ``series.to_core()`` and cached
  with ETag / Last-Modified (:mod:`wagtail_kindness.caching`);
* ``<conversation>/calendar.ics``: one event, for "add to calendar"
  (:func:`kindness_core.formats.ical.conversation_calendar`);
Both are written in the page's language (the active one while the page is
served: :mod:`wagtail_kindness.languages`): its words, its dates, the
untitled conversations' stored titles ("Juillet 2022"), and UIDs of its
locale (``series.uid_domain()``).
The pages' route methods call these; the addresses are the pages' own
methods (``calendar_url()``, ``webcal_url()``, ``uid_domain()``,
``ConversationPage.calendar_links()``).

Both say the same of a changed meeting, as the core writes it from
``ConversationPage.to_core()``: a cancelled one is ``STATUS:CANCELLED``
("Cancelled: …"), one postponed with no new date ``STATUS:TENTATIVE`` at its
original time, one moved is at its new time only ("Postponed from …"), each
with ``SEQUENCE`` (``ConversationPage.sequence``) and ``LAST-MODIFIED`` (its
last publication).  The cancelled and postponed pages also reach the
schedule (``core_schedule``: skips and moves), where the conversations'
overrides take their place.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Max
from django.http import Http404, HttpResponse
from django.utils import timezone

from kindness_core.errors import KindnessInputError
from kindness_core.formats.ical import conversation_calendar, to_ics
from kindness_core.schedule.recurrence import MAX_WINDOW

from ..caching import cached_output
from ..languages import calendar_words, with_stored_title

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"
#: How far back the series' calendar reaches: the core expands a schedule over
#: at most 200 years, less a year for the month of the first meeting.
CALENDAR_WINDOW = MAX_WINDOW - dt.timedelta(days=366)


def series_calendar(request, series) -> HttpResponse:
    """The series' subscribable calendar (cached; 304 when the client has it)."""

    def build() -> tuple[bytes, str]:
        public = series.public_conversations()  # Wagtail's .public(): read once
        since = calendar_since(series, timezone.now(), public=public)
        archive = series.to_core(request, since=since, public=public, stored_titles=True)
        body = to_ics(
            archive,
            now=timezone.now(),
            uid_domain=series.uid_domain(request),
            words=calendar_words(),
        )
        return body, CALENDAR_CONTENT_TYPE

    response = cached_output(request, series, "ics", build)
    if response.status_code == 200:
        response.headers["Content-Disposition"] = f'inline; filename="{series.slug}.ics"'
    return response


def calendar_since(series, now: dt.datetime, *, public=None) -> dt.datetime | None:
    """The oldest start the series' calendar includes (``None``: all of them).

    :data:`CALENDAR_WINDOW` before the newest conversation, or before now if
    the newest is later, so that a long archive (10,000 monthly
    conversations span 834 years) gives a calendar of its recent centuries
    instead of failing, and a date typed far in the future does not hide
    the real ones.
    """
    public = public if public is not None else series.public_conversations()
    newest = public.aggregate(newest=Max("start"))["newest"]
    if newest is None:
        return None
    return min(newest, now) - CALENDAR_WINDOW


def conversation_calendar_file(request, page) -> HttpResponse:
    """One conversation as a one-event ``.ics`` file."""
    series = page.series_page()
    if series is None:
        raise Http404
    try:
        conversation = with_stored_title(page.to_core(series=series, request=request), page)
        body = conversation_calendar(
            series.core_series_base,
            conversation,
            now=timezone.now(),
            uid_domain=series.uid_domain(request),
            words=calendar_words(),
        )
    except KindnessInputError as error:
        raise Http404 from error
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{page.slug}.ics"'
    return response

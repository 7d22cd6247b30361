"""Machine-readable output of the page types: calendar and feed routes, API fields.

Mixed into the page classes in :mod:`wagtail_kindness.models.pages` before
``RoutablePageMixin``.  The route methods stay thin; the work is done in
``wagtail_kindness.views.calendar`` and ``wagtail_kindness.views.feeds``.
See ``docs/urls.md``.

``calendar.ics`` contains a dot, which Wagtail's own URL pattern refuses in
any part of a path (``…/calendar.ics/`` too): include ``wagtail_kindness.urls``
in the site's URLconf so that ``…/calendar.ics`` reaches the page.  The same
file is always served at ``…/calendar/`` too, which needs no URLconf change;
the pages link to it when the include is missing (and system check
``wagtail_kindness.W002`` says so).
"""

from __future__ import annotations

from wagtail.contrib.routable_page.models import path

from ..api import CONVERSATION_API_FIELDS, SERIES_API_FIELDS


class SeriesRoutesMixin:
    """``calendar.ics``, ``feed/`` and ``feed/atom/`` of a series page."""

    #: Wagtail API v2 fields (``wagtail_kindness.api``).
    api_fields = SERIES_API_FIELDS
    #: Feed classes (or dotted paths), for sites that subclass them.
    rss_feed_class = "wagtail_kindness.views.feeds.SeriesFeed"
    atom_feed_class = "wagtail_kindness.views.feeds.SeriesAtomFeed"

    @path("calendar.ics/", name="calendar_route")
    def calendar_route(self, request):
        from ..views import calendar

        return calendar.series_calendar(request, self)

    @path("calendar/", name="calendar_plain_route")
    def calendar_plain_route(self, request):
        """The same calendar at an address without a dot (no URLconf change needed)."""
        return self.calendar_route(request)

    @path("feed/", name="rss_feed_route")
    def rss_feed_route(self, request):
        from ..views import feeds

        return feeds.rss_feed(request, self)

    @path("feed/atom/", name="atom_feed_route")
    def atom_feed_route(self, request):
        from ..views import feeds

        return feeds.atom_feed(request, self)

    def calendar_url(self, request=None) -> str | None:
        """The full address of the series' ``calendar.ics``."""
        from ..views import calendar

        return calendar.calendar_url(self, request)

    def webcal_url(self, request=None) -> str | None:
        """The ``webcal://`` address to subscribe to the series' calendar."""
        from ..views import calendar

        return calendar.webcal_url(self, request)


class ConversationRoutesMixin:
    """``calendar.ics`` of a conversation page (one event, "add to calendar")."""

    #: Wagtail API v2 fields (``wagtail_kindness.api``).
    api_fields = CONVERSATION_API_FIELDS

    @path("calendar.ics/", name="calendar_route")
    def calendar_route(self, request):
        from ..views import calendar

        return calendar.conversation_calendar_file(request, self)

    @path("calendar/", name="calendar_plain_route")
    def calendar_plain_route(self, request):
        """The same file at an address without a dot (no URLconf change needed)."""
        return self.calendar_route(request)

    def calendar_url(self, request=None) -> str | None:
        from ..views import calendar

        return calendar.calendar_url(self, request)

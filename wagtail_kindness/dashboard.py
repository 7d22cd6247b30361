"""The Wagtail dashboard panel: per series, the next meetings and what past ones still miss.

For each series the user may work on
(:func:`~wagtail_kindness.permissions.series_for_user`):

* the next :data:`NEXT_MEETINGS` dates of the schedule, each with its page
  (*live* or *draft*, a link to edit or continue it) or *missing* (a link to
  add it, the date filled in: ``?date=``, read by the add form), and for a
  series where people sign up, its places ("3 registered, 1 waiting");
* how many past meetings miss their recording or summary (as the listing's
  "missing" filter counts them, :mod:`wagtail_kindness.editorial`), with a
  link to that filtered listing, and the :data:`RECENT_MISSING` most recent,
  each linked to its resources in the edit form.

A fixed number of queries for any number of series and conversations: the
series, the pages of the coming months, their places (one aggregated
query), the past pages with their resources (and their documents), and
Wagtail's cached permissions.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from urllib.parse import urlencode

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext_lazy
from wagtail.admin.ui.components import Component

from kindness_core.errors import KindnessInputError

from .editorial import (
    FOLLOW_UPS,
    children_of,
    follow_up_label,
    missing_follow_ups,
    took_place,
    user_series,
    with_resources,
)
from .models import ConversationPage, ConversationSeriesPage, JoinMode, Place
from .models.joining import PlaceCounts
from .views.listing import places_text

__all__ = ["KindnessDashboardPanel", "Meeting", "SeriesSummary", "add_dashboard_panel", "summarise"]

#: At most this many series on the dashboard.
_MAX_SERIES = 10
#: The coming dates of the schedule shown per series.
NEXT_MEETINGS = 3
#: The past meetings with missing follow-ups listed per series (the rest are counted).
RECENT_MISSING = 5
#: The anchor of the resources field in the page's edit form.
RESOURCES_ANCHOR = "#panel-child-content-resources-section"
#: The listing's URL name (``views.listing.ConversationListingViewSet``).
LISTING_URL_NAME = "wagtail_kindness_conversations:index"

#: What a page row needs: its place, state and the fields Wagtail's permissions read.
_PAGE_FIELDS = (
    "id",
    "title",
    "date",
    "status",
    "start",
    "live",
    "path",
    "depth",
    "owner",
    "locked",
    "locked_by",
    "content_type",
)

_MISSING_SENTENCES = {
    "recording": ngettext_lazy(
        "%(count)d past conversation misses its recording.",
        "%(count)d past conversations miss their recording.",
        "count",
    ),
    "summary": ngettext_lazy(
        "%(count)d past conversation misses its summary.",
        "%(count)d past conversations miss their summary.",
        "count",
    ),
}


@dataclasses.dataclass(frozen=True)
class Meeting:
    """A coming date of the schedule and its page, if there is one."""

    start: dt.datetime  # aware, in the series' zone
    page: ConversationPage | None = None
    #: Edit ("continue") link of the page, if the user may edit it.
    edit_url: str | None = None
    #: Add link with the date filled in, if there is no page and the user may add one.
    add_url: str | None = None
    #: (confirmed, waiting) places, for a series where people sign up; else ``None``.
    places: PlaceCounts | None = None

    @property
    def registrations(self) -> str:
        """The places in words, e.g. "3 registered, 1 waiting" ("" without sign-up)."""
        return places_text(self.places)

    @property
    def scheduled_date(self) -> dt.date:
        """The meeting's name in the joining pipeline: its page's date, else the schedule's."""
        return self.page.date if self.page is not None else self.start.date()

    @property
    def state(self) -> str:
        if self.page is None:
            return "missing"
        return "live" if self.page.live else "draft"


@dataclasses.dataclass(frozen=True)
class MissingCount:
    block_type: str
    count: int
    #: The listing, filtered on this series and this follow-up.
    url: str

    @property
    def sentence(self) -> str:
        return _MISSING_SENTENCES[self.block_type] % {"count": self.count}


@dataclasses.dataclass(frozen=True)
class PastMeeting:
    """A meeting that took place and misses a follow-up."""

    page: ConversationPage
    missing: tuple[str, ...]  # the follow-ups' names
    #: Edit link, at the resources field, if the user may edit the page.
    edit_url: str | None = None


@dataclasses.dataclass
class SeriesSummary:
    series: ConversationSeriesPage
    meetings: list[Meeting] = dataclasses.field(default_factory=list)
    #: One per follow-up that some past meeting misses.
    missing_counts: list[MissingCount] = dataclasses.field(default_factory=list)
    #: The most recent past meetings that miss a follow-up, newest first.
    recent_missing: list[PastMeeting] = dataclasses.field(default_factory=list)
    #: How many past meetings miss a follow-up (all of them, not only the recent).
    missing_total: int = 0
    can_add: bool = False
    schedule_error: bool = False


def _edit_url(page, user, anchor: str = "") -> str | None:
    if user is None or not page.permissions_for_user(user).can_edit():
        return None
    return reverse("wagtailadmin_pages:edit", args=[page.pk]) + anchor


def _add_url(series, day: dt.date) -> str:
    url = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )
    return f"{url}?{urlencode({'date': day.isoformat()})}"


def _listing_url(series, block_type: str) -> str:
    query = urlencode({"missing": block_type, "series": series.pk})
    return f"{reverse(LISTING_URL_NAME)}?{query}"


def _next_dates(series, now: dt.datetime) -> list[dt.datetime]:
    schedule = series.base_schedule()
    return [o.start for o in schedule.upcoming(after=now - schedule.duration, count=NEXT_MEETINGS)]


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def _coming_pages(dates_by_series: dict) -> dict[tuple[str, int, int], ConversationPage]:
    """The pages of the months of the coming dates, by (series path, year, month): one query."""
    condition = Q(pk__in=[])
    for series, starts in dates_by_series.items():
        if starts:
            first, last = starts[0].date().replace(day=1), _month_end(starts[-1].date())
            condition |= children_of([series]) & Q(date__gte=first, date__lte=last)
    pages = (
        ConversationPage.objects.filter(condition)
        .only(*_PAGE_FIELDS)
        .prefetch_workflow_states()  # what can_edit() reads for a user who may only add
        .order_by("-date", "-pk")  # the earliest of a month wins
    )
    return {(p.path[: -p.steplen], p.date.year, p.date.month): p for p in pages}


def _past_pages(series_pages, now: dt.datetime) -> list[ConversationPage]:
    """The meetings that took place, newest first, with their resources: a few queries."""
    pages = (
        ConversationPage.objects.filter(children_of(series_pages))
        .filter(took_place(now))
        .only(*_PAGE_FIELDS, "resources")
        .prefetch_workflow_states()
        .order_by("-start", "-pk")
    )
    return with_resources(pages)


def summarise(series_pages, now: dt.datetime, user=None) -> list[SeriesSummary]:
    """The panel's content for ``series_pages``, in a fixed number of queries."""
    summaries = {series.path: SeriesSummary(series) for series in series_pages}
    dates_by_series = {}
    for summary in summaries.values():
        series = summary.series
        try:
            dates_by_series[series] = _next_dates(series, now)
        except KindnessInputError:
            summary.schedule_error = True
        if user is not None:
            summary.can_add = series.permissions_for_user(user).can_add_subpage()
    coming = _coming_pages(dates_by_series)
    for series, starts in dates_by_series.items():
        summary = summaries[series.path]
        for start in starts:
            page = coming.get((series.path, start.year, start.month))
            summary.meetings.append(
                Meeting(
                    start=start,
                    page=page,
                    edit_url=_edit_url(page, user) if page is not None else None,
                    add_url=_add_url(series, start.date())
                    if page is None and summary.can_add
                    else None,
                )
            )
    _count_places(summaries.values())
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FOLLOW_UPS, 0))
    for page in _past_pages(series_pages, now):
        missing = missing_follow_ups(page)
        if not missing:
            continue
        series_path = page.path[: -page.steplen]
        summary = summaries[series_path]
        summary.missing_total += 1
        for block_type in missing:
            counts[series_path][block_type] += 1
        if len(summary.recent_missing) < RECENT_MISSING:
            names = tuple(str(follow_up_label(bt)) for bt in missing)
            edit_url = _edit_url(page, user, RESOURCES_ANCHOR)
            summary.recent_missing.append(PastMeeting(page, names, edit_url))
    for series_path, by_type in counts.items():
        summary = summaries[series_path]
        summary.missing_counts = [
            MissingCount(bt, n, _listing_url(summary.series, bt)) for bt, n in by_type.items() if n
        ]
    return list(summaries.values())


def _count_places(summaries) -> None:
    """The places of the coming meetings of the series where people sign up: one query."""
    signup = [s for s in summaries if s.series.join_mode == JoinMode.SIGNUP]
    counts = Place.objects.per_meeting(
        (s.series.pk, m.scheduled_date) for s in signup for m in s.meetings
    )
    for summary in signup:
        summary.meetings = [
            dataclasses.replace(m, places=counts[(summary.series.pk, m.scheduled_date)])
            for m in summary.meetings
        ]


class KindnessDashboardPanel(Component):
    """The next meetings of each series and the follow-ups past meetings still miss."""

    name = "wagtail_kindness"
    template_name = "wagtail_kindness/admin/dashboard_panel.html"
    order = 90

    def __init__(self, series_pages) -> None:
        self.series_pages = series_pages

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        request = parent_context.get("request")
        user = getattr(request, "user", None)
        context["summaries"] = summarise(self.series_pages, timezone.now(), user)
        context["listing_url"] = reverse(LISTING_URL_NAME)
        context["request"] = request
        return context


def add_dashboard_panel(request, panels):
    """``construct_homepage_panels`` hook: only the series the user may work on."""
    series_pages = user_series(request)[:_MAX_SERIES]
    if series_pages:
        panels.append(KindnessDashboardPanel(series_pages))

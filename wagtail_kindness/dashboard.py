"""The Wagtail dashboard panel: what the next conversation still needs."""

from __future__ import annotations

import dataclasses

from django.utils import timezone
from wagtail.admin.ui.components import Component

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.recurrence import Occurrence
from kindness_core.series import Status

from .models import ConversationPage, ConversationSeriesPage
from .permissions import series_for_user

#: At most this many series on the dashboard.
_MAX_SERIES = 10


@dataclasses.dataclass
class SeriesSummary:
    series: ConversationSeriesPage
    next_occurrence: Occurrence | None
    next_page: ConversationPage | None
    pending: list[tuple[ConversationPage, list[str]]]
    can_add: bool = False
    #: Pages (the next one, the pending ones) the user may edit, by id.
    editable: frozenset[int] = frozenset()


def summarise(series: ConversationSeriesPage, now, user=None) -> SeriesSummary:
    children = ConversationPage.objects.child_of(series)
    try:
        occurrence = series.core_schedule().next(after=now - series.base_schedule().duration)
    except KindnessInputError:
        occurrence = None
    next_page = None
    if occurrence is not None:
        month = occurrence.scheduled_date or occurrence.start.date()
        next_page = (
            children.filter(date__year=month.year, date__month=month.month).order_by("date").first()
        )
    pending = []
    held = children.filter(status=Status.HELD).order_by("-date")
    fields = ("id", "title", "date", "resources", "live", "status", "path", "depth", "owner")
    for page in held.only(*fields, "locked", "locked_by"):
        if names := page.pending_resources:
            pending.append((page, names))
    summary = SeriesSummary(series, occurrence, next_page, pending)
    if user is not None:
        summary.can_add = series.permissions_for_user(user).can_add_subpage()
        pages = [page for page, _names in pending] + ([next_page] if next_page else [])
        summary.editable = frozenset(
            page.pk for page in pages if page.permissions_for_user(user).can_edit()
        )
    return summary


class KindnessDashboardPanel(Component):
    """Next conversation per series, whether its page exists and is live,
    and held conversations whose summary or recording is still pending."""

    name = "wagtail_kindness"
    template_name = "wagtail_kindness/admin/dashboard_panel.html"
    order = 90

    def __init__(self, series_pages) -> None:
        self.series_pages = series_pages

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        now = timezone.now()
        request = parent_context.get("request")
        user = getattr(request, "user", None)
        context["summaries"] = [summarise(series, now, user) for series in self.series_pages]
        context["request"] = request
        return context


def add_dashboard_panel(request, panels):
    """``construct_homepage_panels`` hook: only the series the user may work on."""
    series_pages = list(series_for_user(request.user)[:_MAX_SERIES])
    if series_pages:
        panels.append(KindnessDashboardPanel(series_pages))

"""The Wagtail dashboard panel: what the next conversation still needs."""

from __future__ import annotations

import dataclasses

from django.utils import timezone
from wagtail.admin.ui.components import Component

from kindness_core.errors import KindnessInputError
from kindness_core.models import Status
from kindness_core.recurrence import Occurrence

from ..models import ConversationPage, ConversationSeriesPage


@dataclasses.dataclass
class SeriesSummary:
    series: ConversationSeriesPage
    next_occurrence: Occurrence | None
    next_page: ConversationPage | None
    pending: list[tuple[ConversationPage, list[str]]]


def summarise(series: ConversationSeriesPage, now) -> SeriesSummary:
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
    for page in held.only("id", "title", "date", "resources", "live", "status"):
        if names := page.pending_resources:
            pending.append((page, names))
    return SeriesSummary(series, occurrence, next_page, pending)


class KindnessDashboardPanel(Component):
    """Next conversation per series, whether its page exists and is live,
    and held conversations whose summary or recording is still pending."""

    name = "wagtail_kindness"
    template_name = "wagtail_kindness/admin/dashboard_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        now = timezone.now()
        series_pages = ConversationSeriesPage.objects.order_by("path")[:10]
        context["summaries"] = [summarise(series, now) for series in series_pages]
        context["request"] = parent_context.get("request")
        return context


def add_dashboard_panel(request, panels):
    """``construct_homepage_panels`` hook."""
    if ConversationSeriesPage.objects.exists():
        panels.append(KindnessDashboardPanel())

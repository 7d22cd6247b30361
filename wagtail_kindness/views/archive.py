"""The archive of a series page and its routes (year, speaker, theme)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from taggit.models import Tag

from .. import conf
from ..models import ConversationPage, ConversationPerson, ConversationTheme, Speaker
from ..streams import prefetch_stream


@dataclasses.dataclass(frozen=True)
class ArchiveEntry:
    """One row of the archive: the page with its start in the series' zone."""

    page: ConversationPage
    start: dt.datetime | None

    @property
    def people(self):
        return self.page.people.all()

    @property
    def themes(self):
        return [item.tag for item in self.page.tagged_themes.all()]

    @property
    def resources(self):
        return self.page.resources


def archive_queryset(series):
    """Live, public conversations, newest first, with people, speakers and themes.

    Queried directly on ``ConversationPage`` (no ``.specific()``), so the
    number of queries does not depend on the number of rows.
    """
    return (
        series.conversations()
        .defer("body")
        .prefetch_related(
            Prefetch(
                "people",
                queryset=ConversationPerson.objects.select_related("speaker").order_by(
                    "sort_order"
                ),
            ),
            Prefetch("tagged_themes", queryset=ConversationTheme.objects.select_related("tag")),
        )
    )


def archive_context(request, series, queryset) -> dict:
    paginator = Paginator(queryset, conf.archive_per_page())
    page_obj = paginator.get_page(request.GET.get("page"))  # bad or too big -> first/last
    rows = list(page_obj.object_list)
    prefetch_stream(rows, "resources")
    zone = series.zone
    groups: list[tuple[int, list[ArchiveEntry]]] = []
    for row in rows:
        row._kindness_series = series
        start = row.start.astimezone(zone) if row.start else None
        year = start.year if start else row.date.year
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        groups[-1][1].append(ArchiveEntry(page=row, start=start))
    return {
        "series": series,
        "groups": groups,
        "page_obj": page_obj,
        "paginator": paginator,
        "is_paginated": paginator.num_pages > 1,
    }


def _render(request, series, queryset, **extra):
    context = archive_context(request, series, queryset)
    context.update(extra)
    context["filtered"] = bool(extra)
    if not extra:
        context["next_conversation"] = series.next_conversation(now=timezone.now())
    return series.render(request, context_overrides=context)


def archive(request, series, *, year: int | None = None, theme: str | None = None):
    """The whole archive, or one year's, or one theme's conversations."""
    queryset = archive_queryset(series)
    if year is not None:
        if not 1900 <= year <= 2999:
            raise Http404
        queryset = queryset.filter(date__year=year)
        if not queryset.exists():
            raise Http404
        return _render(request, series, queryset, year=year, filter_label=str(year))
    if theme is not None:
        tag = get_object_or_404(Tag, slug=theme)
        queryset = queryset.filter(tagged_themes__tag=tag)
        return _render(request, series, queryset, theme=tag, filter_label=_("Theme: %s") % tag.name)
    return _render(request, series, queryset)


def speaker(request, series, slug: str):
    """Every conversation of the series in which one speaker took part."""
    person = get_object_or_404(Speaker.objects.select_related("photo"), slug=slug)
    queryset = archive_queryset(series).filter(
        pk__in=ConversationPerson.objects.filter(speaker=person).values("page_id")
    )
    return _render(request, series, queryset, speaker=person, filter_label=person.display_name)

"""The archive of a series page and its routes (year, speaker, theme)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Window
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
                queryset=ConversationPerson.objects.select_related(
                    "speaker", "speaker__photo"
                ).order_by("sort_order"),
            ),
            Prefetch("tagged_themes", queryset=ConversationTheme.objects.select_related("tag")),
        )
    )


def paginate(request, queryset, per_page: int) -> tuple[Paginator, DjangoPage]:
    """The requested page of ``queryset``, its rows fetched with the total count.

    A valid page number costs one query (plus the prefetches): the total
    comes back with the rows as ``COUNT(*) OVER ()``, so the paginator never
    runs its own ``COUNT``.  A bad, too large or empty page falls back to
    Django's ``Paginator.get_page`` (first or last page), as before.
    """
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page")
    try:
        number = int(raw) if raw not in (None, "") else 1
    except (TypeError, ValueError):
        number = 1
    rows = []
    if number >= 1:
        offset = (number - 1) * per_page
        counted = queryset.annotate(_kindness_total=Window(Count("pk")))
        rows = list(counted[offset : offset + per_page])
    if rows:
        paginator.count = rows[0]._kindness_total  # the cached_property, told
        page_obj = paginator.page(number)
        page_obj.object_list = rows
        return paginator, page_obj
    page_obj = paginator.get_page(raw)  # bad or too big -> first/last
    return paginator, page_obj


def archive_context(request, series, queryset) -> dict:
    paginator, page_obj = paginate(request, queryset, conf.archive_per_page())
    rows = list(page_obj.object_list)
    page_obj.object_list = rows
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


def _render(request, series, context, **extra):
    context.update(extra)
    context["filtered"] = bool(extra)
    if not extra:
        context["next_conversation"] = series.next_conversation(now=timezone.now())
    return series.render(request, context_overrides=context)


def _first_row(context):
    groups = context["groups"]
    return groups[0][1][0].page if groups else None


def archive(request, series, *, year: int | None = None, theme: str | None = None):
    """The whole archive, or one year's, or one theme's conversations."""
    queryset = archive_queryset(series)
    if year is not None:
        if not 1900 <= year <= 2999:
            raise Http404
        context = archive_context(request, series, queryset.filter(date__year=year))
        if not context["paginator"].count:
            raise Http404
        return _render(request, series, context, year=year, filter_label=str(year))
    if theme is not None:
        context = archive_context(request, series, queryset.filter(tagged_themes__tag__slug=theme))
        # The tag came with the rows' themes; look it up only if nothing matched.
        row = _first_row(context)
        found = [t.tag for t in row.tagged_themes.all() if t.tag.slug == theme] if row else []
        tag = found[0] if found else get_object_or_404(Tag, slug=theme)
        return _render(request, series, context, theme=tag, filter_label=_("Theme: %s") % tag.name)
    return _render(request, series, archive_context(request, series, queryset))


def speaker(request, series, slug: str):
    """Every conversation of the series in which one speaker took part."""
    queryset = archive_queryset(series).filter(
        pk__in=ConversationPerson.objects.filter(speaker__slug=slug).values("page_id")
    )
    context = archive_context(request, series, queryset)
    # The speaker (and photo) came with the rows' people; query only if none matched.
    row = _first_row(context)
    found = [p.speaker for p in row.people.all() if p.speaker.slug == slug] if row else []
    person = (
        found[0] if found else get_object_or_404(Speaker.objects.select_related("photo"), slug=slug)
    )
    return _render(request, series, context, speaker=person, filter_label=person.display_name)

"""The archive of a series page and its routes (year, speaker, theme).

The first listing (``/conversations/``, any ``?page=``) is cached as HTML per
series state (:mod:`wagtail_kindness.caching`, the calendar's and feeds'
invalidation, one primary-key query): the page template wraps its list in
``{% kindness_cached_archive %}``.  On a hit the rows are not even queried:
``groups``, ``page_obj``, ``paginator`` and ``is_paginated`` are lazy, so a
site's own template that does not use the tag still gets them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import quote

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, Prefetch, Subquery, Window
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from .. import caching, conf
from ..models import ConversationPage, ConversationPerson, ConversationTheme, Speaker, Theme
from ..models.people import ROLE_CHOICES
from ..streams import prefetch_stream
from ..text import SLUG_PATTERN

_MARKER = "kindness-slug-marker"
#: ``?page=`` values whose archive page may be cached (anything else is rendered).
_CACHEABLE_PAGE = re.compile(r"[0-9]{1,9}")


@dataclasses.dataclass(frozen=True)
class ArchiveEntry:
    """One row of the archive: the page with its start in the series' zone.

    ``people`` are its ``ConversationPerson`` rows (with ``.speaker``, and
    ``.archive_url`` / ``.role_label`` set), ``themes`` its tags (with
    ``.archive_url``): the addresses are built once per listing, not
    reversed per person and theme.
    """

    page: ConversationPage
    start: dt.datetime | None
    people: tuple = ()
    themes: tuple = ()

    @property
    def resources(self):
        return self.page.resources


class RouteLinks:
    """The addresses of a series' speaker and theme routes, reversed once."""

    def __init__(self, series, request) -> None:
        base = series.get_url(request) or ""
        self.base = base if base.endswith("/") else base + "/"
        self._patterns: dict[str, tuple[str, str]] = {}

    def _pattern(self, series, name: str) -> tuple[str, str]:
        if name not in self._patterns:
            routed = series.reverse_subpage(name, args=(_MARKER,))
            head, _sep, tail = routed.partition(_MARKER)
            self._patterns[name] = (self.base + head, tail)
        return self._patterns[name]

    def url(self, series, name: str, slug: str) -> str | None:
        """What ``{% routablepageurl series name slug %}`` gives, without reversing.

        ``None`` for a slug the route cannot take (empty, or with a character
        Wagtail's URLs refuse): the name is then shown without a link.
        """
        if not slug or not re.fullmatch(SLUG_PATTERN, slug):
            return None
        head, tail = self._pattern(series, name)
        return f"{head}{quote(str(slug), safe='')}{tail}"


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


def paginate(
    request, queryset, per_page: int, *, indexed: bool = False
) -> tuple[Paginator, DjangoPage]:
    """The requested page of ``queryset``, its rows fetched with the total count.

    A valid page number costs one query (plus the prefetches): the total comes
    back with the rows, so the paginator never runs its own ``COUNT``.
    ``indexed`` (the whole archive, ordered by ``start``): the rows are read
    along the ``start`` index and the total is a scalar subquery, counted
    once; otherwise (a year, a speaker, a theme) it is ``COUNT(*) OVER ()``.
    A bad, too large or empty page falls back to Django's
    ``Paginator.get_page`` (first or last page), as before.
    """
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page")
    try:
        number = int(raw) if raw not in (None, "") else 1
    except (TypeError, ValueError):
        number = 1
    rows = []
    if 1 <= number <= 2**31:  # a larger OFFSET overflows the database's integer
        offset = (number - 1) * per_page
        if indexed:
            rows, paginator.count = _rows(queryset, offset, per_page)  # count: told
        else:
            counted = queryset.annotate(_kindness_total=Window(Count("pk")))
            rows = list(counted[offset : offset + per_page])
    if rows:
        if not indexed:
            paginator.count = rows[0]._kindness_total
        page_obj = paginator.page(number)
        page_obj.object_list = rows
        return paginator, page_obj
    page_obj = paginator.get_page(raw)  # bad or too big -> first/last
    return paginator, page_obj


#: Every real start is later: a range on ``start`` lets the database walk its
#: index newest first and stop after one page, instead of sorting every row.
_EARLIEST = dt.datetime(1, 1, 1, tzinfo=dt.UTC)


class _Total(Subquery):
    """``(SELECT COUNT(*) FROM (…))``: not correlated, so the database counts once."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _kindness_total)"
    output_field = IntegerField()


def _rows(queryset, offset: int, per_page: int) -> tuple[list, int]:
    """Rows ``offset`` to ``offset + per_page`` of ``queryset``, newest first, and the total.

    Pages whose start could not be computed (none, normally) come last.
    """
    dated = queryset.filter(start__gte=_EARLIEST)
    total = _Total(queryset.prefetch_related(None).order_by().values("pk"))
    rows = list(dated.annotate(_kindness_total=total)[offset : offset + per_page])
    count = rows[0]._kindness_total if rows else queryset.count()
    if len(rows) < per_page and offset + len(rows) < count:
        known = offset + len(rows) if rows else dated.count()
        skip = offset + len(rows) - known
        undated = queryset.filter(start__isnull=True)
        rows += list(undated[skip : skip + per_page - len(rows)])
    return rows, count


def archive_context(request, series, queryset, *, indexed: bool = False) -> dict:
    paginator, page_obj = paginate(request, queryset, conf.archive_per_page(), indexed=indexed)
    rows = list(page_obj.object_list)
    page_obj.object_list = rows
    prefetch_stream(rows, "resources")
    zone = series.zone
    links = RouteLinks(series, request)
    roles = {value: str(label) for value, label in ROLE_CHOICES}
    groups: list[tuple[int, list[ArchiveEntry]]] = []
    for row in rows:
        row._kindness_series = series
        people = tuple(row.people.all())
        for person in people:
            person.role_label = roles.get(person.role, person.role)
            person.archive_url = links.url(series, "speaker_route", person.speaker.slug)
        themes = tuple(item.tag for item in row.tagged_themes.all())
        for tag in themes:
            tag.archive_url = links.url(series, "theme_route", tag.slug)
        start = row.start.astimezone(zone) if row.start else None
        year = start.year if start else row.date.year
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        groups[-1][1].append(ArchiveEntry(page=row, start=start, people=people, themes=themes))
    return {
        "series": series,
        "groups": groups,
        "page_obj": page_obj,
        "paginator": paginator,
        "is_paginated": paginator.num_pages > 1,
    }


def _archive_cache_key(request, series, state) -> str | None:
    """The cache key of this archive page, or ``None`` if it must be rendered."""
    raw = request.GET.get("page") or "1"
    if not _CACHEABLE_PAGE.fullmatch(raw) or len(request.GET) > 1:
        return None
    site = Site.find_for_request(request)  # cached on the request by Wagtail
    page = int(raw)
    parts = f"archive:{get_language()}:{getattr(site, 'pk', 0)}:{conf.archive_per_page()}:{page}"
    return state.key(parts)


def lazy_archive_context(request, series, queryset) -> dict:
    """:func:`archive_context`, computed only if the template asks for it.

    The series state (one primary-key query) gives the key of the cached
    HTML; on a miss the page of rows is fetched along the date index, with
    the total as a subquery.  In a preview, or if the cache fails,
    nothing is read from or put in the cache.
    """
    preview = getattr(request, "is_preview", False)
    state = None if preview else caching.series_state(series)
    found: dict = {}

    def part(name: str):
        def compute():
            if not found:
                found.update(archive_context(request, series, queryset, indexed=True))
            return found[name]

        return SimpleLazyObject(compute)

    context = {name: part(name) for name in ("groups", "page_obj", "paginator", "is_paginated")}
    context["series"] = series
    key = _archive_cache_key(request, series, state) if state is not None else None
    if key is not None:
        html = caching.cache_get(key)
        if isinstance(html, str):
            context["archive_html"] = html
        if html is not caching.CACHE_FAILED:
            context["archive_cache_key"] = key
    return context


def _render(request, series, context, **extra):
    context.update(extra)
    context["filtered"] = bool(extra)
    if not extra:
        # with_exceptions: the JSON-LD's schedule exceptions come with it (one query).
        context["next_conversation"] = series.next_conversation(
            now=timezone.now(), with_exceptions=True
        )
    return series.render(request, context_overrides=context)


def _first_entry(context) -> ArchiveEntry | None:
    groups = context["groups"]
    return groups[0][1][0] if groups else None


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
        if not context["paginator"].count:
            raise Http404  # only on drafts, private pages or other series: not public
        # The tag came with the rows' themes; look it up only if nothing matched.
        entry = _first_entry(context)
        found = [t for t in entry.themes if t.slug == theme] if entry else []
        tag = found[0] if found else get_object_or_404(Theme, slug=theme)
        return _render(request, series, context, theme=tag, filter_label=_("Theme: %s") % tag.name)
    return _render(request, series, lazy_archive_context(request, series, queryset))


def speaker(request, series, slug: str):
    """Every conversation of the series in which one speaker took part."""
    queryset = archive_queryset(series).filter(
        pk__in=ConversationPerson.objects.filter(speaker__slug=slug).values("page_id")
    )
    context = archive_context(request, series, queryset)
    if not context["paginator"].count:
        raise Http404  # only in drafts, private pages or other series: not public
    # The speaker (and photo) came with the rows' people; query only if none matched.
    entry = _first_entry(context)
    found = [p.speaker for p in entry.people if p.speaker.slug == slug] if entry else []
    person = (
        found[0] if found else get_object_or_404(Speaker.objects.select_related("photo"), slug=slug)
    )
    return _render(request, series, context, speaker=person, filter_label=person.display_name)

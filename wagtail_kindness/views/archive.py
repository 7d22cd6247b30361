"""The archive of a series page and its routes (year, speaker, theme).

The first listing (``/conversations/``, any ``?page=``) is cached as HTML per
series state and language (:mod:`wagtail_kindness.caching`, the calendar's and
feeds' invalidation, one primary-key query; the language is the page's, active
while it is served: :mod:`wagtail_kindness.languages`): the page template wraps its list in
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
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from .. import caching, conf
from ..models import ConversationPage, ConversationPerson, Speaker, Theme
from ..models.people import ROLE_CHOICES
from ..streams import prefetch_stream
from ..text import SLUG_PATTERN

_MARKER = "kindness-slug-marker"
#: ``?page=`` values whose archive page may be cached (anything else is rendered).
_CACHEABLE_PAGE = re.compile(r"[0-9]{1,9}")


@dataclasses.dataclass(frozen=True)
class ArchiveEntry:
    """One row of the archive: the page with its start in the zone it was held in.

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


def paginate(request, queryset, per_page: int) -> tuple[Paginator, DjangoPage]:
    """Django's ``Paginator`` on ``queryset``: ``?page=`` a bad or too large number
    gives the first or the last page; the page's rows are fetched once."""
    paginator = Paginator(queryset, per_page)
    page_obj = paginator.get_page(request.GET.get("page"))
    page_obj.object_list = list(page_obj.object_list)
    return paginator, page_obj


def archive_context(request, series, queryset) -> dict:
    paginator, page_obj = paginate(request, queryset, conf.archive_per_page())
    rows = page_obj.object_list
    prefetch_stream(rows, "resources")
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
        start = row.local_start()  # in the zone it was held in
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
    HTML; on a miss the page of rows is counted and fetched (Django's
    ``Paginator``).  In a preview, or if the cache fails, nothing is read
    from or put in the cache.
    """
    preview = getattr(request, "is_preview", False)
    state = None if preview else caching.series_state(series)
    found: dict = {}

    def part(name: str):
        def compute():
            if not found:
                found.update(archive_context(request, series, queryset))
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


def _render(request, series, public, context, **extra):
    """The series page's template, with the listing's ``context``.

    ``public``: the series' public conversations (Wagtail's ``.public()``,
    read once per request); the pages the next date and the JSON-LD's
    schedule depend on are read from it in one query and given to both.
    """
    context.update(extra)
    context["filtered"] = bool(extra)
    now = timezone.now()
    pages = series.schedule_pages(now=now, public=public)
    context["schedule_pages"] = pages  # for {% kindness_jsonld %}
    if not extra:
        context["next_conversation"] = series.next_conversation(now=now, pages=pages)
    return series.render(request, context_overrides=context)


def _first_entry(context) -> ArchiveEntry | None:
    groups = context["groups"]
    return groups[0][1][0] if groups else None


def archive(request, series, *, year: int | None = None, theme: str | None = None):
    """The whole archive, or one year's, or one theme's conversations."""
    public = series.public_conversations()
    queryset = series.conversations(public).with_people_and_themes()
    if year is not None:
        if not 1900 <= year <= 2999:
            raise Http404
        context = archive_context(request, series, queryset.filter(date__year=year))
        if not context["paginator"].count:
            raise Http404
        return _render(request, series, public, context, year=year, filter_label=str(year))
    if theme is not None:
        context = archive_context(request, series, queryset.filter(tagged_themes__tag__slug=theme))
        if not context["paginator"].count:
            raise Http404  # only on drafts, private pages or other series: not public
        # The tag came with the rows' themes; look it up only if nothing matched.
        entry = _first_entry(context)
        found = [t for t in entry.themes if t.slug == theme] if entry else []
        tag = found[0] if found else get_object_or_404(Theme, slug=theme)
        return _render(
            request, series, public, context, theme=tag, filter_label=_("Theme: %s") % tag.name
        )
    return _render(request, series, public, lazy_archive_context(request, series, queryset))


def speaker(request, series, slug: str):
    """Every conversation of the series in which one speaker took part."""
    public = series.public_conversations()
    queryset = (
        series.conversations(public)
        .with_people_and_themes()
        .filter(pk__in=ConversationPerson.objects.filter(speaker__slug=slug).values("page_id"))
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
    return _render(
        request, series, public, context, speaker=person, filter_label=person.display_name
    )

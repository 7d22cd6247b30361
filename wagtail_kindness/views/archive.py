"""The archive of a series page and its routes (year, speaker, theme).

Two caches (:mod:`wagtail_kindness.caching`), neither read nor written in a
preview:

* the whole list of a listing (``/conversations/``, any ``?page=``, and each
  year, speaker and theme route) as HTML per series state and language (the
  calendar's and feeds' invalidation, one primary-key query; the language is
  the page's, active while it is served: :mod:`wagtail_kindness.languages`):
  the page template wraps its list in ``{% kindness_cached_archive %}``.  On
  a hit the rows are not even queried: ``groups``, ``page_obj``,
  ``paginator`` and ``is_paginated`` are lazy, so a site's own template that
  does not use the tag still gets them;
* each entry's HTML (``{% kindness_archive_entry %}``,
  ``includes/archive_entry.html``), keyed by a digest of what it shows, read
  for the page of rows as values in a few queries (:func:`_entry_keys`).
  After any change the list is rebuilt from the entries kept: only an entry
  whose page, speakers, themes or documents changed is rendered again, from
  models built from those values (:func:`_built_rows`: no query but its
  documents).  The rows and their total come in one query (:func:`paginate`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import defaultdict
from urllib.parse import quote

from django.core.paginator import Page as DjangoPage
from django.core.paginator import Paginator
from django.db.models import DEFERRED, Func, Subquery, Value
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
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
    #: Its HTML, found in the cache (``{% kindness_archive_entry %}`` shows it).
    html: str | None = None
    #: Where ``{% kindness_archive_entry %}`` keeps the HTML it renders.
    cache_key: str | None = None

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


#: The largest offset the one-query page is tried at (32-bit signed, every database).
_MAX_OFFSET = 2**31 - 1
#: The name of the row count annotated on each row (``COUNT(*) OVER ()``).
_TOTAL = "_kindness_total"


def _page_number(raw: str | None) -> int:
    """``?page=`` as Django's ``Paginator.get_page`` reads it: missing or not an
    integer is the first page (a number below 1 or past the end is checked later)."""
    try:
        return 1 if raw is None else int(raw)
    except (TypeError, ValueError):
        return 1


def paginate(request, queryset, per_page: int) -> tuple[Paginator, DjangoPage]:
    """Django's ``Paginator`` on ``queryset`` (``values()`` rows): ``?page=`` a bad
    or too large number gives the first or the last page; the rows are fetched once.

    The rows and their total come in one query (``(SELECT COUNT(1) …)`` on each
    row) when the page asked for has rows, or is the first; otherwise (a
    number past the end or below 1) Django's own count and page follow.
    """
    paginator = Paginator(queryset, per_page)
    raw = request.GET.get("page")
    number = _page_number(raw)
    bottom = (number - 1) * per_page
    # An offset past any database's integers (``?page=`` huge) is left to Django's count.
    if 0 <= bottom < _MAX_OFFSET and not queryset.query.distinct:
        # The total as a scalar subquery (run once): the rows keep their top-N sort.
        total = queryset.order_by().values(_n=Func(Value(1), function="COUNT"))
        counted = queryset.annotate(**{_TOTAL: Subquery(total[:1])})
        rows = list(counted[bottom : bottom + per_page])
        if rows or number == 1:
            # Paginator.count is a cached property: give it the total read.
            paginator.__dict__["count"] = rows[0][_TOTAL] if rows else 0
            page_obj = paginator.page(number)
            page_obj.object_list = rows
            return paginator, page_obj
    page_obj = paginator.get_page(raw)
    page_obj.object_list = list(page_obj.object_list)
    return paginator, page_obj


#: The page columns an archive entry shows, read with ``values()`` for the
#: page of rows (much cheaper than model instances) and digested into each
#: entry's cache key.  The live columns: a draft lives in its revision, never here.
_PAGE_FIELDS = (
    "pk",
    "title",
    "slug",
    "url_path",
    "locale_id",
    "live_revision_id",
    "last_published_at",
    "date",
    "time",
    "time_zone",
    "start",
    "status",
    "postponed_date",
    "postponed_time",
    "standfirst",
    "resources",
)
#: A person of an entry: its part and its speaker's shown fields and photo.
_PERSON_FIELDS = (
    "page_id",
    "sort_order",
    "role",
    "speaker_id",
    "speaker__honorific",
    "speaker__name",
    "speaker__slug",
    "speaker__job_title",
    "speaker__organisation",
    "speaker__photo_id",
    "speaker__photo__file",
)
_THEME_FIELDS = ("content_object_id", "tag_id", "tag__name", "tag__slug")
_DOCUMENT_FIELDS = ("pk", "title", "file", "file_size")


def _document_ids(raw_items, stream_block) -> list[int]:
    """The documents chosen in a page's raw ``resources``."""
    found = []
    for item in raw_items:
        block = stream_block.child_blocks.get(item.get("type"))
        value = item.get("value")
        if block is None or not isinstance(value, dict):
            continue
        for name, child in getattr(block, "child_blocks", {}).items():
            if isinstance(child, DocumentChooserBlock) and isinstance(value.get(name), int):
                found.append(value[name])
    return found


def _entry_keys(request, series, links, rows, tags: dict, light: dict) -> dict[int, str]:
    """page id -> the cache key of its entry's HTML, from three or four queries
    whatever the number of rows: their people, their themes, their documents.
    ``tags`` gets the rows' themes by slug (the theme route's heading),
    ``light`` the people and themes read, by page id (:func:`_built_rows`).

    The key digests everything the entry shows (the page's live columns, its
    people's speakers and photos, its themes, its documents' files) and what
    its HTML depends on in the request: the language, the site, the series'
    address and its own publication (its zone gives the entries' times).
    """
    pks = [row["pk"] for row in rows]
    people: dict[int, list] = defaultdict(list)
    found = ConversationPerson.objects.filter(page_id__in=pks).order_by("sort_order", "pk")
    persons: dict[int, list] = defaultdict(list)
    for values in found.values_list(*_PERSON_FIELDS, "pk"):
        people[values[0]].append(values[1:-1])
        persons[values[0]].append(values)
    themes: dict[int, list] = defaultdict(list)
    tagged = ConversationTheme.objects.filter(content_object_id__in=pks).order_by("pk")
    for values in tagged.values_list(*_THEME_FIELDS):
        themes[values[0]].append(values[1:])
        if values[3] not in tags:
            tags[values[3]] = Theme.from_db(tagged.db, ["id", "name", "slug"], values[1:])
    stream_block = ConversationPage._meta.get_field("resources").stream_block
    raw = {row["pk"]: list(row["resources"].raw_data) for row in rows}
    wanted = {pk: _document_ids(items, stream_block) for pk, items in raw.items()}
    ids = {doc for docs in wanted.values() for doc in docs}
    documents = {}
    if ids:
        chosen = get_document_model().objects.filter(pk__in=ids)
        documents = {values[0]: values for values in chosen.values_list(*_DOCUMENT_FIELDS)}
    light["people"], light["themes"] = persons, themes
    site = Site.find_for_request(request)  # cached on the request by Wagtail
    common = (
        "entry-1",  # the format of the cached value
        get_language(),
        getattr(site, "pk", 0),
        links.base,
        series.pk,
        series.last_published_at,
        series.latest_revision_created_at,
    )
    keys = {}
    for row in rows:
        pk = row["pk"]
        shown = tuple(raw[pk] if name == "resources" else row[name] for name in _PAGE_FIELDS)
        docs = tuple(documents.get(doc) for doc in wanted[pk])
        parts = (common, shown, tuple(people[pk]), tuple(themes[pk]), docs)
        keys[pk] = caching.entry_key(pk, parts)
    return keys


def _model(model, db: str, known: dict):
    """An instance of ``model`` as read from ``db``, with the columns ``known``
    (attname -> value; the others deferred)."""
    fields = model._meta.concrete_fields
    return model.from_db(
        db, [f.attname for f in fields], [known.get(f.attname, DEFERRED) for f in fields]
    )


def _built_rows(series, db: str, links, rows, light: dict, pks) -> dict:
    """The models of the entries to render (page, people, themes), built from the
    values :func:`_entry_keys` read: no query but their resources' documents.

    The page has the columns of :data:`_PAGE_FIELDS` (the others deferred),
    its people their speakers (without photos), its themes their tags.
    """
    wanted = set(pks)
    roles = {value: str(label) for value, label in ROLE_CHOICES}
    tags: dict[int, Theme] = {}
    found = {}
    for row in rows:
        pk = row["pk"]
        if pk not in wanted:
            continue
        known = {name: row[name] for name in _PAGE_FIELDS[1:]}
        known["id"] = known["page_ptr_id"] = pk
        page = _model(ConversationPage, db, known)
        page._kindness_series = series
        people = []
        for values in light["people"].get(pk, ()):
            speaker = _model(Speaker, db, dict(zip(_SPEAKER_ATTNAMES, values[3:10], strict=True)))
            person = _model(
                ConversationPerson,
                db,
                {"id": values[-1], "page_id": pk, "sort_order": values[1], "role": values[2]},
            )
            person.speaker = speaker
            person.role_label = roles.get(person.role, person.role)
            person.archive_url = links.url(series, "speaker_route", speaker.slug)
            people.append(person)
        themes = []
        for tag_id, name, slug in light["themes"].get(pk, ()):
            if tag_id not in tags:
                tag = _model(Theme, db, {"id": tag_id, "name": name, "slug": slug})
                tag.archive_url = links.url(series, "theme_route", slug)
                tags[tag_id] = tag
            themes.append(tags[tag_id])
        found[pk] = (page, tuple(people), tuple(themes))
    prefetch_stream([page for page, _people, _themes in found.values()], "resources")
    return found


#: The speaker's attnames, in the order of ``_PERSON_FIELDS[3:10]``.
_SPEAKER_ATTNAMES = ("id", "honorific", "name", "slug", "job_title", "organisation", "photo_id")


class _FullRows:
    """The model rows of some entries (people, themes, resources' documents),
    fetched together the first time one of them is needed."""

    def __init__(self, series, queryset, links, pks) -> None:
        self.series, self.queryset = series, queryset
        self.links, self.pks = links, list(pks)
        self._rows: dict | None = None

    def get(self) -> dict:
        if self._rows is None:
            self._rows = self._fetch() if self.pks else {}
        return self._rows

    def _fetch(self) -> dict:
        series, links = self.series, self.links
        rows = list(self.queryset.with_people_and_themes().filter(pk__in=self.pks))
        prefetch_stream(rows, "resources")
        roles = {value: str(label) for value, label in ROLE_CHOICES}
        found = {}
        for row in rows:
            row._kindness_series = series
            people = tuple(row.people.all())
            for person in people:
                person.role_label = roles.get(person.role, person.role)
                person.archive_url = links.url(series, "speaker_route", person.speaker.slug)
            themes = tuple(item.tag for item in row.tagged_themes.all())
            for tag in themes:
                tag.archive_url = links.url(series, "theme_route", tag.slug)
            found[row.pk] = (row, people, themes)
        return found

    def part(self, pk: int, index: int) -> SimpleLazyObject:
        return SimpleLazyObject(lambda: self.get()[pk][index])


def archive_context(request, series, queryset, *, cached: bool = True) -> dict:
    """The listing of ``queryset`` (public conversation pages, newest first).

    The page of rows is read as values; with ``cached``, each entry's HTML is
    looked up in the cache (one ``get_many``) and only the entries not found
    are fetched as pages (with their people, themes and documents) and
    rendered by ``{% kindness_archive_entry %}``, which keeps them.  A found
    entry's ``page``, ``people`` and ``themes`` are fetched only if a
    template asks for them (a site's own template without the tag).
    """
    paginator, page_obj = paginate(request, queryset.values(*_PAGE_FIELDS), conf.archive_per_page())
    rows = page_obj.object_list
    links = RouteLinks(series, request)
    tags: dict[str, Theme] = {}
    light: dict = {}
    keys = _entry_keys(request, series, links, rows, tags, light) if cached and rows else {}
    stored = caching.cache_get_many(list(keys.values()))
    if stored is caching.CACHE_FAILED:  # render everything, keep nothing
        stored, keys = {}, {}
    hits = {}
    for pk, key in keys.items():
        value = stored.get(key)
        if isinstance(value, tuple) and len(value) == 2 and isinstance(value[1], str):
            hits[pk] = value
    missing = [row["pk"] for row in rows if row["pk"] not in hits]
    if light:  # the models of the entries to render, from the values read
        rendered = {"rows": _built_rows(series, queryset.db, links, rows, light, missing)}
    else:  # a preview, a failing cache: as models, from the database
        rendered = {"rows": _FullRows(series, queryset, links, missing).get()}
    found = _FullRows(series, queryset, links, list(hits))
    groups: list[tuple[int, list[ArchiveEntry]]] = []
    pages = []
    for row in rows:
        pk = row["pk"]
        if pk in hits:
            start, html = hits[pk]
            entry = ArchiveEntry(
                page=found.part(pk, 0),
                start=start,
                people=found.part(pk, 1),
                themes=found.part(pk, 2),
                html=html,
            )
        else:
            page, people, themes = rendered["rows"][pk]
            tags.update((tag.slug, tag) for tag in themes if tag.slug not in tags)
            start = page.local_start()  # in the zone it was held in
            entry = ArchiveEntry(
                page=page, start=start, people=people, themes=themes, cache_key=keys.get(pk)
            )
        pages.append(entry.page)
        year = start.year if start else row["date"].year
        if not groups or groups[-1][0] != year:
            groups.append((year, []))
        groups[-1][1].append(entry)
    page_obj.object_list = pages
    return {
        "series": series,
        "groups": groups,
        "page_obj": page_obj,
        "paginator": paginator,
        "is_paginated": paginator.num_pages > 1,
        "listed_themes": tags,  # slug -> Theme, of the rows listed
    }


def _archive_cache_key(request, series, state, route: str = "") -> str | None:
    """The cache key of this listing's HTML, or ``None`` if it must be rendered."""
    raw = request.GET.get("page") or "1"
    if not _CACHEABLE_PAGE.fullmatch(raw) or len(request.GET) > 1:
        return None
    site = Site.find_for_request(request)  # cached on the request by Wagtail
    page = int(raw)
    parts = f"archive:{get_language()}:{getattr(site, 'pk', 0)}:{conf.archive_per_page()}:{page}"
    return state.key(f"{parts}:{route}" if route else parts)


def lazy_archive_context(request, series, queryset, route: str = "") -> dict:
    """:func:`archive_context`, computed only if the template asks for it.

    The series state (one primary-key query) gives the key of the cached
    HTML of the whole list (``route`` names a filtered one: ``year:2023``);
    on a miss the page of rows is counted and fetched (Django's
    ``Paginator``) and the entries come from their own cache.  In a preview
    nothing is read from or put in either cache; if the cache fails, nothing
    is kept.
    """
    preview = getattr(request, "is_preview", False)
    state = None if preview else caching.series_state(series)
    found: dict = {}

    def part(name: str):
        def compute():
            if not found:
                found.update(archive_context(request, series, queryset, cached=not preview))
            return found[name]

        return SimpleLazyObject(compute)

    names = ("groups", "page_obj", "paginator", "is_paginated", "listed_themes")
    context = {name: part(name) for name in names}
    context["series"] = series
    key = _archive_cache_key(request, series, state, route) if state is not None else None
    if key is not None:
        html = caching.cache_get(key)
        if isinstance(html, str):
            context["archive_html"] = html
        if html is not caching.CACHE_FAILED:
            context["archive_cache_key"] = key
    return context


def _empty(context) -> bool:
    """No row to list (never true of a list found in the cache: it was rendered)."""
    return "archive_html" not in context and not context["paginator"].count


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


def archive(request, series, *, year: int | None = None, theme: str | None = None):
    """The whole archive, or one year's, or one theme's conversations."""
    public = series.public_conversations()
    queryset = series.conversations(public)
    if year is not None:
        if not 1900 <= year <= 2999:
            raise Http404
        context = lazy_archive_context(
            request, series, queryset.filter(date__year=year), f"year:{year}"
        )
        if _empty(context):
            raise Http404
        return _render(request, series, public, context, year=year, filter_label=str(year))
    if theme is not None:
        context = lazy_archive_context(
            request, series, queryset.filter(tagged_themes__tag__slug=theme), f"theme:{theme}"
        )
        if _empty(context):
            raise Http404  # only on drafts, private pages or other series: not public
        # The tag came with the rows' themes; look it up only if the list was cached.
        listed = {} if "archive_html" in context else context["listed_themes"]
        tag = listed.get(theme) or get_object_or_404(Theme, slug=theme)
        return _render(
            request, series, public, context, theme=tag, filter_label=_("Theme: %s") % tag.name
        )
    return _render(request, series, public, lazy_archive_context(request, series, queryset))


def speaker(request, series, slug: str):
    """Every conversation of the series in which one speaker took part."""
    public = series.public_conversations()
    queryset = series.conversations(public).filter(
        pk__in=ConversationPerson.objects.filter(speaker__slug=slug).values("page_id")
    )
    context = lazy_archive_context(request, series, queryset, f"speaker:{slug}")
    if _empty(context):
        raise Http404  # only in drafts, private pages or other series: not public
    person = get_object_or_404(Speaker.objects.select_related("photo"), slug=slug)
    return _render(
        request, series, public, context, speaker=person, filter_label=person.display_name
    )

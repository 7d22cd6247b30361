"""Purging a front-end cache (Varnish, a CDN) when what the plugin's pages show changes.

Wagtail's ``wagtail.contrib.frontend_cache`` purges a page's addresses
(:meth:`~wagtail.models.Page.get_cached_paths`) when that page is published
or unpublished.  A series page has many more addresses than its own (the
archive's ``?page=N``, each year, speaker and theme route, the calendar and
feeds: :func:`series_cached_paths`), and they change when a conversation, a
speaker, a theme or a document they show changes, not only when the series
is published.

:mod:`wagtail_kindness.signals` hands every change that bumps the outputs'
version (the same ``(sender, instance)`` pairs, :func:`changes_of`) to
:func:`purge_after_commit`: after the transaction commits, the pages showing
what changed (:func:`pages_to_purge`, a bounded, deduplicated set read in a
constant number of queries) are purged in one
:class:`~wagtail.contrib.frontend_cache.utils.PurgeBatch` per transaction,
however many changes it held.  Nothing is done unless
``wagtail.contrib.frontend_cache`` is installed and ``WAGTAILFRONTENDCACHE``
names a backend; a failure is logged, never raised (the change is saved,
the cached copies expire after their ``max-age``).

This module reads the plugin's models from the app registry (the page
models delegate their ``get_cached_paths()`` here: no import circle).
"""

from __future__ import annotations

import copy
import functools
import logging
import operator
import re
from urllib.parse import quote

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, PageViewRestriction

from . import conf
from .addresses import CALENDAR_FILE, CALENDAR_PLAIN
from .text import SLUG_PATTERN

__all__ = [
    "MAX_CONVERSATIONS",
    "changes_of",
    "conversation_cached_paths",
    "frontend_cache_enabled",
    "pages_to_purge",
    "purge_after_commit",
    "purge_changes",
    "series_cached_paths",
]

logger = logging.getLogger(__name__)

FRONTEND_CACHE_APP = "wagtail.contrib.frontend_cache"

#: At most this many conversation pages are purged one by one after a change
#: (a speaker in every conversation, a series re-published, a large import):
#: beyond it only the series' addresses are, and the conversation pages expire
#: after their ``max-age`` (a purge request per address would take minutes).
MAX_CONVERSATIONS = 500

_MARKER = "kindness-slug-marker"
#: Where the pending purge of the current transaction is kept, on the connection.
_PENDING_ATTR = "wagtail_kindness_pending_purge"


def _model(name: str):
    return apps.get_model("wagtail_kindness", name)


# -- the addresses of a page ---------------------------------------------------


def _page_numbers(path: str, count: int, per_page: int) -> list[str]:
    """``path?page=1`` … one past the last page, if the listing has (or had) two.

    One spare page: a conversation removed since the copy was cached may
    have left a page that the listing no longer has.
    """
    last = count // max(per_page, 1) + 1
    if last < 2:
        return []
    return [f"{path}?page={number}" for number in range(1, last + 1)]


def _route_pattern(series, name: str) -> tuple[str, str]:
    head, _sep, tail = series.reverse_subpage(name, args=(_MARKER,)).partition(_MARKER)
    return "/" + head, tail


def series_cached_paths(series, base=("/",)) -> list[str]:
    """Every address of ``series`` a cache may hold, relative to its URL (``"/…"``).

    ``base``: Wagtail's own paths (``"/"``).  Then the archive's pages
    (``/?page=N``), each year, speaker and theme route the public
    conversations give (and their pages), the calendar (``/calendar.ics``,
    ``/calendar/``) and the feeds (``/feed/``, ``/feed/atom/``).  Five
    queries, whatever the size of the archive.
    """
    paths = list(base)
    per_page = conf.archive_per_page()
    if series.pk:
        public = series.public_conversations()  # one query: the view restrictions
        ids = public.order_by().values("pk")
        paths += _page_numbers("/", public.count(), per_page)
        years = (
            public.order_by()
            .annotate(kindness_year=ExtractYear("date"))
            .values_list("kindness_year")
            .annotate(n=Count("pk"))
        )
        for year, count in years:
            route = "/" + series.reverse_subpage("year_route", args=(year,))
            paths += [route, *_page_numbers(route, count, per_page)]
        speakers = (
            _model("ConversationPerson")
            .objects.filter(page__in=ids)
            .order_by()
            .values_list("speaker__slug")
            .annotate(n=Count("page", distinct=True))
        )
        themes = (
            _model("ConversationTheme")
            .objects.filter(content_object__in=ids)
            .order_by()
            .values_list("tag__slug")
            .annotate(n=Count("content_object", distinct=True))
        )
        for name, rows in (("speaker_route", speakers), ("theme_route", themes)):
            head, tail = _route_pattern(series, name)
            for slug, count in rows:
                if not slug or not re.fullmatch(SLUG_PATTERN, slug):
                    continue  # no route takes it (the name is shown without a link)
                route = f"{head}{quote(str(slug), safe='')}{tail}"
                paths += [route, *_page_numbers(route, count, per_page)]
    paths += [
        f"/{CALENDAR_FILE}",
        f"/{CALENDAR_PLAIN}",
        "/" + series.reverse_subpage("rss_feed_route"),
        "/" + series.reverse_subpage("atom_feed_route"),
    ]
    return list(dict.fromkeys(paths))


def conversation_cached_paths(page, base=("/",)) -> list[str]:
    """``base`` (Wagtail's ``"/"``), and the conversation's calendar file at both its addresses."""
    return list(dict.fromkeys([*base, f"/{CALENDAR_FILE}", f"/{CALENDAR_PLAIN}"]))


# -- which pages a change affects ------------------------------------------------


def changes_of(sender, kwargs: dict) -> list[tuple]:
    """The ``(sender, instance)`` pairs a signal records (its page's old address if moved).

    A moved page is also recorded as it was before the move (a copy at
    ``url_path_before``), with its old parent: its old addresses are purged.
    """
    instance = kwargs.get("instance")
    changes = [(sender, instance)]
    before = kwargs.get("url_path_before")
    if isinstance(instance, Page) and before and before != instance.url_path:
        old = copy.copy(instance)
        old.__dict__.pop("specific_deferred", None)
        old.url_path = before
        old.kindness_moved_away = True  # its ``path`` is the new one: not followed
        changes.append((sender, old))
        parent = kwargs.get("parent_page_before")
        if parent is not None:
            changes.append((type(parent), parent))
    return changes


def _page_class(instance) -> type | None:
    """The specific class of a page (``None`` if ``instance`` is not a page)."""
    if not isinstance(instance, Page):
        return None
    return instance.specific_class or type(instance)


def _key(page) -> tuple:
    return (page.pk, page.url_path)


def pages_to_purge(changes) -> list[Page]:
    """The pages whose addresses show what ``changes`` changed, each once.

    A conversation: it and its series.  A series: it and its live
    conversations (they show its name and joining details).  A speaker or a
    theme (or a conversation's person or theme row): the live conversations
    naming it and their series.  A view restriction: the pages below its
    page, and every series.  Anything else (a document, an image, a site, a
    locale): every live series.  At most :data:`MAX_CONVERSATIONS`
    conversation pages; at most six queries.
    """
    conversation_model = _model("ConversationPage")
    series_model = _model("ConversationSeriesPage")
    kept: dict[tuple, Page] = {}  # the changed pages as they were given (deleted, moved)
    conversation_ids: set = set()
    series_ids: set = set()
    parent_paths: set = set()
    children_of: set = set()
    below: set = set()
    speaker_ids: set = set()
    theme_ids: set = set()
    every_series = False
    for _sender, instance in changes:
        # A moved page comes as a plain ``Page`` (``post_page_move``): its type decides.
        kind = _page_class(instance)
        moved_away = getattr(instance, "kindness_moved_away", False)
        if kind is not None and issubclass(kind, conversation_model):
            kept[_key(instance)] = instance
            if instance.path and not moved_away:
                parent_paths.add(instance.path[: -instance.steplen])
        elif kind is not None and issubclass(kind, series_model):
            kept[_key(instance)] = instance
            if instance.path and not moved_away:
                children_of.add(instance.path)
        elif kind is not None:
            series_ids.add(instance.pk)  # a moved page's old parent: a series?
        elif isinstance(instance, _model("ConversationPerson")):
            conversation_ids.add(instance.page_id)
        elif isinstance(instance, _model("ConversationTheme")):
            conversation_ids.add(instance.content_object_id)
        elif isinstance(instance, _model("Speaker")):
            speaker_ids.add(instance.pk)
        elif isinstance(instance, _model("Theme")):
            theme_ids.add(instance.pk)
        else:
            if isinstance(instance, PageViewRestriction):
                below.add(instance.page_id)
            every_series = True
    if speaker_ids:
        conversation_ids.update(
            _model("ConversationPerson")
            .objects.filter(speaker_id__in=speaker_ids)
            .values_list("page_id", flat=True)
        )
    if theme_ids:
        conversation_ids.update(
            _model("ConversationTheme")
            .objects.filter(tag_id__in=theme_ids)
            .values_list("content_object_id", flat=True)
        )
    wanted = Q(pk__in=conversation_ids - {None})
    if children_of:
        wanted |= functools.reduce(operator.or_, (Q(path__startswith=p) for p in children_of))
    if below:
        paths = Page.objects.filter(pk__in=below).values_list("path", flat=True)
        wanted |= functools.reduce(operator.or_, (Q(path__startswith=p) for p in paths), Q())
    if conversation_ids or children_of or below:
        found = conversation_model.objects.live().filter(wanted).order_by("-pk")
        for page in found[: MAX_CONVERSATIONS + 1]:
            kept.setdefault(_key(page), page)
            parent_paths.add(page.path[: -page.steplen])
    if sum(isinstance(page, conversation_model) for page in kept.values()) > MAX_CONVERSATIONS:
        logger.warning(
            "wagtail_kindness: over %s conversation pages changed; only the series' "
            "addresses are purged, the others expire after their max-age",
            MAX_CONVERSATIONS,
        )
        kept = {k: p for k, p in kept.items() if not isinstance(p, conversation_model)}
    series = series_model.objects.live()
    if not every_series:
        series = series.filter(Q(path__in=parent_paths) | Q(pk__in=series_ids - {None}))
    if every_series or parent_paths or series_ids:
        for page in series:
            kept.setdefault(_key(page), page)
    return list(kept.values())


# -- purging after the commit ---------------------------------------------------


def frontend_cache_enabled() -> bool:
    """True if ``wagtail.contrib.frontend_cache`` is installed and a backend configured."""
    if not apps.is_installed(FRONTEND_CACHE_APP):
        return False
    try:
        return bool(get_backends())
    except Exception:
        logger.exception("wagtail_kindness: WAGTAILFRONTENDCACHE cannot be used")
        return False


def purge_changes(changes) -> None:
    """Purge the addresses of :func:`pages_to_purge` now, in one batch; never raises."""
    try:
        pages = pages_to_purge(changes)
        if not pages:
            return
        batch = PurgeBatch()
        batch.add_pages(pages)
        batch.purge()
    except Exception:
        logger.exception("wagtail_kindness: purging the front-end cache failed")


class _Pending:
    """The changes of one transaction, purged once, after it commits."""

    def __init__(self) -> None:
        self.changes: list = []
        self.done = False
        self.callback = self.run  # the object given to on_commit, to find it again

    def run(self) -> None:
        self.done = True
        changes, self.changes = self.changes, []
        purge_changes(changes)

    def is_waiting(self, connection) -> bool:
        """True while its callback waits for the commit (not run, not rolled back)."""
        if self.done:
            return False
        return any(func is self.callback for _sids, func, _robust in connection.run_on_commit)


def purge_after_commit(changes, *, using: str | None = None) -> None:
    """Purge the pages ``changes`` affect once the current transaction commits.

    At once outside a transaction; one purge per transaction however many
    times it is called (the changes are added to the pending ones).  Nothing
    if the front-end cache is not configured.
    """
    if not changes or not frontend_cache_enabled():
        return
    connection = transaction.get_connection(using)
    pending = getattr(connection, _PENDING_ATTR, None)
    if pending is None or not pending.is_waiting(connection):
        pending = _Pending()
        setattr(connection, _PENDING_ATTR, pending)
        pending.changes.extend(changes)
        transaction.on_commit(pending.callback, using=using)
        return
    pending.changes.extend(changes)

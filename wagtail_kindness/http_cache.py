"""HTTP caching of the plugin's pages: ``Cache-Control``, ``ETag`` and 304.

The one home of the policy for what the series and conversation pages
serve (their ``serve()`` calls :func:`serve`):

* **Public** (:func:`cacheable`): a GET or HEAD, not a preview, by an
  anonymous visitor, of a page with no view restriction (its own or an
  ancestor's).  Its responses (the archive and its ``?page=``, year, speaker
  and theme routes, a conversation page, both ``calendar.ics``, the feeds)
  get ``Cache-Control: public, max-age=M, stale-while-revalidate=S``
  (``WAGTAILKINDNESS_CACHE_CONTROL``; ``max_age`` 0 sends none).
* **Private**: everything else, the join routes (forms, per-visitor links),
  a route the plugin does not know (a site's subclass) that sets no
  ``Cache-Control`` itself, and a response that sets a cookie or holds a CSRF
  token, gets ``private, no-store`` (Django's ``add_never_cache_headers``).
  Previews never come here: Wagtail serves them with ``private`` (and its
  admin with ``no-store``).
* **304**: the HTML routes of a public request are answered 304 *before
  anything is rendered* when the visitor's ``ETag`` is current.  The ETag
  is made of what the HTML depends on: the page's publication timestamps,
  the version of every output (:class:`~wagtail_kindness.models.OutputsVersion`,
  replaced by every change the pages show: a conversation, a speaker, a
  document, a view restriction...), today's date (UTC), the language, the
  full address (scheme, host, path and query), the settings that shape the
  HTML, and the *horizon*: the first moment after the rendering at which the
  HTML would change by itself (the end of the "next conversation", a
  conversation page's start and end, whose sign-up link then goes).  The
  horizon is known only once rendered, so the ETag is kept in the cache
  ``WAGTAILKINDNESS_CACHE_ALIAS`` under the rest; past the horizon, or
  without that entry, the page is rendered again (200).  Each entry holds a
  random part: an ETag of a copy rendered before a deployment (or before
  the cache was emptied) never matches again.

``Vary``: the plugin adds none.  Django adds ``Vary: Cookie`` to a response
whose rendering read the session (``SessionMiddleware``: a site template
with Wagtail's user bar does) or a CSRF token, and ``Vary:
Accept-Language`` when ``LocaleMiddleware`` may take the language from the
request.  The plugin's own templates read neither, and :func:`cacheable`
does not touch the session of a request that carries no session cookie, so
a public page is the same for every anonymous visitor and carries no
``Vary: Cookie`` that would split a shared cache per visitor.  A logged-in
visitor's requests carry the session cookie: a front cache must pass them
to the site (Wagtail's and Varnish's usual rule); the site answers them
``private, no-store``.

Cost: the version is read once per request (one primary-key query, shared
with :mod:`wagtail_kindness.caching` while the page is served, see
:func:`current_version`), and whether the page is restricted is kept in the
cache under that version and the page's tree path (a restriction saved or
deleted replaces the version; a move changes the path): no query on a warm
request, one after a change.  A 304 costs the version's query on top of
Wagtail's routing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db.models import Q
from django.utils import timezone
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
)
from wagtail.models import Page, PageViewRestriction

from kindness_core.errors import KindnessInputError

from . import conf
from .languages import page_language

__all__ = [
    "HTML_ROUTES",
    "PRIVATE_ROUTES",
    "PUBLIC_ROUTES",
    "cacheable",
    "current_version",
    "etag_key",
    "finish",
    "restricted",
    "serve",
    "version_read_once",
]

logger = logging.getLogger(__name__)

#: Route methods whose HTML gets an ETag and 304s (``index_route``: Wagtail's
#: route of a routable page's own address; ``None``: a page served without one).
HTML_ROUTES = frozenset(
    {None, "index_route", "archive_route", "year_route", "speaker_route", "theme_route"}
)
#: Route methods with public Cache-Control, whose views send their own validators.
PUBLIC_ROUTES = frozenset(
    {"calendar_route", "calendar_plain_route", "rss_feed_route", "atom_feed_route"}
)
#: Route methods never stored: forms and per-visitor links.
PRIVATE_ROUTES = frozenset(
    {"join_route", "join_sent_route", "join_confirm_route", "join_cancel_route"}
)

_KEY = "wagtail_kindness:http"
_FAILED = object()


# -- the version, read once while a page is served ------------------------------


@dataclasses.dataclass
class _Box:
    value: tuple[str, dt.datetime | None] | None = None


_VERSION: ContextVar[_Box | None] = ContextVar("wagtail_kindness_version", default=None)


def current_version() -> tuple[str, dt.datetime | None]:
    """``OutputsVersion.current()``: read once inside :func:`version_read_once`.

    Outside it, one primary-key query each call.
    """
    box = _VERSION.get()
    if box is not None and box.value is not None:
        return box.value
    value = apps.get_model("wagtail_kindness", "OutputsVersion").current()
    if box is not None:
        box.value = value
    return value


@contextlib.contextmanager
def version_read_once() -> Iterator[None]:
    """In the block, :func:`current_version` reads the database once.

    Only around a GET or HEAD being served: a request that changes things
    reads the version again after its change.
    """
    if _VERSION.get() is not None:
        yield
        return
    token = _VERSION.set(_Box())
    try:
        yield
    finally:
        _VERSION.reset(token)


# -- the cache (optional: a failure means no validators, never an error) ---------


def _cache_get(key: str) -> Any:
    try:
        return caches[conf.cache_alias()].get(key)
    except Exception:  # any backend error: serve without it
        logger.warning("wagtail_kindness: cache read failed", exc_info=True)
        return _FAILED


def _cache_set(key: str, value: Any, timeout: int | None = None) -> bool:
    """Keep ``value``; False if the cache raised."""
    try:
        caches[conf.cache_alias()].set(
            key, value, timeout=conf.cache_timeout() if timeout is None else timeout
        )
    except Exception:
        logger.warning("wagtail_kindness: cache write failed", exc_info=True)
        return False
    return True


# -- who may be served a shared copy ---------------------------------------------


def _anonymous(request) -> bool:
    """True for an anonymous visitor; without a session cookie the session is not read."""
    user = getattr(request, "user", None)
    if user is None:
        return True  # no authentication middleware
    signed_in_elsewhere = "HTTP_AUTHORIZATION" in request.META or "REMOTE_USER" in request.META
    if settings.SESSION_COOKIE_NAME not in request.COOKIES and not signed_in_elsewhere:
        return True
    return not user.is_authenticated


def _restrictions_above(page):
    """The view restrictions of ``page`` and its ancestors, in one query.

    Wagtail's ``get_view_restrictions()`` reads the ancestors first (to put an
    alias's source in its place): here their paths come from the page's own
    path, and the sources of aliases among them from a subquery.  An alias
    has no restriction of its own, so the answer is Wagtail's.
    """
    steplen = page.steplen
    paths = [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
    sources = Page.objects.filter(path__in=paths, alias_of__isnull=False).values("alias_of_id")
    return PageViewRestriction.objects.filter(Q(page__path__in=paths) | Q(page_id__in=sources))


def restricted(page) -> bool:
    """True if ``page`` or an ancestor has a view restriction (password, log-in, groups).

    Kept in the cache under the version and the page's tree path: no query
    while neither changes, one after.
    """
    token, _changed = current_version()
    key = f"{_KEY}:restricted:{page.pk}:{page.path}:{token}"
    found = _cache_get(key)
    if isinstance(found, bool):
        return found
    answer = _restrictions_above(page).exists()
    if found is not _FAILED:
        _cache_set(key, answer)
    return answer


def cacheable(request, page) -> bool:
    """May a shared cache keep this request's response? (GET/HEAD, no preview,
    anonymous, no view restriction on the page or above it)."""
    if request.method not in ("GET", "HEAD"):
        return False
    if getattr(request, "is_preview", False):
        return False
    if not _anonymous(request):
        return False
    return not restricted(page)


# -- headers -------------------------------------------------------------------


def _shared(request, response, route: str | None, public: bool) -> bool | None:
    """``True``: a shared copy; ``False``: the visitor's own; ``None``: left to the view."""
    if not public or route in PRIVATE_ROUTES:
        return False
    if route not in HTML_ROUTES and route not in PUBLIC_ROUTES:
        # A site's own route: stored only if its view says so.
        return None if response.has_header("Cache-Control") else False
    if response.status_code not in (200, 304) or response.has_header("Cache-Control"):
        return None  # an error, a redirect, or the view's own policy
    # A cookie, or a form's CSRF token: this visitor's.
    return not (response.cookies or request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def finish(request, page, response, *, route: str | None = None, public: bool | None = None):
    """Set the response's ``Cache-Control`` by the policy; returns ``response``.

    ``route``: the route method's name (``None``: the page itself).
    ``public``: :func:`cacheable`, if already known.
    """
    if public is None:
        public = cacheable(request, page)
    shared = _shared(request, response, route, public)
    if shared is False:
        add_never_cache_headers(response)
    elif shared:
        max_age, stale = conf.cache_control()
        if max_age > 0:
            patch_cache_control(
                response, public=True, max_age=max_age, stale_while_revalidate=max(stale, 0)
            )
    return response


# -- ETag and 304 of the HTML routes ----------------------------------------------


def _settings_part() -> tuple:
    """The settings that shape the plugin's HTML."""
    return (
        conf.archive_per_page(),
        conf.upcoming_count(),
        conf.display_time_zones(),
        conf.base_template(),
    )


def _base(request, page, route: str | None) -> str:
    """Everything the HTML of ``route`` depends on, but the horizon."""
    token, _changed = current_version()
    parts = [
        type(page).__name__,
        page.pk,
        page.last_published_at,
        page.latest_revision_created_at,
        token,
        dt.datetime.now(dt.UTC).date(),
        page_language(page),
        route,
        request.build_absolute_uri(),
        _settings_part(),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def etag_key(request, page, route: str | None) -> str:
    """The cache key of the ETag (and horizon) of ``route`` of ``page`` for ``request``."""
    return f"{_KEY}:etag:{page.pk}:{_base(request, page, route)}"


def _next_after(moments, now: dt.datetime) -> dt.datetime | None:
    later = [m for m in moments if m is not None and m > now]
    return min(later) if later else None


def _series_horizon(series, response, now: dt.datetime) -> dt.datetime | None:
    """The first start or end of a coming conversation (what the "next" box shows)."""
    context = getattr(response, "context_data", None) or {}
    pages = context.get("schedule_pages")
    if pages is not None:
        now = pages.now
        items = series.upcoming(now=now, count=pages.count, pages=pages)
    else:  # a view of a site's own: one query
        items = series.upcoming(now=now, count=conf.upcoming_count())
    return _next_after([m for item in items for m in (item.start, item.end)], now)


def _conversation_horizon(page, now: dt.datetime) -> dt.datetime | None:
    """The conversation's start and end (its sign-up link goes when it ends)."""
    series = page.series_page()
    if series is None or page.start is None:
        return None
    return _next_after([page.start, series.core_series_base.end_of(page.start)], now)


def _horizon(page, response, now: dt.datetime) -> dt.datetime | None:
    if hasattr(page, "upcoming"):
        return _series_horizon(page, response, now)
    return _conversation_horizon(page, now)


def _stored(key: str) -> tuple[str, dt.datetime | None] | None:
    """The ``(etag, horizon)`` kept under ``key`` if it still holds, else ``None``."""
    stored = _cache_get(key)
    if not (isinstance(stored, tuple) and len(stored) == 2):
        return None
    etag, horizon = stored
    if horizon is not None and timezone.now() >= horizon:
        return None  # the HTML has changed by itself since
    return etag, horizon


def _not_modified(request, stored: tuple[str, dt.datetime | None] | None):
    """A 304 (or 412) if the visitor's copy is current, else ``None``."""
    if stored is None:
        return None
    etag = stored[0]
    response = get_conditional_response(request, etag=etag)
    if response is not None and response.status_code == 304:
        response.headers["ETag"] = etag
    return response


def _remember(page, response, key: str, stored) -> None:
    """Give a rendered 200 its ETag, kept until the horizon.

    The ETag kept is reused while the horizon is the same (the HTML is);
    a new one has a random part, so that a copy from before the cache was
    emptied (a deployment) is never confirmed.
    """
    now = timezone.now()
    try:
        horizon = _horizon(page, response, now)
    except KindnessInputError:  # an unusable stored schedule: no validator
        return
    if stored is not None and stored[1] == horizon:
        response.headers["ETag"] = stored[0]
        return
    etag = f'W/"{key.rpartition(":")[2]}-{secrets.token_hex(6)}"'
    timeout = conf.cache_timeout()
    if horizon is not None:
        timeout = max(1, min(timeout, int((horizon - now).total_seconds()) + 1))
    if _cache_set(key, (etag, horizon), timeout):
        response.headers["ETag"] = etag


# -- serve ---------------------------------------------------------------------


def _route_of(args: tuple, kwargs: dict) -> str | None:
    """The name of the route method ``RoutablePageMixin.serve`` is given (``None``: none)."""
    view = args[0] if args else kwargs.get("view")
    return getattr(view, "__name__", None) if view is not None else None


def serve(page, serve_page: Callable[..., Any], request, *args, **kwargs):
    """``serve_page(request, *args, **kwargs)`` (Wagtail's), with the policy.

    A public request for an HTML route is answered 304 before rendering if
    the visitor's ETag is current; the response gets its ETag and
    ``Cache-Control``.
    """
    if request.method not in ("GET", "HEAD"):
        return finish(request, page, serve_page(request, *args, **kwargs), public=False)
    route = _route_of(args, kwargs)
    with version_read_once():
        public = cacheable(request, page)
        key = stored = None
        if public and route in HTML_ROUTES:
            key = etag_key(request, page, route)
            stored = _stored(key)
            not_modified = _not_modified(request, stored)
            if not_modified is not None:
                return finish(request, page, not_modified, route=route, public=public)
        response = serve_page(request, *args, **kwargs)
        shared = _shared(request, response, route, public)
        fresh = response.status_code == 200 and not response.has_header("ETag")
        if key is not None and shared and fresh:
            _remember(page, response, key, stored)
        return finish(request, page, response, route=route, public=public)

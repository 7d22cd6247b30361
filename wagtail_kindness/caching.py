"""Caching and conditional GET for the calendar and the feeds of a series.

Each built output (``calendar.ics``, ``feed/``, ``feed/atom/``) is kept in
the Django cache ``WAGTAILKINDNESS_CACHE_ALIAS`` under a key made of:

* the series page's id and the output's name;
* a *state* read from the database in one aggregate query: the latest
  ``last_published_at`` / ``latest_revision_created_at`` of the series and
  of its live, public children, and how many there are (so unpublishing,
  deleting, moving or restricting a conversation changes it);
* a global *version* kept in the cache and replaced by the signal handlers
  of :mod:`wagtail_kindness.signals` whenever a conversation page is
  published, unpublished, moved or deleted, a speaker, a document or a view
  restriction changes;
* today's date in UTC (the calendar's ``DTSTAMP`` and its past months).

The same state gives the response's ``ETag`` and ``Last-Modified``, so a
conditional GET is answered with 304 before anything is built.

The cache is optional: if it raises, the output is built and served anyway
and, because the version is then unknown, sent without validators (no 304
can then be wrong).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import conf

logger = logging.getLogger(__name__)

VERSION_KEY = "wagtail_kindness:version"
_KEY_PREFIX = "wagtail_kindness:out"


def _cache():
    return caches[conf.cache_alias()]


def _new_version() -> tuple[str, float]:
    return (uuid.uuid4().hex, time.time())


def current_version() -> tuple[str, float] | None:
    """(token, time it was set) of the global version; ``None`` if the cache fails."""
    try:
        cache = _cache()
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _new_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # any backend error: serve without the cache
        logger.warning("wagtail_kindness: the cache is unavailable", exc_info=True)
        return None
    if not (isinstance(version, tuple) and len(version) == 2):
        return None
    return version


def bump_version() -> None:
    """Invalidate every cached calendar and feed (and change their ETags)."""
    try:
        _cache().set(VERSION_KEY, _new_version(), timeout=None)
    except Exception:
        logger.warning("wagtail_kindness: could not bump the cache version", exc_info=True)


def cache_get(key: str) -> Any:
    try:
        return _cache().get(key)
    except Exception:
        logger.warning("wagtail_kindness: cache read failed", exc_info=True)
        return None


def cache_set(key: str, value: Any) -> None:
    try:
        _cache().set(key, value, timeout=conf.cache_timeout())
    except Exception:
        logger.warning("wagtail_kindness: cache write failed", exc_info=True)


@dataclasses.dataclass(frozen=True)
class SeriesState:
    """What the outputs of one series depend on: gives the cache key and validators."""

    series_id: int
    digest: str
    last_modified: dt.datetime
    #: How many live, public conversations the series has (the archive's total).
    count: int = 0

    @property
    def etag(self) -> str:
        # Weak: the bytes can differ (DTSTAMP) while the content is the same.
        return f'W/"{self.digest}"'

    def key(self, output: str) -> str:
        return f"{_KEY_PREFIX}:{self.series_id}:{output}:{self.digest}"


def series_state(series, *, today: dt.date | None = None) -> SeriesState | None:
    """The state of ``series`` (one query), or ``None`` if the cache fails."""
    version = current_version()
    if version is None:
        return None
    from .models import ConversationPage
    from .queries import public_children_q

    # public_children_q: what .public() keeps, in this query (public() reads
    # every view restriction of the site in a query of its own first).
    found = ConversationPage.objects.child_of(series).live().filter(
        public_children_q(series)
    ).aggregate(
        count=Count("pk"),
        published=Max("last_published_at"),
        revised=Max("latest_revision_created_at"),
    )  # fmt: skip
    token, bumped = version
    moments = [
        found["published"],
        found["revised"],
        series.last_published_at,
        series.latest_revision_created_at,
        dt.datetime.fromtimestamp(bumped, tz=dt.UTC),
    ]
    last_modified = max(m for m in moments if m is not None)
    today = today or dt.datetime.now(dt.UTC).date()
    parts = [
        series.pk,
        found["count"],
        found["published"],
        found["revised"],
        series.last_published_at,
        series.latest_revision_created_at,
        token,
        today,
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return SeriesState(
        series_id=series.pk, digest=digest, last_modified=last_modified, count=found["count"]
    )


def cached_output(
    request, series, output: str, build: Callable[[], tuple[bytes, str]]
) -> HttpResponse:
    """Serve an output of ``series``: 304 if the client has it, else from the cache or built.

    ``build`` returns ``(body, content_type)``.
    """
    state = series_state(series)
    if state is not None:
        last_modified = int(state.last_modified.timestamp())
        not_modified = get_conditional_response(
            request, etag=state.etag, last_modified=last_modified
        )
        if not_modified is not None:
            if not_modified.status_code == 304:
                _set_validators(not_modified, state)
            return not_modified
    stored = cache_get(state.key(output)) if state is not None else None
    if isinstance(stored, tuple) and len(stored) == 2:
        body, content_type = stored
    else:
        body, content_type = build()
        if state is not None:
            cache_set(state.key(output), (body, content_type))
    response = HttpResponse(body, content_type=content_type)
    if state is not None:
        _set_validators(response, state)
    return response


def _set_validators(response: HttpResponse, state: SeriesState) -> None:
    response.headers["ETag"] = state.etag
    response.headers["Last-Modified"] = http_date(state.last_modified.timestamp())

"""Caching and conditional GET for the calendar, the feeds and the archive of a series.

Each built output (``calendar.ics``, ``feed/``, ``feed/atom/``, the
archive's list) is kept in the Django cache ``WAGTAILKINDNESS_CACHE_ALIAS``
under a key made of:

* the series page's id and the output's name;
* the language it is rendered in (the active one: the page's, see
  :mod:`wagtail_kindness.languages`), so that a visitor never gets another
  language's copy, nor a 304 for it;
* the series' own ``last_published_at`` / ``latest_revision_created_at``;
* a global *version* kept in the database
  (:class:`wagtail_kindness.models.OutputsVersion`, one row read by primary
  key) and replaced (``OutputsVersion.bump()``) by the signal handlers of
  :mod:`wagtail_kindness.signals`
  in the transaction of the change: a conversation or series page
  published, unpublished, saved, moved or deleted, a speaker, a document, a
  view restriction or a site changed.  Being in the database, a change made by one process is
  seen by every other one, whatever their caches;
* today's date in UTC (the calendar's ``DTSTAMP`` and its past months).

This *state* costs one primary-key query, whatever the size of the archive.
It also gives the response's ``ETag`` and ``Last-Modified`` (the latest of
the series' timestamps and the version's), so a conditional GET is answered
with 304 before anything is built.

The archive's entries are kept apart, each under :func:`entry_key` (a
digest of what the entry shows, not the version): a change re-renders only
the entries it touches (:mod:`wagtail_kindness.views.archive`).

The cache is optional: if it raises, the output is built and served anyway,
without validators.  A failure to read the version is a database failure and
is not caught.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from . import conf, http_cache

logger = logging.getLogger(__name__)

_KEY_PREFIX = "wagtail_kindness:out"

#: What :func:`cache_get` returns when the cache raised (a miss is ``None``).
CACHE_FAILED = object()


def _cache():
    return caches[conf.cache_alias()]


def cache_get(key: str) -> Any:
    """The value under ``key``: ``None`` if missing, :data:`CACHE_FAILED` if the cache raised."""
    try:
        return _cache().get(key)
    except Exception:  # any backend error: serve without the cache
        logger.warning("wagtail_kindness: cache read failed", exc_info=True)
        return CACHE_FAILED


def cache_get_many(keys: list[str]) -> Any:
    """The values found under ``keys`` (a dict, the missing ones left out), or
    :data:`CACHE_FAILED` if the cache raised."""
    if not keys:
        return {}
    try:
        return _cache().get_many(keys)
    except Exception:
        logger.warning("wagtail_kindness: cache read failed", exc_info=True)
        return CACHE_FAILED


def entry_key(page_id: int, parts: Any) -> str:
    """The key of one archive entry's HTML: its page and a digest of ``parts``
    (everything the entry shows and the request it is shown to, see
    :mod:`wagtail_kindness.views.archive`).  Not tied to the series state: an
    entry stays cached until what it shows changes (or the timeout)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f"{_KEY_PREFIX}:entry:{page_id}:{digest}"


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
    #: The language the outputs are rendered in (part of ``digest`` too).
    language: str = ""

    @property
    def etag(self) -> str:
        # Weak: the bytes can differ (DTSTAMP) while the content is the same.
        return f'W/"{self.digest}"'

    def key(self, output: str) -> str:
        return f"{_KEY_PREFIX}:{self.series_id}:{self.language}:{safe_part(output)}:{self.digest}"


#: The longest part of a key kept as it is (memcached refuses keys over 250 characters).
_PART_MAX = 100


def safe_part(text: str) -> str:
    """``text`` as a part of a cache key: as it is if short and printable, else its digest.

    A route's part comes from the address (a speaker's slug of 2,000 letters,
    a space): memcached refuses keys over 250 characters or with a space or a
    control character, so those are replaced by their SHA-256.
    """
    if len(text) <= _PART_MAX and not any(ord(c) < 33 or ord(c) == 127 for c in text):
        return text
    return "sha256-" + hashlib.sha256(text.encode()).hexdigest()


#: Last-Modified of a series never published (not served normally).
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def series_state(
    series, *, today: dt.date | None = None, language: str | None = None
) -> SeriesState:
    """The state of ``series`` in ``language`` (default: the active one): one
    primary-key query (the version), shared with the rest of the request
    while a page is served (:func:`wagtail_kindness.http_cache.current_version`)."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    # One primary-key query (OutputsVersion), once per GET served by http_cache.serve().
    token, changed_at = http_cache.current_version()
    moments = [series.last_published_at, series.latest_revision_created_at, changed_at]
    known = [m for m in moments if m is not None]
    last_modified = max(known) if known else _EPOCH
    today = today or dt.datetime.now(dt.UTC).date()
    parts = [
        series.pk,
        series.last_published_at,
        series.latest_revision_created_at,
        token,
        today,
        language,
    ]
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return SeriesState(
        series_id=series.pk, digest=digest, last_modified=last_modified, language=language
    )


def cached_output(
    request, series, output: str, build: Callable[[], tuple[bytes, str]]
) -> HttpResponse:
    """Serve an output of ``series``: 304 if the client has it, else from the cache or built.

    ``build`` returns ``(body, content_type)``.  The cache is read first:
    if it raises, the output is built and sent without validators (and a
    conditional GET gets the whole output, as with no cache at all).
    """
    state = series_state(series)
    stored = cache_get(state.key(output))
    if stored is CACHE_FAILED:  # no validator, so no 304, while the cache is down
        body, content_type = build()
        return HttpResponse(body, content_type=content_type)
    last_modified = int(state.last_modified.timestamp())
    not_modified = get_conditional_response(request, etag=state.etag, last_modified=last_modified)
    if not_modified is not None:
        if not_modified.status_code == 304:
            _set_validators(not_modified, state)
        return not_modified
    if isinstance(stored, tuple) and len(stored) == 2:
        body, content_type = stored
    else:
        body, content_type = build()
        cache_set(state.key(output), (body, content_type))
    response = HttpResponse(body, content_type=content_type)
    _set_validators(response, state)
    return response


def _set_validators(response: HttpResponse, state: SeriesState) -> None:
    response.headers["ETag"] = state.etag
    response.headers["Last-Modified"] = http_date(state.last_modified.timestamp())

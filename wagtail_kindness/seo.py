"""Structured data and social meta tags of the series and conversation pages.

* JSON-LD: :func:`kindness_core.formats.jsonld.series_jsonld` (an ``EventSeries``
  with its ``eventSchedule``; each conversation page carries its own event)
  and :func:`kindness_core.formats.jsonld.conversation_jsonld` (an ``Event``), with
  absolute URLs from the Wagtail site.  A recording becomes a
  ``VideoObject`` only when it has everything search engines require
  (``name``, ``description``, ``uploadDate`` and ``thumbnailUrl``, which is
  known for YouTube videos); otherwise it is left out.  An audio recording or
  podcast episode is an ``AudioObject``.
* Both in the page's language: ``inLanguage`` (a BCP 47 tag), and an
  untitled conversation's name is its stored title ("Juillet 2022").
* Open Graph and Twitter card tags, and the ``<link rel="alternate">`` of
  the feeds and the calendar (:func:`head_context`).

The template tags of ``{% load wagtail_kindness_seo %}`` call these.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import to_locale
from wagtail.models import Site
from wagtail.rich_text import get_text_for_indexing

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonld import conversation_jsonld, series_jsonld

from . import conf
from .embeds import youtube_id
from .languages import page_language, with_stored_title
from .models import ConversationPage

Json = dict[str, Any]


def _bcp47(language: str) -> str:
    """A Django language code as a BCP 47 tag: ``en-gb`` → ``en-GB``."""
    return to_locale(language).replace("_", "-")


def _site_name(request) -> str:
    site = Site.find_for_request(request) if request is not None else None
    return site.site_name if site and site.site_name else ""


def organizer(request) -> Any:
    """``WAGTAILKINDNESS_JSONLD_ORGANIZER``, else the Wagtail site's name (or ``None``)."""
    return conf.jsonld_organizer() or _site_name(request) or None


def _complete_video(video: Json) -> Json | None:
    """The VideoObject with a ``thumbnailUrl``, or ``None`` if none is known.

    Only a video needs a thumbnail: an ``AudioObject`` is kept as it is.
    """
    if video.get("@type") != "VideoObject" or video.get("thumbnailUrl"):
        return video
    address = video.get("embedUrl") or video.get("contentUrl") or ""
    youtube = youtube_id(address)
    if youtube is None:
        return None
    return {**video, "thumbnailUrl": f"https://i.ytimg.com/vi/{youtube}/hqdefault.jpg"}


def _complete_event(event: Json) -> Json:
    videos = event.pop("recordedIn", None)
    if videos is None:
        return event
    kept = [v for v in map(_complete_video, videos if isinstance(videos, list) else [videos]) if v]
    if kept:
        event["recordedIn"] = kept[0] if len(kept) == 1 else kept
    return event


def series_data(request, series, pages=None) -> Json | None:
    """The series' ``EventSeries`` (its conversations carry their own ``Event``).

    ``pages``: the series' :class:`~wagtail_kindness.models.SchedulePages`, if
    the view read them (the schedule's exceptions are then not read again).
    """
    exceptions = pages.exceptions if pages is not None else None
    try:
        core_series = series.to_core_series(request, exceptions=exceptions)
    except KindnessInputError:
        return None
    data = series_jsonld(
        Archive(series=core_series),
        url=series.get_full_url(request),
        organizer=organizer(request),
        events=False,
    )
    data["inLanguage"] = _bcp47(page_language(series))
    return data


def conversation_data(request, page) -> Json | None:
    """The conversation's ``Event`` (``None`` outside a series)."""
    series = page.series_page()
    if series is None or page.date is None:
        return None
    try:
        conversation = page.to_core(series=series, request=request)
    except KindnessInputError:
        return None
    data = conversation_jsonld(
        series.core_series_base,
        with_stored_title(conversation, page),  # an untitled one: its month, in its language
        organizer=organizer(request),
        series_url=series.get_full_url(request),
    )
    data["inLanguage"] = _bcp47(page_language(page))
    return _complete_event(data)


def _plain(rich: str) -> str:
    return get_text_for_indexing(rich) if rich else ""


def _page_url(request, page) -> str:
    """The full URL of the page, with the route (``2023/``, ``speakers/…/``) if any."""
    full = page.get_full_url(request) or ""
    relative = page.get_url(request) or ""
    path = getattr(request, "path", "")
    if full and relative and path.startswith(relative):
        return full + path[len(relative) :]
    return full


def head_context(request, page, *, title: str | None = None) -> dict[str, Any]:
    """Meta tags and alternate links for a series or conversation page."""
    is_conversation = isinstance(page, ConversationPage)
    series = page.series_page() if is_conversation else page
    if is_conversation:
        # No description or standfirst: the body's text, as in the JSON-LD.
        description = page.search_description or page.standfirst or page.summary_text()
    else:
        description = page.search_description or _plain(page.intro)
    description = " ".join(description.split())
    if len(description) > 300:
        description = description[:297].rstrip() + "…"
    context: dict[str, Any] = {
        "title": title or page.seo_title or page.title,
        "description": description,
        "url": _page_url(request, page),
        "type": "article" if is_conversation else "website",
        "site_name": _site_name(request),
        "series": series,
        "rss_url": None,
        "atom_url": None,
        "calendar_url": None,
        "webcal_url": None,
    }
    if series is not None and series.live and series.get_url(request):
        context.update(
            rss_url=series.feed_url(request),
            atom_url=series.feed_url(request, atom=True),
            calendar_url=series.calendar_url(request),
            webcal_url=series.webcal_url(request),
        )
    return context

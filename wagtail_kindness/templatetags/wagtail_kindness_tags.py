"""Template tags: ``{% load wagtail_kindness_tags %}``.

* ``{% next_conversation [series] as item %}``
* ``{% upcoming_conversations [series] [count=3] as items %}``: without a
  series, the page's (or the first series in the page's locale, with
  Wagtail's i18n: the current language's otherwise), never another language's
* ``{{ day|kindness_day }}``: a date in the active language's words
  ("Thursday 17 December", "jeudi 17 décembre"; ``kindness_day:"year"`` adds the year)
* ``{% conversation_times start ["Zone/One" …] %}``: one start in several zones
* ``{% kindness_time start [zone] %}``: a ``<time>`` in the series' zone with
  its UTC instant, for ``local-times.js`` (built here, not a template per call)
* ``{% kindness_cached_archive %}…{% endkindness_cached_archive %}``: the
  archive's list, served from the cache the archive view looked up
* ``{% kindness_archive_entry entry %}``: one entry of that list, from its own
  cache or rendered (``includes/archive_entry.html``) and kept
* ``{% conversation_people page as people %}`` / ``{% conversation_themes page as themes %}``:
  the people with their speakers, the themes with their tags, one query each
* ``{% kindness_route_url series "theme_route" slug as url %}``: the address of a
  speaker's or theme's archive, or ``""`` when the slug cannot have one (the
  name is then shown without a link, never a 500)
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl
from wagtail.models import Locale

from kindness_core.schedule.dates import format_day, format_when

from .. import caching, conf, queries
from ..languages import i18n_enabled, output_locale
from ..models import ConversationSeriesPage, UpcomingConversation

register = template.Library()


def _series(context, series):
    if isinstance(series, ConversationSeriesPage):
        return series
    page = context.get("series") or context.get("page")
    if isinstance(page, ConversationSeriesPage):
        return page
    found = ConversationSeriesPage.objects.live().public()
    if i18n_enabled():  # the current page's locale, else the active language's
        locale_id = getattr(context.get("page"), "locale_id", None)
        found = found.filter(locale_id=locale_id or Locale.get_active().pk)
    return found.order_by("path").first()


@register.simple_tag(takes_context=True)
def next_conversation(context, series=None) -> UpcomingConversation | None:
    """The next conversation of ``series`` (or of the page's / the first series)."""
    series = _series(context, series)
    return series.next_conversation(now=timezone.now()) if series else None


@register.simple_tag(takes_context=True)
def upcoming_conversations(context, series=None, count=None) -> list[UpcomingConversation]:
    series = _series(context, series)
    if series is None:
        return []
    return series.upcoming(now=timezone.now(), count=int(count or conf.upcoming_count()))


def _describe(start: dt.datetime, zone: str) -> dict[str, str]:
    return {
        "utc_iso": start.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "zone": zone,
        "text": format_when(start, zone, output_locale()),
    }


@register.filter
def kindness_day(day, arg: str = "") -> str:
    """A date (or a datetime's date) in the active language's words, without its
    year unless ``arg`` is ``"year"``: "Thursday 17 December", "jeudi 17 décembre"."""
    if not isinstance(day, dt.date):
        return ""
    if isinstance(day, dt.datetime):
        day = day.date()
    return format_day(day, output_locale(), year=arg == "year")


def _zone_of(start: dt.datetime, zone: str | None) -> str:
    if zone:
        return zone
    key = getattr(start.tzinfo, "key", None)
    return key or "UTC"


@register.simple_tag
def kindness_time(start: dt.datetime | None, zone: str | None = None) -> str:
    """``<time datetime="…Z">Thursday 15 February 2024, 6:00pm UK time</time>``."""
    if start is None:
        return ""
    found = _describe(start, _zone_of(start, zone))
    # js/local-times.js adds the visitor's own time in these words, in the page's language.
    yours = pgettext("the visitor's own time, added in the browser", "your time: {time}")
    return format_html(
        '<time datetime="{}" data-kindness-local data-kindness-zone="{}" '
        'data-kindness-yours="{}">{}</time>',
        found["utc_iso"],
        found["zone"],
        yours,
        found["text"],
    )


@register.simple_tag
def conversation_times(start: dt.datetime | None, *zones: str) -> str:
    """The start in its own zone, then in ``zones`` (default: the DISPLAY_TIME_ZONES setting)."""
    if start is None:
        return ""
    own = _zone_of(start, None)
    wanted = [own, *(z for z in (zones or conf.display_time_zones()) if z != own)]
    times = [_describe(start, z) for z in wanted]
    return render_to_string("wagtail_kindness/includes/conversation_times.html", {"times": times})


@register.simple_tag
def conversation_people(page) -> list:
    """The page's people, each with its speaker and photo, in one query."""
    return queries.people_of(page)


@register.simple_tag(takes_context=True)
def kindness_route_url(context, series, route: str, slug) -> str:
    """Wagtail's ``{% routablepageurl %}`` for a slug, or ``""`` if the route cannot take it."""
    if not slug:
        return ""
    try:
        return routablepageurl(context, series, route, slug)
    except NoReverseMatch:
        return ""


@register.simple_tag
def conversation_themes(page) -> list:
    """The page's themes (``ConversationTheme`` rows with ``.tag``), in one query."""
    return queries.themes_of(page)


class CachedArchiveNode(template.Node):
    """Renders its content, or the HTML the archive view found in the cache.

    The view (``wagtail_kindness.views.archive``) puts ``archive_html`` (a
    hit) and ``archive_cache_key`` in the context; on a miss the rendered
    content is stored under that key.  Without them (a preview, a failing
    cache, a query string other than ``?page=``) the content is rendered as usual.
    """

    def __init__(self, nodelist) -> None:
        self.nodelist = nodelist

    def render(self, context) -> str:
        html = context.get("archive_html")
        if isinstance(html, str):
            return mark_safe(html)  # noqa: S308 - this template's own output, cached (2026-11-26)  # nosec B308
        rendered = self.nodelist.render(context)
        key = context.get("archive_cache_key")
        if key:
            caching.cache_set(key, str(rendered))
        return rendered


#: The markup of one archive entry (``{% kindness_archive_entry %}``).
ENTRY_TEMPLATE = "wagtail_kindness/includes/archive_entry.html"


@register.simple_tag(takes_context=True)
def kindness_archive_entry(context, entry) -> str:
    """One archive entry: its HTML found in the cache, else ``includes/archive_entry.html``.

    Rendered with ``entry`` and ``request`` only (never the page's other
    variables, so that one entry's HTML is the same on every route that
    lists it), then kept under ``entry.cache_key`` when the view gave one
    (not in a preview, nor while the cache fails).
    """
    html = getattr(entry, "html", None)
    if isinstance(html, str):
        return mark_safe(html)  # noqa: S308 - this template's own output, cached  # nosec B308
    template = context.template.engine.get_template(ENTRY_TEMPLATE)
    rendered = template.render(context.new({"entry": entry, "request": context.get("request")}))
    key = getattr(entry, "cache_key", None)
    if key:
        caching.cache_set(key, (entry.start, str(rendered)))
    return rendered


@register.tag("kindness_cached_archive")
def kindness_cached_archive(parser, token) -> CachedArchiveNode:
    nodelist = parser.parse(("endkindness_cached_archive",))
    parser.delete_first_token()
    return CachedArchiveNode(nodelist)

"""Template tags for machine-readable output: ``{% load wagtail_kindness_seo %}``.

* ``{% kindness_head_tags [title] %}``: Open Graph and Twitter card tags, the
  description and the ``<link rel="alternate">`` of the feeds and calendar
  (template ``wagtail_kindness/includes/head_tags.html``); for the page's
  ``<head>``.
* ``{% kindness_jsonld %}``: the page's schema.org JSON-LD in a
  ``<script type="application/ld+json">`` that no text can break out of.
* ``{% kindness_add_to_calendar %}``: "Add to calendar" links of a
  conversation page and the series' subscription link (template
  ``wagtail_kindness/includes/add_to_calendar.html``).
"""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from kindness_core.formats.jsonld import to_script_tag

from .. import seo
from ..models import ConversationPage, ConversationSeriesPage

register = template.Library()


def _page(context, page=None):
    page = page or context.get("page") or context.get("self")
    return page if isinstance(page, ConversationPage | ConversationSeriesPage) else None


@register.inclusion_tag("wagtail_kindness/includes/head_tags.html", takes_context=True)
def kindness_head_tags(context, title=None, page=None):
    page = _page(context, page)
    if page is None:
        return {}
    return seo.head_context(context.get("request"), page, title=title)


@register.simple_tag(takes_context=True)
def kindness_jsonld(context, page=None) -> str:
    page = _page(context, page)
    request = context.get("request")
    if page is None:
        return ""
    if isinstance(page, ConversationPage):
        data = seo.conversation_data(request, page)
    else:
        data = seo.series_data(request, page, context.get("schedule_pages"))
    return mark_safe(to_script_tag(data)) if data else ""  # noqa: S308 - escaped by the core (2026-11-26)  # nosec B308


@register.inclusion_tag("wagtail_kindness/includes/add_to_calendar.html", takes_context=True)
def kindness_add_to_calendar(context, page=None):
    page = _page(context, page)
    request = context.get("request")
    if isinstance(page, ConversationSeriesPage):
        links = {"subscribe": page.webcal_url(request), "rss": page.feed_url(request)}
        return {"links": links, "page": page}
    if page is None:
        return {"links": {}}
    return {"links": page.calendar_links(request), "page": page}

"""Template tags of joining: ``{% load wagtail_kindness_joining %}``.

* ``{% kindness_join_url series [page] as url %}``: the address of the
  series' sign-up form (``join/``), with ``?date=`` for a coming
  conversation's own page; ``""`` when the series does not take sign-ups or
  the conversation is over, cancelled or postponed without a date.  A plain
  address, the same for every visitor: the pages showing it can be cached.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.utils import timezone

from kindness_core.errors import KindnessInputError

from ..joining import links
from ..joining.meetings import meeting_of_page
from ..models import ConversationPage, JoinMode

register = template.Library()


@register.simple_tag(takes_context=True)
def kindness_join_url(context, series, page=None) -> str:
    if series is None or getattr(series, "join_mode", None) != JoinMode.SIGNUP:
        return ""
    request = context.get("request")
    if not isinstance(page, ConversationPage):
        return links.route_path(series, "join_route", request)
    if not page.date:
        return ""
    try:
        meeting = meeting_of_page(series, page)
    except KindnessInputError:  # an unusable stored time or zone: no link, never a 500
        return ""
    if not meeting.is_on or meeting.has_ended(timezone.now()):
        return ""
    query = urlencode({"date": page.date.isoformat()})
    return f"{links.route_path(series, 'join_route', request)}?{query}"

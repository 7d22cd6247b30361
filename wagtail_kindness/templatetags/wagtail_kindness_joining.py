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

from ..joining.meetings import Meeting
from ..models import ConversationPage, JoinMode

register = template.Library()


def _join_base(series, request) -> str:
    base = series.get_url(request) or "/"
    base = base if base.endswith("/") else base + "/"
    return base + series.reverse_subpage("join_route").lstrip("/")


@register.simple_tag(takes_context=True)
def kindness_join_url(context, series, page=None) -> str:
    if series is None or getattr(series, "join_mode", None) != JoinMode.SIGNUP:
        return ""
    request = context.get("request")
    if not isinstance(page, ConversationPage):
        return _join_base(series, request)
    if not page.date:
        return ""
    try:
        start = page.effective_start(series)
        end = series.core_series_base.end_of(start)
    except KindnessInputError:  # an unusable stored time or zone: no link, never a 500
        return ""
    meeting = Meeting(
        series=series, date=page.date, start=start, end=end, status=page.status, page=page
    )
    if not meeting.is_on or meeting.has_ended(timezone.now()):
        return ""
    return f"{_join_base(series, request)}?{urlencode({'date': page.date.isoformat()})}"

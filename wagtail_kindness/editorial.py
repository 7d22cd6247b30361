"""What editors still have to do: the follow-ups of past meetings, and the series they work on.

Shared by the conversations listing (``views/listing.py``) and the dashboard
panel (``dashboard.py``), so that both count the same pages:

* a *follow-up* is a resource added after a meeting: the ``summary`` and
  ``recording`` blocks of :class:`~wagtail_kindness.blocks.ResourcesBlock`;
* a follow-up is *available* when one of its blocks is not
  :attr:`~wagtail_kindness.blocks.ResourceValue.is_pending` (it has a
  document or a usable address), *pending* when it is announced and nothing is
  there yet, *none* when the page has no such block;
* a page *misses* a follow-up when the meeting took place (its start is past
  and it was not cancelled) and the follow-up is not available.

Reading the resources of many pages costs one query for the pages and one per
kind of document block, whatever their number (:func:`~wagtail_kindness.streams.prefetch_stream`).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kindness_core.series import Status

from .blocks import RESOURCE_LABELS, ResourcesBlock
from .forms import REQUESTED_DATE
from .models import ConversationPage
from .permissions import series_for_user
from .streams import prefetch_stream

__all__ = [
    "FOLLOW_UPS",
    "FollowUp",
    "children_of",
    "follow_up_label",
    "follow_up_state",
    "missing_follow_ups",
    "remember_requested_date",
    "took_place",
    "user_series",
    "with_resources",
]

#: The follow-ups, by block type of ``ResourcesBlock``, in the order they are shown.
FOLLOW_UPS = ("recording", "summary")


class FollowUp(enum.StrEnum):
    AVAILABLE = "available"
    PENDING = "pending"
    NONE = "none"

    @property
    def label(self):
        return _STATE_LABELS[self]


_STATE_LABELS = {
    FollowUp.AVAILABLE: _("Available"),
    FollowUp.PENDING: _("Pending"),
    FollowUp.NONE: pgettext_lazy("follow-up", "None"),
}


def follow_up_label(block_type: str):
    """The name of a follow-up as editors see it ("Recording", "Insights and summary"), lazily."""
    kind = ResourcesBlock.base_blocks[block_type].meta.resource_kind
    return RESOURCE_LABELS[kind]


def user_series(request) -> list:
    """The series pages the request's user may work on (read once per request)."""
    memo = getattr(request, "wagtail_kindness_user_series", None)
    if memo is None:
        memo = list(series_for_user(request.user))
        request.wagtail_kindness_user_series = memo
    return memo


def children_of(series_pages: Iterable) -> Q:
    """The conversation pages right below any of ``series_pages`` (no page: none)."""
    condition = Q(pk__in=[])
    for series in series_pages:
        condition |= Q(path__startswith=series.path, depth=series.depth + 1)
    return condition


def took_place(now: dt.datetime) -> Q:
    """Meetings that started before ``now`` and were not cancelled."""
    return Q(start__lt=now) & ~Q(status=Status.CANCELLED)


def with_resources(pages) -> list[ConversationPage]:
    """The pages of a queryset, their resources converted in a few queries for all of them."""
    pages = list(pages)
    prefetch_stream(pages, "resources")
    return pages


def follow_up_state(page: ConversationPage, block_type: str) -> FollowUp:
    """Whether ``page`` has the follow-up ``block_type``: available, pending or none.

    Read the pages with :func:`with_resources` first: a lazy ``resources``
    value reads its documents page by page.
    """
    blocks = [child for child in page.resources if child.block_type == block_type]
    if not blocks:
        return FollowUp.NONE
    if any(not child.value.is_pending for child in blocks):
        return FollowUp.AVAILABLE
    return FollowUp.PENDING


def missing_follow_ups(
    page: ConversationPage, block_types: Sequence[str] = FOLLOW_UPS
) -> list[str]:
    """The block types of ``block_types`` that ``page`` has not available."""
    return [bt for bt in block_types if follow_up_state(page, bt) is not FollowUp.AVAILABLE]


def remember_requested_date(request, parent_page, page_class):
    """``before_create_page`` hook: keep ``?date=YYYY-MM-DD`` for the new conversation's form.

    Wagtail builds the add form without the request; the series page it is
    given is the one this hook sees, so the date travels on it
    (:data:`wagtail_kindness.forms.REQUESTED_DATE`).  A date that is not a
    valid day between 1900 and 2999 is ignored (the usual next free date is
    offered).
    """
    if not issubclass(page_class, ConversationPage) or request.method != "GET":
        return None
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return None
    if 1900 <= day.year <= 2999:
        setattr(parent_page, REQUESTED_DATE, day)
    return None

"""A private conversation page neither shows in nor changes any public output.

The class: each way a page is not public (a password, a login, a group
restriction; a draft never published; approved to go live later;
unpublished) crossed with each status that moves the schedule (scheduled
on the next meeting's date, cancelled, postponed).  Every public output of
the series is read before and after the page is added, and must be the same
(less the calendar's ``DTSTAMP``): "next conversation", the upcoming list,
JSON-LD, the calendar, the feeds, the API.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from kindness_factories import add_conversation, third_thursday
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db

URLS = [
    "/conversations/",
    "/conversations/calendar.ics",
    "/conversations/feed/",
    "/conversations/feed/atom/",
    "/api/v2/pages/?type=wagtail_kindness.ConversationPage&fields=*",
]
_STAMP = re.compile(rb"^DTSTAMP:.*\r\n", re.MULTILINE)


def _read(client) -> dict[str, bytes]:
    found = {}
    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        found[url] = _STAMP.sub(b"", response.content)
    return found


def _next_meeting(series) -> dt.date:
    return series.base_schedule().next(after=timezone.now()).start.date()


def _hide(page, how: str) -> None:
    if how in ("password", "login", "groups"):
        fields = {"password": "secret"} if how == "password" else {}
        restriction = PageViewRestriction.objects.create(page=page, restriction_type=how, **fields)
        if how == "groups":
            restriction.groups.add(Group.objects.create(name="Volunteers"))
    elif how == "unpublished":
        page.unpublish()


def _add_private(series, how: str, status: str):
    day = _next_meeting(series)
    fields = {}
    if status == "postponed":
        fields = {"postponed_date": day + dt.timedelta(days=21)}
    live = how not in ("draft", "scheduled")
    page = add_conversation(
        series, day, title="Private kindness", status=status, live=live, **fields
    )
    if how == "scheduled":
        page.go_live_at = timezone.now() + dt.timedelta(days=3)
        page.save_revision().publish()  # approved, not live until then
        page.refresh_from_db()
        assert not page.live
    _hide(page, how)
    return page


@pytest.mark.parametrize("status", ["scheduled", "cancelled", "postponed"])
@pytest.mark.parametrize(
    "how", ["password", "login", "groups", "draft", "scheduled", "unpublished"]
)
def test_a_private_page_changes_no_public_output(client, series, how, status):
    add_conversation(series, third_thursday(2024, 2), title="Public kindness")
    before = _read(client)
    assert b"Private kindness" not in b"".join(before.values())
    _add_private(series, how, status)
    after = _read(client)
    for url in URLS:
        assert b"Private kindness" not in after[url], url
        assert after[url] == before[url], f"{url} changed ({how}, {status})"


def test_the_next_conversation_is_the_schedules_date(client, series):
    """The reported case: a password page on the next date must not push "next" a month on."""
    day = _next_meeting(series)
    _add_private(series, "password", "scheduled")
    [item] = series.upcoming(now=timezone.now(), count=1)
    assert item.start.date() == day
    assert item.page is None

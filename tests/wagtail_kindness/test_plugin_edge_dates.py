"""Conversation dates outside the years 1900-2999 never reach the outputs.

The admin refuses them (``ConversationPage.clean``) and so does the core
(:data:`kindness_core.models.CONVERSATION_YEARS`): ``kindness_import``
refuses a JSON document holding one, in one line, writing nothing.  A page
stored with one outside the admin (a shell, a data migration) is left out of
the series' calendar and feeds, with an error in the log, instead of making
them fail; ``kindness_export`` refuses to export it, naming the page.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from kindness_factories import add_conversation
from wagtail.models import Page, Revision

from wagtail_kindness.models import ConversationPage, Speaker

pytestmark = pytest.mark.django_db
CALENDAR = "/conversations/calendar.ics"
FEEDS = ("/conversations/feed/", "/conversations/feed/atom/")


def state() -> tuple:
    return (Page.objects.count(), Revision.objects.count(), ConversationPage.objects.count(),
            Speaker.objects.count())  # fmt: skip


def export() -> dict:
    out = io.StringIO()
    call_command("kindness_export", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("start", "9999-12-31T23:00:00+00:00"),
        ("start", "0001-01-02T00:00:00+00:00"),
        ("start", "3000-01-01T00:00:00+00:00"),
        ("start", "1899-12-31T12:00:00+00:00"),
        ("end", "9999-12-31T23:59:59+00:00"),
        ("previous_start", "0001-01-01T18:00:00+00:00"),
    ],
)
def test_an_imported_document_with_a_date_out_of_range_is_refused(
    series, tmp_path, field: str, value: str
) -> None:
    add_conversation(series, dt.date(2024, 2, 15), title="February")
    document = export()
    document["conversations"][0][field] = value
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    before = state()
    with pytest.raises(CommandError) as caught:
        call_command("kindness_import", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message
    assert f"conversations[0].{field}: out of range: give a date between 1900 and 2999" in message
    assert state() == before


@pytest.fixture(params=[1, 1850, 1899, 3000, 3500, 9999])
def stored_out_of_range(request, series):
    """A series with a good conversation and one whose date was changed outside the admin."""
    add_conversation(series, dt.date(2024, 1, 18), title="January")
    page = add_conversation(series, dt.date(2024, 2, 15), title="Far away")
    year = request.param
    ConversationPage.objects.filter(pk=page.pk).update(
        date=dt.date(year, 2, 15), start=dt.datetime(year, 2, 15, 18, tzinfo=dt.UTC)
    )
    return ConversationPage.objects.get(pk=page.pk)


def test_the_calendar_leaves_the_page_out(client, stored_out_of_range, caplog) -> None:
    with caplog.at_level(logging.ERROR, logger="wagtail_kindness"):
        response = client.get(CALENDAR)
    assert response.status_code == 200
    body = response.content.decode()
    assert "January" in body
    assert "Far away" not in body
    if stored_out_of_range.date.year > 1:  # year 1 is before the calendar's window: not read
        assert "is left out of the calendar and feeds" in caplog.text


@pytest.mark.parametrize("feed", FEEDS)
def test_the_feeds_leave_the_page_out(client, stored_out_of_range, feed) -> None:
    response = client.get(feed)
    assert response.status_code == 200
    assert "January" in response.content.decode()
    assert "Far away" not in response.content.decode()


def test_the_page_s_own_calendar_file_is_not_found(client, stored_out_of_range) -> None:
    assert client.get(stored_out_of_range.url + "calendar.ics").status_code == 404


def test_the_export_names_the_page_instead_of_leaving_it_out(stored_out_of_range) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("kindness_export", stdout=io.StringIO())
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"cannot export {stored_out_of_range.url_path}: ")
    assert "out of range: give a date between 1900 and 2999" in message

"""Issue 15, item 1, as the editor does it in Chromium: change the series' time
from a date; the form describes the new schedule and lists the pages that
move as you type; after publishing, past meetings keep the time they were
held on the page and in calendar.ics, the coming one moves."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")


def _third_thursday(year: int, month: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 14)


def test_editor_changes_the_time_from_the_next_meeting(
    admin_page, site_url, run_in_site, series_id
):
    today = dt.date.today()
    year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    coming = _third_thursday(year, month)
    run_in_site(
        "from wagtail_kindness.models import ConversationSeriesPage, ConversationPage;"
        "import datetime as dt;"
        "s = ConversationSeriesPage.objects.get();"
        "p = ConversationPage(conversation_title='Coming up',"
        f" date=dt.date.fromisoformat('{coming}'), status='scheduled');"
        "s.add_child(instance=p); p.save_revision().publish()"
    )
    page = admin_page
    page.goto(f"{site_url}/admin/pages/{series_id}/edit/")
    change_from = page.locator("#id_schedule_change_from")
    assert dt.date.fromisoformat(change_from.input_value()) <= coming
    page.fill("#id_schedule_time", "18:30")
    page.locator("#id_schedule_time").dispatch_event("change")
    live = page.locator(".kindness-schedule-summary__live")
    live.wait_for(state="visible")
    description = page.locator('[data-kindness-preview="description"]')
    page.wait_for_function(
        "document.querySelector('[data-kindness-preview=\"description\"]').textContent"
        ".includes('6:30pm')"
    )
    assert "Third Thursday" in description.inner_text()
    moves = page.locator('[data-kindness-preview="moves-list"] li')
    moves.first.wait_for()
    assert "Coming up" in moves.first.inner_text()
    assert all(str(coming.year) in text or "Coming" in text for text in moves.all_inner_texts())
    # A phrase in the advanced rule is described as it is typed, too.
    page.fill("#id_schedule_rule", "second Tuesday of the month")
    page.wait_for_function(
        "document.querySelector('[data-kindness-preview=\"description\"]').textContent"
        ".includes('Second Tuesday')"
    )
    page.fill("#id_schedule_rule", "")
    page.wait_for_function(
        "document.querySelector('[data-kindness-preview=\"description\"]').textContent"
        ".includes('Third Thursday')"
    )

    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))

    # A past meeting keeps 6pm on its page and in the calendar; the coming one moves.
    page.goto(site_url + "/conversations/2022-10-gathering-of-kindness/")
    when = page.locator(".kindness-conversation__when").inner_text()
    assert "6:00pm" in when or "6pm" in when or "18:00" in when, when
    body = page.request.get(site_url + "/conversations/calendar.ics").body()
    events = recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
        dt.datetime(2022, 10, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 12, 31, tzinfo=dt.UTC)
    )
    starts = {e.decoded("dtstart").date(): e.decoded("dtstart") for e in events}
    assert starts[dt.date(2022, 10, 20)].astimezone(LONDON).time() == dt.time(18, 0)
    assert starts[coming].astimezone(LONDON).time() == dt.time(18, 30)

"""An editor's day in the admin: the dashboard panel, the conversations listing, the edit form.

On the demo archive (19 past conversations whose summaries and recordings are
announced but not there yet, no page to come): the dashboard shows the next
three meetings, missing, each with a one-click "Add" whose form has the date;
it counts the conversations that miss their recording and links to the
listing filtered on them; a row of the listing opens the page's edit form.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
#: Every demo conversation lacks its recording (announced, or never mentioned).
DEMO_MISSING_RECORDINGS = 19


def _third_thursday(day: dt.date) -> bool:
    return day.weekday() == 3 and 15 <= day.day <= 21


def test_the_editor_goes_from_the_dashboard_to_the_listing_and_a_page(
    admin_page, site_url, series_id
):
    page = admin_page
    page.goto(site_url + "/admin/")
    panel = page.locator("#kindness-conversations-section")
    panel.wait_for()

    # The next three meetings of the schedule: 3rd Thursdays, 18:00 in London, no page yet.
    meetings = panel.locator("li[data-kindness-meeting]")
    assert meetings.count() == 3
    days = []
    for index in range(3):
        meeting = meetings.nth(index)
        assert meeting.get_attribute("data-kindness-meeting") == "missing"
        utc = dt.datetime.fromisoformat(
            meeting.locator("time").get_attribute("datetime").replace("Z", "+00:00")
        )
        local = utc.astimezone(LONDON)
        assert _third_thursday(local.date())
        assert local.time() == dt.time(18, 0)
        days.append(local.date())
    assert days == sorted(days)
    assert days[0] >= dt.datetime.now(LONDON).date()

    # How many past conversations miss their recording, linked to the filtered listing.
    missing = panel.locator("li[data-kindness-missing=recording]")
    count = int(re.match(r"(\d+) ", missing.inner_text()).group(1))
    assert count == DEMO_MISSING_RECORDINGS
    missing.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/admin/kindness/conversations/\?"))
    query = parse_qs(urlsplit(page.url).query)
    assert query["missing"] == ["recording"]
    assert query["series"] == [str(series_id)]
    rows = page.locator("table.listing tbody tr")
    assert rows.count() == count
    assert "Pending" in rows.first.inner_text() or "None" in rows.first.inner_text()

    # A row opens the page's edit form.
    title = rows.first.locator("[data-listing-page-title] a").first
    name = title.inner_text().strip()
    title.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    assert name in page.title()  # "Editing Conversation: <title>"
    assert page.locator("#panel-child-content-resources-section").count() == 1


def test_the_add_link_of_a_coming_meeting_fills_in_its_date(admin_page, site_url, series_id):
    page = admin_page
    page.goto(site_url + "/admin/")
    meeting = page.locator("#kindness-conversations-section li[data-kindness-meeting]").nth(1)
    link = meeting.get_by_role("link", name="Add its page")
    wanted = parse_qs(urlsplit(link.get_attribute("href")).query)["date"][0]
    link.click()
    page.wait_for_url(
        re.compile(rf"/admin/pages/add/wagtail_kindness/conversationpage/{series_id}/\?date=")
    )
    assert page.input_value("#id_date") == wanted
    assert _third_thursday(dt.date.fromisoformat(wanted))

"""A visitor, an editor and a screen reader's view of the example site, in Chromium."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from .conftest import axe_violations

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SPACES = re.compile(r"[\s\u202f\u00a0]+")


def text(value: str) -> str:
    return SPACES.sub(" ", value).strip()


def is_third_thursday(day: dt.date) -> bool:
    return day.weekday() == 3 and 15 <= day.day <= 21


def test_visitor_finds_the_archive_and_october_2022(site_url, context):
    page = context.new_page()
    page.goto(site_url + "/")
    assert page.locator("h1").inner_text() == "Conversations for Kindness"
    page.get_by_role("link", name="Browse the archive").click()
    page.wait_for_url(site_url + "/conversations/")

    years = page.locator(".kindness-year h3").all_inner_texts()
    assert years == ["2024", "2023", "2022"]
    entries = page.locator(".kindness-archive__list > li")
    assert entries.count() == 19
    starts = page.locator(".kindness-entry__when time").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('datetime'))"
    )
    assert len(starts) == 19
    assert starts == sorted(starts, reverse=True)  # newest first
    titles = page.locator(".kindness-entry__title").all_inner_texts()
    assert titles[0].startswith("Using ‘Clean Language’")
    assert titles[-1] == "July 2022"

    page.get_by_role("link", name="Gathering of Kindness").click()
    assert page.locator("h1").inner_text() == "Gathering of Kindness"
    assert (
        "Thursday 20 October 2022, 6:00pm UK time"
        in page.locator(".kindness-conversation__when").inner_text()
    )
    speakers = page.locator(".kindness-person__name a").all_inner_texts()
    assert speakers == ["Cath Crock", "Sue Robins", "Nicki Macklin"]
    assert "Insights and summary: coming soon" in page.locator("main").inner_text()


def test_next_conversation_in_new_york_time(site_url, browser):
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    try:
        page = context.new_page()
        page.goto(site_url + "/")
        when = page.locator(".home-next .kindness-upcoming__when")
        moment = when.locator("time").get_attribute("datetime")
        start = dt.datetime.fromisoformat(moment.replace("Z", "+00:00"))
        london = start.astimezone(LONDON)
        # The server's next date from the real clock: a third Thursday at 6pm UK time.
        assert is_third_thursday(london.date())
        assert london.time() == dt.time(18, 0)
        assert start > dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
        assert "6:00pm UK time" in when.inner_text()

        # 1pm in New York, or 2pm in the weeks when US and UK summer time differ.
        new_york = start.astimezone(NEW_YORK)
        assert new_york.hour in (13, 14)
        expected = f"{new_york.hour - 12}:00 PM"
        local = when.locator(".kindness-local-time")
        local.wait_for()
        assert expected in text(local.inner_text())
        assert text(local.inner_text()).startswith("(your time:")
    finally:
        context.close()


def test_recording_facade_requests_nothing_from_the_video_host_until_clicked(
    site_url, context, run_in_site
):
    run_in_site(
        "from wagtail_kindness.models import ConversationPage;"
        "page = ConversationPage.objects.get(date__year=2024, date__month=1);"
        "raw = [{'type': c['type'], 'value': c['value']} for c in page.resources.raw_data"
        " if c['type'] != 'recording'];"
        "raw.append({'type': 'recording', 'value': {'title': 'Recording of the conversation',"
        " 'pending': False, 'url': 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'}});"
        "import json; page.resources = json.dumps(raw);"
        "page.save_revision().publish()"
    )
    requests: list[str] = []
    page = context.new_page()
    page.on("request", lambda request: requests.append(request.url))
    # Never reach the real video host from a test: record the request, then drop it.
    page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), lambda route: route.abort())
    page.goto(site_url + "/conversations/2024-01-kindness-in-education/")
    page.wait_for_load_state("networkidle")
    button = page.get_by_role("button", name=re.compile("Play"))
    assert button.is_visible()
    assert page.locator("iframe").count() == 0
    hosts = {urlsplit(url).hostname for url in requests}
    assert hosts == {"127.0.0.1"}, hosts

    button.click()
    iframe = page.locator("iframe.kindness-recording__player")
    iframe.wait_for(state="attached")
    assert iframe.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    page.wait_for_timeout(200)
    assert any(urlsplit(url).hostname == "www.youtube-nocookie.com" for url in requests)


def test_editor_adds_next_months_conversation(site_url, context, run_in_site):
    out = run_in_site(
        "from django.contrib.auth import get_user_model;"
        "get_user_model().objects.create_superuser('editor', 'editor@example.org',"
        " 'kindness-test-password');"
        "from wagtail_kindness.models import ConversationSeriesPage;"
        "print('series', ConversationSeriesPage.objects.get().pk)"
    )
    series_id = int(re.search(r"series (\d+)", out).group(1))
    page = context.new_page()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "kindness-test-password")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # A new speaker snippet.
    page.goto(site_url + "/admin/snippets/wagtail_kindness/speaker/add/")
    page.fill("#id_name", "Ada Example")
    page.locator("form [type=submit]").filter(has_text="Save").first.click()
    page.wait_for_url(re.compile(r"/admin/snippets/wagtail_kindness/speaker/$"))

    # "Add child page" under the series: the date of the next free month is pre-filled.
    page.goto(f"{site_url}/admin/pages/add/wagtail_kindness/conversationpage/{series_id}/")
    prefilled = page.input_value("#id_date")
    day = dt.date.fromisoformat(prefilled)
    assert is_third_thursday(day)
    assert day >= dt.datetime.now(LONDON).date() - dt.timedelta(days=1)
    page.fill("#id_conversation_title", "Kindness in the browser test")

    # One person: the new speaker, chosen in the snippet chooser.
    page.click("#id_people-ADD")
    page.locator("#inline_child_people-0 button.chooser__choose-button").click()
    modal = page.locator(".modal")
    modal.get_by_role("link", name="Ada Example").click()
    page.locator("#id_people-0-speaker-title", has_text="Ada Example").wait_for()

    # Publish (the action sits in the footer's dropdown).
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(rf"/admin/pages/{series_id}/$"))

    page.goto(site_url + "/conversations/")
    first = page.locator(".kindness-archive__list > li").first
    assert first.locator(".kindness-entry__title").inner_text() == "Kindness in the browser test"
    assert "Ada Example" in first.inner_text()
    assert page.locator(".kindness-year h3").first.inner_text() == str(day.year)

    calendar = page.request.get(site_url + "/conversations/calendar.ics")
    assert calendar.status == 200
    assert calendar.headers["content-type"].startswith("text/calendar")
    body = calendar.text().replace("\r\n ", "")  # unfold long lines
    summaries = [line for line in body.splitlines() if line.startswith("SUMMARY:")]
    assert any("Kindness in the browser test" in line for line in summaries), summaries


AXE_PAGES = [
    "/",
    "/conversations/",
    "/conversations/2022-10-gathering-of-kindness/",
    "/conversations/speakers/sue-robins/",
    "/search/?q=kindness",
    '/search/?q="',
]


@pytest.mark.parametrize("width", [390, 1280])
def test_axe_finds_no_wcag_violations(site_url, browser, axe_path, width):
    # axe is added as an inline script: past the site's CSP (test_site_csp.py checks that).
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="en-GB", bypass_csp=True
    )
    try:
        page = context.new_page()
        problems = {}
        for path in AXE_PAGES:
            response = page.goto(site_url + path)
            assert response.status == 200, path
            found = axe_violations(page, axe_path)
            if found:
                problems[path] = found
        assert not problems, json.dumps(problems, indent=2)
    finally:
        context.close()

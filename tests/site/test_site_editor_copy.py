"""An editor copies a conversation for the next meeting, and meets the drafts that hold months.

In Chromium, through the admin as the editor uses it:

* "Copy" on a live conversation with "Publish copied page": the copy is the
  next free month of the series, with the same speakers and no resources, and
  the editor lands on the series' listing with a message saying so;
* a draft left by the add form (as an abandoned autosave leaves one): the next
  "Add" says that month has a draft and links to it, and the link opens it;
* a second page in a taken month: the error says draft or live and links to
  the page that holds the month.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest

pytestmark = pytest.mark.browser

GATHERING = "2022-10-gathering-of-kindness"
MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip


def month_label(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def site_json(run_in_site, code: str):
    """Run ``code`` (which sets ``result``) in the site; its ``result`` as JSON."""
    out = run_in_site(code + "\nprint('RESULT' + json.dumps(result, default=str))")
    return json.loads(out.split("RESULT", 1)[1])


def next_free_date(run_in_site) -> dt.date:
    return dt.date.fromisoformat(
        site_json(
            run_in_site,
            "import json\n"
            "from django.utils import timezone\n"
            "from wagtail_kindness.models import ConversationSeriesPage\n"
            "series = ConversationSeriesPage.objects.get()\n"
            "result = series.next_free_occurrence(now=timezone.now()).start.date()",
        )
    )


def save_draft(page) -> None:
    """Click "Save draft" (from code: the date picker may still cover the footer)."""
    page.get_by_role("button", name="Save draft", exact=True).evaluate("button => button.click()")


def add_url(site_url, series_id) -> str:
    return f"{site_url}/admin/pages/add/wagtail_kindness/conversationpage/{series_id}/"


def test_copying_a_live_conversation_for_the_next_meeting(
    admin_page, site_url, run_in_site, series_id
):
    gathering = site_json(
        run_in_site,
        "import json\n"
        "from wagtail_kindness.models import ConversationPage\n"
        f"page = ConversationPage.objects.get(slug={GATHERING!r})\n"
        "result = {'id': page.pk, 'people': [p.speaker.name for p in page.people.all()],"
        " 'resources': len(page.resources)}",
    )
    assert gathering["resources"] >= 1  # the original has resources; the copy will not
    expected = next_free_date(run_in_site)

    page = admin_page
    page.goto(f"{site_url}/admin/pages/{gathering['id']}/copy/")
    form = page.locator("form[action$='/copy/']")
    assert f"The copy is the next meeting: {month_label(expected)}" in form.inner_text()
    page.check("#id_publish_copies")
    page.locator("input[type=submit][value='Copy this page']").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{series_id}/$"))
    success = page.locator(".messages li.success")
    success.wait_for()
    assert "Gathering of Kindness" in success.inner_text()
    assert f"the conversation of {month_label(expected)}, is live" in success.inner_text()

    copy = site_json(
        run_in_site,
        "import json\n"
        "from wagtail_kindness.models import ConversationPage\n"
        f"page = ConversationPage.objects.exclude(pk={gathering['id']}).order_by('-pk').first()\n"
        "result = {'date': page.date, 'time': page.time, 'zone': page.time_zone,"
        " 'live': page.live, 'title': page.title, 'slug': page.slug,"
        " 'people': [p.speaker.name for p in page.people.all()],"
        " 'resources': len(page.resources), 'url': page.url}",
    )
    assert dt.date.fromisoformat(copy["date"]) == expected
    assert (copy["time"], copy["zone"], copy["live"]) == ("18:00:00", "Europe/London", True)
    assert copy["title"] == month_label(expected)  # the title was left as offered
    assert copy["slug"] == f"{expected:%Y-%m}"
    assert copy["people"] == gathering["people"]
    assert copy["resources"] == 0
    # The copy is on the site, in its month.
    page.goto(site_url + copy["url"])
    assert page.locator("h1").inner_text() == month_label(expected)


def test_a_draft_left_by_the_add_form_is_offered_on_the_next_add(
    admin_page, site_url, run_in_site, series_id
):
    page = admin_page
    # The editor starts a page and leaves it as a draft (as an abandoned autosave does).
    page.goto(add_url(site_url, series_id))
    first = dt.date.fromisoformat(page.input_value("#id_date"))
    page.fill("#id_conversation_title", "Abandoned plans")
    save_draft(page)
    page.locator(".messages li.success").wait_for()
    page.wait_for_url(re.compile(r"/admin/pages/(\d+)/edit/"))
    draft_id = int(re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1))

    # The next "Add" suggests the month after, and says the draft holds its month.
    page.goto(add_url(site_url, series_id))
    assert dt.date.fromisoformat(page.input_value("#id_date")) > first
    notice = page.locator(".help", has_text="already has a draft conversation")
    notice.wait_for()
    text = notice.inner_text()
    assert f"{month_label(first)} already has a draft conversation, “Abandoned plans”" in text
    assert "last edited" in text
    assert "by editor" in text
    link = notice.get_by_role("link", name="continue that draft")
    assert link.get_attribute("href") == f"/admin/pages/{draft_id}/edit/"
    link.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{draft_id}/edit/$"))
    assert page.input_value("#id_conversation_title") == "Abandoned plans"

    # A second page for that month: the error says it is a draft, and links to it.
    page.goto(add_url(site_url, series_id))
    page.fill("#id_date", first.isoformat())
    save_draft(page)
    error = page.locator(".error-message", has_text="already has a draft conversation")
    error.wait_for()
    assert f"in {month_label(first)} (“Abandoned plans”)" in error.inner_text()
    assert "continue that draft or choose another month" in error.inner_text()
    assert error.get_by_role("link", name="Abandoned plans").get_attribute("href") == (
        f"/admin/pages/{draft_id}/edit/"
    )


def test_a_second_page_in_a_live_month_links_to_the_live_page(
    admin_page, site_url, run_in_site, series_id
):
    gathering_id = site_json(
        run_in_site,
        "import json\n"
        "from wagtail_kindness.models import ConversationPage\n"
        f"result = ConversationPage.objects.get(slug={GATHERING!r}).pk",
    )
    page = admin_page
    page.goto(add_url(site_url, series_id))
    page.fill("#id_date", "2022-10-06")
    page.fill("#id_conversation_title", "Another October")
    save_draft(page)
    error = page.locator(".error-message", has_text="already has a conversation in October 2022")
    error.wait_for()
    assert "which is live" in error.inner_text()
    link = error.get_by_role("link", name="Gathering of Kindness")
    assert link.get_attribute("href") == f"/admin/pages/{gathering_id}/edit/"
    link.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{gathering_id}/edit/$"))

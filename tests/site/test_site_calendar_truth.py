"""Issue 15 in a real browser: what an editor's change tells visitors and subscribers.

* An editor postpones a coming conversation: the new-date fields appear only
  once "Postponed" is chosen; after publishing, the page says "Postponed from
  …" and the series' ``calendar.ics`` (read with ``recurring_ical_events``)
  has the meeting at its new date only, with ``SEQUENCE`` 1 and
  ``LAST-MODIFIED`` its publication.  Another one cancelled is
  ``STATUS:CANCELLED``.
* An editor adds a recording with a YouTube address (no checkbox to untick)
  and an empty summary: the recording shows at once, the summary is "coming
  soon".
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import icalendar
import pytest
import recurring_ical_events

pytestmark = pytest.mark.browser

LONDON = zoneinfo.ZoneInfo("Europe/London")


def _coming_pages(run_in_site, count: int) -> list[tuple[int, dt.date, str]]:
    """``count`` coming conversations of the demo's series, published once (pk, date, path)."""
    titles = ["Kindness in the calendar", "Kindness called off", "Kindness on film"][:count]
    out = run_in_site(
        "from django.utils import timezone\n"
        "from wagtail_kindness.models import ConversationPage, ConversationSeriesPage\n"
        "series = ConversationSeriesPage.objects.get()\n"
        f"for title in {titles!r}:\n"
        "    day = series.next_free_occurrence(now=timezone.now()).start.date()\n"
        "    page = ConversationPage(date=day, status='scheduled', conversation_title=title)\n"
        "    series.add_child(instance=page)\n"
        "    page.save_revision().publish()\n"
        "    page.refresh_from_db()\n"
        "    print('page', page.pk, page.date.isoformat(), page.get_url(), page.sequence)\n"
    )
    found = re.findall(r"page (\d+) (\S+) (\S+) (\d+)", out)
    assert len(found) == count, out
    assert all(sequence == "0" for *_, sequence in found)  # a first publication counts 0
    return [(int(pk), dt.date.fromisoformat(day), path) for pk, day, path, _ in found]


def _publish(page) -> None:
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))


def _published_at(run_in_site, pk: int) -> dt.datetime:
    out = run_in_site(
        "from wagtail_kindness.models import ConversationPage;"
        f"p = ConversationPage.objects.get(pk={pk});"
        "print('at', p.last_published_at.isoformat(), 'sequence', p.sequence)"
    )
    return dt.datetime.fromisoformat(re.search(r"at (\S+)", out).group(1))


def _calendar(page, site_url: str) -> bytes:
    response = page.request.get(site_url + "/conversations/calendar.ics")
    assert response.status == 200
    return response.body()


def _events_between(body: bytes, start: dt.date, end: dt.date) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return sorted(
        recurring_ical_events.of(calendar).between(start, end), key=lambda e: e["DTSTART"].dt
    )


def _override(body: bytes, instance: dt.datetime) -> icalendar.Event:
    (found,) = [
        e
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if "RECURRENCE-ID" in e and e["RECURRENCE-ID"].dt == instance
    ]
    return found


def test_editor_postpones_then_cancels_and_the_calendar_tells_it(admin_page, site_url, run_in_site):
    (moved_pk, moved_day, moved_path), (off_pk, off_day, off_path) = _coming_pages(run_in_site, 2)
    page = admin_page

    # Postpone: the new-date fields are hidden until "Postponed" is chosen.
    page.goto(f"{site_url}/admin/pages/{moved_pk}/edit/")
    new_date = page.locator("#id_postponed_date")
    assert not new_date.is_visible()
    assert not page.locator("#id_postponed_time").is_visible()
    page.select_option("#id_status", "postponed")
    assert new_date.is_visible()
    assert page.locator("#id_postponed_time").is_visible()
    page.select_option("#id_status", "scheduled")
    assert not new_date.is_visible()
    page.select_option("#id_status", "postponed")
    new_day = moved_day + dt.timedelta(days=7)
    new_date.fill(new_day.isoformat())
    new_date.press("Escape")
    _publish(page)
    published = _published_at(run_in_site, moved_pk)

    page.goto(site_url + moved_path)
    status = page.locator(".kindness-conversation__header .kindness-status")
    original = f"{moved_day:%A} {moved_day.day} {moved_day:%B}"
    assert status.inner_text() == f"Postponed from {original}"
    archive = page.goto(site_url + "/conversations/")
    assert archive.ok
    assert f"Postponed from {original}" in page.locator(".kindness-archive").inner_text()

    body = _calendar(page, site_url)
    window = (moved_day - dt.timedelta(days=1), new_day + dt.timedelta(days=2))
    events = [e for e in _events_between(body, *window) if "Kindness in the calendar" in str(e)]
    (event,) = events  # at the new date only
    assert event["DTSTART"].dt == dt.datetime.combine(new_day, dt.time(18), tzinfo=LONDON)
    assert str(event["DESCRIPTION"]).startswith(f"Postponed from {original} {moved_day.year}")
    instance = dt.datetime.combine(moved_day, dt.time(18), tzinfo=LONDON)
    override = _override(body, instance)
    assert override["SEQUENCE"] == 1
    assert override["LAST-MODIFIED"].dt == published.astimezone(dt.UTC).replace(microsecond=0)
    assert event["SEQUENCE"] == 1  # the highest of the series (recurring_ical_events)

    # Cancel another: the new-date fields stay hidden.
    page.goto(f"{site_url}/admin/pages/{off_pk}/edit/")
    page.select_option("#id_status", "cancelled")
    assert not page.locator("#id_postponed_date").is_visible()
    _publish(page)
    page.goto(site_url + off_path)
    assert page.locator(".kindness-status--cancelled").inner_text() == "Cancelled"

    body = _calendar(page, site_url)
    (cancelled,) = _events_between(body, off_day, off_day + dt.timedelta(days=1))
    assert cancelled["STATUS"] == "CANCELLED"
    assert str(cancelled["SUMMARY"]) == "Cancelled: Kindness called off"
    assert cancelled["DTSTART"].dt == dt.datetime.combine(off_day, dt.time(18), tzinfo=LONDON)
    off_instance = dt.datetime.combine(off_day, dt.time(18), tzinfo=LONDON)
    assert _override(body, off_instance)["SEQUENCE"] == 1
    assert b"EXDATE;TZID=Europe/London:" + off_day.strftime("%Y%m%d").encode() not in body


def test_editor_adds_a_recording_with_no_checkbox_and_it_shows(admin_page, site_url, run_in_site):
    ((pk, _day, path),) = _coming_pages(run_in_site, 1)
    page = admin_page
    page.goto(f"{site_url}/admin/pages/{pk}/edit/")

    page.locator("#resources-root .c-sf-add-button").last.click()
    page.get_by_role("option", name="Recording").click()
    page.fill("#resources-0-value-url", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    panel = page.locator("#panel-child-content-resources-section")
    assert panel.get_by_role("checkbox").count() == 0  # nothing to untick
    assert "Pending" not in panel.inner_text()
    page.locator("#resources-root .c-sf-add-button").last.click()
    page.get_by_role("option", name="Insights and summary").click()
    page.locator("#resources-1-value-title").wait_for()
    _publish(page)

    page.goto(site_url + path)
    recording = page.locator(".kindness-recording")
    assert "coming soon" not in recording.inner_text()
    assert page.get_by_role("button", name=re.compile("Play")).is_visible()
    link = recording.get_by_role("link", name=re.compile("Watch"))
    assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    summary = page.locator(".kindness-resource--summary")
    assert summary.inner_text().strip() == "Insights and summary: coming soon"

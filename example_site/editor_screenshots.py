"""The admin screenshots of the editor's guide (``make screenshots``).

Each shot is one step of the monthly routine in ``docs/howto/editors-guide.md``,
taken in Chromium through the admin's own pages, logged in as an editor made
for the purpose in the demo database (never in a real site's).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from example_site.demo_server import manage

#: The editor made in the throwaway demo database.
USER, PASSWORD = "guide-editor", "guide-editor-password"

__all__ = ["SHOTS", "take_admin"]

#: The files written, in the order of the guide.
SHOTS = (
    "editor-add-conversation",
    "editor-new-speaker",
    "editor-dashboard",
    "editor-resources",
    "editor-postpone",
    "editor-schedule-change",
    "editor-listing",
)


def _prepare(db: Path) -> dict[str, int]:
    """An editor account, and the ids of the series and of its newest conversation."""
    out = manage(
        db,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model;"
        "from wagtail_kindness.models import ConversationSeriesPage, ConversationPage;"
        f"get_user_model().objects.create_superuser({USER!r}, 'guide@example.org', {PASSWORD!r});"
        "s = ConversationSeriesPage.objects.get();"
        "c = ConversationPage.objects.child_of(s).order_by('-date').first();"
        "print('ids', s.pk, c.pk)",
    )
    series, conversation = (int(x) for x in re.search(r"ids (\d+) (\d+)", out).groups())
    return {"series": series, "conversation": conversation}


def _shot(page, out: Path, name: str, locator=None) -> Path:
    target = out / f"{name}.png"
    if locator is not None:
        locator.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, -80)")
    page.screenshot(path=str(target))
    return target


def take_admin(base_url: str, db: Path, out: Path, browser) -> list[Path]:
    """Log in and take :data:`SHOTS` (the editor's guide) at 1280 px."""
    ids = _prepare(db)
    context = browser.new_context(
        viewport={"width": 1280, "height": 800},
        device_scale_factor=1,
        timezone_id="Europe/London",
        locale="en-GB",
    )
    page = context.new_page()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", USER)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))
    written = []

    # 1. Next month's conversation: the date is filled in.
    add = f"{base_url}/admin/pages/add/wagtail_kindness/conversationpage/{ids['series']}/"
    page.goto(add, wait_until="networkidle")
    page.fill("#id_conversation_title", "Kindness and courage")
    written.append(_shot(page, out, "editor-add-conversation"))

    # 2. A new speaker, made in the chooser without leaving the page.
    page.get_by_role("button", name=re.compile("Add person")).first.click()
    page.locator("#inline_child_people-0 button.chooser__choose-button").click()
    modal = page.locator(".modal")
    modal.get_by_role("tab", name=re.compile("New speaker")).click()
    modal.locator("input[name=honorific]").fill("Dr")
    modal.locator("input[name=name]").fill("Priya Raman")
    modal.locator("input[name=job_title]").fill("Consultant in palliative care")
    written.append(_shot(page, out, "editor-new-speaker"))
    modal.locator("form [type=submit]").first.click()
    page.locator("#id_people-0-speaker-title", has_text="Priya Raman").wait_for()
    page.evaluate("document.querySelector('button.action-save').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))
    draft_edit = page.url

    # 3. The dashboard: the next three meetings (the draft among them), and
    # what past meetings still miss.
    page.goto(base_url + "/admin/", wait_until="networkidle")
    written.append(_shot(page, out, "editor-dashboard", page.locator(".kindness-dashboard").first))

    # 4. After the meeting: the summary document and the recording.
    edit = f"{base_url}/admin/pages/{ids['conversation']}/edit/"
    page.goto(edit, wait_until="networkidle")
    resources = page.locator("[data-contentpath=resources]").first
    written.append(_shot(page, out, "editor-resources", resources))

    # 5. Postpone a month: the new date appears once "Postponed" is chosen.
    page.goto(draft_edit, wait_until="networkidle")
    page.select_option("#id_status", "postponed")
    page.fill("#id_postponed_date", (dt.date.today() + dt.timedelta(days=35)).isoformat())
    page.locator("#id_postponed_date").blur()
    page.mouse.click(1000, 480)  # outside the fields: closes the date picker
    page.evaluate(
        "document.querySelectorAll('.xdsoft_datetimepicker').forEach(e => e.style.display = 'none')"
    )
    written.append(_shot(page, out, "editor-postpone", page.locator("#id_status")))

    # 6. Change the schedule's time from the next meeting.
    page.goto(f"{base_url}/admin/pages/{ids['series']}/edit/", wait_until="networkidle")
    page.fill("#id_schedule_time", "18:30")
    page.locator("#id_schedule_time").dispatch_event("change")
    page.locator(".kindness-schedule-summary__live").wait_for(state="visible")
    page.wait_for_timeout(500)
    written.append(
        _shot(page, out, "editor-schedule-change", page.locator(".kindness-schedule-summary"))
    )

    # 7. The conversations listing, filtered on a missing recording.
    page.goto(
        base_url + "/admin/kindness/conversations/?missing=recording", wait_until="networkidle"
    )
    written.append(_shot(page, out, "editor-listing"))
    context.close()
    return written

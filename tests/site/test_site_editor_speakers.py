"""An editor adds a new speaker to a conversation without leaving its edit page, in Chromium.

On the demo's newest conversation the editor clicks "Add person", opens the
speaker chooser, creates Dr Priya Raman in its "New speaker" tab and finds
her chosen in the new row, headed by her name and part; publishes; her
admin page lists the conversation with its date and part.  The chooser's
search finds a demo speaker by organisation.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _newest_conversation(run_in_site) -> tuple[int, dt.date, int]:
    out = run_in_site(
        "from wagtail_kindness.models import ConversationPage;"
        "p = ConversationPage.objects.order_by('-date').first();"
        "print('page', p.pk, p.date.isoformat(), p.people.count())"
    )
    pk, day, people = re.search(r"page (\d+) (\S+) (\d+)", out).groups()
    return int(pk), dt.date.fromisoformat(day), int(people)


def _open_chooser_in_a_new_row(page, row_index: int):
    page.get_by_role("button", name="Add person").click()
    row = page.locator(f"#inline_child_people-{row_index}")
    row.locator("button.chooser__choose-button").click()
    modal = page.locator(".modal")
    modal.locator('input[name="q"]').wait_for()
    return row, modal


def test_editor_creates_a_speaker_in_the_chooser_and_sees_her_conversation(
    admin_page, site_url, run_in_site, series_id
):
    page = admin_page
    conversation, day, people = _newest_conversation(run_in_site)
    edit_url = f"{site_url}/admin/pages/{conversation}/edit/"
    page.goto(edit_url)

    # The rows saved already are headed by person and part, not "People 1".
    first = page.locator("#inline_child_people-0 [data-kindness-person-heading]")
    expect(first).to_have_text(re.compile(r"^\S.* — (Guest speaker|Co-speaker|Host|Facilitator)"))

    row, modal = _open_chooser_in_a_new_row(page, people)
    expect(row.locator("[data-kindness-person-heading]")).to_have_text("Person")
    modal.get_by_role("tab", name="New speaker").click()
    form = modal.locator("form[data-chooser-modal-creation-form]")
    form.locator('[name="honorific"]').fill("Dr")
    form.locator('[name="name"]').fill("Priya Raman")
    form.locator('[name="job_title"]').fill("Consultant nurse")
    form.locator('[name="organisation"]').fill("Leeds Teaching Hospitals")
    form.get_by_role("button", name="Add speaker").click()

    # Chosen in the row, without leaving the page; the heading follows.
    expect(page.locator(f"#id_people-{people}-speaker-title")).to_have_text("Dr Priya Raman")
    expect(modal).to_have_count(0)
    assert page.url == edit_url
    heading = row.locator("[data-kindness-person-heading]")
    expect(heading).to_have_text("Dr Priya Raman — Guest speaker")
    row.locator(f"#id_people-{people}-role").select_option("host")
    expect(heading).to_have_text("Dr Priya Raman — Host")

    # Publish (the action sits in the footer's dropdown).
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(rf"/admin/pages/{series_id}/$"))

    out = run_in_site(
        "from wagtail_kindness.models import Speaker;"
        "s = Speaker.objects.get(name='Priya Raman');"
        "print('speaker', s.pk, s.honorific, s.organisation.replace(' ', '_'))"
    )
    speaker, honorific, organisation = re.search(r"speaker (\d+) (\S+) (\S+)", out).groups()
    assert (honorific, organisation) == ("Dr", "Leeds_Teaching_Hospitals")

    # Her admin page lists the conversation, with its date and her part.
    page.goto(f"{site_url}/admin/snippets/wagtail_kindness/speaker/edit/{speaker}/")
    rows = page.locator(".kindness-speaker-conversations tbody tr")
    expect(rows).to_have_count(1)
    listed = rows.first
    expect(listed.locator("time")).to_have_attribute("datetime", day.isoformat())
    expect(listed.locator("time")).to_have_text(f"{day.day} {day:%B %Y}")
    expect(listed.locator("td").nth(3)).to_have_text("Host")
    listed.get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/admin/pages/{conversation}/edit/$"))

    # Back on the conversation: she is saved there, headed by her name and part.
    saved = page.locator(f"#inline_child_people-{people} [data-kindness-person-heading]")
    expect(saved).to_have_text("Dr Priya Raman — Host")


def test_the_chooser_finds_a_demo_speaker_by_organisation(admin_page, site_url, run_in_site):
    page = admin_page
    conversation, _day, people = _newest_conversation(run_in_site)
    page.goto(f"{site_url}/admin/pages/{conversation}/edit/")
    _row, modal = _open_chooser_in_a_new_row(page, people)
    expect(modal.locator("th", has_text="Organisation")).to_have_count(1)

    modal.locator('input[name="q"]').fill("Harvard")
    found = modal.get_by_role("link", name="Amy Edmondson")
    expect(found).to_be_visible()
    expect(modal.locator("td", has_text="Harvard Business School")).to_have_count(1)
    expect(modal.get_by_role("link", name="Paul Batalden")).to_have_count(0)

    modal.locator('input[name="q"]').fill("Dartm")  # as one types
    expect(modal.get_by_role("link", name="Paul Batalden")).to_be_visible()
    expect(modal.get_by_role("link", name="Amy Edmondson")).to_have_count(0)

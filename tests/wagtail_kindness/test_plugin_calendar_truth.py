"""Issue 15: what a subscriber and a visitor are told of a changed meeting.

* The series' ``calendar.ics``, fetched from the page route and expanded by
  ``recurring_ical_events`` and by ical.js (node): a cancelled meeting is
  ``STATUS:CANCELLED``, one postponed with no new date ``TENTATIVE`` at its
  original time, one moved is at its new time only (across a clock change),
  each with the page's ``SEQUENCE`` and ``LAST-MODIFIED`` (its last
  publication).  The one-event files say the same.
* ``ConversationPage.sequence`` grows with every publication after the first;
  reverting never lowers it.
* The page and the archive say "Cancelled" and "Postponed from …"; the
  admin form hides and clears the new date unless "Postponed" is chosen.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from kindness_factories import add_conversation, conversation_form_data, third_thursday

from kindness_core.series import Status
from tests.icaljs import run_icaljs
from wagtail_kindness.importing.write import _resource_raw
from wagtail_kindness.models import ConversationPage

LONDON = zoneinfo.ZoneInfo("Europe/London")
CALENDAR = "/conversations/calendar.ics"


def publish(page: ConversationPage, **changes) -> ConversationPage:
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def sequence_of(page: ConversationPage) -> int:
    return ConversationPage.objects.values_list("sequence", flat=True).get(pk=page.pk)


# -- the sequence ---------------------------------------------------------------------


@pytest.mark.django_db
def test_every_publication_after_the_first_adds_one(series):
    page = add_conversation(series, third_thursday(2027, 1), status="scheduled")
    assert page.sequence == 0  # created and published once
    assert publish(page, conversation_title="Renamed").sequence == 1
    stale = ConversationPage.objects.get(pk=page.pk)
    publish(page, conversation_title="Renamed again")
    assert sequence_of(page) == 2
    # An object read before the last publication does not write its old value back.
    stale.conversation_title = "From an old object"
    stale.save_revision().publish()
    assert sequence_of(page) == 3


@pytest.mark.django_db
def test_a_draft_published_for_the_first_time_stays_at_zero(series):
    page = add_conversation(series, third_thursday(2027, 2), status="scheduled", live=False)
    page.save_revision().publish()
    assert sequence_of(page) == 0
    page.unpublish()
    page.refresh_from_db()
    page.save_revision().publish()  # published again: a change subscribers must take
    assert sequence_of(page) == 1


@pytest.mark.django_db
def test_reverting_to_an_older_revision_never_lowers_it(series):
    page = add_conversation(series, third_thursday(2027, 3), title="First", status="scheduled")
    first = page.revisions.order_by("created_at").first()
    publish(page, conversation_title="Second")
    publish(page, conversation_title="Third")
    assert sequence_of(page) == 2
    assert first.content["sequence"] == 0  # what the old revision remembers
    assert first.as_object().sequence == 2  # with_content_json keeps the current value
    # What the admin's "Replace current draft" + publish of an old revision does.
    old = first.as_object()
    old.save_revision(previous_revision=first).publish(previous_revision=first)
    page.refresh_from_db()
    assert page.conversation_title == "First"
    assert page.sequence == 3


@pytest.mark.django_db
def test_a_copy_starts_again_from_zero(series, other_series):
    page = add_conversation(series, third_thursday(2027, 4), status="scheduled")
    publish(page, conversation_title="Edited")
    assert page.sequence == 1
    copy = page.copy(to=other_series)
    assert ConversationPage.objects.get(pk=copy.pk).sequence == 0


@pytest.mark.django_db
def test_to_core_carries_the_sequence_and_last_publication(series):
    page = add_conversation(series, third_thursday(2027, 1), status="scheduled")
    page = publish(page, conversation_title="Edited")
    core = page.to_core(series=series)
    assert core.sequence == 1
    assert core.last_modified == page.last_published_at


# -- what a subscriber sees -------------------------------------------------------------


@pytest.fixture
def changed(series):
    """January 2027 as planned; February cancelled; March moved past the clock
    change (18 → 30 March: London's clocks go forward on the 28th) and
    published twice; April postponed with no new date."""
    pages = {
        "held": add_conversation(
            series, third_thursday(2027, 1), title="January", status="scheduled"
        ),
        "cancelled": add_conversation(
            series, third_thursday(2027, 2), title="February", status="cancelled"
        ),
        "moved": add_conversation(
            series,
            third_thursday(2027, 3),
            title="March",
            status="postponed",
            postponed_date=dt.date(2027, 3, 30),
            postponed_time=dt.time(18, 30),
        ),
        "postponed": add_conversation(
            series, third_thursday(2027, 4), title="April", status="postponed"
        ),
    }
    pages["moved"] = publish(pages["moved"], standfirst="Moved a fortnight.")
    return pages


def _utc_seconds(when: dt.datetime) -> dt.datetime:
    return when.astimezone(dt.UTC).replace(microsecond=0)


def _expand(body: bytes) -> dict[int, list[icalendar.Event]]:
    calendar = icalendar.Calendar.from_ical(body)
    found = recurring_ical_events.of(calendar).between(dt.date(2027, 1, 1), dt.date(2027, 5, 1))
    months: dict[int, list[icalendar.Event]] = {}
    for event in sorted(found, key=lambda e: e["DTSTART"].dt):
        months.setdefault(event["DTSTART"].dt.month, []).append(event)
    return months


@pytest.mark.django_db
def test_the_series_calendar_tells_each_change(client, changed):
    body = client.get(CALENDAR).content
    assert b"EXDATE" not in body  # no meeting of these months silently disappears
    months = _expand(body)
    assert [len(months[m]) for m in (1, 2, 3, 4)] == [1, 1, 1, 1]

    (cancelled,) = months[2]
    assert (cancelled["STATUS"], str(cancelled["SUMMARY"])) == ("CANCELLED", "Cancelled: February")
    assert cancelled["DTSTART"].dt == dt.datetime(2027, 2, 18, 18, tzinfo=LONDON)

    (moved,) = months[3]
    assert moved["DTSTART"].dt.astimezone(dt.UTC) == dt.datetime(2027, 3, 30, 17, 30, tzinfo=dt.UTC)
    assert moved["STATUS"] == "CONFIRMED"
    assert str(moved["DESCRIPTION"]).startswith("Postponed from Thursday 18 March 2027\n\n")
    assert moved["RECURRENCE-ID"].dt == dt.datetime(2027, 3, 18, 18, tzinfo=LONDON)
    assert moved["LAST-MODIFIED"].dt == _utc_seconds(changed["moved"].last_published_at)
    assert all(e["DTSTART"].dt.date() != dt.date(2027, 3, 18) for m in months.values() for e in m)

    (postponed,) = months[4]
    assert (postponed["STATUS"], str(postponed["SUMMARY"])) == ("TENTATIVE", "Postponed: April")
    assert postponed["DTSTART"].dt == dt.datetime(2027, 4, 15, 18, tzinfo=LONDON)

    # Each override's own SEQUENCE (recurring_ical_events shows every occurrence
    # with the highest: tests/core/formats/test_ical_changes.py).
    overrides = {
        e["RECURRENCE-ID"].dt.month: e
        for e in icalendar.Calendar.from_ical(body).walk("VEVENT")
        if "RECURRENCE-ID" in e
    }
    assert [overrides[m]["SEQUENCE"] for m in (1, 2, 3, 4)] == [0, 0, 1, 0]
    for month, key in zip((1, 2, 3, 4), changed, strict=True):
        published = _utc_seconds(changed[key].last_published_at)
        assert overrides[month]["LAST-MODIFIED"].dt == published


@pytest.mark.django_db
def test_each_conversation_file_says_the_same(client, changed):
    overrides = {
        e["RECURRENCE-ID"].dt.month: e
        for e in icalendar.Calendar.from_ical(client.get(CALENDAR).content).walk("VEVENT")
        if "RECURRENCE-ID" in e
    }
    for month, page in zip((1, 2, 3, 4), changed.values(), strict=True):
        response = client.get(page.url + "calendar.ics")
        assert response.status_code == 200
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        in_series = overrides[month]
        assert event["STATUS"] == in_series["STATUS"]
        assert event["SEQUENCE"] == in_series["SEQUENCE"] == page.sequence
        assert event["DTSTART"].dt == in_series["DTSTART"].dt
        assert event["LAST-MODIFIED"].dt == in_series["LAST-MODIFIED"].dt
        assert str(event["SUMMARY"]) == str(in_series["SUMMARY"]).replace(
            page.conversation_title, f"Conversations for Kindness: {page.conversation_title}"
        )


@pytest.mark.django_db
def test_republishing_changes_the_calendar_at_once(client, changed):
    before = client.get(CALENDAR)
    page = ConversationPage.objects.get(pk=changed["cancelled"].pk)
    publish(page, status="scheduled")
    after = client.get(CALENDAR, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    (february,) = _expand(after.content)[2]
    assert (february["STATUS"], str(february["SUMMARY"])) == ("CONFIRMED", "February")
    overrides = [
        e
        for e in icalendar.Calendar.from_ical(after.content).walk("VEVENT")
        if "RECURRENCE-ID" in e and e["RECURRENCE-ID"].dt.month == 2
    ]
    assert overrides[0]["SEQUENCE"] == 1


@pytest.mark.node
@pytest.mark.django_db
def test_icaljs_reads_the_same(client, changed, tmp_path):
    body = client.get(CALENDAR).content
    held, cancelled, moved, postponed = run_icaljs(tmp_path, body, "2027-01-01", "2027-05-01")
    assert (held["summary"], held["status"]) == ("January", "CONFIRMED")
    assert (cancelled["summary"], cancelled["status"]) == ("Cancelled: February", "CANCELLED")
    assert (moved["local"], moved["start"]) == ("2027-03-30T18:30:00", "2027-03-30T17:30:00.000Z")
    assert moved["sequence"] == 1
    assert moved["description"].startswith("Postponed from Thursday 18 March 2027")
    assert moved["lastModified"].startswith(
        changed["moved"].last_published_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert (postponed["summary"], postponed["status"]) == ("Postponed: April", "TENTATIVE")
    assert postponed["local"] == "2027-04-15T18:00:00"


# -- what a visitor reads ------------------------------------------------------------


@pytest.mark.django_db
def test_the_pages_say_cancelled_and_postponed_from(client, series, changed):
    moved = client.get(changed["moved"].url).content.decode()
    assert "Postponed from Thursday 18 March" in moved
    cancelled = client.get(changed["cancelled"].url).content.decode()
    assert 'kindness-status--cancelled">Cancelled<' in cancelled
    postponed = client.get(changed["postponed"].url).content.decode()
    assert "Postponed: a new date will be announced." in postponed
    archive = client.get(series.url).content.decode()
    assert "Postponed from Thursday 18 March" in archive
    assert ">Cancelled<" in archive
    assert changed["moved"].postponed_from == dt.date(2027, 3, 18)
    assert changed["postponed"].postponed_from is None
    assert changed["cancelled"].postponed_from is None


# -- the admin form ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_loads_the_status_script_and_marks_the_new_date(admin_client, changed):
    page = changed["held"]
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert "wagtail_kindness/js/conversation-status.js" in html
    assert "data-kindness-postponed-fields" in html


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.CANCELLED, Status.SCHEDULED, Status.HELD])
def test_a_new_date_without_postponed_is_cleared(admin_client, series, status):
    page = add_conversation(series, third_thursday(2027, 6), status="scheduled")
    data = conversation_form_data(
        page.date,
        title="June",
        status=status.value,
        postponed_date="2027-06-24",
        postponed_time="19:00",
        slug=page.slug,
        **{"action-publish": "1"},
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    page.refresh_from_db()
    assert (page.status, page.postponed_date, page.postponed_time) == (status.value, None, None)
    assert page.start == dt.datetime(2027, 6, 17, 17, tzinfo=dt.UTC)  # 18:00 BST: not moved
    assert page.sequence == 1


@pytest.mark.django_db
def test_postponed_keeps_its_new_date(admin_client, series):
    page = add_conversation(series, third_thursday(2027, 6), status="scheduled")
    data = conversation_form_data(
        page.date,
        title="June",
        status="postponed",
        postponed_date="2027-06-24",
        postponed_time="",
        slug=page.slug,
        **{"action-publish": "1"},
    )
    response = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.postponed_date == dt.date(2027, 6, 24)
    assert page.sequence == 1


# -- resources: no "pending" checkbox -----------------------------------------------------


@pytest.mark.django_db
def test_a_recording_with_an_address_is_shown_even_if_stored_as_pending(client, series):
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    page = add_conversation(
        series,
        third_thursday(2027, 1),
        resources=[
            ("recording", {"title": "", "url": url, "pending": True}),  # stored before
            ("summary", {"title": "", "document": None}),
        ],
    )
    html = client.get(page.url).content.decode()
    assert "Recording: coming soon" not in html
    assert "data-kindness-player" in html
    assert "Insights and summary: coming soon" in html
    assert page.pending_resources == ["Insights and summary"]
    resources = [r.url for r in page.to_core(series=series).resources]
    assert resources == [url, None]


def test_the_importer_writes_no_pending_flag():
    from kindness_core.series import Resource, ResourceKind

    kind, value = _resource_raw(Resource(kind=ResourceKind.RECORDING, title="Recording"))
    assert (kind, value) == ("recording", {"title": "Recording", "url": ""})

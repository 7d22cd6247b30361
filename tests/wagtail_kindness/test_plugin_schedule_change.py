"""A change of the series' time or zone applies from a date: past meetings keep
the time they were held (issue 15, item 1).

Each conversation stores its local time and zone; the series form asks from
which date a change applies (by default the next meeting).  Checked over the
class: a new time, a new zone, both, across the March and October changes,
for pages made in the admin, by code and by the importer, drafts included,
on every output (the page, the archive, calendar.ics, JSON).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse
from kindness_factories import add_conversation, series_form_data, third_thursday

from kindness_core.archive import Archive
from kindness_core.formats.jsonio import to_json
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage
from wagtail_kindness.scheduling import ScheduleChange, default_change_date, pages_that_move

LONDON = ZoneInfo("Europe/London")
PARIS = ZoneInfo("Europe/Paris")
NEW_YORK = ZoneInfo("America/New_York")


def _publish_schedule(series, *, since=None, **fields):
    series = ConversationSeriesPage.objects.get(pk=series.pk)
    for name, value in fields.items():
        setattr(series, name, value)
    series.schedule_change_from = since
    series.save_revision().publish()
    return ConversationSeriesPage.objects.get(pk=series.pk)


def _starts(series):
    return {
        page.date: page.start for page in ConversationPage.objects.child_of(series).order_by("date")
    }


def _calendar_events(client, series, year):
    body = client.get(series.url + "calendar/").content
    calendar = icalendar.Calendar.from_ical(body)
    found = recurring_ical_events.of(calendar).between(
        dt.datetime(year, 1, 1, tzinfo=dt.UTC), dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
    )
    return {event.decoded("dtstart").date(): event.decoded("dtstart") for event in found}


@pytest.mark.parametrize(
    ("fields", "old_local", "new_local"),
    [
        ({"schedule_time": dt.time(18, 30)}, (18, 0, LONDON), (18, 30, LONDON)),
        ({"schedule_timezone": "Europe/Paris"}, (18, 0, LONDON), (18, 0, PARIS)),
        (
            {"schedule_time": dt.time(13, 0), "schedule_timezone": "America/New_York"},
            (18, 0, LONDON),
            (13, 0, NEW_YORK),
        ),
    ],
    ids=["time", "zone", "time-and-zone"],
)
def test_pages_before_the_date_keep_their_time_and_later_ones_move(
    series, client, fields, old_local, new_local
):
    # February and March 2025 are before the change; April (after the March
    # change to summer time) and November (after the October one) are after it.
    days = [third_thursday(2025, m) for m in (2, 3, 4, 11)]
    for day in days:
        add_conversation(series, day)
    since = days[2]
    series = _publish_schedule(series, since=since, **fields)
    starts = _starts(series)
    for day in days:
        hour, minute, zone = old_local if day < since else new_local
        expected = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=zone)
        assert starts[day] == expected, day
        page = ConversationPage.objects.get(date=day)
        assert page.local_start() == expected
        assert page.local_start().utcoffset() == expected.utcoffset()
    events = _calendar_events(client, series, 2025)
    for day in days:
        assert events[day] == starts[day], day
    archive = series.to_core()
    held = {c.start.date(): c.start for c in archive}
    assert all(held[day] == starts[day] for day in days)
    assert to_json(archive)  # the JSON output takes the mixed zones


def test_without_a_date_the_change_applies_from_the_next_meeting(series):
    past = add_conversation(series, dt.date(2024, 2, 15))
    today = dt.date.today()
    future_day = third_thursday(today.year + 1, 1)
    future = add_conversation(series, future_day, status="scheduled")
    series = _publish_schedule(series, schedule_time=dt.time(19, 15))
    past.refresh_from_db()
    future.refresh_from_db()
    assert past.time == dt.time(18, 0)
    assert past.start == dt.datetime(2024, 2, 15, 18, 0, tzinfo=dt.UTC)
    assert future.time == dt.time(19, 15)
    assert default_change_date(series) >= today - dt.timedelta(days=1)


def test_a_page_at_its_own_time_keeps_its_local_time_and_takes_the_new_zone(series):
    page = add_conversation(series, dt.date(2025, 5, 15), time=dt.time(12, 0))
    _publish_schedule(
        series,
        since=dt.date(2025, 1, 1),
        schedule_time=dt.time(18, 30),
        schedule_timezone="Europe/Paris",
    )
    page.refresh_from_db()
    assert (page.time, page.time_zone) == (dt.time(12, 0), "Europe/Paris")
    assert page.start == dt.datetime(2025, 5, 15, 12, 0, tzinfo=PARIS)


def test_admin_and_code_and_imported_pages_store_the_same_time_and_zone(series, admin_client):
    from kindness_core.importing.importer import import_archive
    from wagtail_kindness.importing import import_into_site

    made_by_code = add_conversation(series, dt.date(2025, 1, 16))
    assert (made_by_code.time, made_by_code.time_zone) == (dt.time(18, 0), "Europe/London")
    text = "Conversations for Kindness\n\nFebruary 2025\n\nA conversation about kindness.\n"
    result = import_archive(text, schedule=series.base_schedule())
    archive = Archive(series=series.to_core_series(), conversations=result.conversations)
    import_into_site(archive, series=series)
    imported = ConversationPage.objects.child_of(series).exclude(pk=made_by_code.pk)
    assert imported.count() == 1
    for page in imported:
        assert page.time == dt.time(18, 0)
        assert page.time_zone == "Europe/London"


def test_the_form_asks_from_which_date_defaulting_to_the_next_meeting(series, admin_client):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[series.pk]))
    form = edit.context["form"]
    assert form.initial["schedule_change_from"] == default_change_date(series)
    assert 'name="schedule_change_from"' in edit.content.decode()


def test_publishing_the_form_moves_only_pages_from_the_date(series, admin_client):
    before = add_conversation(series, dt.date(2025, 3, 20))
    after = add_conversation(series, dt.date(2025, 4, 17), status="scheduled")
    response = admin_client.post(
        reverse("wagtailadmin_pages:edit", args=[series.pk]),
        series_form_data(
            schedule_time="18:30",
            schedule_change_from="2025-04-01",
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    before.refresh_from_db()
    after.refresh_from_db()
    assert before.start == dt.datetime(2025, 3, 20, 18, 0, tzinfo=dt.UTC)
    assert after.start == dt.datetime(2025, 4, 17, 18, 30, tzinfo=LONDON)


def test_a_draft_moves_with_its_latest_revision(series):
    draft = add_conversation(series, dt.date(2025, 6, 19), live=False, status="scheduled")
    series = _publish_schedule(series, since=dt.date(2025, 6, 1), schedule_time=dt.time(17, 0))
    draft = ConversationPage.objects.get(pk=draft.pk)
    assert draft.time == dt.time(17, 0)
    # Publishing the draft later does not bring the old time back.
    draft.get_latest_revision().publish()
    draft.refresh_from_db()
    assert draft.time == dt.time(17, 0)
    assert draft.start == dt.datetime(2025, 6, 19, 17, 0, tzinfo=LONDON)


def test_pages_that_move_lists_drafts_and_live_pages_by_date(series):
    add_conversation(series, dt.date(2025, 1, 16))
    second = add_conversation(series, dt.date(2025, 2, 20), live=False, status="scheduled")
    third = add_conversation(series, dt.date(2025, 3, 20), status="scheduled")
    change = ScheduleChange(
        old_time=dt.time(18, 0),
        old_zone="Europe/London",
        new_time=dt.time(18, 30),
        new_zone="Europe/London",
        since=dt.date(2025, 2, 1),
    )
    assert [p.pk for p in pages_that_move(series, change)] == [second.pk, third.pk]
    same = ScheduleChange(
        old_time=dt.time(18, 0),
        old_zone="Europe/London",
        new_time=dt.time(18, 0),
        new_zone="Europe/London",
        since=dt.date(2025, 2, 1),
    )
    assert pages_that_move(series, same) == []


def test_a_new_time_in_the_spring_gap_leaves_that_page_as_it_was(home):
    from kindness_factories import make_series

    series = make_series(
        home, schedule_rule="FREQ=MONTHLY;BYDAY=2SU", schedule_timezone="America/New_York"
    )
    gap_day = dt.date(2025, 3, 9)  # 02:30 does not exist in New York that night
    page = add_conversation(series, gap_day, status="scheduled")
    _publish_schedule(series, since=dt.date(2025, 1, 1), schedule_time=dt.time(2, 30))
    page.refresh_from_db()
    assert page.start == dt.datetime(2025, 3, 9, 18, 0, tzinfo=NEW_YORK)


# -- the live preview in the series form ------------------------------------

PREVIEW_FIELDS = {
    "schedule_ordinal": "3",
    "schedule_weekday": "TH",
    "schedule_time": "18:30",
    "schedule_duration": "60",
    "schedule_timezone": "Europe/London",
    "schedule_rule": "",
    "schedule_start": "",
}


def _preview(client, **params):
    return client.get(reverse("wagtail_kindness_schedule_preview"), {**PREVIEW_FIELDS, **params})


def test_preview_describes_the_schedule_as_typed(admin_client):
    answer = _preview(admin_client).json()
    assert answer["description"].startswith("Third Thursday of every month at 6:30pm")
    assert answer["error"] is None
    phrase = _preview(
        admin_client, schedule_rule="every other Wednesday at 9am Paris time starting 2025-01-08"
    ).json()
    assert "Every other Wednesday at 9:00am" in phrase["description"]
    assert "Paris" in phrase["description"]


def test_preview_lists_the_pages_that_move_from_the_date(series, admin_client):
    add_conversation(series, dt.date(2025, 3, 20), title="Kept")
    add_conversation(series, dt.date(2025, 4, 17), status="scheduled", title="Moves <b>")
    add_conversation(series, dt.date(2025, 5, 15), status="scheduled", live=False)
    answer = _preview(admin_client, page=series.pk, schedule_change_from="2025-04-01").json()
    assert answer["since"] == "2025-04-01"
    assert [m["date"] for m in answer["moves"]] == ["2025-04-17", "2025-05-15"]
    first, second = answer["moves"]
    assert first["title"] == "Moves <b>"  # JSON; the script writes it as text
    assert (first["live"], second["live"]) == (True, False)
    assert first["from"] == "6:00pm UK time"
    assert first["to"] == "6:30pm UK time"
    unchanged = _preview(admin_client, page=series.pk, schedule_time="18:00").json()
    assert unchanged["moves"] == []


@pytest.mark.parametrize(
    ("params", "key"),
    [
        ({"schedule_time": "25:00"}, "schedule_time"),
        ({"schedule_duration": "-5"}, "schedule_duration"),
        ({"page": "abc"}, "page"),
        ({"schedule_change_from": "2025-02-30"}, "schedule_change_from"),
        ({"schedule_weekday": "XX"}, "schedule_weekday"),
    ],
)
def test_preview_refuses_fields_that_do_not_parse_with_400(admin_client, params, key):
    response = _preview(admin_client, **params)
    assert response.status_code == 400
    assert key in response.json()["errors"]


def test_preview_says_what_the_core_refuses(admin_client):
    for rule, zone in (("FREQ=HOURLY", "Europe/London"), ("", "Mars/Olympus")):
        answer = _preview(admin_client, schedule_rule=rule, schedule_timezone=zone).json()
        assert answer["error"]
        assert answer["description"] == ""


def test_preview_needs_an_admin_and_edit_permission_on_the_series(
    series, client, django_user_model
):
    assert _preview(client).status_code in (302, 403)  # not logged in: the admin's login
    missing = _preview(client, page="999999")
    assert missing.status_code in (302, 403)
    user = django_user_model.objects.create_user("reader", password="pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert _preview(client).status_code == 200  # words only: no page is read
    assert _preview(client, page=series.pk).status_code == 404


def test_the_series_edit_page_has_the_preview_panel(series, admin_client):
    edit = admin_client.get(reverse("wagtailadmin_pages:edit", args=[series.pk])).content.decode()
    assert "data-kindness-schedule-preview=" in edit
    assert "wagtail_kindness/admin/schedule_preview.js" in edit

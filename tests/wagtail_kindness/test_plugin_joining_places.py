"""Meetings, places, capacity and the waiting list (``joining.meetings``, ``joining.places``).

A place names its meeting by the series and the scheduled date; what the
meeting is now (postponed, cancelled, moved by an editor) is read from the
page of that month, else from the schedule.  Capacity counts confirmed
places; the waiting list is promoted in the order people joined.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from joining_factories import make_registration, make_signup_series
from kindness_factories import add_conversation, third_thursday

from wagtail_kindness.joining import links, places
from wagtail_kindness.joining.meetings import coming_meetings, meeting_on, reminder_hours
from wagtail_kindness.models import Delivery, Place

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def signup(home):
    return make_signup_series(home)


def _now(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=LONDON)


# -- meetings -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "utc_hour"),
    [(2027, 3, 18), (2027, 4, 17), (2027, 10, 17), (2027, 11, 18)],  # GMT, BST, BST, GMT
)
def test_a_date_of_the_schedule_is_a_meeting_at_the_series_time(signup, year, month, utc_hour):
    day = third_thursday(year, month)
    meeting = meeting_on(signup, day)
    assert meeting is not None
    assert meeting.page is None
    assert meeting.start.astimezone(dt.UTC).hour == utc_hour
    assert meeting.start.astimezone(LONDON).time() == dt.time(18, 0)
    assert meeting.end > meeting.start
    assert meeting.is_on
    assert meeting.status == "scheduled"


def test_a_date_off_the_schedule_is_no_meeting(signup):
    assert meeting_on(signup, third_thursday(2027, 3) + dt.timedelta(days=1)) is None


@pytest.mark.parametrize(
    ("fields", "is_on", "start_day"),
    [
        ({"status": "scheduled"}, True, 0),
        ({"status": "cancelled"}, False, 0),
        ({"status": "postponed", "postponed_date_offset": 7}, True, 7),
        ({"status": "postponed"}, False, 0),  # postponed, no new date yet
    ],
)
def test_the_page_of_the_month_is_the_meeting(signup, fields, is_on, start_day):
    day = third_thursday(2027, 3)
    fields = dict(fields)
    offset = fields.pop("postponed_date_offset", None)
    if offset is not None:
        fields["postponed_date"] = day + dt.timedelta(days=offset)
    page = add_conversation(signup, day, **fields)
    meeting = meeting_on(signup, day)
    assert meeting.page.pk == page.pk
    assert meeting.is_on is is_on
    assert meeting.start.date() == day + dt.timedelta(days=start_day)


def test_an_editor_moved_the_meeting_within_its_month(signup):
    day = third_thursday(2027, 10)
    add_conversation(signup, day + dt.timedelta(days=1), status="scheduled")
    meeting = meeting_on(signup, day)
    assert meeting.page is not None
    assert meeting.start.date() == day + dt.timedelta(days=1)


def test_drafts_are_not_meetings(signup):
    day = third_thursday(2027, 3)
    add_conversation(signup, day + dt.timedelta(days=1), status="scheduled", live=False)
    meeting = meeting_on(signup, day)
    assert meeting.page is None
    assert meeting.start.date() == day


def test_coming_meetings_skip_cancelled_ones(signup):
    now = _now(2027, 2, 1)
    add_conversation(signup, third_thursday(2027, 3), status="cancelled")
    dates = [m.date for m in coming_meetings(signup, now=now, count=3)]
    assert dates == [third_thursday(2027, 2), third_thursday(2027, 4), third_thursday(2027, 5)]


def test_the_conversations_own_link_and_capacity_win(signup):
    day = third_thursday(2027, 3)
    plain = meeting_on(signup, day)
    assert plain.meeting_url == signup.meeting_url
    assert plain.capacity is None
    add_conversation(
        signup, day, status="scheduled", meeting_url="https://meet.example.org/own", capacity=5
    )
    own = meeting_on(signup, day)
    assert own.meeting_url == "https://meet.example.org/own"
    assert own.capacity == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [("", (24, 1)), ("2", (2,)), ("1, 48", (48, 1)), ("6;6; 3", (6, 3)), ("x, 0, 9999", (24, 1))],
)
def test_reminder_hours(signup, text, expected):
    signup.reminder_hours = text
    assert reminder_hours(signup) == expected


# -- places -------------------------------------------------------------------


def test_capacity_then_the_waiting_list_in_order(signup):
    signup.capacity = 2
    signup.save()
    day = third_thursday(2027, 3)
    meeting = meeting_on(signup, day)
    people = [make_registration(signup, None, email=f"p{n}@example.com") for n in range(5)]
    got = [places.allocate(person, meeting) for person in people]
    assert [p.state for p in got] == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
    assert places.taken(signup, day) == 2
    kinds = list(Delivery.objects.order_by("pk").values_list("kind", "occasion"))
    assert kinds == [("joining", day.isoformat())] * 2 + [("waiting", day.isoformat())] * 3

    promoted = places.release(got[1])
    assert promoted.pk == got[2].pk
    assert promoted.state == "confirmed"
    assert Place.objects.get(pk=got[1].pk).state == "cancelled"
    assert Delivery.objects.filter(registration=people[2], kind="joining").count() == 1
    # A waiting place that leaves promotes nobody.
    assert places.release(got[4]) is None
    assert places.taken(signup, day) == 2
    # Capacity grows: the next one waiting is promoted on demand.
    signup.capacity = 3
    signup.save()
    assert places.promote(signup, day).pk == got[3].pk


def test_allocating_twice_keeps_one_place_and_one_mail(signup):
    meeting = meeting_on(signup, third_thursday(2027, 3))
    person = make_registration(signup, None)
    first = places.allocate(person, meeting)
    again = places.allocate(person, meeting)
    assert first.pk == again.pk
    assert Delivery.objects.filter(registration=person).count() == 1


def test_a_place_taken_again_gets_new_details(signup):
    meeting = meeting_on(signup, third_thursday(2027, 3))
    person = make_registration(signup, None)
    place = places.allocate(person, meeting)
    places.release(place)
    again = places.allocate(person, meeting)
    assert again.pk == place.pk
    assert again.state == "confirmed"
    assert again.sequence == 1
    occasions = sorted(Delivery.objects.values_list("occasion", flat=True))
    assert occasions == [meeting.date.isoformat(), f"{meeting.date.isoformat()}#1"]


def test_no_promotion_to_a_cancelled_meeting(signup):
    signup.capacity = 1
    signup.save()
    day = third_thursday(2027, 3)
    meeting = meeting_on(signup, day)
    first, second = (make_registration(signup, None, email=f"{n}@example.com") for n in "ab")
    held = places.allocate(first, meeting)
    places.allocate(second, meeting)
    add_conversation(signup, day, status="cancelled")
    assert places.release(held) is None


def test_what_the_place_was_told(signup):
    day = third_thursday(2027, 10)  # BST
    place = places.allocate(make_registration(signup, None), meeting_on(signup, day))
    place.refresh_from_db()
    assert place.told_start == dt.datetime(2027, 10, 21, 17, 0, tzinfo=dt.UTC)
    assert place.told_status == "scheduled"


# -- links ----------------------------------------------------------------------


def test_links_name_one_registration_for_one_purpose(signup):
    one = make_registration(signup, None, email="one@example.com")
    two = make_registration(signup, None, email="two@example.com")
    token = links.make_token(one, links.CONFIRM)
    assert links.read_token(token, links.CONFIRM).pk == one.pk
    with pytest.raises(links.BadLink):
        links.read_token(token, links.CANCEL)
    # An altered token, and a validly signed one that pairs one's id with another's key.
    with pytest.raises(links.BadLink):
        links.read_token(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), links.CONFIRM)
    mixed = signing.dumps([two.pk, one.key], salt="wagtail_kindness.joining.confirm")
    with pytest.raises(links.BadLink):
        links.read_token(mixed, links.CONFIRM)
    address = links.link(one, links.CANCEL)
    assert address.startswith(signup.get_full_url() + "join/cancel/?t=")
    one.delete()
    with pytest.raises(links.BadLink):
        links.read_token(token, links.CONFIRM)


def test_confirmation_links_expire(signup, settings):
    person = make_registration(signup, None)
    token = links.make_token(person, links.CONFIRM)
    settings.WAGTAILKINDNESS_JOIN_CONFIRM_MAX_AGE = -1
    with pytest.raises(links.BadLink) as raised:
        links.read_token(token, links.CONFIRM)
    assert raised.value.expired
    # Cancel links do not expire (the retention period erases the registration).
    assert links.read_token(links.make_token(person, links.CANCEL), links.CANCEL).pk == person.pk


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_sign_ups_at_once_never_take_the_last_place_twice(home):
    """On PostgreSQL (CI's second stage): the series' row lock serialises the count."""
    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL); SQLite serialises writes")
    import threading

    series = make_signup_series(home, capacity=1)
    day = third_thursday(2027, 3)
    people = [make_registration(series, None, email=f"{n}@example.com") for n in range(6)]
    barrier = threading.Barrier(len(people))
    errors = []

    def take(person):
        try:
            barrier.wait()
            places.allocate(person, meeting_on(series, day))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    states = sorted(Place.objects.filter(date=day).values_list("state", flat=True))
    assert states == ["confirmed"] + ["waiting"] * 5


def test_a_stored_unusable_zone_is_no_meeting_never_an_error(signup):
    """A value the admin refuses but a shell could store: the pipeline skips it."""
    from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

    day = third_thursday(2027, 3)
    page = add_conversation(signup, day, status="scheduled")
    ConversationPage.objects.filter(pk=page.pk).update(time_zone="Mars/Olympus_Mons")
    assert meeting_on(signup, day) is None
    # The series' own stored bad zone: the plugin's usual fallback, no error.
    ConversationSeriesPage.objects.filter(pk=signup.pk).update(schedule_timezone="Nowhere/Land")
    fresh = ConversationSeriesPage.objects.get(pk=signup.pk)
    meeting_on(fresh, third_thursday(2027, 4))  # raises nothing
    coming_meetings(fresh, now=_now(2027, 3, 25), count=1)  # raises nothing


def test_erasing_a_person_gives_their_place_to_the_first_waiting(signup):
    from django.core.management import call_command

    signup.capacity = 1
    signup.save()
    meeting = meeting_on(signup, third_thursday(2027, 3))
    first = make_registration(signup, None, email="first@example.com")
    second = make_registration(signup, None, email="second@example.com")
    places.allocate(first, meeting)
    assert places.allocate(second, meeting).state == "waiting"
    call_command("kindness_forget", "FIRST@example.com")
    assert not Place.objects.filter(registration_id=first.pk).exists()
    assert Place.objects.get(registration=second).state == "confirmed"
    assert Delivery.objects.filter(registration=second, kind="joining").count() == 1

"""The joining emails (wagtail_kindness.joining.compose and .invite): content of every
kind in English and French, times in the registrant's zone across the DST changes,
the ``.ics`` read by icalendar, recurring_ical_events and ical.js, headers (no
injection, List-Unsubscribe), and the private link only where it belongs."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import icalendar
import pytest
import recurring_ical_events
from django.core import mail
from django.test.utils import override_settings
from joining_factories import SECRET_LINK, make_registration, make_signup_series
from kindness_factories import add_conversation, third_thursday

from tests.icaljs import run_icaljs
from wagtail_kindness.joining import compose, deliver, invite, links
from wagtail_kindness.joining.meetings import meeting_on
from wagtail_kindness.models import Delivery, Place

EARLY = dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC)  # before every meeting used here


def signup_series(home, zone="Europe/London", **fields):
    return make_signup_series(home, schedule_timezone=zone, **fields)


def placed(series, day, **fields):
    """A confirmed registration with its place at ``day``, told the meeting as it is."""
    registration = make_registration(series, day, **fields)
    meeting = meeting_on(series, day)
    Place.objects.filter(registration=registration).update(
        told_start=meeting.start, told_status=meeting.status
    )
    return registration


def compose_kind(registration, kind, occasion, now=EARLY):
    delivery = deliver.claim(registration, kind, occasion)
    return compose.message(delivery, now=now)


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)


def unfolded(header) -> str:
    """A header's value without the folding of long lines (Django 5.2 folds them)."""
    return "".join(str(header).split())


def html_of(message):
    return next(body for body, kind in message.alternatives if kind == "text/html")


def ics_of(message):
    found = [a for a in message.attachments if "text/calendar" in a[2]]
    assert len(found) == 1
    return found[0][1].encode(), found[0][2]


# -- each kind, in English ------------------------------------------------------


def test_confirm_has_the_confirm_link_and_its_validity_never_the_joining_link(home):
    series = signup_series(home)
    registration = make_registration(series, None, state="pending")
    message = compose_kind(registration, Delivery.Kind.CONFIRM, "2027-01-02T09:00:00")
    assert "/join/confirm/?t=" in message.body
    assert "valid for 48 hours" in message.body
    assert SECRET_LINK not in message.body
    assert SECRET_LINK not in html_of(message)
    assert message.attachments == []
    assert "Please confirm" in message.subject


@pytest.mark.parametrize("every", [False, True])
def test_confirm_names_the_meeting_asked_for_in_both_zones(home, every):
    series = signup_series(home)
    day = third_thursday(2027, 10)  # BST: 18:00 in London is 13:00 in New York (EDT)
    registration = make_registration(series, None, state="pending", every=every)
    registration.date = day
    registration.save()
    message = compose_kind(registration, Delivery.Kind.CONFIRM, "2027-01-02T09:00:00")
    assert "Thursday 21 October 2027, 1:00pm" in message.body
    assert "Thursday 21 October 2027, 6:00pm UK time" in message.body
    assert ("Every conversation, starting with:" in message.body) is every
    assert "21 October 2027" in html_of(message)
    assert SECRET_LINK not in message.body


def test_joining_has_both_zones_the_private_link_the_cancel_link_and_the_ics(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, time_zone="Asia/Tokyo")
    message = compose_kind(registration, Delivery.Kind.JOINING, day.isoformat())
    assert message.to == ["ada@example.com"]
    # 18:00 in London (GMT) is 03:00 the next day in Tokyo.
    assert "Friday 19 March 2027, 3:00am" in message.body
    assert "Thursday 18 March 2027, 6:00pm UK time" in message.body
    assert SECRET_LINK in message.body
    assert SECRET_LINK in html_of(message)
    assert "/join/cancel/?t=" in message.body
    data, mimetype = ics_of(message)
    assert mimetype == "text/calendar; method=REQUEST"
    assert b"METHOD:REQUEST" in data


def test_joining_without_a_joining_link_says_the_organisers_will_send_it(home):
    series = signup_series(home, meeting_url="")
    day = third_thursday(2027, 3)
    message = compose_kind(placed(series, day), Delivery.Kind.JOINING, day.isoformat())
    assert "organisers will send you the joining link" in message.body
    assert "organisers will send you the joining link" in html_of(message)


def test_a_conversations_own_link_replaces_the_series_link(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    add_conversation(series, day, status="scheduled", meeting_url="https://meet.example.org/own")
    message = compose_kind(placed(series, day), Delivery.Kind.JOINING, day.isoformat())
    assert "https://meet.example.org/own" in message.body
    assert SECRET_LINK not in message.body


def test_waiting_has_no_joining_link_and_no_ics(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, place_state="waiting")
    message = compose_kind(registration, Delivery.Kind.WAITING, day.isoformat())
    assert "waiting list" in message.body
    assert SECRET_LINK not in message.body
    assert SECRET_LINK not in html_of(message)
    assert message.attachments == []


def test_reminder_has_the_link_and_the_time(home):
    series = signup_series(home)
    day = third_thursday(2027, 4)
    registration = placed(series, day, time_zone="America/New_York")
    message = compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@24")
    assert "Reminder" in message.subject
    assert SECRET_LINK in message.body
    # 18:00 BST is 13:00 EDT.
    assert "Thursday 15 April 2027, 1:00pm" in message.body


def test_follow_up_links_the_public_page_once_the_meeting_is_over(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    page = add_conversation(series, day, status="held", title="Listening")
    registration = placed(series, day, follow_up=True)
    after = dt.datetime(2027, 3, 20, tzinfo=dt.UTC)
    message = compose_kind(registration, Delivery.Kind.FOLLOW_UP, day.isoformat(), now=after)
    assert page.get_full_url() in message.body
    assert SECRET_LINK not in message.body
    assert (
        compose.message(Delivery.objects.get(kind=Delivery.Kind.FOLLOW_UP), now=EARLY) is None
    )  # not before it ended


# -- times across DST, several zones --------------------------------------------


@pytest.mark.parametrize(
    ("zone", "month", "expected"),
    [
        # London 18:00: GMT in March (before the 28th), BST in April and October, GMT in November.
        ("America/New_York", 3, "Thursday 18 March 2027, 2:00pm"),  # EDT vs GMT: 4 hours
        ("America/New_York", 4, "Thursday 15 April 2027, 1:00pm"),
        ("America/New_York", 10, "Thursday 21 October 2027, 1:00pm"),
        ("America/New_York", 11, "Thursday 18 November 2027, 1:00pm"),
        ("Asia/Kolkata", 3, "Thursday 18 March 2027, 11:30pm"),
        ("Asia/Kolkata", 4, "Thursday 15 April 2027, 10:30pm"),
        ("Australia/Sydney", 3, "Friday 19 March 2027, 5:00am"),  # AEDT +11
        ("Australia/Sydney", 4, "Friday 16 April 2027, 3:00am"),  # AEST +10
    ],
)
def test_the_time_is_in_the_registrants_zone(home, zone, month, expected):
    series = signup_series(home)
    day = third_thursday(2027, month)
    message = compose_kind(placed(series, day, time_zone=zone), Delivery.Kind.JOINING, str(day))
    assert expected in message.body


def test_a_series_in_another_zone_shows_its_own_time(home):
    series = signup_series(home, zone="America/New_York")
    day = third_thursday(2027, 3)  # 18:00 EDT is 22:00 UTC, 23:00 in Paris (CET)
    message = compose_kind(
        placed(series, day, time_zone="Europe/Paris"), Delivery.Kind.JOINING, str(day)
    )
    assert "Thursday 18 March 2027, 11:00pm" in message.body
    assert "Thursday 18 March 2027, 6:00pm" in message.body


def test_an_unknown_zone_falls_back_to_the_series_zone(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, time_zone="Mars/Olympus")
    message = compose_kind(registration, Delivery.Kind.JOINING, str(day))
    assert "6:00pm UK time" in message.body
    assert "Series time" not in message.body


# -- French -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", [Delivery.Kind.JOINING, Delivery.Kind.REMINDER, Delivery.Kind.NOTICE]
)
def test_french_registrants_get_french_dates(home, kind):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, language="fr", time_zone="Europe/Paris")
    occasion = {"reminder": f"{day}@1", "notice": f"{day}#1"}.get(kind, str(day))
    message = compose_kind(registration, kind, occasion)
    assert "jeudi 18 mars 2027" in message.body
    assert "19:00" in message.body  # Paris, CET
    assert 'lang="fr"' in html_of(message)


def test_a_site_can_override_a_template(home, tmp_path):
    folder = tmp_path / "wagtail_kindness" / "email"
    folder.mkdir(parents=True)
    (folder / "reminder.txt").write_text(
        "{% load i18n %}{% language 'fr' %}Rappel : {{ when }} {{ meeting_url }}{% endlanguage %}"
    )
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, language="fr")
    from django.conf import settings

    templates = [{**settings.TEMPLATES[0], "DIRS": [str(tmp_path)]}]
    with override_settings(TEMPLATES=templates):
        message = compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@24")
    assert message.body.startswith("Rappel : jeudi 18 mars 2027")
    assert SECRET_LINK in message.body


# -- headers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Eve\r\nBcc: victim@example.net",
        "Eve\nBcc: victim@example.net",
        "=?utf-8?q?Eve?=\r\n\r\nBody",
    ],
)
def test_a_name_cannot_inject_a_header(home, name):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, name=name)
    message = compose_kind(registration, Delivery.Kind.JOINING, str(day))
    message.send()
    sent = parsed(mail.outbox[-1])
    assert sent["Bcc"] is None
    assert sent["To"] == "ada@example.com"
    assert mail.outbox[-1].recipients() == ["ada@example.com"]
    for header, value in sent.items():
        assert "Eve" not in value, header


def test_an_address_with_a_newline_is_refused_not_sent(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day, email="ada@example.com\r\nBcc: victim@example.net")
    delivery = deliver.claim(registration, Delivery.Kind.REMINDER, f"{day}@24")
    assert deliver.send_now(delivery, now=EARLY) == "failed"
    assert mail.outbox == []
    delivery.refresh_from_db()
    assert delivery.error in {"BadHeaderError", "ValueError", "KindnessInputError"}
    assert "example" not in delivery.error


def test_list_unsubscribe_one_click_and_auto_submitted(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day)
    sent = parsed(compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@24"))
    assert unfolded(sent["List-Unsubscribe"]) == f"<{links.one_click_link(registration)}>"
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert sent["Auto-Submitted"] == "auto-generated"


@override_settings(ROOT_URLCONF="tests.urls_without_plugin")
def test_without_the_one_click_url_the_cancel_page_is_the_unsubscribe_link(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day)
    sent = parsed(compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@24"))
    assert unfolded(sent["List-Unsubscribe"]).startswith(
        "<http://localhost/conversations/join/cancel/?t="
    )
    assert sent["List-Unsubscribe-Post"] is None


@override_settings(WAGTAILKINDNESS_JOIN_FROM_EMAIL="Kindness <kindness@example.org>")
def test_the_sender_is_the_setting_and_the_organizer_of_the_ics(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    message = compose_kind(placed(series, day), Delivery.Kind.JOINING, str(day))
    assert message.from_email == "Kindness <kindness@example.org>"
    event = icalendar.Calendar.from_ical(ics_of(message)[0]).walk("VEVENT")[0]
    assert str(event["ORGANIZER"]) == "mailto:kindness@example.org"


# -- when a mail no longer applies -----------------------------------------------------


def test_nothing_to_send_when_the_place_or_registration_is_cancelled(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day)
    Place.objects.filter(registration=registration).update(state="cancelled")
    assert compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@24") is None
    registration.state = "cancelled"
    registration.save()
    assert compose_kind(registration, Delivery.Kind.JOINING, str(day)) is None
    delivery = Delivery.objects.get(kind=Delivery.Kind.JOINING)
    assert deliver.send_now(delivery) == "skipped"
    assert mail.outbox == []


def test_no_reminder_once_the_meeting_started_or_was_cancelled(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day)
    started = dt.datetime(2027, 3, 18, 18, 5, tzinfo=dt.UTC)
    assert compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@1", now=started) is None
    add_conversation(series, day, status="cancelled")
    assert compose_kind(registration, Delivery.Kind.REMINDER, f"{day}@24") is None


def test_a_meeting_that_is_not_on_the_schedule_is_gone(home):
    series = signup_series(home)
    day = third_thursday(2027, 3) + dt.timedelta(days=1)  # a Friday: no meeting
    registration = make_registration(series, day)
    assert compose_kind(registration, Delivery.Kind.JOINING, str(day)) is None


# -- the .ics read by three readers ------------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "month", "utc_hour"),
    [
        ("Europe/London", 3, 18),  # GMT: before the last Sunday of March
        ("Europe/London", 4, 17),  # BST
        ("Europe/London", 10, 17),  # BST: before the last Sunday of October
        ("Europe/London", 11, 18),
        ("America/New_York", 3, 22),  # EDT from 14 March 2027
        ("America/New_York", 11, 23),  # EST from 7 November 2027
    ],
)
def test_the_ics_has_the_right_instant_in_icalendar_and_recurring_ical_events(
    home, zone, month, utc_hour
):
    series = signup_series(home, zone=zone)
    day = third_thursday(2027, month)
    registration = placed(series, day, time_zone="Asia/Tokyo")
    data, _ = ics_of(compose_kind(registration, Delivery.Kind.JOINING, str(day)))
    cal = icalendar.Calendar.from_ical(data)
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == [zone]
    expected = dt.datetime.combine(day, dt.time(utc_hour), tzinfo=dt.UTC)
    found = recurring_ical_events.of(cal).between(day, day + dt.timedelta(days=2))
    assert [e.decoded("DTSTART").astimezone(dt.UTC) for e in found] == [expected]
    event = found[0]
    assert event["DTSTART"].params["TZID"] == zone
    assert SECRET_LINK in str(event["DESCRIPTION"])
    assert str(event["CONFERENCE"]) == SECRET_LINK
    assert str(event["ATTENDEE"]) == "mailto:ada@example.com"
    assert "Ada" not in data.decode()


@pytest.mark.node
@pytest.mark.parametrize(
    ("zone", "month", "utc_hour"), [("Europe/London", 4, 17), ("America/New_York", 11, 23)]
)
def test_icaljs_reads_the_same_instant(home, tmp_path, zone, month, utc_hour):
    series = signup_series(home, zone=zone)
    day = third_thursday(2027, month)
    data, _ = ics_of(compose_kind(placed(series, day), Delivery.Kind.JOINING, str(day)))
    found = run_icaljs(tmp_path, data, "2027-01-01", "2028-01-01")
    assert len(found) == 1
    start = dt.datetime.fromisoformat(str(found[0]["start"]).replace("Z", "+00:00"))
    assert start.astimezone(dt.UTC) == dt.datetime.combine(day, dt.time(utc_hour), tzinfo=dt.UTC)


def test_the_uid_is_stable_per_person_and_meeting_and_reveals_nothing(home):
    series = signup_series(home)
    day, other_day = third_thursday(2027, 3), third_thursday(2027, 4)
    ada = placed(series, day)
    bob = placed(series, day, email="bob@example.com", name="Bob")
    uid = invite.invitation_uid(ada, day)
    assert uid == invite.invitation_uid(ada, day)
    assert uid != invite.invitation_uid(bob, day)
    assert uid != invite.invitation_uid(ada, other_day)
    assert uid.endswith("@localhost")
    token = uid.split("@")[0]
    assert str(ada.pk) not in token.split("-")
    assert ada.key not in uid
    assert day.isoformat() not in uid


def test_a_cancelled_meeting_gets_a_cancel_with_the_same_uid_and_a_higher_sequence(home):
    series = signup_series(home)
    day = third_thursday(2027, 3)
    registration = placed(series, day)
    first, _ = ics_of(compose_kind(registration, Delivery.Kind.JOINING, str(day)))
    add_conversation(series, day, status="cancelled")  # publishing claims the notice
    notice = Delivery.objects.get(kind=Delivery.Kind.NOTICE)
    assert notice.occasion == f"{day}#1"
    message = compose.message(notice, now=EARLY)
    assert "cancelled" in message.body
    assert SECRET_LINK not in message.body
    data, mimetype = ics_of(message)
    assert mimetype == "text/calendar; method=CANCEL"
    before = icalendar.Calendar.from_ical(first).walk("VEVENT")[0]
    cal = icalendar.Calendar.from_ical(data)
    after = cal.walk("VEVENT")[0]
    assert cal["METHOD"] == "CANCEL"
    assert str(after["STATUS"]) == "CANCELLED"
    assert str(after["UID"]) == str(before["UID"])
    assert after["SEQUENCE"] > before["SEQUENCE"]
    assert "ORGANIZER" in after
    assert "ATTENDEE" in after

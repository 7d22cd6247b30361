"""Joining a conversation through the series' routes, as a visitor does it.

Sign up (one conversation, or every one), confirm (a GET that changes nothing,
then the button's POST), get a place or the waiting list, cancel (and the first
person waiting is promoted), stop every email.  Real page routes through
Django's test client; the mail ledger (``Delivery``) says what was claimed, and
the immediate task backend sends it to ``mail.outbox`` after the commit.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone, translation
from joining_factories import join_form_data, join_route, make_signup_series
from kindness_factories import add_conversation

from wagtail_kindness.joining import links
from wagtail_kindness.joining.forms import EVERY, JoinForm, meeting_label
from wagtail_kindness.joining.meetings import offered_meetings
from wagtail_kindness.models import Delivery, Place, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def signup(home):
    return make_signup_series(home)


route = join_route


def form_data(series, **fields) -> dict:
    return join_form_data(series, **{"time_zone": "America/New_York", **fields})


def sign_up(client, series, capture, **fields):
    with capture(execute=True):
        return client.post(route(series), form_data(series, **fields))


def confirm(client, series, registration, capture):
    url = route(series, "join_confirm_route")
    token = links.make_token(registration, links.CONFIRM)
    with capture(execute=True):
        return client.post(f"{url}?t={token}", {"t": token})


def kinds(registration) -> list[tuple[str, str]]:
    return sorted(
        (d.kind, d.occasion)
        for d in Delivery.objects.filter(registration=registration).exclude(kind="confirm")
    )


def test_the_form_is_served_uncached_in_the_series_page(client, signup):
    response = client.get(route(signup))
    assert response.status_code == 200
    html = response.content.decode()
    assert "no-store" in response.headers["Cache-Control"]
    assert "private" in response.headers["Cache-Control"]
    assert "csrfmiddlewaretoken" in html
    for name in ("name", "email", "time_zone", "consent", "follow_up"):
        assert f'for="id_{name}"' in html
    assert 'autocomplete="name"' in html
    assert 'autocomplete="email"' in html
    assert 'inputmode="email"' in html
    assert "<fieldset" in html
    assert "<legend>" in html
    assert 'tabindex="-1"' in html
    assert "Leave this empty" in html
    assert "Every conversation until I stop" in html
    # the series' zone is chosen; join-zone.js may choose the browser's
    assert re.search(r'<option value="Europe/London" selected>', html)
    assert "join-zone.js" in html
    assert "data-kindness-browser-zone" in html


def test_one_conversation_sign_up_confirm_and_place(
    client, signup, django_capture_on_commit_callbacks
):
    response = sign_up(client, signup, django_capture_on_commit_callbacks)
    assert response.status_code == 303
    assert response["Location"].endswith(route(signup, "join_sent_route"))
    registration = Registration.objects.get()
    assert registration.state == "pending"
    assert registration.language == "en-gb"  # the page's language (LANGUAGE_CODE)
    assert registration.time_zone == "America/New_York"
    assert registration.every is False
    confirm_rows = Delivery.objects.filter(registration=registration, kind="confirm")
    assert confirm_rows.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]

    sent = client.get(response["Location"])
    assert sent.status_code == 200
    assert "Check your email" in sent.content.decode()
    assert "ada@example.com" not in sent.content.decode()
    assert "no-store" in sent.headers["Cache-Control"]

    # GET of the link changes nothing (mail scanners fetch links)
    url = route(signup, "join_confirm_route")
    token = links.make_token(registration, links.CONFIRM)
    page = client.get(f"{url}?t={token}")
    assert page.status_code == 200
    assert "csrfmiddlewaretoken" in page.content.decode()
    registration.refresh_from_db()
    assert registration.state == "pending"
    assert not Place.objects.exists()

    done = confirm(client, signup, registration, django_capture_on_commit_callbacks)
    assert done.status_code == 200
    assert "You have a place" in done.content.decode()
    registration.refresh_from_db()
    assert registration.state == "confirmed"
    assert registration.confirmed_at
    place = Place.objects.get()
    assert place.state == "confirmed"
    assert place.date == registration.date
    assert kinds(registration) == [("joining", place.date.isoformat())]
    assert len(mail.outbox) == 2

    # confirming again: the same answer, no second email
    again = confirm(client, signup, registration, django_capture_on_commit_callbacks)
    assert again.status_code == 200
    assert "You have a place" in again.content.decode()
    assert Place.objects.count() == 1
    assert len(mail.outbox) == 2


def test_every_conversation_gets_the_next_one(client, signup, django_capture_on_commit_callbacks):
    sign_up(client, signup, django_capture_on_commit_callbacks, when=EVERY, follow_up="on")
    registration = Registration.objects.get()
    assert registration.every
    assert registration.follow_up
    first = offered_meetings(signup, now=timezone.now())[0]
    assert registration.date == first.date
    confirm(client, signup, registration, django_capture_on_commit_callbacks)
    assert list(Place.objects.values_list("date", "state")) == [(first.date, "confirmed")]


def test_a_full_conversation_has_a_waiting_list_promoted_on_cancel(
    client, signup, django_capture_on_commit_callbacks
):
    signup.capacity = 1
    signup.save_revision().publish()
    sign_up(client, signup, django_capture_on_commit_callbacks)
    first = Registration.objects.get()
    confirm(client, signup, first, django_capture_on_commit_callbacks)
    sign_up(
        Client(), signup, django_capture_on_commit_callbacks, name="Grace", email="g@example.org"
    )
    second = Registration.objects.get(email="g@example.org")
    answer = confirm(Client(), signup, second, django_capture_on_commit_callbacks)
    assert "You are on the waiting list" in answer.content.decode()
    date = first.date
    assert kinds(second) == [("waiting", date.isoformat())]

    # the first person cancels their place from their cancel link
    url = route(signup, "join_cancel_route")
    token = links.make_token(first, links.CANCEL)
    listing = client.get(f"{url}?t={token}")
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Cancel my place on" in html
    assert "Stop all emails" in html
    place = Place.objects.get(registration=first)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(f"{url}?t={token}", {"t": token, "place": str(place.pk)})
    assert done.status_code == 200
    assert "is cancelled" in done.content.decode()
    place.refresh_from_db()
    assert place.state == "cancelled"
    promoted = Place.objects.get(registration=second)
    assert promoted.state == "confirmed"
    joining = Delivery.objects.get(registration=second, kind="joining")
    assert joining.occasion == date.isoformat()
    assert joining.state in ("claimed", "sent")
    # again: harmless
    again = client.post(f"{url}?t={token}", {"t": token, "place": str(place.pk)})
    assert again.status_code == 200
    assert Delivery.objects.filter(registration=second, kind="joining").count() == 1


def test_stop_cancels_every_place_and_the_registration(
    client, signup, django_capture_on_commit_callbacks
):
    sign_up(client, signup, django_capture_on_commit_callbacks, when=EVERY)
    registration = Registration.objects.get()
    confirm(client, signup, registration, django_capture_on_commit_callbacks)
    url = route(signup, "join_cancel_route")
    token = links.make_token(registration, links.CANCEL)
    for _ in range(2):  # idempotent
        response = client.post(f"{url}?t={token}", {"t": token, "stop": "1"})
        assert response.status_code == 200
        assert "no more emails" in response.content.decode()
    registration.refresh_from_db()
    assert registration.state == "cancelled"
    assert not registration.every
    assert registration.cancelled_at is not None
    assert set(Place.objects.values_list("state", flat=True)) == {"cancelled"}


def test_one_click_unsubscribe_works_without_csrf(signup, django_capture_on_commit_callbacks):
    client = Client(enforce_csrf_checks=True)
    registration = Registration.objects.create(
        series=signup, name="Ada", email="ada@example.com", time_zone="UTC", state="confirmed"
    )
    address = links.one_click_link(registration)
    assert address
    assert "/kindness/unsubscribe/" in address
    path = address[address.index("/kindness/") :]
    looked = client.get(path)
    assert looked.status_code == 302
    assert route(signup, "join_cancel_route") in looked["Location"]
    registration.refresh_from_db()
    assert registration.state == "confirmed"  # a GET changes nothing
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
    registration.refresh_from_db()
    assert registration.state == "cancelled"
    assert client.post("/kindness/unsubscribe/?t=forged", {}).status_code == 400


def test_a_gone_conversation_says_so(client, signup, django_capture_on_commit_callbacks):
    sign_up(client, signup, django_capture_on_commit_callbacks)
    registration = Registration.objects.get()
    add_conversation(signup, registration.date, status="cancelled")
    response = confirm(client, signup, registration, django_capture_on_commit_callbacks)
    assert response.status_code == 410
    html = response.content.decode()
    assert "no longer on" in html
    assert route(signup) in html
    registration.refresh_from_db()
    assert registration.state == "pending"
    assert not Place.objects.exists()


def test_a_confirmed_address_signing_up_again_is_merged(
    client, signup, django_capture_on_commit_callbacks
):
    sign_up(client, signup, django_capture_on_commit_callbacks)
    first = Registration.objects.get()
    confirm(client, signup, first, django_capture_on_commit_callbacks)
    second_date = offered_meetings(signup, now=timezone.now())[1].date
    sign_up(
        client,
        signup,
        django_capture_on_commit_callbacks,
        email="ADA@Example.com",
        when=second_date.isoformat(),
        name="Ada King",
    )
    pending = Registration.objects.get(state="pending")
    confirm(client, signup, pending, django_capture_on_commit_callbacks)
    assert list(Registration.objects.values_list("pk", "name", "state")) == [
        (first.pk, "Ada King", "confirmed")
    ]
    assert sorted(Place.objects.values_list("date", flat=True)) == [first.date, second_date]


def test_the_date_of_a_conversation_page_is_chosen(client, signup):
    meetings = offered_meetings(signup, now=timezone.now())
    second = meetings[1].date.isoformat()
    html = client.get(route(signup) + f"?date={second}").content.decode()
    assert re.search(rf'value="{second}"[^>]* checked', html)
    other = client.get(route(signup) + "?date=1999-01-01").content.decode()
    assert " checked" not in other


@pytest.mark.parametrize("mode", ["contact", "link"])
def test_without_signup_the_routes_are_404(client, home, mode):
    series = make_signup_series(home, join_mode=mode, join_url="https://example.org/join")
    for name in ("join_route", "join_sent_route", "join_confirm_route", "join_cancel_route"):
        assert client.get(route(series, name)).status_code == 404
    assert client.post(route(series), {}).status_code == 404


def test_a_cancel_link_still_works_after_signup_is_switched_off(client, signup):
    registration = Registration.objects.create(
        series=signup, name="Ada", email="ada@example.com", time_zone="UTC", state="confirmed"
    )
    signup.join_mode = "contact"
    signup.save_revision().publish()
    token = links.make_token(registration, links.CANCEL)
    response = client.get(route(signup, "join_cancel_route") + f"?t={token}")
    assert response.status_code == 200
    assert client.get(route(signup, "join_cancel_route") + "?t=bad").status_code == 404


# -- the labels of the meetings: zones, the clock changes, French ----------------

London = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("zone", "now", "changes"),
    [
        # the UK: last Sunday of March and of October
        ("Europe/London", dt.datetime(2026, 2, 1, tzinfo=dt.UTC), ("2026-03-19", "2026-04-16")),
        ("Europe/London", dt.datetime(2026, 9, 1, tzinfo=dt.UTC), ("2026-10-15", "2026-11-19")),
        # Sydney: first Sunday of April and of October (the other way round)
        ("Australia/Sydney", dt.datetime(2026, 2, 1, tzinfo=dt.UTC), ("2026-03-19", "2026-04-16")),
        ("Australia/Sydney", dt.datetime(2026, 9, 1, tzinfo=dt.UTC), ("2026-09-17", "2026-10-15")),
    ],
)
def test_the_choices_keep_the_wall_clock_across_the_clock_changes(home, zone, now, changes):
    series = make_signup_series(home, schedule_timezone=zone)
    form = JoinForm(series, now=now)
    labels = dict(form.fields["when"].choices)
    before, after = (dt.date.fromisoformat(day) for day in changes)
    by_date = {m.date: m for m in form.meetings}
    for day in (before, after):
        assert day.isoformat() in labels
        assert "6:00pm" in labels[day.isoformat()], labels
    offsets = {by_date[day].start.utcoffset() for day in (before, after)}
    assert len(offsets) == 2  # one of them is summer time: another UTC instant
    with translation.override("fr"):
        french = JoinForm(series, now=now)
        text = dict(french.fields["when"].choices)[before.isoformat()]
        assert "18:00" in text
        assert "jeudi" in text
        assert "18:00" in meeting_label(french.meetings[0])


def test_the_french_page_renders_the_form_and_signs_up_in_french(client, signup):
    with translation.override("fr"):
        form = JoinForm(signup, now=timezone.now())
        labels = [str(field.label) for field in form.fields.values()]
        assert all(labels)
        response = client.get(route(signup))
        assert response.status_code == 200
        assert response["Content-Language"] == "fr"
        html = response.content.decode()
        assert 'lang="fr"' in html
        assert "jeudi" in html
        assert "18:00" in html
        posted = client.post(route(signup), form_data(signup))
        assert posted.status_code == 303
    assert Registration.objects.get().language == "fr"


def test_a_confirmation_link_after_stopping_changes_nothing(
    client, signup, django_capture_on_commit_callbacks
):
    sign_up(client, signup, django_capture_on_commit_callbacks)
    registration = Registration.objects.get()
    confirm(client, signup, registration, django_capture_on_commit_callbacks)
    token = links.make_token(registration, links.CANCEL)
    client.post(route(signup, "join_cancel_route") + f"?t={token}", {"t": token, "stop": "1"})
    response = confirm(client, signup, registration, django_capture_on_commit_callbacks)
    assert response.status_code == 410
    assert "You stopped these emails" in response.content.decode()
    assert set(Place.objects.values_list("state", flat=True)) == {"cancelled"}
    assert Registration.objects.get().state == "cancelled"

"""The scheduled command (wagtail_kindness.joining.remind, ``kindness_send_reminders``):
reminders due or not, per-series hours, idempotence, the waiting list, change notices
through a real publication, SEQUENCE, follow-ups, retries (a refused connection, then a
real SMTP server), two processes at once, the retention purge, and ``kindness_forget``."""

from __future__ import annotations

import datetime as dt
import io
import json
import threading

import icalendar
import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection as db_connection
from django.test.utils import override_settings
from joining_factories import SECRET_LINK, make_registration, make_signup_series
from kindness_factories import add_conversation, closed_port, third_thursday
from test_plugin_joining_mail import placed

from tests.smtp import smtp_server
from wagtail_kindness.joining import deliver, forget, remind
from wagtail_kindness.models import Delivery, Place, Registration

DAY = third_thursday(2027, 3)  # 18:00 in London (GMT) = 18:00 UTC
START = dt.datetime.combine(DAY, dt.time(18), tzinfo=dt.UTC)


@pytest.fixture
def series(home):
    return make_signup_series(home, schedule_timezone="Europe/London")


def reminders():
    return [m for m in mail.outbox if "Reminder" in m.subject]


def ics(message):
    data = next(a[1] for a in message.attachments if "text/calendar" in a[2])
    return icalendar.Calendar.from_ical(data)


# -- reminders ------------------------------------------------------------------------


def test_reminders_go_out_when_due_and_once(series):
    placed(series, DAY)
    assert remind.run(now=START - dt.timedelta(hours=30)).reminders == 0
    report = remind.run(now=START - dt.timedelta(hours=23))
    assert report.reminders == 1
    assert len(reminders()) == 1
    assert SECRET_LINK in reminders()[0].body
    assert remind.run(now=START - dt.timedelta(hours=22)).reminders == 0  # idempotent
    assert remind.run(now=START - dt.timedelta(minutes=40)).reminders == 1  # the 1-hour one
    assert remind.run(now=START - dt.timedelta(minutes=20)).reminders == 0
    assert remind.run(now=START + dt.timedelta(minutes=5)).reminders == 0
    assert len(reminders()) == 2
    assert set(Delivery.objects.values_list("occasion", flat=True)) == {
        f"{DAY}@24",
        f"{DAY}@1",
    }


def test_a_late_run_sends_only_the_nearest_reminder(series):
    placed(series, DAY)
    report = remind.run(now=START - dt.timedelta(minutes=30))
    assert report.reminders == 1
    assert report.skipped == 1
    skipped = Delivery.objects.get(occasion=f"{DAY}@24")
    assert skipped.state == Delivery.State.SENT
    assert skipped.sent_at is None
    assert len(reminders()) == 1


def test_reminder_hours_are_per_series(home, series):
    other = make_signup_series(home, slug="other", title="Other", reminder_hours="48, 2")
    placed(series, DAY, email="ada@example.com")
    placed(other, DAY, email="bob@example.com")
    report = remind.run(now=START - dt.timedelta(hours=47))
    assert report.reminders == 1
    assert [m.to for m in reminders()] == [["bob@example.com"]]
    remind.run(now=START - dt.timedelta(hours=23))
    assert [m.to for m in reminders()] == [["bob@example.com"], ["ada@example.com"]]


def test_no_reminder_to_the_waiting_list_or_for_a_cancelled_meeting(home, series):
    placed(series, DAY, place_state="waiting")
    day = third_thursday(2027, 4)
    start = dt.datetime.combine(day, dt.time(17), tzinfo=dt.UTC)  # BST
    placed(series, day, email="bob@example.com")
    ConversationPageCancelled = add_conversation(series, day, status="cancelled")
    assert ConversationPageCancelled.live
    assert remind.run(now=START - dt.timedelta(hours=2)).reminders == 0
    assert remind.run(now=start - dt.timedelta(hours=2)).reminders == 0
    assert reminders() == []


def test_someone_who_signed_up_after_a_reminders_time_does_not_get_it(series):
    registration = placed(series, DAY)
    Place.objects.filter(registration=registration).update(created_at=START - dt.timedelta(hours=3))
    report = remind.run(now=START - dt.timedelta(hours=2))
    assert report.reminders == 0
    assert remind.run(now=START - dt.timedelta(minutes=30)).reminders == 1


def test_the_command_prints_one_line_of_counts_and_no_address(series):
    placed(series, DAY, name="Ada Secretname")
    out, err = io.StringIO(), io.StringIO()
    call_command("kindness_send_reminders", stdout=out, stderr=err)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("kindness_send_reminders: 0 places, 0 reminders")
    assert "ada@" not in out.getvalue() + err.getvalue()
    assert "Secretname" not in out.getvalue() + err.getvalue()


# -- every conversation -----------------------------------------------------------------


def test_every_registration_gets_places_within_35_days_once(
    series, django_capture_on_commit_callbacks
):
    registration = make_registration(series, None, every=True)
    now = dt.datetime(2027, 2, 20, 12, tzinfo=dt.UTC)  # 18 March is 26 days away, April 15 54
    with django_capture_on_commit_callbacks(execute=True):
        report = remind.run(now=now)
    assert report.places == 1
    assert list(registration.places.values_list("date", flat=True)) == [DAY]
    joining = [m for m in mail.outbox if "Your place" in m.subject]
    assert len(joining) == 1
    assert SECRET_LINK in joining[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert remind.run(now=now).places == 0
    # A place they cancelled is not given back.
    Place.objects.filter(registration=registration).update(state="cancelled")
    with django_capture_on_commit_callbacks(execute=True):
        assert remind.run(now=now + dt.timedelta(days=1)).places == 0
    assert registration.places.get().state == "cancelled"


# -- change notices -----------------------------------------------------------------------


def test_a_published_postponement_and_cancellation_notify_with_a_growing_sequence(
    series, django_capture_on_commit_callbacks
):
    page = add_conversation(series, DAY, status="scheduled")
    registration = placed(series, DAY, time_zone="America/New_York")
    waiting = placed(series, DAY, email="bob@example.com", place_state="waiting")
    page.status = "postponed"
    page.postponed_date = DAY + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    notices = [m for m in mail.outbox if m.to == ["ada@example.com"]]
    assert len(notices) == 1
    assert "postponed to a new date" in notices[0].body
    assert "Thursday 25 March 2027, 2:00pm" in notices[0].body  # 18:00 GMT in New York (EDT)
    event = ics(notices[0]).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    assert event.decoded("DTSTART").astimezone(dt.UTC) == START + dt.timedelta(days=7)
    waiting_notices = [m for m in mail.outbox if m.to == ["bob@example.com"]]
    assert len(waiting_notices) == 1
    assert SECRET_LINK not in waiting_notices[0].body
    assert waiting_notices[0].attachments == []
    # The command finds nothing more to say.
    mail.outbox.clear()
    assert remind.run(now=START - dt.timedelta(days=10)).notices == 0
    assert mail.outbox == []

    page.status = "cancelled"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    cancelled = [m for m in mail.outbox if m.to == ["ada@example.com"]]
    assert len(cancelled) == 1
    cal = ics(cancelled[0])
    assert cal["METHOD"] == "CANCEL"
    assert cal.walk("VEVENT")[0]["SEQUENCE"] == 2
    assert registration.places.get().sequence == 2
    assert waiting.places.get().sequence == 2


def test_a_new_time_is_a_notice_and_the_command_catches_up_a_missed_change(series):
    page = add_conversation(series, DAY, status="scheduled")
    placed(series, DAY)
    # Changed without a publication (no signal): the command notices it.
    type(page).objects.filter(pk=page.pk).update(time=dt.time(19, 30))
    report = remind.run(now=START - dt.timedelta(days=3))
    assert report.notices == 1
    (notice,) = mail.outbox
    assert "moved to a new time" in notice.body
    assert "7:30pm UK time" in notice.body
    assert ics(notice).walk("VEVENT")[0]["SEQUENCE"] == 1
    assert remind.run(now=START - dt.timedelta(days=3)).notices == 0


def test_a_meeting_postponed_after_its_reminder_gets_its_reminders_again(
    series, django_capture_on_commit_callbacks
):
    page = add_conversation(series, DAY, status="scheduled")
    placed(series, DAY)
    assert remind.run(now=START - dt.timedelta(hours=20)).reminders == 1
    page.status = "postponed"
    page.postponed_date = DAY + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    later = START + dt.timedelta(days=7)
    assert remind.run(now=START - dt.timedelta(hours=1)).reminders == 0  # not the old date
    mail.outbox.clear()
    assert remind.run(now=later - dt.timedelta(hours=20)).reminders == 1
    assert remind.run(now=later - dt.timedelta(hours=19)).reminders == 0
    assert "Thursday 25 March 2027" in reminders()[0].body
    assert Delivery.objects.filter(occasion=f"{DAY}#1@24").count() == 1


def test_marking_a_meeting_held_is_no_change(series, django_capture_on_commit_callbacks):
    page = add_conversation(series, DAY, status="scheduled")
    placed(series, DAY)
    page.status = "held"
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    assert mail.outbox == []


# -- follow-ups ------------------------------------------------------------------------------


def test_follow_up_once_the_page_has_resources(series):
    page = add_conversation(series, DAY, status="held")
    placed(series, DAY, follow_up=True)
    placed(series, DAY, email="bob@example.com", follow_up=False)
    after = START + dt.timedelta(days=2)
    assert remind.run(now=after).follow_ups == 0  # nothing on the page yet
    page.resources = [("link", {"title": "Recording", "url": "https://video.example.org/r"})]
    page.save_revision().publish()
    assert remind.run(now=after).follow_ups == 1
    assert remind.run(now=after).follow_ups == 0
    (follow_up,) = mail.outbox
    assert follow_up.to == ["ada@example.com"]
    assert page.get_full_url() in follow_up.body


# -- failures and retries -------------------------------------------------------------------


def test_a_refused_connection_is_recorded_and_sent_by_the_next_run(series):
    placed(series, DAY)
    now = START - dt.timedelta(hours=2)
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_TIMEOUT=5,
    ):
        report = remind.run(now=now)
    assert report.failed == 1
    delivery = Delivery.objects.get()
    assert delivery.state == Delivery.State.FAILED
    assert delivery.tries == 1
    assert delivery.error == "ConnectionRefusedError"
    with smtp_server() as server, override_settings(**server.settings()):
        report = remind.run(now=now + dt.timedelta(minutes=10))
        server.wait_for(1)
    assert report.retried == 1
    delivery.refresh_from_db()
    assert delivery.state == Delivery.State.SENT
    assert delivery.tries == 2
    assert delivery.error == ""


@override_settings(WAGTAILKINDNESS_JOIN_MAX_TRIES=2)
def test_after_the_last_try_a_mail_is_reported_not_retried(series):
    placed(series, DAY)
    now = START - dt.timedelta(hours=2)
    refused = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": closed_port(),
    }
    with override_settings(**refused):
        remind.run(now=now)
        report = remind.run(now=now)
    assert report.failed == 1
    assert report.gave_up == 1
    assert Delivery.objects.get().tries == 2
    report = remind.run(now=now)  # the locmem backend would send it: it is not tried
    assert report.retried == 0
    assert report.gave_up == 1
    assert mail.outbox == []


def test_a_mail_stuck_in_claimed_is_sent_after_30_minutes(series):
    registration = placed(series, DAY)
    now = START - dt.timedelta(hours=2)
    delivery = deliver.claim(registration, Delivery.Kind.REMINDER, f"{DAY}@24")
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=now - dt.timedelta(minutes=10))
    assert remind.run(now=now).retried == 0
    Delivery.objects.filter(pk=delivery.pk).update(claimed_at=now - dt.timedelta(minutes=31))
    assert remind.run(now=now).retried == 1
    assert len(reminders()) == 1


# -- two processes at once ------------------------------------------------------------------


def test_two_runs_never_send_a_mail_twice(series):
    for n in range(5):
        placed(series, DAY, email=f"p{n}@example.com")
    now = START - dt.timedelta(hours=2)
    first = remind.run(now=now)
    second = remind.run(now=now)
    assert (first.reminders, second.reminders) == (5, 0)
    assert len(reminders()) == 5


def _race(target, count=2):
    # SQLite's in-memory test database answers "table is locked" at once rather
    # than waiting: the races run where writers really wait (PostgreSQL, CI's stage).
    if db_connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers that wait for each other (PostgreSQL)")
    barrier = threading.Barrier(count)
    results, errors = [], []

    def worker():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as error:
            errors.append(error)
        finally:
            db_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results, errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_connections_claiming_the_same_mail_one_wins(home):
    """Each thread has its own database connection (CI also runs this on PostgreSQL)."""
    series = make_signup_series(home, schedule_timezone="Europe/London")
    registration = make_registration(series, DAY)
    results, errors = _race(
        lambda: deliver.claim(registration, Delivery.Kind.REMINDER, f"{DAY}@24") is not None
    )
    assert errors == []
    assert sorted(results) == [False, True]
    assert Delivery.objects.count() == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_connections_retrying_the_same_failed_mail_one_wins(home):
    series = make_signup_series(home, schedule_timezone="Europe/London")
    registration = make_registration(series, DAY)
    delivery = deliver.claim(registration, Delivery.Kind.REMINDER, f"{DAY}@24")
    Delivery.objects.filter(pk=delivery.pk).update(state=Delivery.State.FAILED, tries=1)
    delivery.refresh_from_db()
    now = START - dt.timedelta(hours=2)

    def take():
        return deliver.reclaim(
            Delivery.objects.get(pk=delivery.pk), now=now, stale_before=now - remind.STUCK
        )

    results, errors = _race(take)
    assert errors == []
    assert sorted(results) == [False, True]


# -- retention ---------------------------------------------------------------------------------


def test_registrations_are_erased_after_the_retention(series):
    old = placed(series, DAY, email="old@example.com")
    every = placed(series, DAY, email="every@example.com", every=True)
    later = third_thursday(2027, 7)
    Place.objects.create(registration=every, series=series, date=later)
    recent = placed(series, third_thursday(2027, 5), email="recent@example.com")
    now = START + dt.timedelta(days=91)
    report = remind.run(now=now)
    assert not Registration.objects.filter(pk=old.pk).exists()
    assert Registration.objects.filter(pk__in=[every.pk, recent.pk]).count() == 2
    assert list(every.places.values_list("date", flat=True)) == [later]
    assert report.erased == 2  # a registration and an old place
    assert remind.run(now=START + dt.timedelta(days=89)).erased == 0


def test_pending_and_cancelled_registrations_are_erased(series):
    pending = make_registration(series, None, state="pending", email="p@example.com")
    cancelled = make_registration(series, DAY, state="cancelled", email="c@example.com")
    now = dt.datetime.now(dt.UTC)
    Registration.objects.filter(pk=cancelled.pk).update(cancelled_at=now - dt.timedelta(days=10))
    remind.run(now=now + dt.timedelta(hours=47))
    assert Registration.objects.filter(pk=pending.pk).exists()
    remind.run(now=now + dt.timedelta(hours=49))
    assert not Registration.objects.filter(pk=pending.pk).exists()
    assert Registration.objects.filter(pk=cancelled.pk).exists()
    remind.run(now=now + dt.timedelta(days=81))
    assert not Registration.objects.filter(pk=cancelled.pk).exists()


# -- a person's data ----------------------------------------------------------------------------


def test_forget_exports_and_erases_every_series(home, series, tmp_path):
    other = make_signup_series(home, slug="other", title="Other")
    mine = placed(series, DAY, email="Ada@Example.com")
    placed(other, DAY, email="ada@example.com")
    placed(series, DAY, email="bob@example.com")
    deliver.claim(mine, Delivery.Kind.JOINING, str(DAY))
    path = tmp_path / "ada.json"
    out = io.StringIO()
    call_command("kindness_forget", "ada@example.com", "--export", str(path), stdout=out)
    assert out.getvalue().strip() == "kindness_forget: 2 registrations erased"
    data = json.loads(path.read_text())
    assert {r["series"] for r in data["registrations"]} == {"Conversations for Kindness", "Other"}
    first = next(r for r in data["registrations"] if r["emails"])
    assert first["places"][0]["date"] == str(DAY)
    assert first["emails"][0]["kind"] == "joining"
    assert list(Registration.objects.values_list("email", flat=True)) == ["bob@example.com"]
    assert forget.export("ada@example.com") == {"email": "ada@example.com", "registrations": []}
    assert forget.erase("ada@example.com") == 0


@pytest.mark.parametrize("address", ["not-an-address", "ada@", "ada@example.com\nbob@x.y", ""])
def test_forget_refuses_a_bad_address_with_exit_status_2(series, address):
    placed(series, DAY)
    with pytest.raises(CommandError) as raised:
        call_command("kindness_forget", address)
    assert raised.value.returncode == 2
    assert "\n" not in str(raised.value)
    assert Registration.objects.count() == 1

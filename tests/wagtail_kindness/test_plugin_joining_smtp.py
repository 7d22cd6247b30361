"""The joining emails over a real SMTP server on 127.0.0.1 (aiosmtpd, tests/smtp.py):
the joining email and its ``.ics`` part as a mail program receives them, and one
SMTP connection for a whole run of the reminder command."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.test.utils import override_settings
from joining_factories import SECRET_LINK, make_registration, make_signup_series
from kindness_factories import third_thursday
from test_plugin_joining_mail import placed

from tests.smtp import smtp_server
from wagtail_kindness.joining import deliver, remind
from wagtail_kindness.joining.meetings import meeting_on
from wagtail_kindness.joining.places import allocate
from wagtail_kindness.models import Delivery

DAY = third_thursday(2027, 3)
START = dt.datetime.combine(DAY, dt.time(18), tzinfo=dt.UTC)


def test_the_joining_email_arrives_with_its_calendar_part_and_headers(
    home, django_capture_on_commit_callbacks
):
    series = make_signup_series(home, schedule_timezone="Europe/London")
    registration = make_registration(series, None, name="Ada\r\nBcc: eve@example.net")
    with smtp_server() as server, override_settings(**server.settings()):
        with django_capture_on_commit_callbacks(execute=True):
            allocate(registration, meeting_on(series, DAY))
        (received,) = server.wait_for(1)
        envelopes = list(server.envelopes)
    assert envelopes[0][1] == ["ada@example.com"]  # nobody else, whatever the name says
    assert received["To"] == "ada@example.com"
    assert received["Bcc"] is None
    assert received["Auto-Submitted"] == "auto-generated"
    assert "".join(received["List-Unsubscribe"].split()).startswith(
        "<http://localhost/kindness/unsubscribe/?t="
    )
    assert received["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = {part.get_content_type(): part for part in received.walk()}
    assert SECRET_LINK in parts["text/plain"].get_content()
    assert SECRET_LINK in parts["text/html"].get_content()
    calendar_part = parts["text/calendar"]
    assert calendar_part.get_param("method") == "REQUEST"
    assert calendar_part.get_filename() == "invite.ics"
    cal = icalendar.Calendar.from_ical(calendar_part.get_content())
    event = cal.walk("VEVENT")[0]
    assert event.decoded("DTSTART").astimezone(dt.UTC) == START
    assert str(event["CONFERENCE"]) == SECRET_LINK
    assert Delivery.objects.get().state == Delivery.State.SENT


def test_fifty_reminders_in_one_run_use_one_smtp_connection(home):
    series = make_signup_series(home, schedule_timezone="Europe/London")
    for n in range(50):
        placed(series, DAY, email=f"person{n}@example.com", name=f"Person {n}")
    with smtp_server() as server, override_settings(**server.settings()):
        report = remind.run(now=START - dt.timedelta(hours=3))
        received = server.wait_for(50)
        sessions = set(server.sessions)
    assert report.reminders == 50
    assert len(received) == 50
    assert len(sessions) == 1
    assert sorted(m["To"] for m in received) == sorted(f"person{n}@example.com" for n in range(50))
    assert Delivery.objects.filter(state=Delivery.State.SENT).count() == 50


def test_a_server_that_comes_back_gets_the_mail_on_the_next_run(home):
    series = make_signup_series(home, schedule_timezone="Europe/London")
    placed(series, DAY)
    now = START - dt.timedelta(hours=3)
    with smtp_server() as server:
        down = server.settings()
    with override_settings(**down):  # the server stopped: connection refused
        assert remind.run(now=now).failed == 1
    assert Delivery.objects.get().error == "ConnectionRefusedError"
    with smtp_server() as server, override_settings(**server.settings()):
        assert remind.run(now=now).retried == 1
        (received,) = server.wait_for(1)
    assert "Reminder" in received["Subject"]
    assert deliver.send_now(Delivery.objects.get()) == "skipped"  # never twice

"""Names and email addresses never reach the logs, along the whole joining pipeline.

Every logger at DEBUG while a person signs up, asks again too often, confirms,
gets their emails through a mail server that first refuses them, is reminded,
has their meeting postponed, cancels, is removed in the admin and is erased by
``kindness_forget``; and a bad sign-up, a bad link and a bad command.  Then
no record (its message with its arguments, and its exception) holds the name,
the address or its local part.
"""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from joining_factories import join_form_data, join_route, make_signup_series
from kindness_factories import add_conversation, closed_port

from wagtail_kindness.joining import links, remind
from wagtail_kindness.joining.meetings import meeting_on
from wagtail_kindness.models import Registration

pytestmark = pytest.mark.django_db

NAME = "Zebedee Quux-Marchbanks"
EMAIL = "zebedee.quux@unusual-domain.example"
SECRETS = (NAME, "Zebedee", "Quux", EMAIL, "zebedee.quux", "unusual-domain")


def _all_logs(caplog) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(parts)


@override_settings(
    WAGTAILKINDNESS_JOIN_RATE_LIMIT_EMAIL=(1, 3600),
    WAGTAILKINDNESS_JOIN_MAX_TRIES=2,
)
def test_no_name_or_address_in_any_log_record(
    client, admin_client, home, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    series = make_signup_series(home, capacity=1)
    data = join_form_data(series, name=NAME, email=EMAIL)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(join_route(series), data).status_code == 303
        client.post(join_route(series), data)  # over the per-email limit
        bad = {**data, "name": "Zebedee\nQuux", "email": "zebedee.quux@"}
        assert client.post(join_route(series), bad).status_code == 200
    registration = Registration.objects.get(email=EMAIL)
    client.get(join_route(series, "join_confirm_route") + "?t=garbage" + EMAIL)

    # Confirmed while the mail server refuses: the failure is logged, by class only.
    refused = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": closed_port(),
        "EMAIL_TIMEOUT": 5,
    }
    token = links.make_token(registration, links.CONFIRM)
    with override_settings(**refused), django_capture_on_commit_callbacks(execute=True):
        url = join_route(series, "join_confirm_route") + f"?t={token}"
        assert client.post(url, {"t": token}).status_code == 200
    meeting = meeting_on(series, registration.date)
    with override_settings(**refused):
        remind.run(now=meeting.start - dt.timedelta(hours=2))
        remind.run(now=meeting.start - dt.timedelta(hours=2))  # gives up: logged
    remind.run(now=meeting.start - dt.timedelta(minutes=30))

    # The meeting is postponed (a notice), then the person cancels.
    page = add_conversation(series, meeting.date, status="scheduled")
    page.status = "postponed"
    page.postponed_date = meeting.date + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    cancel = links.make_token(registration, links.CANCEL)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(join_route(series, "join_cancel_route") + f"?t={cancel}", {"stop": "1"})

    # Removed in the admin, then erased (and a bad address for the command).
    admin_client.get("/admin/")
    call_command("kindness_forget", EMAIL)
    with pytest.raises(CommandError):
        call_command("kindness_forget", "Zebedee Quux <not an address")

    assert caplog.records, "the pipeline logged nothing: the test would prove nothing"
    logged = _all_logs(caplog)
    for secret in SECRETS:
        assert secret not in logged, secret

"""``make bench``: 2,000 joining reminders to a local SMTP server (aiosmtpd), one connection.

Part of :mod:`benchmarks.run` (the database it fills): a sign-up series with
2,000 confirmed places at one meeting, and one run of the reminder command
(:func:`wagtail_kindness.joining.remind.run`) three hours before it, against
the real SMTP server of the tests (``tests/smtp.py``) on 127.0.0.1.  Reported:
the run's time, per mail, the SMTP connections it used (1) and the SQL
queries per mail; and, for comparison, 200 of the same mails sent one
connection each (what a task per mail does).  Wall-clock times are noisy:
read the ratio, not the numbers.
"""

from __future__ import annotations

import datetime as dt
import time

__all__ = ["measure_mail"]

COUNT = 2000
ALONE = 200


def _series():
    from wagtail.models import Site

    from wagtail_kindness.models import ConversationSeriesPage

    home = Site.objects.get(is_default_site=True).root_page
    series = ConversationSeriesPage(
        title="Join bench",
        slug="join-bench",
        join_mode="signup",
        meeting_url="https://meet.example.org/j/bench",
        schedule_timezone="Europe/London",
    )
    home.add_child(instance=series)
    series.save_revision().publish()
    return series


def _people(series, day: dt.date, count: int, prefix: str, start: dt.datetime) -> None:
    from wagtail_kindness.models import Place, Registration

    people = Registration.objects.bulk_create(
        Registration(
            series=series,
            name=f"Person {n}",
            email=f"{prefix}{n}@example.com",
            time_zone="America/New_York",
            language="en",
            state="confirmed",
            key=f"{prefix}-bench-key-{n}",
        )
        for n in range(count)
    )
    Place.objects.bulk_create(
        Place(
            registration=r,
            series=series,
            date=day,
            told_start=start,
            told_status="scheduled",
            created_at=start - dt.timedelta(days=30),
        )
        for r in people
    )


def measure_mail() -> dict:
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext, override_settings

    from tests.smtp import smtp_server
    from wagtail_kindness.joining import deliver, remind
    from wagtail_kindness.joining.meetings import coming_meetings
    from wagtail_kindness.models import Delivery

    series = _series()
    now = dt.datetime.now(dt.UTC)
    meeting = coming_meetings(series, now=now + dt.timedelta(days=2), count=1)[0]
    _people(series, meeting.date, COUNT, "p", meeting.start)
    at = meeting.start - dt.timedelta(hours=3)
    with smtp_server() as server, override_settings(**server.settings()):
        began = time.perf_counter()
        with CaptureQueriesContext(db) as queries:
            report = remind.run(now=at)
        run_s = time.perf_counter() - began
        server.wait_for(COUNT, timeout=120)
        sessions = len(server.sessions)
        server.clear()
        # The same mails again through deliver.send_now: over one open connection,
        # then a new connection each (what one task per mail does).
        alone = list(
            Delivery.objects.filter(kind="reminder").select_related("registration__series")[:ALONE]
        )

        def again(connection) -> float:
            Delivery.objects.filter(pk__in=[d.pk for d in alone]).update(state="claimed")
            for item in alone:
                item.state = "claimed"
            began = time.perf_counter()
            for item in alone:
                deliver.send_now(item, connection=connection, meeting=meeting, now=at)
            return time.perf_counter() - began

        shared = deliver.new_connection()
        shared.open()
        shared_s = again(shared)
        shared.close()
        alone_s = again(None)
        server.wait_for(2 * ALONE, timeout=60)
    shared_ms = shared_s / ALONE * 1000
    alone_ms = alone_s / ALONE * 1000
    return {
        f"{COUNT:,} reminders in one run (one SMTP connection)": {
            "median_ms": round(run_s * 1000, 1),
            "sent": report.reminders,
            "smtp_connections": sessions,
            "ms_per_mail": round(run_s / max(1, report.reminders) * 1000, 2),
            "queries_per_mail": round(len(queries) / max(1, report.reminders), 1),
        },
        f"{ALONE} of them again, over one connection": {
            "median_ms": round(shared_s * 1000, 1),
            "ms_per_mail": round(shared_ms, 2),
        },
        f"{ALONE} of them again, a new SMTP connection each": {
            "median_ms": round(alone_s * 1000, 1),
            "ms_per_mail": round(alone_ms, 2),
            "reuse_speedup": round(alone_ms / shared_ms, 2) if shared_ms else None,
        },
    }

"""``manage.py kindness_send_reminders``: the scheduled work of joining a conversation.

Run it every few minutes (cron, a systemd timer or the site's periodic task
runner): places for "every conversation" registrations, change notices,
reminders, follow-ups, retries of failed mails and the retention purge
(:mod:`wagtail_kindness.joining.remind`).  It is idempotent, and safe to run
on two machines at once: no mail goes out twice.  It prints one line of
counts (never a name or an address) and exits 0; mails that failed every
try are counted in it ("gave-up") and logged.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from wagtail_kindness.joining import remind


class Command(BaseCommand):
    help = (
        "Send the joining reminders, change notices and follow-ups that are due, retry "
        "failed emails and erase registrations past their retention."
    )

    def handle(self, *args, **options):
        report = remind.run()
        self.stdout.write(f"kindness_send_reminders: {report.line()}")

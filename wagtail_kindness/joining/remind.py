"""The scheduled work of the joining pipeline: ``manage.py kindness_send_reminders``.

:func:`run` does, in order, everything that depends on the clock:

1. **retries** — failed mails with tries left, and mails claimed more than
   :data:`STUCK` ago by a process that died, are taken back with one
   conditional ``UPDATE`` (:func:`~.deliver.reclaim`: of two runs, one wins)
   and sent; those out of tries are counted and reported, never retried;
2. **places** — every confirmed "every conversation" registration gets its
   place at the meetings starting within :data:`HORIZON`
   (:func:`~.places.allocate`).  Their joining mails take the task path, as
   from the web form (:func:`~.deliver.enqueue`): one code path for the
   joining email, sent by the site's worker when there is one, at once with
   the immediate backend.  They are few (one per person and meeting);
3. **change notices** (:func:`notify`) — a place whose meeting now differs
   from what its person was told (cancelled, postponed, moved, a new time)
   gets ``SEQUENCE + 1`` and a notice with the updated ``.ics``.  The same
   function runs when an editor publishes the conversation
   (``wagtail_kindness.signals``); the command catches up anything missed;
4. **reminders** — at :func:`~.meetings.reminder_hours` before the start,
   to confirmed places of meetings still on; when several are due at once
   only the nearest goes out (the others are recorded as skipped), and a
   person who signed up after a reminder's time does not get it (their
   joining email just told them);
5. **follow-ups** — after the meeting, once its page is live with resources,
   to the confirmed places that asked for one;
6. **purge** (:mod:`.purge`).

Reminders, notices and follow-ups are sent over **one** SMTP connection for
the whole run.  No mail goes out twice, even from two runs at once: each is a
ledger row (registration, kind and occasion, unique in the database) claimed
before it is sent.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import logging
from collections import defaultdict

from django.db.models import F, Q
from django.utils import timezone

from kindness_core.series import Status

from .. import conf
from ..models import ConversationSeriesPage, Delivery, Place, Registration
from . import deliver, places, purge
from .meetings import coming_meetings, meeting_on, reminder_hours

__all__ = ["HORIZON", "STUCK", "Report", "notify", "run"]

logger = logging.getLogger(__name__)

#: Places are given this far ahead to "every conversation" registrations.
HORIZON = dt.timedelta(days=35)
#: A mail claimed this long ago and neither sent nor failed is taken again.
STUCK = dt.timedelta(minutes=30)
#: The farthest reminder a series may ask for (``reminder_hours`` caps at 14 days).
_FARTHEST = dt.timedelta(days=14, hours=1)

_COUNTS = (
    "places",
    "reminders",
    "notices",
    "follow_ups",
    "retried",
    "failed",
    "gave_up",
    "skipped",
    "erased",
)


@dataclasses.dataclass
class Report:
    """Counts of one run (never a name or an address)."""

    places: int = 0
    reminders: int = 0
    notices: int = 0
    follow_ups: int = 0
    retried: int = 0
    failed: int = 0
    gave_up: int = 0
    skipped: int = 0
    erased: int = 0

    def line(self) -> str:
        return ", ".join(f"{getattr(self, name)} {name.replace('_', '-')}" for name in _COUNTS)


class _Meetings:
    """Each meeting read once per run."""

    def __init__(self) -> None:
        self.found: dict = {}

    def get(self, series, date: dt.date):
        key = (series.pk, date)
        if key not in self.found:
            self.found[key] = meeting_on(series, date)
        return self.found[key]


class _Sender:
    """Sends claimed mails over one connection and counts the outcomes."""

    def __init__(self, report: Report, connection, now: dt.datetime) -> None:
        self.report, self.connection, self.now = report, connection, now

    def send(self, delivery, count: str, meeting=None) -> None:
        outcome = deliver.send_now(
            delivery, connection=self.connection, meeting=meeting, now=self.now
        )
        if outcome == "sent":
            setattr(self.report, count, getattr(self.report, count) + 1)
        elif outcome == "failed":
            self.report.failed += 1
        else:
            self.report.skipped += 1


def _standing(status: str) -> str:
    if status == Status.CANCELLED.value:
        return "cancelled"
    if status == Status.POSTPONED.value:
        return "postponed"
    return "on"


def _changed(place, meeting) -> bool:
    if place.told_start is None:
        return False
    return place.told_start != meeting.start or _standing(place.told_status) != _standing(
        meeting.status
    )


def notify(place_list, *, now: dt.datetime, sender: _Sender | None = None, meetings=None) -> int:
    """Change notices for the places in ``place_list`` whose meeting changed.

    With ``sender`` the notices are sent at once (the command); without, they
    are enqueued as tasks (an editor's publication).  Returns how many were
    claimed.  A place never told anything (``told_start`` empty) is only
    brought up to date.
    """
    meetings = meetings or _Meetings()
    claimed = 0
    for place in place_list:
        meeting = meetings.get(place.series, place.date)
        if meeting is None or meeting.has_ended(now):
            continue
        if place.told_start is None:
            Place.objects.filter(pk=place.pk).update(
                told_start=meeting.start, told_status=meeting.status
            )
            continue
        if not _changed(place, meeting):
            continue
        # Only one process moves the sequence on from the value it read.
        won = Place.objects.filter(pk=place.pk, sequence=place.sequence).update(
            sequence=F("sequence") + 1, told_start=meeting.start, told_status=meeting.status
        )
        if not won:
            continue
        place.sequence += 1
        place.told_start, place.told_status = meeting.start, meeting.status
        occasion = f"{place.date.isoformat()}#{place.sequence}"
        if sender is None:
            claimed += (
                deliver.enqueue(place.registration, Delivery.Kind.NOTICE, occasion) is not None
            )
            continue
        delivery = deliver.claim(place.registration, Delivery.Kind.NOTICE, occasion)
        if delivery is not None:
            claimed += 1
            sender.send(delivery, "notices", meeting)
    return claimed


def _live_places():
    return Place.objects.filter(
        state__in=(Place.State.CONFIRMED, Place.State.WAITING),
        registration__state=Registration.State.CONFIRMED,
    ).select_related("registration__series", "series")


def places_of_page(page):
    """The places a conversation page's publication may change (its month)."""
    return _live_places().filter(
        series_id=page.get_parent().pk, date__year=page.date.year, date__month=page.date.month
    )


def _allocate(now: dt.datetime, report: Report) -> None:
    every = Registration.objects.filter(
        every=True, state=Registration.State.CONFIRMED
    ).prefetch_related("places")
    by_series = defaultdict(list)
    for registration in every:
        by_series[registration.series_id].append(registration)
    for series in ConversationSeriesPage.objects.filter(pk__in=by_series):
        coming = [
            m
            for m in coming_meetings(series, now=now, count=12)
            if m.is_on and m.start < now + HORIZON
        ]
        for registration in by_series[series.pk]:
            registration.series = series
            held = {place.date for place in registration.places.all()}
            for meeting in coming:
                if meeting.date not in held:  # a place they cancelled stays cancelled
                    places.allocate(registration, meeting)
                    report.places += 1


def _reminder_occasion(place, hours: int) -> str:
    """``2026-12-17@24``; after a change notice ``2026-12-17#2@24``: a meeting
    moved or postponed after a reminder went out gets its reminders again."""
    day = place.date.isoformat()
    return f"{day}#{place.sequence}@{hours}" if place.sequence else f"{day}@{hours}"


def _due(meeting, hours: tuple[int, ...], now: dt.datetime) -> list[int]:
    return [h for h in hours if meeting.start - dt.timedelta(hours=h) <= now]


def _remind(now: dt.datetime, sender: _Sender, meetings: _Meetings) -> None:
    window = Q(told_start__gt=now, told_start__lte=now + _FARTHEST) | Q(
        told_start__isnull=True,
        date__gte=(now - dt.timedelta(days=1)).date(),
        date__lte=(now + _FARTHEST).date(),
    )
    found = list(_live_places().filter(window, state=Place.State.CONFIRMED))
    done = set(
        Delivery.objects.filter(
            registration_id__in={p.registration_id for p in found}, kind=Delivery.Kind.REMINDER
        ).values_list("registration_id", "occasion")
    )
    hours_of: dict[int, tuple[int, ...]] = {}
    for place in found:
        meeting = meetings.get(place.series, place.date)
        if meeting is None or not meeting.is_on or now >= meeting.start:
            continue
        if place.series_id not in hours_of:
            hours_of[place.series_id] = reminder_hours(place.series)
        due = _due(meeting, hours_of[place.series_id], now)
        if not due:
            continue
        nearest = min(due)
        for hours in due:
            occasion = _reminder_occasion(place, hours)
            if (place.registration_id, occasion) in done:
                continue
            late = place.created_at > meeting.start - dt.timedelta(hours=hours)
            if hours != nearest or late:  # replaced by a nearer one, or by the joining mail
                if deliver.skip(place.registration, Delivery.Kind.REMINDER, occasion):
                    sender.report.skipped += 1
                continue
            delivery = deliver.claim(place.registration, Delivery.Kind.REMINDER, occasion)
            if delivery is not None:
                sender.send(delivery, "reminders", meeting)


def _follow_up(now: dt.datetime, sender: _Sender, meetings: _Meetings) -> None:
    since = (now - dt.timedelta(days=conf.join_retention_days())).date()
    found = list(
        _live_places().filter(
            state=Place.State.CONFIRMED,
            registration__follow_up=True,
            date__gte=since,
            date__lte=now.date(),
        )
    )
    done = set(
        Delivery.objects.filter(
            registration_id__in={p.registration_id for p in found}, kind=Delivery.Kind.FOLLOW_UP
        ).values_list("registration_id", "occasion")
    )
    for place in found:
        if (place.registration_id, place.date.isoformat()) in done:
            continue
        meeting = meetings.get(place.series, place.date)
        page = meeting.page if meeting is not None else None
        if page is None or not page.live or not page.resources or not meeting.has_ended(now):
            continue
        delivery = deliver.claim(
            place.registration, Delivery.Kind.FOLLOW_UP, place.date.isoformat()
        )
        if delivery is not None:
            sender.send(delivery, "follow_ups", meeting)


def _retry(now: dt.datetime, sender: _Sender) -> None:
    max_tries = conf.join_max_tries()
    stale_before = now - STUCK
    waiting = Delivery.objects.filter(
        Q(state=Delivery.State.FAILED, tries__lt=max_tries)
        | Q(state=Delivery.State.CLAIMED, claimed_at__lt=stale_before)
    ).select_related("registration__series")
    for delivery in waiting:
        if deliver.reclaim(delivery, now=now, stale_before=stale_before):
            sender.send(delivery, "retried")
    sender.report.gave_up = Delivery.objects.filter(
        state=Delivery.State.FAILED, tries__gte=max_tries
    ).count()
    if sender.report.gave_up:
        logger.warning(
            "wagtail_kindness: %s emails failed %s times and are not tried again",
            sender.report.gave_up,
            max_tries,
        )


def run(*, now: dt.datetime | None = None, connection=None) -> Report:
    """One run of the scheduled work (see the module); ``now`` is for tests."""
    now = now or timezone.now()
    report = Report()
    own = connection is None
    connection = connection or deliver.new_connection()
    # The server may be down: then each send fails, is recorded, and is retried next run.
    with contextlib.suppress(OSError):
        connection.open()
    sender = _Sender(report, connection, now)
    meetings = _Meetings()
    try:
        _retry(now, sender)
        _allocate(now, report)
        window = Q(told_start__gte=now - dt.timedelta(days=1)) | Q(
            date__gte=(now - dt.timedelta(days=1)).date()
        )
        notify(_live_places().filter(window), now=now, sender=sender, meetings=meetings)
        _remind(now, sender, meetings)
        _follow_up(now, sender, meetings)
    finally:
        if own:
            connection.close()
    report.erased = purge.run(now=now)
    return report

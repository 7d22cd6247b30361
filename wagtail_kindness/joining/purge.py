"""Retention: registrations, places and mails erased a set time after their meetings.

Run by ``kindness_send_reminders`` (:func:`run`), with the same clock.  Erased
(with their places and ledger rows):

* a registration whose last meeting is more than
  ``WAGTAILKINDNESS_JOIN_RETENTION_DAYS`` days past (or that has no place and
  was made that long ago), unless it is an active "every conversation" one;
* of an active "every conversation" registration, only its places (and
  their mails) older than that;
* a cancelled registration, that long after it was cancelled;
* a registration never confirmed, once its confirmation link has expired
  (``WAGTAILKINDNESS_JOIN_CONFIRM_MAX_AGE``).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max, Q

from .. import conf
from ..models import Delivery, Place, Registration

__all__ = ["run"]


def run(*, now: dt.datetime) -> int:
    """Erase what the retention allows; returns how many registrations and places went."""
    kept_for = dt.timedelta(days=conf.join_retention_days())
    cutoff = now - kept_for
    last_day = cutoff.date()
    active_every = Q(every=True, state=Registration.State.CONFIRMED)
    with transaction.atomic():
        expired = Q(
            state=Registration.State.PENDING,
            created_at__lt=now - dt.timedelta(seconds=conf.join_confirm_max_age()),
        )
        cancelled = Q(state=Registration.State.CANCELLED) & (
            Q(cancelled_at__lt=cutoff) | Q(cancelled_at__isnull=True, created_at__lt=cutoff)
        )
        past = (
            Registration.objects.filter(state=Registration.State.CONFIRMED)
            .exclude(active_every)
            .annotate(last=Max("places__date"))
            .filter(Q(last__lt=last_day) | Q(last__isnull=True, created_at__lt=cutoff))
        )
        doomed = Registration.objects.filter(expired | cancelled | Q(pk__in=past.values("pk")))
        _, by_model = doomed.delete()
        registrations = by_model.get(Registration._meta.label, 0)
        every = Registration.objects.filter(active_every)
        old_places = Place.objects.filter(registration__in=every, date__lt=last_day)
        _, by_place = old_places.delete()
        Delivery.objects.filter(
            registration__in=every,
            occasion__lt=last_day.isoformat(),
        ).exclude(kind=Delivery.Kind.CONFIRM).delete()
    return registrations + by_place.get(Place._meta.label, 0)

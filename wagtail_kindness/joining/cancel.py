"""A person cancels a place, or stops every email (and every place) of a series.

Both are idempotent: cancelling a cancelled place or stopping a stopped
registration changes nothing.  A cancelled seat goes to the first person on
the waiting list (:func:`.places.release`).  Only coming places are
released: a meeting that is over keeps its record (and nobody is promoted
into it).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction

from ..models import Place, Registration
from . import places
from .meetings import Meeting, meeting_on

__all__ = [
    "ComingPlace",
    "cancel_place",
    "coming_places",
    "release_coming",
    "stop",
]

#: A postponed meeting keeps its scheduled date: places this far back may still be coming.
_LOOK_BACK = dt.timedelta(days=62)
#: At most this many places are listed (a person has a few; "every" adds one at a time).
_MOST = 24


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class ComingPlace:
    place: Place
    meeting: Meeting


def coming_places(registration, *, now: dt.datetime) -> list[ComingPlace]:
    """The registration's places (confirmed or waiting) at meetings not over yet."""
    series = registration.series
    since = now.astimezone(series.zone).date() - _LOOK_BACK
    found = []
    rows = (
        registration.places.exclude(state=Place.State.CANCELLED)
        .filter(date__gte=since)
        .order_by("date", "pk")[:_MOST]
    )
    for place in rows:
        place.registration = registration
        meeting = meeting_on(series, place.date)
        if meeting is not None and not meeting.has_ended(now):
            found.append(ComingPlace(place=place, meeting=meeting))
    return found


def cancel_place(place, meeting: Meeting | None = None) -> bool:
    """Cancel ``place`` (its seat goes to the first waiting); ``False`` if it was cancelled."""
    if place.state == Place.State.CANCELLED:
        return False
    places.release(place, meeting)
    return True


def release_coming(registration, *, now: dt.datetime) -> int:
    """Cancel its places at meetings still to come (whoever waits is promoted); how many."""
    return sum(
        cancel_place(coming.place, coming.meeting)
        for coming in coming_places(registration, now=now)
    )


def stop(registration, *, now: dt.datetime) -> int:
    """No more emails: every coming place released, the registration cancelled.

    Returns how many places were cancelled.
    """
    with transaction.atomic():
        current = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if current is None:
            return 0
        current.series = registration.series
        cancelled = release_coming(current, now=now)
        if current.state != Registration.State.CANCELLED or current.every:
            current.state = Registration.State.CANCELLED
            current.every = False
            current.cancelled_at = current.cancelled_at or now
            current.save(update_fields=["state", "every", "cancelled_at"])
        registration.state = current.state
        registration.every = current.every
        registration.cancelled_at = current.cancelled_at
    return cancelled

"""Places at a meeting: capacity, the waiting list, and its promotion in order.

:func:`allocate` gives a confirmed registration its place at a meeting —
confirmed while there is room, else on the waiting list — and enqueues the
email that says so (the joining details, or "you are on the waiting list").
:func:`release` cancels a place and, if it held a seat, promotes the first
person waiting (in the order they joined), who then gets the joining details.
Both count and change places under a lock on the series' row, so two
sign-ups at once never take the last seat twice.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Page

from ..models import Delivery, Place
from . import deliver
from .meetings import Meeting, meeting_on

__all__ = ["allocate", "promote", "release", "taken"]


def _lock(series) -> None:
    # One row lock per series (a no-op on SQLite, whose writes are serialised).
    list(Page.objects.select_for_update().filter(pk=series.pk).values_list("pk"))


def taken(series, date) -> int:
    """Confirmed places at the meeting of ``series`` on ``date``."""
    return Place.objects.filter(series=series, date=date, state=Place.State.CONFIRMED).count()


def _has_room(meeting: Meeting) -> bool:
    capacity = meeting.capacity
    return capacity is None or taken(meeting.series, meeting.date) < capacity


def _tell(place, meeting: Meeting) -> None:
    place.told_start = meeting.start
    place.told_status = meeting.status


def allocate(registration, meeting: Meeting):
    """The registration's place at ``meeting`` (created, or taken up again), with its email.

    A place already held is returned as it is (no second email).
    """
    with transaction.atomic():
        _lock(meeting.series)
        place = Place.objects.filter(registration=registration, date=meeting.date).first()
        if place is not None and place.state != Place.State.CANCELLED:
            return place
        state = Place.State.CONFIRMED if _has_room(meeting) else Place.State.WAITING
        if place is None:
            place = Place(registration=registration, series=meeting.series, date=meeting.date)
        else:  # taken up again: a new version of their calendar event
            place.sequence += 1
        place.state = state
        place.conversation = meeting.page
        _tell(place, meeting)
        place.save()
        kind = Delivery.Kind.JOINING if state == Place.State.CONFIRMED else Delivery.Kind.WAITING
        deliver.enqueue(registration, kind, _occasion(place))
    return place


def _occasion(place) -> str:
    # A place taken up again after a cancellation gets its details again.
    return (
        f"{place.date.isoformat()}#{place.sequence}" if place.sequence else place.date.isoformat()
    )


def release(place, meeting: Meeting | None = None):
    """Cancel ``place``; if it held a seat, promote the first person waiting.

    Returns the promoted place, or ``None``.
    """
    with transaction.atomic():
        _lock(place.series)
        held = Place.objects.filter(pk=place.pk, state=Place.State.CONFIRMED).exists()
        Place.objects.filter(pk=place.pk).update(state=Place.State.CANCELLED)
        place.state = Place.State.CANCELLED
        if not held:
            return None
        return promote(place.series, place.date, meeting)


def promote(series, date, meeting: Meeting | None = None):
    """Move the first waiting place of a meeting with room to confirmed, and tell them."""
    meeting = meeting or meeting_on(series, date)
    if meeting is None or not meeting.is_on or not _has_room(meeting):
        return None
    first = (
        Place.objects.filter(
            series=series,
            date=date,
            state=Place.State.WAITING,
            registration__state="confirmed",
        )
        .order_by("created_at", "pk")
        .select_related("registration")
        .first()
    )
    if first is None:
        return None
    first.state = Place.State.CONFIRMED
    _tell(first, meeting)
    first.save(update_fields=["state", "told_start", "told_status"])
    deliver.enqueue(first.registration, Delivery.Kind.JOINING, _occasion(first))
    return first

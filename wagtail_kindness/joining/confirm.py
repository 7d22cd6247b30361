"""A person confirms their sign-up: the registration is confirmed and gets its place.

The request (name, zone, which meeting, follow-up) joins the address's
confirmed registration of the series if there is one — its cancel links
stay valid — and the pending one is deleted; else the pending one becomes
confirmed.  Then :func:`.places.allocate` gives the place at the meeting
asked for (or, for "every conversation", the next one), confirmed or on the
waiting list, and the email that says so.  Confirming again changes nothing
and sends nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction

from ..models import Place, Registration
from . import places
from .meetings import Meeting, meeting_on, offered_meetings

__all__ = ["Outcome", "confirm"]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What confirming did.

    ``result``: ``"place"`` (a seat), ``"waiting"`` (the waiting list),
    ``"signed_up"`` (every conversation, none planned yet), ``"gone"`` (the
    meeting asked for is cancelled or over: nothing was changed) or
    ``"stopped"`` (the person has since stopped every email: nothing changed).
    """

    result: str
    registration: Registration | None = None
    meeting: Meeting | None = None
    place: Place | None = None


def _meeting_for(registration, *, now: dt.datetime) -> Meeting | None:
    if registration.every:
        found = offered_meetings(registration.series, now=now)
        return found[0] if found else None
    if registration.date is None:
        return None
    meeting = meeting_on(registration.series, registration.date)
    if meeting is None or not meeting.is_on or meeting.has_ended(now):
        return None
    return meeting


def _merge(pending, confirmed) -> Registration:
    """Move the request of ``pending`` into ``confirmed`` and delete ``pending``."""
    confirmed.name = pending.name
    confirmed.time_zone = pending.time_zone
    confirmed.language = pending.language or confirmed.language
    confirmed.every = confirmed.every or pending.every
    confirmed.follow_up = pending.follow_up
    confirmed.date = pending.date
    confirmed.save(update_fields=["name", "time_zone", "language", "every", "follow_up", "date"])
    pending.delete()
    return confirmed


def confirm(registration, *, now: dt.datetime) -> Outcome:
    """Confirm ``registration`` (read from a confirmation link) and allocate its place."""
    with transaction.atomic():
        current = Registration.objects.select_for_update().filter(pk=registration.pk).first()
        if current is None:  # erased meanwhile
            return Outcome(result="gone")
        current.series = registration.series
        if current.state == Registration.State.CANCELLED:
            return Outcome(result="stopped", registration=current)
        meeting = _meeting_for(current, now=now)
        if meeting is None and not current.every:
            return Outcome(result="gone", registration=current)
        if current.state == Registration.State.PENDING:
            confirmed = (
                Registration.objects.select_for_update()
                .filter(
                    series_id=current.series_id,
                    email__iexact=current.email,
                    state=Registration.State.CONFIRMED,
                )
                .exclude(pk=current.pk)
                .order_by("confirmed_at", "pk")
                .first()
            )
            if confirmed is not None:
                confirmed.series = current.series
                current = _merge(current, confirmed)
            else:
                current.state = Registration.State.CONFIRMED
                current.confirmed_at = now
                current.save(update_fields=["state", "confirmed_at"])
        if meeting is None:
            return Outcome(result="signed_up", registration=current)
        place = places.allocate(current, meeting)
    result = "place" if place.state == Place.State.CONFIRMED else "waiting"
    return Outcome(result=result, registration=current, meeting=meeting, place=place)

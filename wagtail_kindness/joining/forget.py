"""A person's data: export it, and erase it (``manage.py kindness_forget``, the admin action).

Everything the plugin keeps about an email address, in every series:
registrations, their places and the ledger of the mails sent to them.  The
address is matched without regard to case.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from ..models import Delivery, Place, Registration
from . import cancel

__all__ = ["erase", "export"]


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def _registrations(email: str):
    return Registration.objects.filter(email__iexact=email.strip()).select_related("series")


def export(email: str) -> dict:
    """Every registration of ``email`` with its places and mails, as JSON-ready data."""
    found = list(_registrations(email).order_by("created_at", "pk"))
    places_of: dict[int, list] = {r.pk: [] for r in found}
    for place in Place.objects.filter(registration__in=found).order_by("date", "pk"):
        places_of[place.registration_id].append(
            {
                "date": place.date.isoformat(),
                "state": place.state,
                "created_at": _iso(place.created_at),
                "told_start": _iso(place.told_start),
                "told_status": place.told_status,
                "sequence": place.sequence,
            }
        )
    mails_of: dict[int, list] = {r.pk: [] for r in found}
    for mail in Delivery.objects.filter(registration__in=found).order_by("created_at", "pk"):
        mails_of[mail.registration_id].append(
            {
                "kind": mail.kind,
                "occasion": mail.occasion,
                "state": mail.state,
                "tries": mail.tries,
                "created_at": _iso(mail.created_at),
                "sent_at": _iso(mail.sent_at),
            }
        )
    return {
        "email": email.strip(),
        "registrations": [
            {
                "series": r.series.title,
                "series_url": r.series.get_full_url() or "",
                "name": r.name,
                "email": r.email,
                "time_zone": r.time_zone,
                "language": r.language,
                "date": _iso(r.date),
                "every": r.every,
                "follow_up": r.follow_up,
                "state": r.state,
                "created_at": _iso(r.created_at),
                "confirmed_at": _iso(r.confirmed_at),
                "cancelled_at": _iso(r.cancelled_at),
                "places": places_of[r.pk],
                "emails": mails_of[r.pk],
            }
            for r in found
        ],
    }


def erase(email: str, *, now: dt.datetime | None = None) -> int:
    """Erase every registration of ``email`` (and its places and mails); returns how many.

    Their places at meetings still to come are released first, so that the
    first people waiting are promoted (and told).
    """
    now = now or timezone.now()
    with transaction.atomic():
        for registration in _registrations(email):
            cancel.release_coming(registration, now=now)
        _, by_model = _registrations(email).delete()
    return by_model.get(Registration._meta.label, 0)

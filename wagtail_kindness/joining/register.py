"""A sign-up from the form: a pending registration and its confirmation email.

The answer never says whether the address is known, and the work is the
same either way: a pending registration of the series for that address is
updated (or one is created), and a confirmation email is claimed.  An
address that already has a confirmed registration also just gets a
confirmation email; confirming merges the request into it
(:mod:`.confirm`).  Rate limits are the view's (:mod:`.ratelimit`).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from ..models import Delivery, Registration
from . import deliver

__all__ = ["normalise_email", "register"]

#: Attempts at a fresh confirmation occasion within the same second.
_OCCASION_TRIES = 20


def normalise_email(email: str) -> str:
    """The address as given, its domain in lower case (the part mail servers ignore the case of)."""
    local, _sep, domain = email.strip().rpartition("@")
    return f"{local}@{domain.lower()}" if local else email.strip()


def register(series, data: dict, *, language: str, now: dt.datetime) -> Registration:
    """The pending registration of ``data`` (the form's ``cleaned_data``) and its confirmation.

    ``data`` holds ``name``, ``email``, ``time_zone``, ``date`` (the meeting's
    scheduled date, or the first one with ``every``), ``every`` and
    ``follow_up``.
    """
    email = normalise_email(data["email"])
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .filter(series=series, email__iexact=email, state=Registration.State.PENDING)
            .order_by("-created_at", "-pk")
            .first()
        )
        if registration is None:
            registration = Registration(series=series, email=email)
        registration.name = data["name"]
        registration.email = email
        registration.time_zone = data["time_zone"]
        registration.language = language
        registration.date = data.get("date")
        registration.every = bool(data.get("every"))
        registration.follow_up = bool(data.get("follow_up"))
        registration.save()
        stamp = now.isoformat(timespec="seconds")
        for attempt in range(_OCCASION_TRIES):
            occasion = stamp if not attempt else f"{stamp}#{attempt + 1}"
            if deliver.enqueue(registration, Delivery.Kind.CONFIRM, occasion) is not None:
                break
    return registration

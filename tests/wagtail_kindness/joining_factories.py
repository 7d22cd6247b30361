"""Shared helpers of the joining tests: a sign-up series and registrations made directly."""

from __future__ import annotations

import datetime as dt

from kindness_factories import make_series

#: The private joining link of the test series: it must never reach a public output.
SECRET_LINK = "https://meet.example.org/j/98765-secret-room"


def make_signup_series(home, **fields):
    """The test series with sign-up and a private joining link (and no public one)."""
    return make_series(
        home,
        **{
            "join_mode": "signup",
            "meeting_url": SECRET_LINK,
            "join_url": "",
            **fields,
        },
    )


def make_registration(
    series,
    date: dt.date | None,
    *,
    name: str = "Ada Lovelace",
    email: str = "ada@example.com",
    time_zone: str = "America/New_York",
    state: str = "confirmed",
    place_state: str = "confirmed",
    every: bool = False,
    follow_up: bool = False,
    language: str = "en",
):
    """A registration (and its place at ``date``, unless ``None``), as if confirmed by the flow."""
    from django.utils import timezone

    from wagtail_kindness.models import Place, Registration

    registration = Registration.objects.create(
        series=series,
        name=name,
        email=email,
        time_zone=time_zone,
        state=state,
        every=every,
        follow_up=follow_up,
        language=language,
        confirmed_at=timezone.now() if state == "confirmed" else None,
    )
    if date is not None:
        Place.objects.create(registration=registration, series=series, date=date, state=place_state)
    return registration


def join_route(series, name: str = "join_route") -> str:
    """The path of one of the series' joining routes (``join/``, ``join/sent/``…)."""
    return series.url + series.reverse_subpage(name).lstrip("/")


def join_form_data(series, *, time_zone: str = "America/New_York", **fields) -> dict:
    """A valid sign-up (the form's POST) for the first coming conversation."""
    from django.utils import timezone

    from wagtail_kindness.joining.meetings import offered_meetings

    first = offered_meetings(series, now=timezone.now())[0]
    return {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "when": first.date.isoformat(),
        "time_zone": time_zone,
        "consent": "on",
        **fields,
    }

"""The emails of the joining pipeline, from Django templates a site can override.

:func:`message` turns a :class:`~wagtail_kindness.models.Delivery` (the mail
ledger's row) into an :class:`~django.core.mail.EmailMultiAlternatives`, or
``None`` when there is nothing to say any more (the registration or the place
was cancelled, the meeting is gone, a reminder's meeting has begun…).

Each kind has three templates, ``wagtail_kindness/email/<kind>_subject.txt``,
``<kind>.txt`` and ``<kind>.html``, rendered in the registration's language.
Times are written twice, in the person's zone and in the series' zone, with
the core's :func:`~kindness_core.schedule.dates.format_when`.

Headers: ``From`` is ``WAGTAILKINDNESS_JOIN_FROM_EMAIL``, ``To`` the address
alone (a name never goes in a header, so a name cannot inject one),
``List-Unsubscribe`` the cancel page (and ``List-Unsubscribe-Post`` for
RFC 8058 one-click when the site has that URL), ``Auto-Submitted``.

The private joining link appears only in the joining details, reminders and
change notices of a confirmed place: never in the confirmation request or a
waiting-list email.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.dates import format_when, locale_name
from kindness_core.schedule.zones import get_zone
from kindness_core.series import Status

from .. import conf
from ..models import Delivery, Place, Registration
from . import invite, links
from .meetings import Meeting, meeting_on

__all__ = ["Mail", "change_of", "context", "message", "occasion_date"]

_TEMPLATES = "wagtail_kindness/email/{kind}{suffix}"


@dataclasses.dataclass(frozen=True)
class Mail:
    """What a delivery is about: its registration, place and meeting (some may be ``None``)."""

    delivery: object
    registration: object
    place: object | None
    meeting: Meeting | None


def occasion_date(occasion: str) -> dt.date | None:
    """The meeting date an occasion names ("2026-12-17", "…@24", "…#2"), or ``None``."""
    try:
        return dt.date.fromisoformat(occasion[:10])
    except ValueError:
        return None


def change_of(meeting: Meeting) -> str:
    """What a change notice says: ``"cancelled"``, ``"postponed"`` (no new date yet),
    ``"postponed_to"`` (a new date) or ``"moved"`` (a new time, same status)."""
    if meeting.status == Status.CANCELLED.value:
        return "cancelled"
    if meeting.status == Status.POSTPONED.value:
        return "postponed_to" if meeting.is_on else "postponed"
    return "moved"


def _gather(delivery, meeting: Meeting | None) -> Mail | None:
    registration = delivery.registration
    if delivery.kind == Delivery.Kind.CONFIRM:
        if registration.state != Registration.State.PENDING:
            return None
        # The meeting they asked for (the first one, for every conversation).
        asked = meeting_on(registration.series, registration.date) if registration.date else None
        return Mail(delivery, registration, None, asked)
    date = occasion_date(delivery.occasion)
    place = registration.places.filter(date=date).first() if date else None
    if delivery.kind == Delivery.Kind.CANCELLED:
        if place is not None and meeting is None:
            meeting = meeting_on(registration.series, place.date)
        return Mail(delivery, registration, place, meeting)
    if registration.state != Registration.State.CONFIRMED or place is None:
        return None
    if meeting is None or meeting.date != place.date:
        meeting = meeting_on(registration.series, place.date)
    if meeting is None:
        return None
    return Mail(delivery, registration, place, meeting)


def _applies(mail: Mail, now: dt.datetime) -> bool:
    kind, place, meeting = mail.delivery.kind, mail.place, mail.meeting
    if kind in (Delivery.Kind.CONFIRM, Delivery.Kind.CANCELLED):
        return True
    if kind == Delivery.Kind.JOINING:
        return place.state == Place.State.CONFIRMED and meeting.is_on and not meeting.has_ended(now)
    if kind == Delivery.Kind.WAITING:
        return place.state == Place.State.WAITING and meeting.is_on and not meeting.has_ended(now)
    if kind == Delivery.Kind.REMINDER:
        return place.state == Place.State.CONFIRMED and meeting.is_on and now < meeting.start
    if kind == Delivery.Kind.NOTICE:
        return place.state != Place.State.CANCELLED and not meeting.has_ended(now)
    if kind == Delivery.Kind.FOLLOW_UP:
        page = meeting.page
        return (
            place.state == Place.State.CONFIRMED
            and mail.registration.follow_up
            and page is not None
            and page.live
            and meeting.has_ended(now)
        )
    return False


def _person_zone(registration, series_zone: str) -> str:
    try:
        get_zone(registration.time_zone)
    except KindnessInputError:  # an unknown zone: the series' alone
        return series_zone
    return registration.time_zone


def context(mail: Mail, *, now: dt.datetime) -> dict:
    """The templates' context (also for a site's own templates)."""
    registration = mail.registration
    series = registration.series
    locale = locale_name(registration.language)
    found: dict = {
        "registration": registration,
        "name": registration.name,
        "series": series,
        "series_title": series.title,
        "series_url": series.get_full_url() or "",
        "kind": mail.delivery.kind,
        "cancel_url": links.link(registration, links.CANCEL),
    }
    if mail.delivery.kind == Delivery.Kind.CONFIRM:
        found["confirm_url"] = links.link(registration, links.CONFIRM)
        found["valid_hours"] = max(1, round(conf.join_confirm_max_age() / 3600))
    meeting = mail.meeting
    if meeting is not None:
        series_zone = getattr(meeting.start.tzinfo, "key", None) or series.schedule_timezone
        mine = _person_zone(registration, series_zone)
        page = meeting.page
        found.update(
            meeting=meeting,
            title=meeting.title,
            is_on=meeting.is_on,
            when=format_when(meeting.start, mine, locale),
            when_series=format_when(meeting.start, series_zone, locale),
            same_zone=mine == series_zone,
            page_url=(page.get_full_url() if page is not None and page.live else "") or "",
            change=change_of(meeting),
            minutes=round((meeting.start - now).total_seconds() / 60),
        )
        confirmed = mail.place is not None and mail.place.state == Place.State.CONFIRMED
        if confirmed and mail.delivery.kind in (
            Delivery.Kind.JOINING,
            Delivery.Kind.REMINDER,
            Delivery.Kind.NOTICE,
        ):
            found["meeting_url"] = meeting.meeting_url
            found["show_joining"] = meeting.is_on
    return found


def _headers(registration) -> dict[str, str]:
    headers = {
        "List-Unsubscribe": f"<{links.link(registration, links.CANCEL)}>",
        "Auto-Submitted": "auto-generated",
    }
    one_click = links.one_click_link(registration)
    if one_click is not None:
        headers["List-Unsubscribe"] = f"<{one_click}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return headers


def _render(kind: str, data: dict) -> tuple[str, str, str]:
    subject = render_to_string(_TEMPLATES.format(kind=kind, suffix="_subject.txt"), data)
    text = render_to_string(_TEMPLATES.format(kind=kind, suffix=".txt"), data)
    html = render_to_string(_TEMPLATES.format(kind=kind, suffix=".html"), data)
    return " ".join(subject.split()), text.strip() + "\n", html


def message(
    delivery, connection=None, *, meeting: Meeting | None = None, now: dt.datetime | None = None
) -> EmailMultiAlternatives | None:
    """The email of ``delivery``, or ``None`` when it no longer applies.

    ``meeting`` may be given when the caller has it already (the reminder
    command reads each meeting once); ``now`` defaults to the current time.
    """
    now = now or timezone.now()
    mail = _gather(delivery, meeting)
    if mail is None or not _applies(mail, now):
        return None
    registration = mail.registration
    with translation.override(registration.language or None):
        data = context(mail, now=now)
        subject, text, html = _render(delivery.kind, data)
        email = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=conf.join_from_email(),
            to=[registration.email],
            headers=_headers(registration),
            connection=connection,
        )
        email.attach_alternative(html, "text/html")
        _attach_calendar(email, mail, now)
    return email


def _attach_calendar(email: EmailMultiAlternatives, mail: Mail, now: dt.datetime) -> None:
    kind = mail.delivery.kind
    if kind not in (Delivery.Kind.JOINING, Delivery.Kind.NOTICE) or mail.meeting is None:
        return
    if mail.place.state != Place.State.CONFIRMED:  # the waiting list has no event yet
        return
    data, method = invite.calendar_file(
        mail.registration, mail.place, mail.meeting, now=now, cancelled=not mail.meeting.is_on
    )
    # The MIME method must match METHOD inside the file (Outlook refuses a mismatch).
    email.attach("invite.ics", data.decode("utf-8"), f"text/calendar; method={method}")

"""A registrant's own calendar file: one meeting, sent by email (iTIP, RFC 5546).

The series' public ``calendar.ics`` (:mod:`.ical`) is for everyone and never
holds the private joining link.  An :class:`Invitation` is the file one
person gets with their joining email and with every change notice: a single
``VEVENT`` in the series' zone (its ``VTIMEZONE``), with a UID that is
stable for that person and meeting (given by the caller, who derives it from
a secret), a ``SEQUENCE`` that grows with every change, and the joining
link in ``DESCRIPTION`` and ``CONFERENCE``.

Why ``METHOD:REQUEST`` and not ``PUBLISH``: calendar apps only *update* or
*remove* an event they got by email when it arrived as an iTIP request from
an organizer.  A ``METHOD:CANCEL`` (RFC 5546 3.2.5) must name the
``ORGANIZER`` and the ``ATTENDEE`` it cancels for, and Outlook and Gmail
apply a cancellation only to an event that came as a ``REQUEST`` with the
same UID and organizer; Outlook shows a ``PUBLISH`` attachment as a separate
copy (or as "not supported calendar message") instead of updating the
original.  So every file is a ``REQUEST`` (a ``CANCEL`` for a cancellation)
with the sender as ``ORGANIZER`` and the registrant as ``ATTENDEE`` with
``RSVP=FALSE`` and ``PARTSTAT=ACCEPTED`` — they already said yes, and no
reply is expected.  The email's ``Content-Type`` carries the same
``method=`` (:func:`method`): Outlook refuses a mismatch.

Nothing here reads the clock: ``DTSTAMP`` is ``now``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import icalendar

from ..errors import KindnessInputError
from ..schedule.zones import get_zone
from .ical import PRODID
from .vtimezone import vtimezone

__all__ = ["Invitation", "invitation_calendar", "method"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UID = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+$")
_ADDRESS = re.compile(r"^[^\s<>\"@]+@[^\s<>\"@]+$")


def _text(value: str) -> icalendar.vText:
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return icalendar.vText(_CONTROL.sub("", value))


def _aware(value: object, name: str) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise KindnessInputError(f"{name} must be an aware datetime")
    return value


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Invitation:
    """One person's event for one meeting.

    ``start`` and ``end`` are aware; they are written in ``zone`` (the
    series' IANA zone).  ``uid`` is ``"<token>@<domain>"``.  ``organizer``
    and ``attendee`` are bare email addresses (never a name: nothing of the
    person but their address goes in the file).  ``meeting_url`` is the
    private joining link, ``url`` the public page of the meeting.
    """

    uid: str
    summary: str
    start: dt.datetime
    end: dt.datetime
    zone: str
    sequence: int
    organizer: str
    attendee: str
    description: str = ""
    url: str = ""
    meeting_url: str = ""
    join_label: str = "Join the conversation"
    cancelled: bool = False

    def __post_init__(self) -> None:
        if not _UID.match(self.uid):
            raise KindnessInputError("uid must look like token@domain (letters, digits, . _ -)")
        get_zone(self.zone)  # a clear error for a name that is not an IANA zone
        start = _aware(self.start, "start")
        if _aware(self.end, "end") <= start:
            raise KindnessInputError("end must be after start")
        if (
            isinstance(self.sequence, bool)
            or not isinstance(self.sequence, int)
            or self.sequence < 0
        ):
            raise KindnessInputError("sequence must be a whole number, 0 or more")
        for name in ("organizer", "attendee"):
            if not _ADDRESS.match(getattr(self, name)):
                raise KindnessInputError(f"{name} must be a bare email address")


def method(invitation: Invitation) -> str:
    """``"CANCEL"`` for a cancellation, else ``"REQUEST"`` (also the MIME ``method=``)."""
    return "CANCEL" if invitation.cancelled else "REQUEST"


def invitation_calendar(invitation: Invitation, *, now: dt.datetime) -> bytes:
    """The ``.ics`` file (UTF-8 bytes, CRLF lines) of ``invitation``, ``DTSTAMP`` ``now``."""
    if not isinstance(invitation, Invitation):
        raise KindnessInputError("invitation must be a kindness_core.formats.invitation.Invitation")
    stamp = _aware(now, "now").astimezone(dt.UTC)
    zone = vtimezone(invitation.zone, start=invitation.start, end=invitation.end)
    local = get_zone(invitation.zone)
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method(invitation))
    cal.add_component(zone)
    event = icalendar.Event()
    event.add("uid", invitation.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", invitation.start.astimezone(local))
    event.add("dtend", invitation.end.astimezone(local))
    event.add("sequence", invitation.sequence)
    event.add("summary", _text(invitation.summary))
    if invitation.description:
        event.add("description", _text(invitation.description))
    event.add("status", "CANCELLED" if invitation.cancelled else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("organizer", f"mailto:{invitation.organizer}")
    event.add(
        "attendee",
        f"mailto:{invitation.attendee}",
        parameters={
            "ROLE": "REQ-PARTICIPANT",
            "PARTSTAT": "DECLINED" if invitation.cancelled else "ACCEPTED",
            "RSVP": "FALSE",
        },
    )
    if invitation.url:
        event.add("url", invitation.url)
    if invitation.meeting_url and not invitation.cancelled:
        event.add(
            "conference",
            invitation.meeting_url,
            parameters={
                "VALUE": "URI",
                "FEATURE": ["AUDIO", "VIDEO"],  # type: ignore[dict-item]
                "LABEL": invitation.join_label,
            },
        )
    cal.add_component(event)
    data: bytes = cal.to_ical()
    return data

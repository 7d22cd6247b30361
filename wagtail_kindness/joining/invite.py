"""The registrant's own ``.ics`` for one meeting (joining email and change notices).

Built by :func:`kindness_core.formats.invitation.invitation_calendar` (see
there why it is an iTIP ``REQUEST``, and a ``CANCEL`` for a cancellation).
Here the plugin's data become an
:class:`~kindness_core.formats.invitation.Invitation`:

* the UID is an HMAC (the site's ``SECRET_KEY``) of the registration's id,
  its random key and the meeting's scheduled date, ``@`` the series'
  :meth:`~wagtail_kindness.models.ConversationSeriesPage.uid_domain`: stable
  for that person and meeting, so every notice updates the same event, and
  it reveals nothing and cannot be guessed from the public calendar;
* ``SEQUENCE`` is :attr:`Place.sequence <wagtail_kindness.models.Place.sequence>`
  (one more with every change notice);
* ``ORGANIZER`` is the sender (``WAGTAILKINDNESS_JOIN_FROM_EMAIL``),
  ``ATTENDEE`` the registrant's address (never their name).
"""

from __future__ import annotations

import datetime as dt
from email.utils import parseaddr

from django.utils import translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kindness_core.formats.invitation import Invitation, invitation_calendar, method

from .. import conf
from . import links
from .meetings import Meeting

__all__ = ["calendar_file", "invitation", "invitation_uid"]

_SALT = "wagtail_kindness.joining.invite"


def invitation_uid(registration, date: dt.date) -> str:
    """The event's UID for this registration's place at the meeting on ``date``."""
    token = salted_hmac(
        _SALT, f"{registration.pk}:{registration.key}:{date.isoformat()}", algorithm="sha256"
    )
    return f"{token.hexdigest()[:40]}@{registration.series.uid_domain()}"


def _zone(meeting: Meeting) -> str:
    return getattr(meeting.start.tzinfo, "key", None) or meeting.series.schedule_timezone


def invitation(registration, place, meeting: Meeting, *, cancelled: bool = False) -> Invitation:
    """The :class:`Invitation` of ``place`` as the meeting is now, in the person's language."""
    with translation.override(registration.language or None):
        cancel_url = links.link(registration, links.CANCEL)
        lines = []
        if meeting.meeting_url and not cancelled:
            lines.append(_("Join the conversation: %(url)s") % {"url": meeting.meeting_url})
        lines.append(_("Cancel your place: %(url)s") % {"url": cancel_url})
        page = meeting.page
        url = page.get_full_url() if page is not None and page.live else ""
        summary = f"{meeting.series.title}: {meeting.title}"
        if cancelled:
            summary = pgettext("joining", "Cancelled: %(title)s") % {"title": summary}
        return Invitation(
            uid=invitation_uid(registration, place.date),
            summary=summary,
            start=meeting.start,
            end=meeting.end,
            zone=_zone(meeting),
            sequence=place.sequence,
            organizer=parseaddr(conf.join_from_email())[1],
            attendee=registration.email,
            description="\n".join(lines),
            url=url or meeting.series.get_full_url() or "",
            meeting_url=meeting.meeting_url,
            join_label=_("Join the conversation"),
            cancelled=cancelled,
        )


def calendar_file(
    registration, place, meeting: Meeting, *, now: dt.datetime, cancelled: bool = False
) -> tuple[bytes, str]:
    """The ``.ics`` bytes and their iTIP method (``"REQUEST"`` or ``"CANCEL"``)."""
    found = invitation(registration, place, meeting, cancelled=cancelled)
    return invitation_calendar(found, now=now), method(found)

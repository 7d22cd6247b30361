"""'Add to calendar' links for one conversation: Google Calendar and Outlook.

Both are plain URLs built with :func:`urllib.parse.urlencode` (spaces as
``%20``, which both services read).  Google gets local wall-clock times plus
``ctz`` (the series' IANA zone), so the event keeps "18:00 Europe/London"
rather than a UTC instant; Outlook gets ISO 8601 times with their UTC
offset.  For every other calendar, offer the ``.ics`` file from
:func:`kindness_core.formats.ical.conversation_calendar`.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote, urlencode

from ..series import Conversation, Series
from .ical_text import DEFAULT_WORDS, CalendarWords, moved_from

__all__ = [
    "GOOGLE_CALENDAR",
    "MAX_DETAILS",
    "OUTLOOK_LIVE",
    "OUTLOOK_OFFICE",
    "calendar_event_title",
    "google_calendar_url",
    "outlook_calendar_url",
]

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_LIVE = "https://outlook.live.com/calendar/0/deeplink/compose"
OUTLOOK_OFFICE = "https://outlook.office.com/calendar/0/deeplink/compose"
#: Longest details/body text put in a link (browsers and servers cap URLs).
MAX_DETAILS = 1500


def calendar_event_title(
    series: Series, conversation: Conversation, *, words: CalendarWords = DEFAULT_WORDS
) -> str:
    """``"Conversations for Kindness: Kindness in education"`` (or its month, untitled)."""
    return f"{series.name}: {words.display_title(conversation)}"


def _times(series: Series, conversation: Conversation) -> tuple[dt.datetime, dt.datetime]:
    return conversation.start.astimezone(series.schedule.zone), series.end_of(conversation)


def _details(series: Series, conversation: Conversation, words: CalendarWords) -> str:
    """The event's details: "Postponed from …" for a moved meeting (as in the
    calendar file), the summary, the speakers and the links, within ``MAX_DETAILS``."""
    head = ""
    before = moved_from(conversation)
    if before is not None:
        day = words.date(before.astimezone(series.schedule.zone).date())
        head = words.postponed_from.replace("{date}", day) + "\n\n"
    limit = MAX_DETAILS - len(head)
    parts: list[str] = []
    if conversation.summary.strip():
        parts.append(conversation.summary.strip())
    speakers = ", ".join(p.display_name for p in conversation.speakers)
    if speakers:
        parts.append(words.with_people.replace("{names}", speakers))
    if series.join_url:
        parts.append(words.join_online.replace("{url}", series.join_url))
    page = conversation.url or series.url
    if page:
        parts.append(words.more.replace("{url}", page))
    text = "\n\n".join(parts)
    if len(text) > limit:
        # Keep the links (at the end) and shorten the summary.
        tail = "\n\n".join(parts[1:])
        room = limit - len(tail) - 3
        text = (parts[0][: max(room, 0)].rstrip() + "…\n\n" + tail).strip()[:limit]
    return (head + text).strip()


def google_calendar_url(
    series: Series, conversation: Conversation, *, words: CalendarWords = DEFAULT_WORDS
) -> str:
    """A Google Calendar "create event" link for one conversation (text in ``words``).

    ``dates`` are local times (``20231019T180000/20231019T190000``) read in
    the zone given by ``ctz`` (``Europe/London``).
    """
    start, end = _times(series, conversation)
    params = {
        "action": "TEMPLATE",
        "text": calendar_event_title(series, conversation, words=words),
        "dates": f"{start:%Y%m%dT%H%M%S}/{end:%Y%m%dT%H%M%S}",
        "ctz": series.schedule.timezone,
        "details": _details(series, conversation, words),
    }
    if series.join_url:
        params["location"] = series.join_url
    return f"{GOOGLE_CALENDAR}?{urlencode(params, quote_via=quote)}"


def outlook_calendar_url(
    series: Series,
    conversation: Conversation,
    *,
    office365: bool = False,
    words: CalendarWords = DEFAULT_WORDS,
) -> str:
    """An Outlook "new event" link (outlook.live.com, or Office 365 with ``office365``).

    ``startdt``/``enddt`` are ISO 8601 with the UTC offset of the series'
    zone on that day (``2023-10-19T18:00:00+01:00``).
    """
    start, end = _times(series, conversation)
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": calendar_event_title(series, conversation, words=words),
        "startdt": start.isoformat(),
        "enddt": end.isoformat(),
        "body": _details(series, conversation, words),
    }
    if series.join_url:
        params["location"] = series.join_url
    base = OUTLOOK_OFFICE if office365 else OUTLOOK_LIVE
    return f"{base}?{urlencode(params, quote_via=quote)}"

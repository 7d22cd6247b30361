"""iCalendar (RFC 5545 / RFC 7986) output, written with the ``icalendar`` library.

A series becomes *one* recurring ``VEVENT``: ``DTSTART;TZID=…`` (the first
meeting), the schedule's ``RRULE``, an ``EXDATE`` for every meeting that
nobody recorded and did not happen (schedule skips, months missing from the
archive) and an ``RDATE`` for every extra meeting.  Each recorded
conversation is an *override* of its own instance: same ``UID``, a
``RECURRENCE-ID`` naming the rule date it replaces, and its own title,
speakers, summary, ``URL`` and ``ATTACH`` links.  Calendar clients therefore
show exactly one event per meeting, never a generic one beside the recorded
one.  See ``docs/calendar.md``.

A cancelled conversation stays, as ``STATUS:CANCELLED`` with "Cancelled: "
before its title; one postponed with no new date yet is ``STATUS:TENTATIVE``
at its original time, "Postponed: " before its title; one moved to a new
date (``previous_start``) is at the new time, its description naming the
original date ("Postponed from Thursday 21 January 2027").  Each
conversation's event carries its own ``SEQUENCE`` and ``LAST-MODIFIED``
(:attr:`Conversation.sequence <kindness_core.series.Conversation.sequence>`,
:attr:`~kindness_core.series.Conversation.last_modified`), so that a
subscriber's calendar takes the change.  The words are English unless a
:class:`~kindness_core.formats.ical_text.CalendarWords` is given.

Nothing here reads the clock: ``DTSTAMP`` comes from ``now``.  UIDs are
derived from the series and conversation keys, so re-publishing a feed
updates events instead of duplicating them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import icalendar

from ..archive import Archive
from ..errors import KindnessInputError
from ..series import Conversation, Series
from .ical_lines import EventWriter
from .ical_plan import plan_series
from .ical_text import (
    DEFAULT_WORDS,
    CalendarWords,
    conversation_description,
    event_status,
    series_description,
)
from .vtimezone import vtimezone

__all__ = [
    "DEFAULT_UID_DOMAIN",
    "DEFAULT_WORDS",
    "PRODID",
    "REFRESH_INTERVAL",
    "CalendarWords",
    "conversation_calendar",
    "conversation_description",
    "conversation_uid",
    "series_calendar",
    "series_uid",
    "to_ics",
]

#: Product identifier written to every calendar.
PRODID = "-//wagtail-kindness//kindness_core//EN"
#: Right-hand side of every UID ("conversations-for-kindness@wagtail-kindness").
DEFAULT_UID_DOMAIN = "wagtail-kindness"
#: How often subscribers should re-fetch a series feed.
REFRESH_INTERVAL = dt.timedelta(days=1)

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_MEDIA_TYPE = re.compile(r"^[A-Za-z0-9][\w!#$&^.+-]*/[A-Za-z0-9][\w!#$&^.+-]*$")
_UID_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_END_CALENDAR = b"END:VCALENDAR\r\n"


def _text(value: str) -> icalendar.vText:
    """A TEXT value: one kind of line break, no control characters.

    ``vText`` escapes ``;``, ``,``, ``\\`` and line breaks.  It is given
    explicitly because ``icalendar`` writes properties it has no type for
    (``NAME``, every ``X-`` property) unescaped.  Control characters are not
    allowed in iCalendar text at all, so they go.
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return icalendar.vText(_CONTROL.sub("", value))


def _check_now(now: object) -> dt.datetime:
    if not isinstance(now, dt.datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise KindnessInputError(
            "now must be an aware datetime (it becomes DTSTAMP), e.g. datetime.now(timezone.utc)"
        )
    try:
        return now.astimezone(dt.UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is after the year 9999 in UTC
        raise KindnessInputError(
            f"now {now.isoformat()} is out of range: give a time between the years 1 and 9999 "
            "in UTC"
        ) from None


def series_uid(series: Series, *, domain: str = DEFAULT_UID_DOMAIN) -> str:
    """The stable UID of a series' recurring event: ``"<series key>@<domain>"``."""
    return f"{series.key}@{domain}"


def conversation_uid(conversation: Conversation, *, domain: str = DEFAULT_UID_DOMAIN) -> str:
    """The stable UID of a one-conversation file: ``"slug-2023-10@<domain>"``.

    Characters other than letters, digits, ``.``, ``_`` and ``-`` become
    ``-`` (CalDAV servers use the UID in file names).
    """
    return f"{_UID_UNSAFE.sub('-', conversation.key).strip('-')}@{domain}"


def _add_links(
    event: icalendar.Event,
    series: Series,
    conversation: Conversation | None,
    words: CalendarWords = DEFAULT_WORDS,
) -> None:
    page = (conversation.url if conversation else None) or series.url
    if page:
        event.add("url", page)
    if series.join_url:
        event.add(
            "conference",
            series.join_url,
            # icalendar writes a list parameter as AUDIO,VIDEO; its hints allow str only.
            parameters={
                "VALUE": "URI",
                "FEATURE": ["AUDIO", "VIDEO"],  # type: ignore[dict-item]
                "LABEL": words.join_label,
            },
        )
    if conversation is None:
        return
    for resource in conversation.resources:
        if resource.url is None:  # pending: announced, no link yet
            continue
        params: dict[str, str] = {}
        if resource.media_type and _MEDIA_TYPE.match(resource.media_type):
            params["FMTTYPE"] = resource.media_type
        event.add("attach", resource.url, parameters=params)


# -- writing ------------------------------------------------------------------


def _calendar(*, name: str | None = None) -> icalendar.Calendar:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    if name:
        cal.add("name", _text(name))
        cal.add("x-wr-calname", _text(name))
    return cal


def _event(
    *,
    uid: str,
    now: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    description: str,
    status: str,
    sequence: int,
    last_modified: dt.datetime | None = None,
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", _text(summary))
    if description:
        event.add("description", _text(description))
    event.add("status", status)
    event.add("sequence", sequence)
    if last_modified is not None:  # RFC 5545 3.8.7.3: in UTC
        event.add("last-modified", last_modified.astimezone(dt.UTC))
    return event


def _series_event(
    series: Series,
    *,
    uid: str,
    now: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    sequence: int,
    words: CalendarWords = DEFAULT_WORDS,
) -> icalendar.Event:
    """An event of the series itself (the master, or a move nobody recorded), no links yet."""
    return _event(
        uid=uid,
        now=now,
        start=start,
        end=end,
        summary=series.name,
        description=series_description(series, words=words),
        status="CONFIRMED",
        sequence=sequence,
    )


def _conversation_event(
    series: Series,
    conversation: Conversation,
    *,
    uid: str,
    now: dt.datetime,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    sequence: int,
    words: CalendarWords,
) -> icalendar.Event:
    """A conversation's event: its own ``SEQUENCE`` (at least ``sequence``) and
    ``LAST-MODIFIED``, and the status and words of :class:`CalendarWords`."""
    event = _event(
        uid=uid,
        now=now,
        start=start,
        end=end,
        summary=words.title(conversation, summary),
        description=conversation_description(series, conversation, words=words),
        status=event_status(conversation),
        sequence=max(sequence, conversation.sequence),
        last_modified=conversation.last_modified,
    )
    if conversation.themes:
        event.add("categories", [_text(t) for t in conversation.themes])
    _add_links(event, series, conversation, words)
    return event


def _add_dates(event: icalendar.Event, name: str, values: Iterable[dt.datetime]) -> None:
    # One property per date: ical.js reads only the first value of a list.
    for value in sorted(values):
        event.add(name, value)


def _span(series: Series, conversation: Conversation) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a conversation in the series' zone (:meth:`Series.end_of`)."""
    return conversation.start.astimezone(series.schedule.zone), series.end_of(conversation)


def _check_sequence(sequence: object) -> int:
    if isinstance(sequence, bool) or not isinstance(sequence, int) or sequence < 0:
        raise KindnessInputError("sequence must be a whole number, 0 or more")
    return sequence


def _check_words(words: object) -> CalendarWords:
    if not isinstance(words, CalendarWords):
        raise KindnessInputError("words must be a kindness_core.formats.ical.CalendarWords")
    return words


@dataclass(frozen=True, slots=True, kw_only=True)
class _Planned:
    """One event of a series calendar after the recurring one, as planned."""

    conversation: Conversation | None  #: None: a schedule move nobody recorded
    uid: str
    start: dt.datetime
    end: dt.datetime
    recurrence_id: dt.datetime | None


def _series_head(
    archive: Archive,
    *,
    now: dt.datetime,
    until: dt.date | None,
    exclude_gaps: bool,
    uid_domain: str,
    sequence: int,
    words: CalendarWords,
) -> tuple[icalendar.Calendar, list[_Planned]]:
    """The calendar with its properties, zone and recurring event; the events to follow."""
    if until is not None and (not isinstance(until, dt.date) or isinstance(until, dt.datetime)):
        raise KindnessInputError("until must be a date such as 2025-12-31")
    series = archive.series
    plan = plan_series(archive, now=now, until=until, exclude_gaps=exclude_gaps)
    uid = series_uid(series, domain=uid_domain)
    cal = _calendar(name=series.name)
    if series.description.strip():
        cal.add("description", _text(series.description.strip()))
        cal.add("x-wr-caldesc", _text(series.description.strip()))
    cal.add("x-wr-timezone", _text(series.schedule.timezone))
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    if series.url:
        cal.add("url", series.url)
    instants = [plan.dtstart, *plan.rdates, *plan.exdates]
    instants += [o.start for o in plan.overrides] + [c.start for c in plan.separate]
    zone = series.schedule.timezone
    cal.add_component(vtimezone(zone, start=min(instants), end=plan.until_local))

    master = _series_event(
        series, uid=uid, now=now, start=plan.dtstart, end=plan.end, sequence=sequence, words=words
    )
    recur = icalendar.vRecur.from_ical(series.schedule.rule)
    if plan.until is not None:
        recur.pop("COUNT", None)
        recur["UNTIL"] = [plan.until]
    master.add("rrule", recur)
    _add_dates(master, "rdate", plan.rdates)
    _add_dates(master, "exdate", plan.exdates)
    _add_links(master, series, None, words)
    cal.add_component(master)

    events = [
        _Planned(
            conversation=item.conversation,
            uid=uid,
            start=item.start,
            end=item.end,
            recurrence_id=item.recurrence_id,
        )
        for item in plan.overrides
    ]
    for conv in plan.separate:
        start, end = _span(series, conv)
        events.append(
            _Planned(
                conversation=conv,
                uid=conversation_uid(conv, domain=uid_domain),
                start=start,
                end=end,
                recurrence_id=None,
            )
        )
    return cal, events


def _move_event(
    series: Series,
    item: _Planned,
    *,
    now: dt.datetime,
    sequence: int,
    words: CalendarWords,
) -> icalendar.Event:
    """A schedule move nobody recorded: an instance of the series event at its new time."""
    event = _series_event(
        series,
        uid=item.uid,
        now=now,
        start=item.start,
        end=item.end,
        sequence=sequence,
        words=words,
    )
    _add_links(event, series, None, words)
    if item.recurrence_id is not None:
        event.add("recurrence-id", item.recurrence_id)
    return event


def series_calendar(
    archive: Archive,
    *,
    now: dt.datetime,
    until: dt.date | None = None,
    exclude_gaps: bool = True,
    uid_domain: str = DEFAULT_UID_DOMAIN,
    sequence: int = 0,
    words: CalendarWords = DEFAULT_WORDS,
) -> icalendar.Calendar:
    """The whole series as a subscribable calendar.

    ``now`` (aware) becomes every ``DTSTAMP``.  ``until`` (a local date)
    ends the feed; by default it follows the schedule's own rule, open-ended
    for "third Thursday of every month".  With ``exclude_gaps`` (the
    default) a rule date inside the archive's span that has no recorded
    conversation (April 2023 in the seed archive) is excluded: it did not
    happen.  ``sequence`` is the series event's ``SEQUENCE`` (and the least
    of every conversation's); ``words`` says "Cancelled", "Postponed" and
    "Postponed from" (English by default).
    """
    now = _check_now(now)
    sequence = _check_sequence(sequence)
    words = _check_words(words)
    series = archive.series
    cal, events = _series_head(
        archive,
        now=now,
        until=until,
        exclude_gaps=exclude_gaps,
        uid_domain=uid_domain,
        sequence=sequence,
        words=words,
    )
    for item in events:
        conv = item.conversation
        if conv is None:
            cal.add_component(_move_event(series, item, now=now, sequence=sequence, words=words))
            continue
        event = _conversation_event(
            series,
            conv,
            uid=item.uid,
            now=now,
            start=item.start,
            end=item.end,
            summary=words.display_title(conv),
            sequence=sequence,
            words=words,
        )
        if item.recurrence_id is not None:
            event.add("recurrence-id", item.recurrence_id)
        cal.add_component(event)
    return cal


def _attachments(conversation: Conversation) -> list[tuple[str, str | None]]:
    """(URL, media type) of each ``ATTACH`` of a conversation, as :func:`_add_links` adds them."""
    return [
        (
            resource.url,
            resource.media_type
            if resource.media_type and _MEDIA_TYPE.match(resource.media_type)
            else None,
        )
        for resource in conversation.resources
        if resource.url is not None
    ]


def _remembering(words: CalendarWords) -> CalendarWords:
    """``words`` whose functions remember their answers, for one calendar.

    A calendar asks the same few things thousands of times ("Hosts" for two
    people, a month's name): a translated ``role_label`` looks each up in
    the translation catalogue.
    """
    return dataclasses.replace(
        words,
        date=functools.lru_cache(maxsize=1024)(words.date),
        role_label=functools.lru_cache(maxsize=256)(words.role_label),
        month=functools.lru_cache(maxsize=4096)(words.month),
    )


def to_ics(
    archive: Archive,
    *,
    now: dt.datetime,
    until: dt.date | None = None,
    exclude_gaps: bool = True,
    uid_domain: str = DEFAULT_UID_DOMAIN,
    sequence: int = 0,
    words: CalendarWords = DEFAULT_WORDS,
) -> bytes:
    """:func:`series_calendar` as iCalendar bytes (CRLF lines, UTF-8).

    The same bytes as ``series_calendar(...).to_ical()``, written faster:
    the calendar's head with ``icalendar``, each conversation's event by
    :class:`~kindness_core.formats.ical_lines.EventWriter`.
    """
    now = _check_now(now)
    sequence = _check_sequence(sequence)
    words = _remembering(_check_words(words))
    series = archive.series
    cal, events = _series_head(
        archive,
        now=now,
        until=until,
        exclude_gaps=exclude_gaps,
        uid_domain=uid_domain,
        sequence=sequence,
        words=words,
    )
    head: bytes = cal.to_ical()
    if not head.endswith(_END_CALENDAR):  # pragma: no cover - icalendar changed
        raise AssertionError("icalendar did not end the calendar with END:VCALENDAR")
    writer = EventWriter(series, now=now, words_join_label=words.join_label)
    lines: list[str] = []
    for item in events:
        conv = item.conversation
        if conv is None:
            move = _move_event(series, item, now=now, sequence=sequence, words=words)
            lines.append(move.to_ical().decode("utf-8").removesuffix("\r\n"))
            continue
        lines += writer.conversation_event(
            conv,
            uid=item.uid,
            start=item.start,
            end=item.end,
            summary=words.title(conv, words.display_title(conv)),
            description=conversation_description(series, conv, words=words),
            status=event_status(conv),
            sequence=max(sequence, conv.sequence),
            recurrence_id=item.recurrence_id,
            attachments=_attachments(conv),
        )
    lines.append("END:VCALENDAR")
    body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    return head[: -len(_END_CALENDAR)] + body


def conversation_calendar(
    series: Series,
    conversation: Conversation,
    *,
    now: dt.datetime,
    uid_domain: str = DEFAULT_UID_DOMAIN,
    sequence: int = 0,
    words: CalendarWords = DEFAULT_WORDS,
) -> bytes:
    """A one-event ``.ics`` file for "add to calendar" (UTF-8 bytes).

    The event has its own UID (from the conversation key), the series name
    in its title ("Conversations for Kindness: Kindness in education"), and
    the same status, words, ``SEQUENCE`` and ``LAST-MODIFIED`` as in the
    series' calendar: "Cancelled: Conversations for Kindness: …" with
    ``STATUS:CANCELLED``, and so on.
    """
    now = _check_now(now)
    sequence = _check_sequence(sequence)
    words = _check_words(words)
    start, end = _span(series, conversation)
    cal = _calendar()
    cal.add_component(vtimezone(series.schedule.timezone, start=start, end=end))
    cal.add_component(
        _conversation_event(
            series,
            conversation,
            uid=conversation_uid(conversation, domain=uid_domain),
            now=now,
            start=start,
            end=end,
            summary=f"{series.name}: {words.display_title(conversation)}",
            sequence=sequence,
            words=words,
        )
    )
    data: bytes = cal.to_ical()
    return data

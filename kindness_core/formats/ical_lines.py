"""Content lines of the series calendar's events, written directly.

:func:`kindness_core.formats.ical.to_ics` writes the calendar's head (its
properties, the ``VTIMEZONE`` and the recurring event) with the
``icalendar`` library, and each conversation's event here: the same
content lines, in the same order, escaped and folded the same way, without
building an ``icalendar`` object per property (which cost about 0.5 ms per
conversation: most of a 2,000-conversation calendar's time).

Whatever depends on ``icalendar``'s own rules is asked of ``icalendar`` once
and reused: the parameters of a date-time in a zone (``TZID=…``, or ``Z`` in
UTC), of a link's media type (``FMTTYPE=…``), the joining link's
``CONFERENCE`` line, and the order of an event's properties
(``icalendar.Event.canonical_order``, then the others alphabetically).
``tests/core/formats/test_ical_lines.py`` checks that the result is byte for
byte what ``series_calendar(...).to_ical()`` gives.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable

import icalendar

from ..series import Conversation, Series

__all__ = ["EventWriter", "fold", "text_value"]

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
#: Longest line, in octets, before a fold (``icalendar``'s limit, less one).
_LIMIT = 75


def text_value(value: str) -> str:
    """A TEXT value as ``ical._text`` then ``icalendar.vText`` write it.

    One kind of line break, no control characters, then RFC 5545 escaping
    (in ``icalendar``'s order: ``\\N`` is read as a line break first).
    """
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """``line`` folded as ``icalendar`` folds it (RFC 5545 3.1).

    At most 74 octets a line before the break (75 with the leading space of
    a continuation), never between a character and the ``\\`` or ``^`` just
    before it (an escape is not split), never inside a UTF-8 character.
    """
    if len(line) < _LIMIT and line.isascii():
        return line
    if line.isascii():
        parts: list[str] = []
        at, end = 0, len(line)
        while end - at >= _LIMIT:
            cut = at + _LIMIT - 1
            if line[cut - 1] in "\\^":
                cut -= 1
            parts.append(line[at:cut])
            at = cut
        parts.append(line[at:])
        return "\r\n ".join(parts)
    return _fold_unicode(line)


def _fold_unicode(line: str) -> str:
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        code = ord(char)
        size = 1 if code < 0x80 else 2 if code < 0x800 else 3 if code < 0x10000 else 4
        if current and count + size >= _LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                escaped = current.pop()
                folded.append("".join(current))
                current = [escaped]
                count = len(escaped.encode("utf-8"))
            else:
                folded.append("".join(current))
                current = []
                count = 0
        current.append(char)
        count += size
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


@functools.cache
def _property_order(names: tuple[str, ...]) -> tuple[str, ...]:
    """``names`` in the order ``icalendar`` writes an event's properties."""
    canonical = {name: n for n, name in enumerate(icalendar.Event.canonical_order)}
    head = sorted((n for n in names if n in canonical), key=canonical.__getitem__)
    return (*head, *sorted(n for n in names if n not in canonical))


def _datetime_text(when: dt.datetime) -> str:
    return (
        f"{when.year:04}{when.month:02}{when.day:02}T{when.hour:02}{when.minute:02}{when.second:02}"
    )


def _unfolded(component: icalendar.cal.component.Component, name: str) -> str:
    """The one content line ``icalendar`` writes for ``name`` (unfolded)."""
    line: str = component.content_line(name, component[name])
    return line


class EventWriter:
    """Writes the ``VEVENT`` of conversations of one calendar (one ``now``, one series).

    Asks ``icalendar`` once for what it would write the same way each time
    (see the module docs) and keeps it.
    """

    def __init__(self, series: Series, *, now: dt.datetime, words_join_label: str) -> None:
        self.series = series
        self._prefixes: dict[tuple[str, object], tuple[str, str]] = {}
        self._attach: dict[str | None, str] = {}
        self.dtstamp = self.datetime_line("DTSTAMP", now)
        self.conference: str | None = None
        if series.join_url:
            event = icalendar.Event()
            event.add(
                "conference",
                series.join_url,
                parameters={
                    "VALUE": "URI",
                    "FEATURE": ["AUDIO", "VIDEO"],  # type: ignore[dict-item]
                    "LABEL": words_join_label,
                },
            )
            self.conference = fold(_unfolded(event, "CONFERENCE"))

    def datetime_line(self, name: str, when: dt.datetime) -> str:
        """``NAME;TZID=…:YYYYMMDDTHHMMSS`` (or ``…Z`` in UTC), as ``icalendar`` writes it."""
        key = (name, when.tzinfo)
        found = self._prefixes.get(key)
        if found is None:
            event = icalendar.Event()
            event.add(name, when)
            line = _unfolded(event, name)
            value = _datetime_text(when)  # DTSTAMP, LAST-MODIFIED: given in UTC
            suffix = "Z" if line.endswith(value + "Z") else ""
            if not line.endswith(value + suffix):  # pragma: no cover - icalendar changed
                raise AssertionError(f"unexpected date-time line {line!r}")
            found = (line[: len(line) - len(value) - len(suffix)], suffix)
            self._prefixes[key] = found
        prefix, suffix = found
        return fold(prefix + _datetime_text(when) + suffix)

    def attach_line(self, url: str, media_type: str | None) -> str:
        """An ``ATTACH`` line, with ``FMTTYPE`` when ``media_type`` is given."""
        prefix = self._attach.get(media_type)
        if prefix is None:
            event = icalendar.Event()
            params = {"FMTTYPE": media_type} if media_type else {}
            event.add("attach", "x", parameters=params)
            prefix = _unfolded(event, "ATTACH")[:-1]
            self._attach[media_type] = prefix
        return fold(prefix + url)

    def conversation_event(
        self,
        conversation: Conversation,
        *,
        uid: str,
        start: dt.datetime,
        end: dt.datetime,
        summary: str,
        description: str,
        status: str,
        sequence: int,
        recurrence_id: dt.datetime | None,
        attachments: Iterable[tuple[str, str | None]],
    ) -> list[str]:
        """The folded content lines of one conversation's event, ``BEGIN`` to ``END``."""
        series = self.series
        props: dict[str, list[str]] = {
            "SUMMARY": [fold("SUMMARY:" + text_value(summary))],
            "DTSTART": [self.datetime_line("DTSTART", start)],
            "DTEND": [self.datetime_line("DTEND", end)],
            "DTSTAMP": [self.dtstamp],
            "UID": [fold("UID:" + text_value(uid))],
            "STATUS": [fold("STATUS:" + text_value(status))],
            "SEQUENCE": [f"SEQUENCE:{sequence}"],
        }
        if description:
            props["DESCRIPTION"] = [fold("DESCRIPTION:" + text_value(description))]
        if conversation.last_modified is not None:
            props["LAST-MODIFIED"] = [
                self.datetime_line("LAST-MODIFIED", conversation.last_modified.astimezone(dt.UTC))
            ]
        if conversation.themes:
            themes = ",".join(text_value(t) for t in conversation.themes)
            props["CATEGORIES"] = [fold("CATEGORIES:" + themes)]
        page = conversation.url or series.url
        if page:
            props["URL"] = [fold("URL:" + page)]
        if self.conference is not None:
            props["CONFERENCE"] = [self.conference]
        links = [self.attach_line(url, media_type) for url, media_type in attachments]
        if links:
            props["ATTACH"] = links
        if recurrence_id is not None:
            props["RECURRENCE-ID"] = [self.datetime_line("RECURRENCE-ID", recurrence_id)]
        lines = ["BEGIN:VEVENT"]
        for name in _property_order(tuple(props)):
            lines += props[name]
        lines.append("END:VEVENT")
        return lines

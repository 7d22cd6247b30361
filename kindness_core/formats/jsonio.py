"""The versioned JSON form of series, conversations and archives.

The document (``"version": 1``) is described field by field in
``docs/json-schema.md``.  :func:`to_json` and :func:`from_json` convert
every model to and from plain JSON values, with
``from_json(type(x), to_json(x)) == x``; :func:`dumps` writes a document
(stable key order, UTF-8 text, two-space indent) and :func:`loads` /
:func:`load_document` read one back.

Reading is strict: a wrong type, a missing or unknown field, an unknown
version, zone or rule raises :class:`~kindness_core.errors.SchemaError`
whose :attr:`~kindness_core.errors.SchemaError.path` names the field, e.g.
``conversations[3].start: not an ISO 8601 date-time with offset``.

Times keep their local meaning: a schedule is stored as its RFC 5545 rule
(``DTSTART;TZID=Europe/London:…``), a local time and an IANA zone, never as
a UTC start; a conversation's start is written with its UTC offset and read
back into the series' zone.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any, TypeVar

from icalendar.prop import vDuration

from ..archive import Archive
from ..importing.result import ArchiveWarning, ImportResult
from ..schedule.recurrence import Schedule
from ..series import Conversation, Person, Resource, Series
from .jsonread import (
    FORMAT_VERSION,
    MAX_DOCUMENT_BYTES,
    parse_json,
    read_conversation,
    read_document,
    read_person,
    read_resource,
    read_schedule,
    read_series,
    read_warning,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_DOCUMENT_BYTES",
    "document",
    "dumps",
    "from_json",
    "load_document",
    "loads",
    "to_json",
]

T = TypeVar("T")
JSON = Any  # a value json.loads can return


# -- writing ---------------------------------------------------------------


def _time(value: dt.time) -> str:
    return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")


def _duration(value: dt.timedelta) -> str:
    text: bytes = vDuration(value).to_ical()  # type: ignore[no-untyped-call]
    return text.decode("ascii")


def _schedule(schedule: Schedule) -> dict[str, JSON]:
    return {
        "rrule": schedule.to_rfc5545(),
        "time": _time(schedule.time),
        "timezone": schedule.timezone,
        "start": schedule.start.isoformat() if schedule.start else None,
        "duration": _duration(schedule.duration),
        "skips": [{"date": s.date.isoformat(), "reason": s.reason} for s in schedule.skips],
        "moves": [
            {"date": m.date.isoformat(), "to": m.to.isoformat(), "reason": m.reason}
            for m in schedule.moves
        ],
        "extras": [e.isoformat() for e in schedule.extras],
    }


def _person(person: Person) -> dict[str, JSON]:
    return {
        "name": person.name,
        "honorific": person.honorific,
        "role": person.role.value,
        "job_title": person.job_title,
        "organisation": person.organisation,
    }


def _resource(resource: Resource) -> dict[str, JSON]:
    return {
        "kind": resource.kind.value,
        "title": resource.title,
        "url": resource.url,
        "pending": resource.pending,
        "media_type": resource.media_type,
        "size": resource.size,
    }


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _conversation(conversation: Conversation) -> dict[str, JSON]:
    return {
        "key": conversation.key,
        "start": conversation.start.isoformat(),
        "end": _iso(conversation.end),
        "title": conversation.title,
        "status": conversation.status.value,
        "summary": conversation.summary,
        "url": conversation.url,
        "previous_start": _iso(conversation.previous_start),
        "people": [_person(p) for p in conversation.people],
        "resources": [_resource(r) for r in conversation.resources],
        "themes": list(conversation.themes),
    }


def _series(series: Series) -> dict[str, JSON]:
    return {
        "key": series.key,
        "name": series.name,
        "description": series.description,
        "joining": series.joining,
        "join_url": series.join_url,
        "contact": series.contact,
        "url": series.url,
        "schedule": _schedule(series.schedule),
    }


def _warning(warning: ArchiveWarning) -> dict[str, JSON]:
    return {"line": warning.line, "message": warning.message}


def document(
    archive: Archive, warnings: tuple[ArchiveWarning, ...] | list[ArchiveWarning] = ()
) -> dict[str, JSON]:
    """The version 1 document of an archive, with optional import warnings."""
    return {
        "version": FORMAT_VERSION,
        "series": _series(archive.series),
        "conversations": [_conversation(c) for c in archive.conversations],
        "warnings": [_warning(w) for w in warnings],
    }


_WRITERS: dict[type, Callable[[Any], JSON]] = {
    Schedule: _schedule,
    Person: _person,
    Resource: _resource,
    Conversation: _conversation,
    Series: _series,
    Archive: document,
    ArchiveWarning: _warning,
    ImportResult: lambda result: document(result.archive, result.warnings),
}


def to_json(obj: object) -> JSON:
    """A model as plain JSON values (dicts, lists, strings, numbers, None).

    An :class:`~kindness_core.archive.Archive` or an
    :class:`~kindness_core.importing.result.ImportResult` gives the whole versioned
    document.
    """
    writer = _WRITERS.get(type(obj))
    if writer is None:
        raise TypeError(f"cannot write {type(obj).__name__} as JSON: give a kindness_core model")
    return writer(obj)


def dumps(obj: Archive | ImportResult) -> str:
    """The JSON document of an archive or an import result, as text.

    Keys keep the order of ``docs/json-schema.md``; non-ASCII characters
    (curly quotes, accents) are written as they are; indent is 2.
    """
    if not isinstance(obj, Archive | ImportResult):
        raise TypeError(f"dumps takes an Archive or an ImportResult, not {type(obj).__name__}")
    return json.dumps(to_json(obj), ensure_ascii=False, indent=2)


_READERS: dict[type, Callable[[object, str], Any]] = {
    Schedule: read_schedule,
    Person: read_person,
    Resource: read_resource,
    Conversation: read_conversation,
    Series: read_series,
    Archive: lambda data, path: read_document(data)[0],
    ArchiveWarning: read_warning,
}


def from_json(cls: type[T], data: JSON) -> T:
    """A model of type ``cls`` from plain JSON values (the inverse of :func:`to_json`).

    ``cls`` is :class:`Schedule`, :class:`Person`, :class:`Resource`,
    :class:`Conversation`, :class:`Series`, :class:`Archive` (from a whole
    document) or :class:`ArchiveWarning`.  Raises
    :class:`~kindness_core.errors.SchemaError` naming the bad field.
    """
    reader = _READERS.get(cls)
    if reader is None:
        raise TypeError(f"cannot read {getattr(cls, '__name__', cls)} from JSON")
    return reader(data, "")  # type: ignore[no-any-return]


def load_document(data: JSON | str | bytes) -> tuple[Archive, tuple[ArchiveWarning, ...]]:
    """The archive and the warnings of a document (parsed JSON, text or bytes)."""
    if isinstance(data, str | bytes | bytearray):
        data = parse_json(data)
    return read_document(data)


def loads(text: str | bytes) -> Archive:
    """The :class:`~kindness_core.archive.Archive` of a JSON document."""
    return read_document(parse_json(text))[0]

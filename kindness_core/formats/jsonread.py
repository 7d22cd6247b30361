"""Reading the versioned JSON document back into models, strictly.

Each ``read_*`` function takes plain JSON values and the path of where they
are in the document, and raises :class:`~kindness_core.errors.SchemaError`
naming the bad field ("conversations[3].start: not an ISO 8601 date-time
with offset") for a wrong type, a missing or unknown field, an unknown
version, zone or rule.  The public entry points are in
:mod:`kindness_core.formats.jsonio`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from icalendar.prop import vDuration

from ..archive import Archive
from ..errors import KindnessInputError, SchemaError
from ..importing.result import ArchiveWarning
from ..schedule.phrases import parse_schedule
from ..schedule.recurrence import Move, Schedule, Skip
from ..schedule.zones import get_zone
from ..series import (
    CONVERSATION_YEARS,
    Conversation,
    Person,
    Resource,
    ResourceKind,
    Role,
    Series,
    Status,
)
from ..textfile import decode_text

__all__ = [
    "FORMAT_VERSION",
    "MAX_CONVERSATIONS",
    "MAX_DOCUMENT_BYTES",
    "parse_json",
    "read_conversation",
    "read_document",
    "read_person",
    "read_resource",
    "read_schedule",
    "read_series",
    "read_warning",
]

#: The version of the document this package writes and reads.
FORMAT_VERSION = 1
#: Largest JSON document read.
MAX_DOCUMENT_BYTES = 50_000_000
#: Most conversations one document may hold (a monthly series would need 1,600 years).
MAX_CONVERSATIONS = 20_000

T = TypeVar("T")
JSON = Any  # a value json.loads can return


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _kind(value: object) -> str:
    return {
        dict: "an object", list: "a list", str: "a string", bool: "true/false",
        int: "a number", float: "a number", type(None): "null",
    }.get(type(value), type(value).__name__)  # fmt: skip


def _object(
    data: object, path: str, required: tuple[str, ...], optional: tuple[str, ...]
) -> dict[str, JSON]:
    where = path or "document"
    if not isinstance(data, dict):
        raise SchemaError(where, f"expected an object, got {_kind(data)}")
    for key in data:
        if key not in required and key not in optional:
            known = ", ".join((*required, *optional))
            raise SchemaError(_at(path, str(key)), f"unknown field: remove it (fields: {known})")
    for key in required:
        if key not in data:
            raise SchemaError(_at(path, key), "missing: this field is required")
    return data


def _text(data: Mapping[str, JSON], key: str, path: str, *, null: bool = False,
          default: str | None = "") -> str | None:  # fmt: skip
    if key not in data:
        return default
    value = data[key]
    if value is None and null:
        return None
    if not isinstance(value, str):
        wanted = "a string or null" if null else "a string"
        raise SchemaError(_at(path, key), f"expected {wanted}, got {_kind(value)}")
    return value


def _required_text(data: Mapping[str, JSON], key: str, path: str) -> str:
    value = _text(data, key, path)
    assert value is not None  # for mypy: null=False never gives None (2026-11-26)  # nosec B101
    return value


def _list(data: Mapping[str, JSON], key: str, path: str) -> list[JSON]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise SchemaError(_at(path, key), f"expected a list, got {_kind(value)}")
    return value


def _moment(value: object, path: str, *, zone: dt.tzinfo | None = None) -> dt.datetime:
    problem = "not an ISO 8601 date-time with offset, e.g. 2024-02-15T18:00:00+00:00"
    if not isinstance(value, str):
        raise SchemaError(path, problem)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise SchemaError(path, problem) from None
    if parsed.utcoffset() is None:
        raise SchemaError(path, problem)
    first, last = CONVERSATION_YEARS
    out_of_range = f"out of range: give a date between {first} and {last}"
    try:
        moment = parsed.astimezone(zone) if zone is not None else parsed
    except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
        raise SchemaError(path, out_of_range) from None
    if not first <= moment.year <= last:  # the calendar and feeds reach no further
        raise SchemaError(path, out_of_range)
    return moment


def _optional_moment(
    data: Mapping[str, JSON], key: str, path: str, zone: dt.tzinfo | None
) -> dt.datetime | None:
    value = data.get(key)
    return None if value is None else _moment(value, _at(path, key), zone=zone)


def _local(value: object, path: str) -> dt.datetime:
    problem = "not a local ISO 8601 date-time without offset, e.g. 2024-02-22T18:00:00"
    if not isinstance(value, str):
        raise SchemaError(path, problem)
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise SchemaError(path, problem) from None
    if parsed.tzinfo is not None:
        raise SchemaError(path, "a local time in the schedule's zone: remove the offset")
    return parsed


def _date(value: object, path: str) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise SchemaError(path, "not a date: use YYYY-MM-DD, e.g. 2023-04-20")


def _enum(value: object, enum: Any, path: str) -> Any:
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise SchemaError(path, f"{value!r} is not one of: {allowed}") from None


def _build(path: str, factory: Callable[[], T]) -> T:
    try:
        return factory()
    except SchemaError:
        raise
    except KindnessInputError as exc:
        raise SchemaError(path or "document", str(exc)) from None


def read_schedule(data: object, path: str) -> Schedule:
    fields = ("time", "timezone", "start", "duration", "skips", "moves", "extras")
    obj = _object(data, path, ("rrule",), fields)
    timezone = _text(obj, "timezone", path, default=None)
    if timezone is not None:
        _build(_at(path, "timezone"), lambda: get_zone(timezone))
    time: dt.time | None = None
    if "time" in obj:
        raw = obj["time"]
        try:
            time = dt.time.fromisoformat(raw) if isinstance(raw, str) else None
        except ValueError:
            time = None
        if time is None or time.tzinfo is not None:
            raise SchemaError(_at(path, "time"), "not a local time: use HH:MM, e.g. 18:00")
    duration = dt.timedelta(hours=1)
    if "duration" in obj:
        raw = obj["duration"]
        given: object = None
        try:
            if isinstance(raw, str):
                given = vDuration.from_ical(raw)  # type: ignore[no-untyped-call]
        except ValueError:  # icalendar's InvalidCalendar is a ValueError
            given = None
        if not isinstance(given, dt.timedelta) or not (
            dt.timedelta(minutes=1) <= given <= dt.timedelta(days=1)
        ):
            raise SchemaError(
                _at(path, "duration"),
                "not an ISO 8601 duration from 1 minute to 1 day: use e.g. PT1H or PT1H30M",
            )
        duration = given
    rrule = _required_text(obj, "rrule", path)
    parsed = _build(
        _at(path, "rrule"),
        lambda: parse_schedule(
            rrule, timezone=timezone or "Europe/London", time=time or dt.time(18, 0)
        ),
    )
    if timezone is not None and parsed.timezone != timezone:
        raise SchemaError(
            _at(path, "rrule"),
            f"DTSTART has TZID={parsed.timezone} but timezone is {timezone}: make them agree",
        )
    if time is not None and parsed.time != time:
        raise SchemaError(
            _at(path, "rrule"),
            f"DTSTART is at {parsed.time:%H:%M:%S} but time is {time:%H:%M:%S}: make them agree",
        )
    if "start" in obj:
        start = None if obj["start"] is None else _date(obj["start"], _at(path, "start"))
    else:
        start = parsed.start if parsed.depends_on_start else None
    skips = []
    for i, item in enumerate(_list(obj, "skips", path)):
        where = _at(_at(path, "skips"), i)
        entry = _object(item, where, ("date",), ("reason",))
        skips.append(Skip(date=_date(entry["date"], _at(where, "date")),
                          reason=_required_text(entry, "reason", where)))  # fmt: skip
    moves = []
    for i, item in enumerate(_list(obj, "moves", path)):
        where = _at(_at(path, "moves"), i)
        entry = _object(item, where, ("date", "to"), ("reason",))
        moves.append(Move(date=_date(entry["date"], _at(where, "date")),
                          to=_local(entry["to"], _at(where, "to")),
                          reason=_required_text(entry, "reason", where)))  # fmt: skip
    extras = tuple(
        _local(item, _at(_at(path, "extras"), i))
        for i, item in enumerate(_list(obj, "extras", path))
    )
    if not {"skips", "moves", "extras"} & obj.keys():
        # Only the rule text: its EXDATE and RDATE lines are the exceptions.
        skips, extras = list(parsed.skips), parsed.extras
    elif (parsed.skips or parsed.extras) and (
        {s.date for s in parsed.skips} != {s.date for s in skips} | {m.date for m in moves}
        or set(parsed.extras) != set(extras) | {m.to for m in moves}
    ):
        raise SchemaError(
            _at(path, "rrule"),
            "its EXDATE and RDATE lines disagree with skips, moves and extras: make them agree "
            "(EXDATE: skipped and moved-from dates; RDATE: extras and moved-to times)",
        )
    return _build(
        path,
        lambda: Schedule(
            rule=parsed.rule,
            time=parsed.time,
            timezone=parsed.timezone,
            start=start,
            duration=duration,
            skips=tuple(skips),
            moves=tuple(moves),
            extras=extras,
        ),
    )


def read_person(data: object, path: str) -> Person:
    obj = _object(data, path, ("name",), ("honorific", "role", "job_title", "organisation"))
    role = _enum(obj.get("role", Role.SPEAKER.value), Role, _at(path, "role"))
    return _build(
        path,
        lambda: Person(
            name=_required_text(obj, "name", path),
            role=role,
            honorific=_text(obj, "honorific", path, null=True, default=None),
            job_title=_text(obj, "job_title", path, null=True, default=None),
            organisation=_text(obj, "organisation", path, null=True, default=None),
        ),
    )


def read_resource(data: object, path: str) -> Resource:
    obj = _object(data, path, ("kind", "title"), ("url", "pending", "media_type", "size"))
    kind = _enum(obj["kind"], ResourceKind, _at(path, "kind"))
    url = _text(obj, "url", path, null=True, default=None)
    if "pending" in obj:
        pending = obj["pending"]
        if not isinstance(pending, bool):
            raise SchemaError(_at(path, "pending"), f"expected true or false, got {_kind(pending)}")
        if pending != (url is None):
            raise SchemaError(
                _at(path, "pending"),
                "must be true exactly when url is null: a resource is pending until it has a URL",
            )
    size = obj.get("size")
    if size is not None and (
        isinstance(size, bool) or not isinstance(size, int) or not 0 <= size < 2**63
    ):
        raise SchemaError(_at(path, "size"), "expected a whole number of bytes (0 or more) or null")
    return _build(
        path,
        lambda: Resource(
            kind=kind,
            title=_required_text(obj, "title", path),
            url=url,
            media_type=_text(obj, "media_type", path, null=True, default=None),
            size=size,
        ),
    )


_CONVERSATION_FIELDS = ("end", "title", "status", "summary", "url", "previous_start",
                        "people", "resources", "themes")  # fmt: skip


def read_conversation(data: object, path: str, zone: dt.tzinfo | None = None) -> Conversation:
    obj = _object(data, path, ("key", "start"), _CONVERSATION_FIELDS)
    key = _required_text(obj, "key", path)
    start = _moment(obj["start"], _at(path, "start"), zone=zone)
    end = _optional_moment(obj, "end", path, zone)
    previous = _optional_moment(obj, "previous_start", path, zone)
    status = _enum(obj.get("status", Status.HELD.value), Status, _at(path, "status"))
    people = tuple(
        read_person(item, _at(_at(path, "people"), i))
        for i, item in enumerate(_list(obj, "people", path))
    )
    resources = tuple(
        read_resource(item, _at(_at(path, "resources"), i))
        for i, item in enumerate(_list(obj, "resources", path))
    )
    themes = []
    for i, item in enumerate(_list(obj, "themes", path)):
        if not isinstance(item, str):
            raise SchemaError(_at(_at(path, "themes"), i), f"expected a string, got {_kind(item)}")
        themes.append(item)
    return _build(
        path,
        lambda: Conversation(
            key=key, start=start, end=end,
            title=_text(obj, "title", path, null=True, default=None),
            status=status,
            summary=_required_text(obj, "summary", path),
            url=_text(obj, "url", path, null=True, default=None),
            previous_start=previous, people=people, resources=resources, themes=tuple(themes),
        ),
    )  # fmt: skip


def read_series(data: object, path: str) -> Series:
    optional = ("description", "joining", "join_url", "contact", "url", "schedule")
    obj = _object(data, path, ("key", "name"), optional)
    schedule = (
        read_schedule(obj["schedule"], _at(path, "schedule")) if "schedule" in obj else Schedule()
    )
    return _build(
        path,
        lambda: Series(
            key=_required_text(obj, "key", path),
            name=_required_text(obj, "name", path),
            schedule=schedule,
            description=_required_text(obj, "description", path),
            joining=_required_text(obj, "joining", path),
            join_url=_text(obj, "join_url", path, null=True, default=None),
            contact=_text(obj, "contact", path, null=True, default=None),
            url=_text(obj, "url", path, null=True, default=None),
        ),
    )


def read_warning(data: object, path: str) -> ArchiveWarning:
    obj = _object(data, path, ("message",), ("line",))
    line = obj.get("line", 0)
    if isinstance(line, bool) or not isinstance(line, int) or line < 0:
        raise SchemaError(_at(path, "line"), "expected a line number (0 or more)")
    return _build(
        path, lambda: ArchiveWarning(line=line, message=_required_text(obj, "message", path))
    )


def read_document(data: object) -> tuple[Archive, tuple[ArchiveWarning, ...]]:
    obj = _object(data, "", ("version", "series", "conversations"), ("warnings",))
    version = obj["version"]
    if isinstance(version, bool) or not isinstance(version, int):
        raise SchemaError("version", f"expected a whole number such as 1, got {_kind(version)}")
    if version != FORMAT_VERSION:
        raise SchemaError(
            "version",
            f"unknown version {version}: this kindness_core reads version {FORMAT_VERSION}; "
            "upgrade kindness_core to read newer documents",
        )
    series = read_series(obj["series"], "series")
    if not isinstance(obj["conversations"], list):
        raise SchemaError("conversations", f"expected a list, got {_kind(obj['conversations'])}")
    if len(obj["conversations"]) > MAX_CONVERSATIONS:
        raise SchemaError(
            "conversations",
            f"{len(obj['conversations']):,} conversations, more than the limit of "
            f"{MAX_CONVERSATIONS:,}: split the archive into several series",
        )
    conversations = []
    seen: dict[str, int] = {}
    for i, item in enumerate(obj["conversations"]):
        conversation = read_conversation(item, _at("conversations", i), series.schedule.zone)
        if conversation.key in seen:
            raise SchemaError(
                _at(_at("conversations", i), "key"),
                f"{conversation.key!r} repeats the key of conversations[{seen[conversation.key]}]:"
                " keys must be unique",
            )
        seen[conversation.key] = i
        conversations.append(conversation)
    warnings = tuple(
        read_warning(item, _at("warnings", i)) for i, item in enumerate(_list(obj, "warnings", ""))
    )
    archive = _build(
        "conversations", lambda: Archive(series=series, conversations=tuple(conversations))
    )
    return archive, warnings


def parse_json(text: str | bytes | bytearray) -> JSON:
    """JSON text or encoded bytes as plain values, or a :class:`SchemaError`.

    Bytes are UTF-8, or UTF-16/UTF-32 with a byte order mark
    (:func:`kindness_core.textfile.decode_text`).
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_DOCUMENT_BYTES:
            raise SchemaError("document", f"larger than {MAX_DOCUMENT_BYTES:,} bytes: split it")
        try:
            text = decode_text(bytes(text))
        except KindnessInputError as exc:
            raise SchemaError("document", str(exc)) from None
    if not isinstance(text, str):
        raise SchemaError("document", f"expected JSON text, got {type(text).__name__}")
    if len(text) > MAX_DOCUMENT_BYTES:
        raise SchemaError("document", f"larger than {MAX_DOCUMENT_BYTES:,} characters: split it")
    try:
        return json.loads(text, object_pairs_hook=_unique_keys, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise SchemaError(
            "document", f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except RecursionError:
        raise SchemaError("document", "nested too deeply to be a kindness_core document") from None
    except SchemaError:
        raise
    except ValueError:  # the only other failure: a number of more than 4,300 digits
        raise SchemaError("document", "a number has too many digits: write at most 4,300") from None


def _unique_keys(pairs: list[tuple[str, JSON]]) -> dict[str, JSON]:
    """An object from ``pairs``, refusing a key given twice (JSON leaves it undefined)."""
    out: dict[str, JSON] = {}
    for key, value in pairs:
        if key in out:
            raise SchemaError("document", f"the key {key!r} appears twice in one object: keep one")
        out[key] = value
    return out


def _no_constant(name: str) -> JSON:
    raise SchemaError("document", f"{name} is not a JSON number: write a number or null")

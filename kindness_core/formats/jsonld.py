"""schema.org JSON-LD for a series and its conversations, as plain dicts.

:func:`series_jsonld` gives an ``EventSeries`` whose ``eventSchedule`` is a
schema.org ``Schedule`` derived from the series' RFC 5545 rule;
:func:`conversation_jsonld` gives one ``Event``.  :func:`to_script_tag`
serialises either for an HTML page so that no text in it can close the
``<script>`` element.

Only what is known is said: a resource without a URL (pending) gives no
``recordedIn`` / ``subjectOf`` object, a series without a web address gives
no ``url``, and nothing is invented.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from typing import Any

from ..archive import Archive
from ..schedule.recurrence import Schedule
from ..series import Conversation, Person, Resource, ResourceKind, Role, Series, Status

__all__ = [
    "SCHEMA",
    "conversation_jsonld",
    "schedule_jsonld",
    "series_jsonld",
    "to_script_tag",
]

SCHEMA = "https://schema.org"
_ONLINE = f"{SCHEMA}/OnlineEventAttendanceMode"
_DAYS = {
    "MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday",
    "FR": "Friday", "SA": "Saturday", "SU": "Sunday",
}  # fmt: skip
_FREQ = {"DAILY": "D", "WEEKLY": "W", "MONTHLY": "M", "YEARLY": "Y"}
_BYDAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_VIDEO_FILE = re.compile(r"\.(?:mp4|m4v|webm|mov|ogv)(?:[?#]|$)", re.IGNORECASE)
_AUDIO_FILE = re.compile(r"\.(?:mp3|m4a|aac|oga|ogg|opus|wav|flac)(?:[?#]|$)", re.IGNORECASE)

Json = dict[str, Any]


def _one_or_many(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


def _duration(value: dt.timedelta) -> str:
    """ISO 8601 duration: ``PT1H``, ``PT1H30M``, ``PT45M``."""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes or not hours else "")


def schedule_jsonld(schedule: Schedule, *, start: dt.date | None = None) -> Json:
    """A schema.org ``Schedule`` for ``schedule``.

    ``repeatFrequency`` ("P1M"), ``byDay`` (schema.org day URLs),
    ``byMonthWeek`` (from an ordinal such as ``3TH`` or a single
    ``BYSETPOS``), ``byMonth``, ``byMonthDay``, ``repeatCount``,
    ``startTime``/``endTime``, ``duration``, ``scheduleTimezone`` and
    ``exceptDate`` (skips) are given only when the rule has them.
    ``byMonthWeek`` -1 means "last", as in RFC 5545.
    """
    parts = schedule.parts
    interval = int(parts.get("INTERVAL", "1"))
    out: Json = {
        "@type": "Schedule",
        "repeatFrequency": f"P{interval}{_FREQ[parts['FREQ']]}",
    }
    days: list[str] = []
    weeks: list[int] = []
    for item in filter(None, parts.get("BYDAY", "").split(",")):
        match = _BYDAY.match(item)
        if match is None:  # pragma: no cover - Schedule validates BYDAY
            continue
        day = f"{SCHEMA}/{_DAYS[match.group(2)]}"
        if day not in days:
            days.append(day)
        if match.group(1) and int(match.group(1)) not in weeks:
            weeks.append(int(match.group(1)))
    setpos = [p for p in parts.get("BYSETPOS", "").split(",") if p]
    if not weeks and len(setpos) == 1 and len(days) == 1 and parts["FREQ"] == "MONTHLY":
        weeks.append(int(setpos[0]))  # FREQ=MONTHLY;BYDAY=TH;BYSETPOS=3 is 3TH
    if days:
        out["byDay"] = _one_or_many(days)
    if weeks:
        out["byMonthWeek"] = _one_or_many(weeks)
    for name, key in (("BYMONTH", "byMonth"), ("BYMONTHDAY", "byMonthDay")):
        values = [int(v) for v in parts.get(name, "").split(",") if v]
        if values:
            out[key] = _one_or_many(values)
    if "COUNT" in parts:
        out["repeatCount"] = int(parts["COUNT"])
    out["startTime"] = schedule.time.strftime("%H:%M:%S")
    end = dt.datetime.combine(dt.date(2000, 1, 1), schedule.time) + schedule.duration
    if end.date() == dt.date(2000, 1, 1):
        out["endTime"] = end.strftime("%H:%M:%S")
    out["duration"] = _duration(schedule.duration)
    out["scheduleTimezone"] = schedule.timezone
    first = start or schedule.start
    if first is not None:
        out["startDate"] = first.isoformat()
    if "UNTIL" in parts:
        until = dt.datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        out["endDate"] = until.astimezone(schedule.zone).date().isoformat()
    if schedule.skips:
        out["exceptDate"] = _one_or_many([s.date.isoformat() for s in schedule.skips])
    return out


def _series_ref(series: Series, url: str | None) -> Json:
    ref: Json = {"@type": "EventSeries", "name": series.name}
    page = url or series.url
    if page:
        ref["@id"] = f"{page}#series"
        ref["url"] = page
    return ref


def _organization(value: str | Mapping[str, Any] | None) -> Json | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {"@type": "Organization", "name": value}
    return dict(value)


def _person(person: Person) -> Json:
    out: Json = {"@type": "Person", "name": person.name}
    if person.honorific:
        out["honorificPrefix"] = person.honorific
    if person.job_title:
        out["jobTitle"] = person.job_title
    if person.organisation:
        out["worksFor"] = {"@type": "Organization", "name": person.organisation}
    return out


def _status(conversation: Conversation, zone: dt.tzinfo) -> Json:
    if conversation.status == Status.CANCELLED:
        return {"eventStatus": f"{SCHEMA}/EventCancelled"}
    if conversation.previous_start is not None:
        return {
            "eventStatus": f"{SCHEMA}/EventRescheduled",
            "previousStartDate": conversation.previous_start.astimezone(zone).isoformat(),
        }
    if conversation.status == Status.POSTPONED:
        return {"eventStatus": f"{SCHEMA}/EventPostponed"}
    return {"eventStatus": f"{SCHEMA}/EventScheduled"}  # scheduled or held


#: Recordings as schema.org media objects: the type, and the media type and file
#: endings of an address that is the file itself (``contentUrl``, else ``embedUrl``).
_MEDIA = {
    ResourceKind.RECORDING: ("VideoObject", "video/", _VIDEO_FILE),
    ResourceKind.AUDIO: ("AudioObject", "audio/", _AUDIO_FILE),
}


def _media_object(
    conversation: Conversation, resource: Resource, description: str | None, start: dt.datetime
) -> Json:
    """A recording (``VideoObject``) or audio (``AudioObject``) of a conversation."""
    kind, media, files = _MEDIA[resource.kind]
    url = resource.url or ""
    found: Json = {
        "@type": kind,
        "name": f"{conversation.display_title}: {resource.title}",
        "description": description or conversation.display_title,
        "uploadDate": start.isoformat(),
    }
    direct = (resource.media_type or "").startswith(media) or files.search(url)
    found["contentUrl" if direct else "embedUrl"] = url
    if resource.media_type:
        found["encodingFormat"] = resource.media_type
    return found


def _event(
    series: Series,
    conversation: Conversation,
    *,
    organizer: str | Mapping[str, Any] | None,
    series_url: str | None,
    super_event: bool,
) -> Json:
    zone = series.schedule.zone
    start = conversation.start.astimezone(zone)
    end = series.end_of(conversation)
    description = conversation.summary.strip() or series.description.strip()
    out: Json = {"@type": "Event", "name": conversation.display_title}
    if conversation.url:
        out["@id"] = f"{conversation.url}#event"
        out["url"] = conversation.url
    if description:
        out["description"] = description
    out["startDate"] = start.isoformat()
    out["endDate"] = end.isoformat()
    out["eventAttendanceMode"] = _ONLINE
    out.update(_status(conversation, zone))
    place = series.join_url or series_url or series.url
    if place:
        out["location"] = {"@type": "VirtualLocation", "url": place}
    org = _organization(organizer)
    if org:
        out["organizer"] = org
    speakers = [_person(p) for p in conversation.speakers]
    if speakers:
        out["performer"] = _one_or_many(speakers)
    others = [
        _person(p) for p in conversation.people if p.role not in (Role.SPEAKER, Role.CO_SPEAKER)
    ]
    if others:
        out["contributor"] = _one_or_many(others)
    if conversation.themes:
        out["keywords"] = ", ".join(conversation.themes)
    if super_event:
        out["superEvent"] = _series_ref(series, series_url)
    videos: list[Json] = []
    documents: list[Json] = []
    for resource in conversation.resources:
        if resource.url is None:  # pending: nothing to point at
            continue
        if resource.kind in _MEDIA:
            videos.append(_media_object(conversation, resource, description, start))
            continue
        kind = (
            "PresentationDigitalDocument"
            if resource.kind == ResourceKind.SLIDES
            else "DigitalDocument"
        )
        doc: Json = {"@type": kind, "name": resource.title, "url": resource.url}
        if resource.media_type:
            doc["encodingFormat"] = resource.media_type
        if resource.size is not None:
            doc["contentSize"] = f"{resource.size} B"
        documents.append(doc)
    if videos:
        out["recordedIn"] = _one_or_many(videos)
    if documents:
        out["subjectOf"] = _one_or_many(documents)
    return out


def conversation_jsonld(
    series: Series,
    conversation: Conversation,
    *,
    organizer: str | Mapping[str, Any] | None = None,
    series_url: str | None = None,
) -> Json:
    """One conversation as a schema.org ``Event`` (with ``@context``).

    ``startDate``/``endDate`` carry the UTC offset of the series' zone on
    that day (``2022-12-15T18:00:00+00:00``, ``2023-06-15T18:00:00+01:00``).
    ``organizer`` is a name or a ready JSON-LD object; ``series_url``
    overrides the series' own ``url`` in ``superEvent``.
    """
    event = _event(series, conversation, organizer=organizer, series_url=series_url,
                   super_event=True)  # fmt: skip
    return {"@context": SCHEMA, **event}


def series_jsonld(
    archive: Archive,
    *,
    url: str | None = None,
    organizer: str | Mapping[str, Any] | None = None,
    events: bool = True,
) -> Json:
    """The series as a schema.org ``EventSeries`` (with ``@context``).

    ``url`` is the series' page (default: ``series.url``).  With ``events``
    (the default) each recorded conversation is a ``subEvent``, oldest
    first.
    """
    series = archive.series
    page = url or series.url
    out: Json = {"@context": SCHEMA, "@type": "EventSeries"}
    if page:
        out["@id"] = f"{page}#series"
        out["url"] = page
    out["name"] = series.name
    if series.description.strip():
        out["description"] = series.description.strip()
    out["eventAttendanceMode"] = _ONLINE
    place = series.join_url or page
    if place:
        out["location"] = {"@type": "VirtualLocation", "url": place}
    org = _organization(organizer)
    if org:
        out["organizer"] = org
    oldest = archive.conversations[-1].start.date() if archive.conversations else None
    out["eventSchedule"] = schedule_jsonld(series.schedule, start=series.schedule.start or oldest)
    if events and archive.conversations:
        out["subEvent"] = [
            _event(series, c, organizer=organizer, series_url=page, super_event=False)
            for c in reversed(archive.conversations)
        ]
    return out


_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def to_script_tag(data: Mapping[str, Any]) -> str:
    """``<script type="application/ld+json">…</script>``, safe inside HTML.

    ``<``, ``>`` and ``&`` are written as ``\\u003c``, ``\\u003e`` and
    ``\\u0026`` (still the same JSON), so a title containing ``</script>``
    or ``<!--`` cannot end the element or start a comment.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escape in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escape)
    return f'<script type="application/ld+json">{text}</script>'

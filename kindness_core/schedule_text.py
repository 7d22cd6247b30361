"""Schedules in words: parse what organisers write, describe rules in English.

:func:`parse_schedule` accepts the common phrases ("third Thursday of the
month at 6pm UK time", "last Tuesday of each month, 12:30 Europe/Paris",
"every other Wednesday at 9am starting 2024-01-10") and full RFC 5545 text
(``DTSTART;TZID=Europe/London:…`` then ``RRULE:…``, or a bare rule).
:func:`describe` turns a :class:`~kindness_core.recurrence.Schedule` back
into a sentence.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import RuleError
from .recurrence import Schedule, Skip, get_zone

__all__ = ["describe", "format_time", "parse_schedule", "schedule_warnings", "zone_label"]

_WEEKDAYS = {
    "monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH",
    "friday": "FR", "saturday": "SA", "sunday": "SU",
}  # fmt: skip
_DAY_NAMES = {v: k.capitalize() for k, v in _WEEKDAYS.items()}
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
    "second last": -2, "second-to-last": -2, "penultimate": -2,
}  # fmt: skip
_ORDINAL_WORDS = {1: "First", 2: "Second", 3: "Third", 4: "Fourth", 5: "Fifth",
                  -1: "Last", -2: "Second-to-last"}  # fmt: skip
_ZONE_WORDS = {
    "uk": "Europe/London", "u.k.": "Europe/London", "british": "Europe/London",
    "london": "Europe/London", "gmt/bst": "Europe/London", "uk/london": "Europe/London",
}  # fmt: skip
_ZONE_LABELS = {"Europe/London": "UK time"}

_HELP = (
    "write e.g. 'third Thursday of every month at 6pm UK time', "
    "'every other Wednesday at 9am starting 2024-01-10', or an RRULE such as "
    "'FREQ=MONTHLY;BYDAY=3TH'"
)

_DAY_RE = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
_ORD_RE = r"(second[- ]to[- ]last|second last|penultimate|first|second|third|fourth|fifth|last|[1-5](?:st|nd|rd|th))"  # noqa: E501
_TIME_RE = re.compile(
    r"\b(?:at\s+)?(?:(noon|midday)|(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)|(\d{1,2})[:.](\d{2}))(?![\d/])",  # noqa: E501
    re.IGNORECASE,
)
_ZONE_RE = re.compile(
    r"\b(uk|u\.k\.|british|london|gmt/bst)\s+time\b|\b([A-Z][A-Za-z_]+(?:/[A-Za-z_+\-0-9]+)+)\b|\b(UTC)\b",
    re.IGNORECASE,
)
_START_RE = re.compile(r"\b(?:starting|from|beginning)\s+(?:on\s+)?(\d{4}-\d{2}-\d{2})\b", re.I)
_UNTIL_RE = re.compile(r"\buntil\s+(\d{4}-\d{2}-\d{2})\b", re.I)
_DURATION_RE = re.compile(
    r"\bfor\s+(\d+(?:\.\d+)?)\s*(hours?|hrs?|minutes?|mins?)\b|\bfor\s+(an?)\s+(hour|half hour)\b",
    re.I,
)


def zone_label(zone: str) -> str:
    """How a zone is named in sentences: "UK time", "Europe/Paris time"."""
    return _ZONE_LABELS.get(zone, f"{zone} time")


def format_time(value: dt.time) -> str:
    """``6:00pm``, ``12:30pm``, ``9:05am``."""
    hour = value.hour % 12 or 12
    return f"{hour}:{value.minute:02d}{'am' if value.hour < 12 else 'pm'}"


def _ordinal_phrase(n: int) -> str:
    return _ORDINAL_WORDS.get(n, f"{n}th")


def describe(schedule: Schedule) -> str:
    """The schedule as an English sentence."""
    parts = schedule.parts
    freq = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    other = set(parts) - {"FREQ", "INTERVAL", "BYDAY", "WKST", "UNTIL", "COUNT"}
    days = [d for d in parts.get("BYDAY", "").split(",") if d]
    at = f"at {format_time(schedule.time)} {zone_label(schedule.timezone)}"
    text: str | None = None
    if freq == "MONTHLY" and not other and len(days) == 1 and days[0][:-2]:
        n, day = int(days[0][:-2]), _DAY_NAMES[days[0][-2:]]
        every = "every month" if interval == 1 else (
            "every other month" if interval == 2 else f"every {interval} months")
        text = f"{_ordinal_phrase(n)} {day} of {every}"
    elif freq == "WEEKLY" and not other and days and all(not d[:-2] for d in days):
        names = _join([_DAY_NAMES[d] for d in days])
        if interval == 1:
            text = f"Every {names}"
        elif interval == 2:
            text = f"Every other {names}"
        else:
            text = f"Every {interval} weeks on {names}"
    elif freq == "DAILY" and not other and not days:
        text = "Every day" if interval == 1 else f"Every {interval} days"
    elif freq == "MONTHLY" and not days and other == {
        "BYMONTHDAY"
    } and "," not in parts["BYMONTHDAY"]:
        day = int(parts["BYMONTHDAY"])
        every = "every month" if interval == 1 else f"every {interval} months"
        text = f"Day {day} of {every}" if day > 0 else f"Day {day} (from the end) of {every}"
    if text is None:
        text = f"Repeats by the rule {schedule.rule}"
    sentence = f"{text} {at}"
    if schedule.start and schedule.depends_on_start:
        sentence += f", starting {_day(schedule.start)}"
    if text.startswith("Repeats"):
        return sentence
    if "COUNT" in parts:
        sentence += f", {parts['COUNT']} times"
    if "UNTIL" in parts:
        until = dt.datetime.strptime(parts["UNTIL"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        sentence += f", until {_day(until.astimezone(schedule.zone).date())}"
    return sentence


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%B %Y}"


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def schedule_warnings(schedule: Schedule) -> tuple[str, ...]:
    """Valid features of a schedule that are probably not what was meant."""
    found: list[str] = []
    parts = schedule.parts
    for day in filter(None, parts.get("BYDAY", "").split(",")):
        if parts["FREQ"] == "MONTHLY" and day[:-2] and abs(int(day[:-2])) == 5:
            found.append(
                f"BYDAY={day}: many months have no fifth {_DAY_NAMES[day[-2:]]}, "
                "so the series skips them; use -1 for 'last' if you meant the last one"
            )
    if parts.get("BYMONTHDAY") and any(int(d) > 28 for d in parts["BYMONTHDAY"].split(",")):
        found.append(
            f"BYMONTHDAY={parts['BYMONTHDAY']}: some months are shorter, so the series "
            "skips them; use -1 for the last day of the month"
        )
    return tuple(found)


def _local_zone(text: str, default: str) -> str:
    match = _ZONE_RE.search(text)
    if not match:
        return default
    if match.group(1):
        return _ZONE_WORDS[match.group(1).lower()]
    name = match.group(2) or match.group(3).upper()
    get_zone(name)
    return name


def _local_time(text: str, default: dt.time) -> dt.time:
    match = _TIME_RE.search(text)
    if not match:
        return default
    noon, h12, m12, ampm, h24, m24 = match.groups()
    if noon:
        return dt.time(12, 0)
    if ampm:
        hour, minute = int(h12), int(m12 or 0)
        if not 1 <= hour <= 12:
            raise RuleError(f"{match.group(0).strip()!r} is not a time: use e.g. 6pm or 18:00")
        pm = ampm.lower().startswith("p")
        hour = hour % 12 + (12 if pm else 0)
    else:
        hour, minute = int(h24), int(m24)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise RuleError(f"{match.group(0).strip()!r} is not a time: use e.g. 6pm or 18:00")
    return dt.time(hour, minute)


def _iso_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RuleError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _parse_rfc5545(text: str, *, timezone: str, time: dt.time, start: dt.date | None,
                   duration: dt.timedelta) -> Schedule:  # fmt: skip
    rule: str | None = None
    skips: list[Skip] = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        name, sep, value = line.partition(":")
        head = name.split(";")[0].upper()
        if head == "DTSTART" and sep:
            params = dict(p.split("=", 1) for p in name.split(";")[1:] if "=" in p)
            tzid = params.get("TZID")
            try:
                moment = dt.datetime.strptime(value.strip().rstrip("Z"), "%Y%m%dT%H%M%S")
            except ValueError:
                raise RuleError(
                    f"DTSTART {value!r} is not a date-time: use e.g. "
                    "DTSTART;TZID=Europe/London:20220721T180000"
                ) from None
            if value.strip().endswith("Z"):
                raise RuleError(
                    "DTSTART is in UTC: give the local time with its zone, e.g. "
                    "DTSTART;TZID=Europe/London:20220721T180000, so that the meeting "
                    "keeps its local time across daylight-saving changes"
                )
            if tzid:
                get_zone(tzid)
                timezone = tzid
            start, time = moment.date(), moment.time()
        elif head in ("RRULE", "EXDATE") and sep:
            if head == "RRULE":
                if rule is not None:
                    raise RuleError("more than one RRULE: give one rule per schedule")
                rule = value
            else:
                for item in value.split(","):
                    try:
                        day = dt.datetime.strptime(item.strip()[:8], "%Y%m%d").date()
                    except ValueError:
                        raise RuleError(f"EXDATE {item!r} is not a date: use YYYYMMDD") from None
                    skips.append(Skip(date=day))
        elif "=" in line and head.startswith("FREQ") or head.startswith(("FREQ=", "INTERVAL=")):
            if rule is not None:
                raise RuleError("more than one RRULE: give one rule per schedule")
            rule = line
        else:
            raise RuleError(
                f"cannot read the line {line[:60]!r}: expected DTSTART, RRULE or EXDATE"
            )
    if rule is None:
        raise RuleError(f"no RRULE found: {_HELP}")
    return Schedule(rule=rule, time=time, timezone=timezone, start=start,
                    duration=duration, skips=tuple(skips))  # fmt: skip


def parse_schedule(
    text: str,
    *,
    timezone: str = "Europe/London",
    time: dt.time = dt.time(18, 0),
    start: dt.date | None = None,
    duration: dt.timedelta = dt.timedelta(hours=1),
) -> Schedule:
    """A :class:`Schedule` from a phrase or from RFC 5545 text.

    ``timezone``, ``time``, ``start`` and ``duration`` are used where the
    text does not say.  Raises :class:`~kindness_core.errors.RuleError` (a
    ``ValueError``) with a one-line message when the text cannot be read.
    """
    if not isinstance(text, str) or not text.strip():
        raise RuleError(f"the schedule is empty: {_HELP}")
    if len(text) > 2000:
        raise RuleError("the schedule text is longer than 2,000 characters: shorten it")
    clean = " ".join(text.replace("\u00a0", " ").split())
    if "FREQ=" in clean.upper():
        return _parse_rfc5545(text, timezone=timezone, time=time, start=start,
                              duration=duration)  # fmt: skip
    lower = clean.lower()
    zone = _local_zone(clean, timezone)
    when = _local_time(clean, time)
    if m := _START_RE.search(clean):
        start = _iso_date(m.group(1))
    until = ""
    if m := _UNTIL_RE.search(clean):
        last_day = dt.datetime.combine(_iso_date(m.group(1)), dt.time(23, 59, 59),
                                       tzinfo=get_zone(zone))  # fmt: skip
        until = f";UNTIL={last_day.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    if m := _DURATION_RE.search(clean):
        if m.group(1):
            amount = float(m.group(1))
            minutes = amount * 60 if m.group(2).lower().startswith("h") else amount
        else:
            minutes = 30 if m.group(4).lower() == "half hour" else 60
        duration = dt.timedelta(minutes=minutes)

    monthly = re.search(rf"\b{_ORD_RE}\s+{_DAY_RE}\b(?:\s+(?:of|in)\s+(?:the|each|every)\s+month|\s+monthly|\s+each\s+month|\s+every\s+month)?", lower)  # noqa: E501
    weekly = re.search(rf"\b(?:every|each)\s+(other\s+|second\s+|alternate\s+)?{_DAY_RE}\b", lower)  # noqa: E501
    fortnightly = re.search(rf"\bfortnightly\s+on\s+{_DAY_RE}\b|\b{_DAY_RE}\s+fortnightly\b", lower)  # noqa: E501
    plain_weekly = re.search(rf"\bweekly\s+on\s+{_DAY_RE}\b|\b{_DAY_RE}s\b", lower)
    if monthly:
        n = _ORDINALS[monthly.group(1).replace("-", " ").replace("second to last", "second last")]
        rule = f"FREQ=MONTHLY;BYDAY={n}{_WEEKDAYS[monthly.group(2)]}"
    elif weekly:
        interval = ";INTERVAL=2" if weekly.group(1) else ""
        rule = f"FREQ=WEEKLY{interval};BYDAY={_WEEKDAYS[weekly.group(2)]}"
    elif fortnightly:
        day = fortnightly.group(1) or fortnightly.group(2)
        rule = f"FREQ=WEEKLY;INTERVAL=2;BYDAY={_WEEKDAYS[day]}"
    elif plain_weekly:
        rule = f"FREQ=WEEKLY;BYDAY={_WEEKDAYS[plain_weekly.group(1)]}"
    elif re.search(r"\b(every day|daily)\b", lower):
        rule = "FREQ=DAILY"
    else:
        raise RuleError(f"cannot understand the schedule {clean[:80]!r}: {_HELP}")
    return Schedule(rule=rule + until, time=when, timezone=zone, start=start,
                    duration=duration)  # fmt: skip

"""Schedules from words: the phrases organisers write, and RFC 5545 text.

:func:`parse_schedule` accepts the common phrases ("third Thursday of the
month at 6pm UK time", "last Tuesday of each month, 12:30 Europe/Paris",
"every other Wednesday at 9am starting 2024-01-10", "first and third Monday",
"last weekday of the month", "every Monday and Wednesday except August") and
full RFC 5545 text (``DTSTART;TZID=Europe/London:…`` then ``RRULE:…``, with
optional ``EXDATE``/``RDATE`` lines, or a bare rule).

The phrase reader is deliberately strict where a guess could publish a wrong
date: a weekday or month it did not use, a zone abbreviation such as "EST",
a fixed offset such as "UTC+2", a zone it cannot read ("banana time") or
"every second Tuesday" (fortnightly, or the second Tuesday of the month?)
is refused with a message saying how to write it instead.  Zones ("Paris
time", "New York time", "Europe/Paris", "UTC") are read by
:mod:`kindness_core.schedule.zone_phrases`.

The sentence that reads a schedule back is
:func:`~kindness_core.schedule.description.describe`.
"""

from __future__ import annotations

import datetime as dt
import re

from ..errors import RuleError
from .description import english_list
from .recurrence import Schedule, Skip
from .rules import DAY_NAMES, MONTH_NAMES, WEEKDAYS
from .zone_phrases import read_zone
from .zones import get_zone

__all__ = ["parse_schedule"]

_WEEKDAYS = {name.lower(): code for name, code in zip(DAY_NAMES, WEEKDAYS, strict=True)}
_DAY_NAMES = dict(zip(WEEKDAYS, DAY_NAMES, strict=True))
_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)})
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
    "second last": -2, "second to last": -2, "penultimate": -2,
}  # fmt: skip

_HELP = (
    "write e.g. 'third Thursday of every month at 6pm UK time', "
    "'every other Wednesday at 9am starting 2024-01-10', or an RRULE such as "
    "'FREQ=MONTHLY;BYDAY=3TH'"
)

_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
#: Weekdays shortened as people write them ("last Thurs", "every 2nd Weds", "first Tue."),
#: read after an ordinal or "every"/"each"/"other"/"on", where a word like "sat" is a day.
_SHORT_DAYS = {"mon": "monday", "tue": "tuesday", "tues": "tuesday", "wed": "wednesday",
               "weds": "wednesday", "thu": "thursday", "thur": "thursday",
               "thurs": "thursday", "fri": "friday", "sat": "saturday",
               "sun": "sunday"}  # fmt: skip
_SHORT_DAY_RE = re.compile(
    r"\b(first|second|third|fourth|fifth|last|[1-5](?:st|nd|rd|th)|every|each|other|on)\s+"
    rf"({'|'.join(sorted(_SHORT_DAYS, key=len, reverse=True))})\.?(?=[\s,]|$)"
)
_ORD = r"(?:second[- ]to[- ]last|second last|penultimate|first|second|third|fourth|fifth|last|[1-5](?:st|nd|rd|th))"  # noqa: E501
_SEP = r"\s*(?:,\s*(?:and\s+|&\s+|or\s+)?|\s+and\s+|\s*&\s*|\s+or\s+)\s*"
_ORD_DAY_RE = re.compile(rf"\b({_ORD}(?:{_SEP}{_ORD})*)\s+{_DAY}\b")
_ORD_WEEKDAY_RE = re.compile(rf"\b({_ORD}(?:{_SEP}{_ORD})*)\s+(?:week|working |business )day\b")
_EVERY_RE = re.compile(
    rf"\b(?:every|each)\s+(other\s+|alternate\s+|second\s+)?({_DAY}(?:{_SEP}{_DAY})*)\b"
)
_FORTNIGHT_RE = re.compile(rf"\bfortnightly\s+on\s+{_DAY}\b|\b{_DAY}\s+fortnightly\b")
_PLAIN_WEEKLY_RE = re.compile(rf"\bweekly\s+on\s+{_DAY}\b|\b({_DAY[1:-4]})s\b")
_MONTHDAY_RE = re.compile(
    r"\b(?:on\s+)?(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+(?:day\s+)?(?:of|in)\s+"
    r"(?:the|each|every)\s+month\b|\bmonthly\s+on\s+the\s+(\d{1,2})(?:st|nd|rd|th)\b"
)
_LAST_DAY_RE = re.compile(r"\blast\s+day\s+of\s+(?:the|each|every)\s+month\b")
_EXCEPT_RE = re.compile(r"\b(?:except|but not|not)\s+(?:in\s+)?((?:[a-z]+(?:" + _SEP + r")?)+)")
_TIME_RE = re.compile(
    r"\b(?:at\s+)?(?:(noon|midday)|(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)"
    r"|(\d{1,2})[:.](\d{2}))(?![\d/])",
    re.IGNORECASE,
)
_DATE = (
    r"(\d{4}-\d{2}-\d{2}|\d{1,2}(?:st|nd|rd|th)?\s+[a-z]+,?\s+\d{4}"
    r"|[a-z]+\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})"
)
_START_RE = re.compile(rf"\b(?:starting|from|beginning)\s+(?:on\s+)?{_DATE}(?!\w)", re.I)
_UNTIL_RE = re.compile(rf"\buntil\s+{_DATE}(?!\w)", re.I)
_RFC5545_RE = re.compile(
    r"FREQ=|^\s*(?:RRULE|DTSTART|EXDATE|RDATE)\b|\b(?:BY[A-Z]+|INTERVAL|COUNT|UNTIL|WKST)=",
    re.I | re.M,
)
_COUNT_RE = re.compile(r"\b(\d{1,5})\s+times\b", re.I)
_DURATION_RE = re.compile(
    r"\bfor\s+(\d+(?:\.\d+)?)\s*(hours?|hrs?|minutes?|mins?)\b|\bfor\s+(an?)\s+(hour|half hour)\b",
    re.I,
)


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
        hour = hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    else:
        hour, minute = int(h24), int(m24)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise RuleError(f"{match.group(0).strip()!r} is not a time: use e.g. 6pm or 18:00")
    return dt.time(hour, minute)


def _iso_date(value: str) -> dt.date:
    """``2024-01-10``, ``10 January 2024`` or ``January 10, 2024``."""
    words = re.findall(r"[a-z]+|\d+", re.sub(r"(\d)(?:st|nd|rd|th)\b", r"\1", value.lower()))
    try:
        if len(words) == 3 and not words[1].isdigit():  # 10 January 2024
            return dt.date(int(words[2]), _MONTHS[words[1]], int(words[0]))
        if len(words) >= 3 and not words[0].isdigit():  # January 10(th), 2024
            return dt.date(int(words[-1]), _MONTHS[words[0]], int(words[1]))
        return dt.date.fromisoformat(value)
    except (ValueError, KeyError):
        raise RuleError(f"{value!r} is not a date: use YYYY-MM-DD") from None


def _stamp(value: str, what: str) -> dt.datetime:
    text = value.strip()
    try:
        if what == "EXDATE" and len(text) == 8:  # EXDATE;VALUE=DATE:20230420
            return dt.datetime.strptime(text, "%Y%m%d")
        return dt.datetime.strptime(text, "%Y%m%dT%H%M%S")
    except ValueError:
        raise RuleError(
            f"{what} {value.strip()!r} is not a local date-time: use e.g. "
            f"{what};TZID=Europe/London:20220721T180000"
        ) from None


def _params(name: str) -> dict[str, str]:
    pairs = (p.split("=", 1) for p in name.split(";")[1:] if "=" in p)
    return {k.strip().upper(): v.strip().strip('"') for k, v in pairs}


def _parse_rfc5545(text: str, *, timezone: str, time: dt.time, start: dt.date | None,
                   duration: dt.timedelta) -> Schedule:  # fmt: skip
    rule: str | None = None
    skips: list[Skip] = []
    extras: list[tuple[dt.datetime, str | None]] = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            continue
        name, sep, value = line.partition(":")
        head = name.split(";")[0].strip().upper()
        if head in ("DTSTART", "EXDATE", "RDATE") and sep:
            tzid = _params(name).get("TZID")
            if tzid:
                get_zone(tzid)
            if any(v.strip().upper().endswith("Z") for v in value.split(",")):
                raise RuleError(
                    f"{head} is in UTC: give the local time with its zone, e.g. "
                    f"{head};TZID=Europe/London:20220721T180000, so that the meeting "
                    "keeps its local time across daylight-saving changes"
                )
            if head == "DTSTART":
                moment = _stamp(value, head)
                timezone = tzid or timezone
                start, time = moment.date(), moment.time()
            elif head == "EXDATE":
                skips.extend(Skip(date=_stamp(v, head).date()) for v in value.split(","))
            else:
                extras.extend((_stamp(v, head), tzid) for v in value.split(","))
        elif (head == "RRULE" and sep) or ("=" in head and ("FREQ=" in line.upper() or not sep)):
            if rule is not None:
                raise RuleError("more than one RRULE: give one rule per schedule")
            rule = value if head == "RRULE" else line
        else:
            raise RuleError(
                f"cannot read the line {line[:60]!r}: expected DTSTART, RRULE, EXDATE or RDATE"
            )
    if rule is None:
        raise RuleError(f"no RRULE found: {_HELP}")
    if any(tzid not in (None, timezone) for _, tzid in extras):
        raise RuleError(f"RDATE must be in the schedule's zone ({timezone}): use its TZID")
    return Schedule(rule=rule, time=time, timezone=timezone, start=start, duration=duration,
                    skips=tuple(skips), extras=tuple(e for e, _ in extras))  # fmt: skip


def _day_codes(text: str) -> list[str]:
    return [_WEEKDAYS[m.group(1)] for m in re.finditer(_DAY, text)]


def _ordinals(text: str) -> list[int]:
    words = re.findall(_ORD, text)
    return [_ORDINALS[w.replace("-", " ")] for w in words]


def _phrase_rule(lower: str) -> tuple[str, set[str]]:
    """The rule a phrase means, and the weekdays it used."""
    if nth := list(_ORD_DAY_RE.finditer(lower)):
        if re.search(r"\bevery\s+second\s+" + _DAY, lower) and not re.search(r"\bmonth", lower):
            raise RuleError(
                "'every second …' could mean fortnightly or the second one of each month: "
                "write 'every other Tuesday' or 'second Tuesday of the month'"
            )
        byday: list[str] = []
        for found in nth:
            day = _WEEKDAYS[found.group(2)]
            byday += [f"{n}{day}" for n in _ordinals(found.group(1))]
        return f"FREQ=MONTHLY;BYDAY={','.join(dict.fromkeys(byday))}", {d[-2:] for d in byday}
    if match := _ORD_WEEKDAY_RE.search(lower):
        pos = ",".join(str(n) for n in _ordinals(match.group(1)))
        return f"FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS={pos}", set(WEEKDAYS[:5])
    if _LAST_DAY_RE.search(lower):
        return "FREQ=MONTHLY;BYMONTHDAY=-1", set()
    if match := _MONTHDAY_RE.search(lower):
        return f"FREQ=MONTHLY;BYMONTHDAY={int(match.group(1) or match.group(2))}", set()
    if match := _EVERY_RE.search(lower):
        days = list(dict.fromkeys(_day_codes(match.group(2))))
        interval = ";INTERVAL=2" if match.group(1) else ""
        return f"FREQ=WEEKLY{interval};BYDAY={','.join(days)}", set(days)
    if match := _FORTNIGHT_RE.search(lower):
        day = _WEEKDAYS[match.group(1) or match.group(2)]
        return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={day}", {day}
    if match := _PLAIN_WEEKLY_RE.search(lower):
        day = _WEEKDAYS[match.group(1) or match.group(2)]
        return f"FREQ=WEEKLY;BYDAY={day}", {day}
    if re.search(r"\bevery\s+(?:week|working\s+|business\s+)day\b|\bweekdays\b", lower):
        return "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR", set(WEEKDAYS[:5])
    if re.search(r"\b(every day|daily)\b", lower):
        return "FREQ=DAILY", set(WEEKDAYS)
    raise RuleError(f"cannot understand the schedule {lower[:80]!r}: {_HELP}")


def _month_filter(lower: str) -> str:
    """``;BYMONTH=…`` from "except August", refusing month names it cannot use."""
    months: set[int] = set()
    if match := _EXCEPT_RE.search(lower):
        words = re.findall(r"[a-z]+", match.group(1))
        months = {_MONTHS[w] for w in words if w in _MONTHS}
    named = {m for w in re.findall(r"[a-z]+", lower) if (m := _MONTHS.get(w)) and len(w) > 3}
    if named - months:
        raise RuleError(
            "the schedule names a month it cannot use: write dates as YYYY-MM-DD "
            "('starting 2024-01-10') and leave months out with 'except August'"
        )
    if not months:
        return ""
    return ";BYMONTH=" + ",".join(str(m) for m in range(1, 13) if m not in months)


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
    if _RFC5545_RE.search(text):  # a rule, even one without FREQ (refused by Rule.parse)
        return _parse_rfc5545(text, timezone=timezone, time=time, start=start,
                              duration=duration)  # fmt: skip
    lower = _SHORT_DAY_RE.sub(lambda m: f"{m.group(1)} {_SHORT_DAYS[m.group(2)]}", clean.lower())
    when = _local_time(clean, time)
    if m := _START_RE.search(clean):
        start = _iso_date(m.group(1))
    until_day: dt.date | None = None
    if m := _UNTIL_RE.search(clean):
        until_day = _iso_date(m.group(1))
        if not 1900 <= until_day.year <= 9000:
            raise RuleError(f"until {until_day.isoformat()}: use a year between 1900 and 9000")
    if m := _DURATION_RE.search(clean):
        if m.group(1):
            amount = float(m.group(1))
            minutes = amount * 60 if m.group(2).lower().startswith("h") else amount
        else:
            minutes = 30 if m.group(4).lower() == "half hour" else 60
        if not 1 <= minutes <= 24 * 60:  # before timedelta, which overflows on huge numbers
            raise RuleError("the duration must be between 1 minute and 1 day")
        duration = dt.timedelta(minutes=minutes)
    count = _COUNT_RE.search(clean)
    if count and until_day:
        raise RuleError("the schedule gives both an end date and a number of times: keep one")
    lower = _START_RE.sub(" ", _UNTIL_RE.sub(" ", lower))  # dates may name months
    rule, used = _phrase_rule(lower)
    if unused := [d for d in dict.fromkeys(_day_codes(lower)) if d not in used]:
        raise RuleError(
            f"the schedule mentions {english_list([_DAY_NAMES[d] for d in unused])} but the rule "
            f"understood ({rule}) does not use it: write the schedule as an RRULE instead"
        )
    zone = read_zone(clean, timezone)  # once the text is known to be a schedule
    until = f";COUNT={int(count.group(1))}" if count else ""
    if until_day is not None:
        last_day = dt.datetime.combine(until_day, dt.time(23, 59, 59), tzinfo=get_zone(zone))
        until = f";UNTIL={last_day.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    return Schedule(rule=rule + _month_filter(lower) + until, time=when, timezone=zone,
                    start=start, duration=duration)  # fmt: skip

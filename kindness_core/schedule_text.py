"""Schedules in words: parse what organisers write, describe rules in English.

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
:mod:`kindness_core.zone_phrases`.

:func:`describe` turns a :class:`~kindness_core.recurrence.Schedule` back
into a sentence generated from the rule (never copied from the input), so
reading it back shows what was understood.  The sentence is English whatever
the machine's locale.
"""

from __future__ import annotations

import datetime as dt
import re

from .errors import RuleError
from .recurrence import Schedule, Skip, get_zone
from .rules import DAY_NAMES, MONTH_NAMES, WEEKDAYS, Rule
from .zone_phrases import read_zone, zone_label

__all__ = ["describe", "format_time", "parse_schedule", "schedule_warnings", "zone_label"]

_WEEKDAYS = {name.lower(): code for name, code in zip(DAY_NAMES, WEEKDAYS, strict=True)}
_DAY_NAMES = dict(zip(WEEKDAYS, DAY_NAMES, strict=True))
_MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
_MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)})
_ORDINALS = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3,
    "fourth": 4, "4th": 4, "fifth": 5, "5th": 5, "last": -1,
    "second last": -2, "second to last": -2, "penultimate": -2,
}  # fmt: skip
_ORDINAL_WORDS = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth",
                  -1: "last", -2: "second-to-last"}  # fmt: skip
_WEEKDAY_SETS = {
    frozenset(WEEKDAYS[:5]): "weekday",
    frozenset(WEEKDAYS[5:]): "weekend day",
    frozenset(WEEKDAYS): "day",
}

_HELP = (
    "write e.g. 'third Thursday of every month at 6pm UK time', "
    "'every other Wednesday at 9am starting 2024-01-10', or an RRULE such as "
    "'FREQ=MONTHLY;BYDAY=3TH'"
)

_DAY = r"(monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?"
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


# -- describing -------------------------------------------------------------


def format_time(value: dt.time) -> str:
    """``6:00pm``, ``12:30pm``, ``9:05am`` (seconds only when there are some)."""
    hour = value.hour % 12 or 12
    seconds = f":{value.second:02d}" if value.second else ""
    return f"{hour}:{value.minute:02d}{seconds}{'am' if value.hour < 12 else 'pm'}"


def _join(names: list[str], word: str = "and") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} " + names[-1]


def _every(freq: str, interval: int) -> str:
    unit = {"DAILY": "day", "WEEKLY": "week", "MONTHLY": "month", "YEARLY": "year"}[freq]
    if interval == 1:
        return f"every {unit}"
    return f"every other {unit}" if interval == 2 else f"every {interval} {unit}s"


def _months(bymonth: tuple[int, ...]) -> tuple[str, str]:
    """("of March and September", " in March and September") or the "except" forms."""
    if len(bymonth) >= 9:
        left = [MONTH_NAMES[m - 1] for m in range(1, 13) if m not in bymonth]
        return f"of every month except {_join(left)}", f" except in {_join(left)}"
    names = _join([MONTH_NAMES[m - 1] for m in sorted(bymonth)])
    return f"of {names}", f" in {names}"


def _nth(n: int) -> str:
    return _ORDINAL_WORDS.get(n, f"{abs(n)}th-to-last" if n < 0 else f"{n}th")


def _nth_days(byday: tuple[tuple[int, str], ...]) -> str:
    """Ordinal weekdays in words: "first and third Tuesday", "last Friday"."""
    by_day: dict[str, list[int]] = {}
    for n, day in byday:
        by_day.setdefault(day, []).append(n)
    return _join(
        [
            f"{_join([_nth(n) for n in sorted(ns, key=lambda n: (n < 0, n))])} {_DAY_NAMES[day]}"
            for day, ns in by_day.items()
        ]
    )


def _day_set(days: list[str], word: str = "and") -> str:
    return _WEEKDAY_SETS.get(frozenset(days)) or _join([_DAY_NAMES[d] for d in days], word)


def _monthly(rule: Rule, period: str) -> str | None:
    plain = [day for n, day in rule.byday if not n]
    if rule.byday and not plain and not rule.bymonthday and not rule.bysetpos:
        return f"{_nth_days(rule.byday)} of {period}"
    if rule.byday and len(plain) == len(rule.byday) and rule.bysetpos and not rule.bymonthday:
        which = _join([_nth(p) for p in sorted(rule.bysetpos, key=lambda n: (n < 0, n))])
        return f"{which} {_day_set(plain, 'or')} of {period}"
    if rule.bymonthday and not rule.bysetpos and len(plain) == len(rule.byday):
        days = sorted(rule.bymonthday, key=lambda n: (n < 0, n))
        if all(d > 0 for d in days):
            text = f"day{'s' if len(days) > 1 else ''} {_join([str(d) for d in days])}"
        elif len(days) == 1:
            text = f"{_nth(days[0])} day"
        else:
            return None
        when = f", when it is a {_day_set(plain, 'or')}" if plain else ""
        return f"{text} of {period}{when}"
    return None


def _describe_rule(rule: Rule) -> str | None:
    """The rule's dates in words (without time or zone), or ``None``."""
    if rule.byweekno or rule.byyearday:
        return None
    n, freq = rule.interval, rule.freq
    plain = [day for k, day in rule.byday if not k]
    of_months, in_months = _months(rule.bymonth) if rule.bymonth else ("", "")
    if rule.bymonth and n > 1:
        return None
    if freq == "MONTHLY":
        return _monthly(rule, of_months[3:] if rule.bymonth else _every(freq, n))
    if rule.bysetpos:
        return None
    if freq == "WEEKLY" and rule.byday:
        names = _join([_DAY_NAMES[d] for d in plain])
        if n == 1:
            return f"every {names}{in_months}"
        return f"every other {names}" if n == 2 else f"every {n} weeks on {names}"
    if freq == "DAILY" and not rule.bymonthday:
        if not rule.byday:
            return _every(freq, n) + in_months
        if n == 1:
            label = _WEEKDAY_SETS.get(frozenset(plain))
            if label == "weekday":
                return f"every weekday (Monday to Friday){in_months}"
            return f"every {_join([_DAY_NAMES[d] for d in plain])}{in_months}"
    if freq == "YEARLY" and len(rule.bymonth) >= 1:
        every = _every(freq, n)
        if rule.byday and not plain and not rule.bymonthday:
            return f"{_nth_days(rule.byday)} {of_months} {every}"
        if len(rule.bymonth) == 1 and len(rule.bymonthday) == 1 and not rule.byday:
            day = rule.bymonthday[0]
            if day > 0:
                return f"{every} on {day} {MONTH_NAMES[rule.bymonth[0] - 1]}"
            return f"{_nth(day)} day {of_months} {every}"
    return None


def _day(value: dt.date) -> str:
    return f"{value.day} {MONTH_NAMES[value.month - 1]} {value.year}"


def describe(schedule: Schedule) -> str:
    """The schedule as an English sentence.

    "Third Thursday of every month at 6:00pm UK time"; rules without a
    common phrase read "Repeats by the rule FREQ=… at 6:00pm UK time".
    """
    rule = schedule.full_rule
    at = f"at {format_time(schedule.time)} {zone_label(schedule.timezone)}"
    text = _describe_rule(rule)
    if text is None:
        sentence = f"Repeats by the rule {schedule.rule} {at}"
    else:
        sentence = f"{text[0].upper()}{text[1:]} {at}"
    if schedule.start and schedule.depends_on_start:
        sentence += f", starting {_day(schedule.start)}"
    if text is None:
        return sentence
    if rule.count is not None:
        sentence += ", once" if rule.count == 1 else f", {rule.count} times"
    if rule.until is not None:
        sentence += f", until {_day(rule.until.astimezone(schedule.zone).date())}"
    return sentence


def schedule_warnings(schedule: Schedule) -> tuple[str, ...]:
    """Valid features of a schedule that are probably not what was meant."""
    found: list[str] = []
    rule = schedule.recurrence_rule
    in_month = rule.freq == "MONTHLY" or (rule.freq == "YEARLY" and rule.bymonth)
    for n, day in rule.byday:
        if in_month and abs(n) == 5:
            which = "fifth" if n > 0 else "fifth-to-last"
            found.append(
                f"BYDAY={n}{day}: many months have no {which} {_DAY_NAMES[day]}, "
                "so the series skips them; use -1 for 'last' if you meant the last one"
            )
    if any(abs(d) > 28 for d in rule.bymonthday):
        found.append(
            f"BYMONTHDAY={','.join(map(str, rule.bymonthday))}: some months are shorter, "
            "so the series skips them; use -1 for the last day of the month"
        )
    first = schedule.first()
    if schedule.start and first and first.scheduled_date != schedule.start:
        found.append(
            f"the start {_day(schedule.start)} is not a meeting day of the rule: the first "
            f"meeting is {_day(first.start.date())}; give that date as the start if you "
            "meant it"
        )
    return tuple(found)


# -- parsing ----------------------------------------------------------------


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
    lower = clean.lower()
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
            f"the schedule mentions {_join([_DAY_NAMES[d] for d in unused])} but the rule "
            f"understood ({rule}) does not use it: write the schedule as an RRULE instead"
        )
    zone = read_zone(clean, timezone)  # once the text is known to be a schedule
    until = f";COUNT={int(count.group(1))}" if count else ""
    if until_day is not None:
        last_day = dt.datetime.combine(until_day, dt.time(23, 59, 59), tzinfo=get_zone(zone))
        until = f";UNTIL={last_day.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
    return Schedule(rule=rule + _month_filter(lower) + until, time=when, timezone=zone,
                    start=start, duration=duration)  # fmt: skip

"""Moved and cancelled meetings, as an archive page words them.

* :func:`read_move` reads the new date (and time) from a sentence saying a
  meeting moved: "moved to Wednesday 19 March 2025", "rescheduled to Thu Oct
  23 at 1pm", "postponed until the 23rd", "will take place on 22 May",
  "was held on Tuesday, October 14", "we met on Tuesday 7 October instead",
  "took place one week earlier, on Thursday 22 May 2025", "got bumped to
  Thursday, May 15".  The phrases are the table :data:`MOVE_PHRASES` (its
  verbs are :data:`MOVE_VERBS`); the date may have its weekday, its year, an
  ordinal ("23rd"), either order of day and month ("23 April", "April 23"),
  or only a day ("the 23rd": the heading's month).  "Change of date: we'll
  meet on …" and "New date – …" are moves too, and so is a line that gives a
  date and says the meeting "moved from" another one ("Thu 8 May 2025 (moved
  from Wed 7 May …)").
* :func:`cancelled_title` tells a heading's title that says the month was
  cancelled ("Cancelled", "cancelled (Easter)", "(cancelled – Easter)",
  "No meeting", "No talk in August – summer break", "Café cancelled (strike
  day)") from a real title, and gives the reason it states.
* :func:`read_cancellation` reads a line saying a meeting was cancelled:
  "No meeting in August (summer break)", "The March circle was cancelled
  because …", "No evening in December.", "This month's session was called
  off.", "we decided to cancel the café of October".  It gives the month it
  names (None: the month of the block it is in) and the reason.

Emoji and pictographs ("No circle in January - summer break! 🏖️") are not
part of the words, nor of the reason.  "Not convened", "did not go ahead",
"scrapped" and "was therefore / sadly cancelled" say cancelled too.

None of them knows the schedule: the importer turns what they read into
:class:`~kindness_core.schedule.recurrence.Move` and
:class:`~kindness_core.schedule.recurrence.Skip` values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .cues import without_symbols

__all__ = [
    "MOVE_PHRASES",
    "MOVE_VERBS",
    "Cancellation",
    "NewDate",
    "cancelled_title",
    "is_change_only",
    "read_cancellation",
    "read_move",
]

_MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_WEEKDAYS = tuple(d.lower() for d in calendar.day_name)
_WEEKDAY = r"(?P<weekday>mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
_ORDINAL = r"(?:st|nd|rd|th)?"
_DATE = (
    rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?:"
    rf"(?P<day1>\d{{1,2}}){_ORDINAL}(?:\s+of)?\s+(?P<month1>[A-Za-z]{{3,9}})\.?"
    rf"|(?P<month2>[A-Za-z]{{3,9}})\.?\s+(?P<day2>\d{{1,2}}){_ORDINAL}(?!\d)"
    rf"|(?P<day3>\d{{1,2}})(?:st|nd|rd|th)(?!\s+(?:of\s+)?[A-Za-z]{{3,9}}\b)"
    rf")(?:,?\s+(?P<year>\d{{4}}))?"
)
_TIME = (
    r"(?:,?\s+(?:and\s+)?(?:at|from|,)\s*(?:(?P<noon>noon|midday)|(?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))?"
    r"\s*(?P<ampm>am|pm|a\.m\.|p\.m\.)|(?P<h24>\d{1,2})[:.](?P<m24>\d{2})))?"
)
_GAP = r"(?:[\w’',]+\s+){0,6}?"
#: Verbs saying a meeting moved ("got bumped to", "was pushed back to", "switched to").
MOVE_VERBS: tuple[str, ...] = (
    "moved", "rescheduled", "re-scheduled", "postponed", "brought forward", "put back",
    "changed", "shifted", "bumped", "pushed", "pushed back", "switched", "swapped",
    "put off", "deferred", "delayed", "re-arranged", "rearranged",
)  # fmt: skip
_MOVE_VERB = "|".join(sorted((v.replace(" ", r"\s+") for v in MOVE_VERBS), key=len, reverse=True))
#: Phrases saying a meeting moved; the new date follows each.
MOVE_PHRASES: tuple[str, ...] = (
    rf"(?:{_MOVE_VERB})\s+{_GAP}(?:to|until|till|for|on)",
    rf"(?:will\s+(?:now\s+)?take|took|takes|taking|to\s+take)\s+place\s+{_GAP}on",
    rf"(?:will\s+(?:now\s+)?be|was|were|is|are)\s+(?:now\s+)?held\s+{_GAP}on",
    rf"(?:we|it|they)\s+(?:met|meet|will\s+meet|gathered|are\s+meeting)\s+{_GAP}on",
    rf"(?:we|they)[’']ll\s+meet\s+{_GAP}on|(?:we|they)[’']re\s+meeting\s+{_GAP}on",
    rf"(?:change\s+of\s+date|new\s+date|date\s+change)\s*[:–—-]?(?:\s+{_GAP}(?:on|to))?",
    r"(?:instead|now)\s+on",
)
_MOVE_RE = re.compile(
    rf"\b(?:{'|'.join(MOVE_PHRASES)}),?\s+(?P<date>{_DATE}){_TIME}(?![\w-])", re.I
)

# "… moved from 12 October" (the line or sentence names the new date elsewhere).
_MOVED_FROM_RE = re.compile(
    rf"\b(?:{_MOVE_VERB})\s+(?:[\w’']+\s+)?from\s+(?P<date>{_DATE})",
    re.I,
)
_DATE_RE = re.compile(rf"(?<![\w-])(?P<date>{_DATE}){_TIME}(?![\w-])", re.I)

_MEETING = (
    r"(?:meeting|session|talk|café|cafe|circle|colloquium|evening|event|conversation|gathering|"
    r"night|lecture|seminar|webinar|class|call|exchange|forum|meet-?up|lunch|breakfast|"
    r"workshop|discussion|group|get-together|dialogue|huddle|salon|club)s?"
)
_MONTH_WORD = "|".join(_MONTHS)
_ADVERB = r"(?:(?:therefore|sadly|unfortunately|regrettably|also|then|eventually|ultimately)\s+)?"
_CANCELLED = (
    rf"(?:{_ADVERB}(?:cancell?ed|called\s+off|scrapped|not\s+(?:held|convened|run)|"
    r"(?:did\s+not|didn[’']t)\s+(?:take\s+place|go\s+ahead|happen|run)))"
)
#: Titles (and the start of lines) that say the month had no meeting.
_CANCEL_TITLE_RE = re.compile(
    rf"^(?:(?:(?:[\w’'\-]+\s+){{0,3}}?{_MEETING}\s+)?(?:was\s+|is\s+)?{_CANCELLED}\b"
    rf"|no\s+(?:[\w’'\-]+\s+){{0,3}}?{_MEETING}\b(?:\s+(?:this\s+month|in\s+(?:{_MONTH_WORD})))?"
    rf"|no\s+(?:[\w’'\-]+\s+){{0,3}}?(?:this\s+month|in\s+(?:{_MONTH_WORD}))\b"
    rf"|(?:we\s+)?did\s+not\s+meet\b|(?:we\s+)?took\s+(?:the|a)\s+month\s+off\b)",
    re.I,
)
#: A line naming the cancelled meeting: "The March circle was cancelled", "we had to cancel
#: the café of October", "this month's session was called off".
_CANCEL_LINE_RE = re.compile(
    rf"\b(?:(?P<which>this\s+month[’']?s?|the|this|our|today[’']s|(?P<month_a>{_MONTH_WORD})[’']?s?)"
    rf"\s+(?:(?P<month_b>{_MONTH_WORD})\s+)?(?:[\w’'\-]+\s+){{0,2}}?{_MEETING}"
    rf"(?:\s+(?:of|in)\s+(?P<month_c>{_MONTH_WORD}))?(?:\s+(?P<year>\d{{4}}))?\s+"
    rf"(?:was|has\s+been|had\s+to\s+be|is|will\s+be)\s+{_CANCELLED}"
    rf"|\b(?:decided|had|have)\s+to\s+cancel\s+(?:the|this|our)\s+(?:[\w’'\-]+\s+){{0,2}}?"
    rf"{_MEETING}(?:\s+(?:of|in)\s+(?P<month_d>{_MONTH_WORD}))?)",
    re.I,
)
_NO_MEETING_IN_RE = re.compile(
    rf"^(?:there\s+(?:is|was|will\s+be)\s+)?no\s+(?:"
    rf"(?:[\w’'\-]+\s+){{0,3}}?{_MEETING}\s+in\s+(?P<month>{_MONTH_WORD})"
    rf"|(?P<month_before>{_MONTH_WORD})\s+(?:[\w’'\-]+\s+){{0,2}}?{_MEETING})"
    rf"(?:\s+(?P<year>\d{{4}}))?\b",
    re.I,
)
_REASON_RE = re.compile(
    r"\(([^()]+)\)|(?:[–—:-]|,|\b(?:due|owing)\s+to\b|\bbecause(?:\s+of)?\b|\bas\b|\bfor\b)\s*(.+)$",
    re.I,
)
# "(14 December)" after the meeting it dates: not part of the sentence's grammar.
_DATE_ASIDE = re.compile(r"\s*\((?:[^()]*\d[^()]*)\)(?=\s+(?:was|has|had|is|will)\b)")
#: The start of a line that says this month had no meeting ("Cancelled due to illness.",
#: "No evening in December.", "We did not meet this month").
_CANCEL_START_RE = re.compile(
    rf"^(?:{_CANCELLED}\b|no\s+(?:[\w’'\-]+\s+){{0,3}}?{_MEETING}\b|(?:we\s+)?did\s+not\s+meet\b|"
    rf"(?:we\s+)?took\s+(?:the|a)\s+month\s+off\b)",
    re.I,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class NewDate:
    """The date (and time, if the text gives one) a meeting moved to, and the phrase."""

    date: dt.date
    time: dt.time | None = None
    phrase: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Cancellation:
    """A cancelled meeting: its month (None: the block's own) and year if named, and why."""

    month: int | None = None
    year: int | None = None
    reason: str = ""


def _month(word: str | None) -> int | None:
    if not word:
        return None
    lower = word.lower().rstrip(".")
    for number, name in enumerate(_MONTHS, start=1):
        if lower == name or (len(lower) >= 3 and name.startswith(lower)):
            return number
    return None


def _time(match: re.Match[str]) -> dt.time | None:
    if match.group("noon"):
        return dt.time(12, 0)
    if match.group("ampm"):
        hour, minute = int(match.group("h12")), int(match.group("m12") or 0)
        if not 1 <= hour <= 12 or minute > 59:
            return None
        return dt.time(
            hour % 12 + (12 if match.group("ampm").lower().startswith("p") else 0), minute
        )
    if match.group("h24"):
        hour, minute = int(match.group("h24")), int(match.group("m24"))
        return dt.time(hour, minute) if hour <= 23 and minute <= 59 else None
    return None


def _nearest_year(month: int, day: int, near: dt.date) -> dt.date | None:
    """The date ``day``/``month`` closest to ``near`` (the year before, of or after it)."""
    found = []
    for year in (near.year - 1, near.year, near.year + 1):
        if day <= calendar.monthrange(year, month)[1]:
            found.append(dt.date(year, month, day))
    return min(found, key=lambda d: abs(d - near), default=None)


def read_move(text: str, *, near: dt.date) -> NewDate | None:
    """The date a sentence says the meeting moved to, or None.

    ``near`` is the date the schedule gave (the rule's date that month): it
    gives the month of a bare day ("the 23rd") and the year of a date without
    one.  A date that does not exist (30 February) is not read.
    """
    text = without_symbols(text)
    found = _read_dates(_MOVE_RE.finditer(text), near)
    if found is not None:
        return found
    moved_from = _MOVED_FROM_RE.search(text)
    if moved_from is None:
        return None
    # "Saturday, 19 October 2024 — this session moved from 12 October": the other date.
    others = (m for m in _DATE_RE.finditer(text) if m.end() <= moved_from.start()
              or m.start() >= moved_from.end())  # fmt: skip
    return _read_dates(others, near, phrase=moved_from.group(0))


def _read_dates(
    matches: Iterator[re.Match[str]], near: dt.date, *, phrase: str = ""
) -> NewDate | None:
    for match in matches:
        day_text = match.group("day1") or match.group("day2") or match.group("day3")
        month_text = match.group("month1") or match.group("month2")
        month = _month(month_text) if month_text else near.month
        if month is None or day_text is None:
            continue
        day = int(day_text)
        if match.group("year"):
            year = int(match.group("year"))
            if not 1 <= day <= calendar.monthrange(year, month)[1]:
                continue
            date: dt.date | None = dt.date(year, month, day)
        else:
            date = _nearest_year(month, day, near) if day >= 1 else None
        if date is None:
            continue
        return NewDate(date=date, time=_time(match), phrase=phrase or match.group(0).strip())
    return None


def _reason(rest: str) -> str:
    rest = rest.strip()
    match = _REASON_RE.search(rest)
    if match is None:
        return ""
    reason = (match.group(1) or match.group(2) or "").strip(" .,;:!?–—-()")
    if re.match(r"(?:and|but|so|which|who)\b", reason, re.I):
        return ""  # "… was cancelled, and members were told": no reason given
    return re.sub(r"^(?:sorry|unfortunately)\b[\s,–—-]*", "", reason, flags=re.I).strip()


def cancelled_title(title: str | None) -> str | None:
    """The reason (maybe "") when a heading's title says the month was cancelled, else None.

    "Cancelled (Easter)" → "Easter"; "No talk in August – summer break" →
    "summer break"; "(cancelled – Easter)" → "Easter"; "Café cancelled" →
    ""; a real title ("Cancel culture and care", "No more silence: speaking
    up") → None.
    """
    if not title:
        return None
    text = without_symbols(title)
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    match = _CANCEL_TITLE_RE.match(text)
    if match is None:
        return None
    rest = text[match.end() :]
    if rest and not re.match(r"^\s*(?:$|[(–—:,.;!-]|\s(?:due|because|as|owing|for)\b|"
                             r"\s+sorry|\s+this\s+month)", rest, re.I):  # fmt: skip
        return None  # "No more silence speaking up": words go on, a real title
    return _reason(rest)


def read_cancellation(text: str) -> Cancellation | None:
    """The cancellation a line states, or None.

    The line must say it at its start ("No meeting in August (summer break)",
    "Cancelled due to illness.", "No evening in December.") or name the
    cancelled meeting ("The March circle was cancelled because …", "this
    month's session was called off", "we decided to cancel the café of
    October").
    """
    stripped = re.sub(
        r"^(?:[–—\-•*→]+\s*)+|^(?:please\s+note|note|nb)\s*[:,-]?\s*",
        "",
        _DATE_ASIDE.sub("", without_symbols(text)),
        flags=re.I,
    )
    match = _NO_MEETING_IN_RE.match(stripped)
    if match is not None:
        year = int(match.group("year")) if match.group("year") else None
        month = _month(match.group("month") or match.group("month_before"))
        return Cancellation(month=month, year=year,
                            reason=_reason(stripped[match.end() :]))  # fmt: skip
    match = _CANCEL_LINE_RE.search(stripped)
    if match is not None:
        groups = ("month_a", "month_b", "month_c", "month_d")
        named = next((match.group(g) for g in groups if match.group(g)), None)
        year = int(match.group("year")) if match.group("year") else None
        return Cancellation(month=_month(named), year=year,
                            reason=_reason(stripped[match.end() :]))  # fmt: skip
    match = _CANCEL_START_RE.match(stripped)
    if match is None:
        return None
    return Cancellation(reason=_reason(re.split(r"(?<=[.!?])\s", stripped[match.end() :])[0]))


def is_change_only(text: str) -> bool:
    """True when a line says nothing but the change: one sentence (and a reason for it)."""
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z])", text.strip()) if s]
    return len(sentences) <= 1

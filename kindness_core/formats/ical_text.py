"""What the calendars say: descriptions, and the words for a changed meeting.

:func:`conversation_description` is the plain text of a conversation's
``DESCRIPTION`` (also of the feeds and the "add to calendar" links);
:class:`CalendarWords` holds the words a cancelled, postponed or moved
conversation gets ("Cancelled: ", "Postponed: ", "Postponed from Thursday
21 January 2027"), English by default, and :func:`event_status` its
``STATUS``.  :mod:`kindness_core.formats.ical` writes them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import KindnessInputError
from ..schedule.rules import DAY_NAMES, MONTH_NAMES
from ..series import Conversation, Person, Role, Series, Status

__all__ = [
    "DEFAULT_WORDS",
    "CalendarWords",
    "conversation_description",
    "event_status",
    "long_date",
    "moved_from",
    "series_description",
]


#: The English words, for the messages.
_ENGLISH = {
    "cancelled": "Cancelled: {title}",
    "postponed": "Postponed: {title}",
    "postponed_from": "Postponed from {date}",
}


def long_date(when: dt.date) -> str:
    """``"Thursday 21 January 2027"``: a date in English, whatever the locale."""
    return f"{DAY_NAMES[when.weekday()]} {when.day} {MONTH_NAMES[when.month - 1]} {when.year}"


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarWords:
    """What the calendars say of a cancelled, postponed or moved conversation.

    English by default (:data:`DEFAULT_WORDS`).  A translation keeps the
    placeholders: ``{title}`` in ``cancelled`` and ``postponed`` (the
    event's title), ``{date}`` in ``postponed_from`` (the original date, as
    ``date`` writes it: give a function that names days and months in the
    same language).
    """

    cancelled: str = "Cancelled: {title}"  #: the title of a cancelled conversation
    postponed: str = "Postponed: {title}"  #: the title of one postponed with no new date
    postponed_from: str = "Postponed from {date}"  #: a line of a moved one's description
    date: Callable[[dt.date], str] = long_date  #: writes the original (local) date

    def __post_init__(self) -> None:
        for name, placeholder in (
            ("cancelled", "{title}"),
            ("postponed", "{title}"),
            ("postponed_from", "{date}"),
        ):
            value = getattr(self, name)
            if not isinstance(value, str) or placeholder not in value:
                raise KindnessInputError(
                    f"calendar words: {name} must be text containing {placeholder}, "
                    f"as in {name}={_ENGLISH[name]!r}"
                )
        if not callable(self.date):
            raise KindnessInputError("calendar words: date must be a function of a date")

    def title(self, conversation: Conversation, title: str) -> str:
        """``title`` with "Cancelled: " or "Postponed: " before it, where that applies."""
        if conversation.status == Status.CANCELLED:
            return self.cancelled.replace("{title}", title)
        if conversation.status == Status.POSTPONED and moved_from(conversation) is None:
            return self.postponed.replace("{title}", title)
        return title


#: The English words (the default of every function here).
DEFAULT_WORDS = CalendarWords()


def moved_from(conversation: Conversation) -> dt.datetime | None:
    """The original start of a conversation moved to another time, else ``None``."""
    before = conversation.previous_start
    return before if before is not None and before != conversation.start else None


def event_status(conversation: Conversation) -> str:
    """``CANCELLED``; ``TENTATIVE`` while postponed with no new date; else ``CONFIRMED``."""
    if conversation.status == Status.CANCELLED:
        return "CANCELLED"
    if conversation.status == Status.POSTPONED and moved_from(conversation) is None:
        return "TENTATIVE"
    return "CONFIRMED"


def _person_line(person: Person) -> str:
    details = ", ".join(x for x in (person.job_title, person.organisation) if x)
    return f"{person.display_name} ({details})" if details else person.display_name


def conversation_description(
    series: Series, conversation: Conversation, *, words: CalendarWords = DEFAULT_WORDS
) -> str:
    """Plain text for a DESCRIPTION: the original date of a moved conversation
    ("Postponed from Thursday 21 January 2027", in the series' zone), summary,
    people, links (pending ones left out)."""
    blocks: list[str] = []
    before = moved_from(conversation)
    if before is not None:
        day = words.date(before.astimezone(series.schedule.zone).date())
        blocks.append(words.postponed_from.replace("{date}", day))
    if conversation.summary.strip():
        blocks.append(conversation.summary.strip())
    people: list[str] = []
    for role in Role:
        names = [_person_line(p) for p in conversation.people if p.role == role]
        if names:
            label = role.label + ("s" if len(names) > 1 else "")
            people.append(f"{label}: {'; '.join(names)}")
    if people:
        blocks.append("\n".join(people))
    links = [f"{r.title}: {r.url}" for r in conversation.resources if r.url]
    if links:
        blocks.append("\n".join(links))
    if conversation.status in (Status.SCHEDULED, Status.POSTPONED) and series.join_url:
        blocks.append(f"Join online: {series.join_url}")
    page = conversation.url or series.url
    if page:
        blocks.append(f"More: {page}")
    return "\n\n".join(blocks)


def series_description(series: Series) -> str:
    """Plain text for the series event's DESCRIPTION: about, joining, contact."""
    parts = [series.description.strip(), series.joining.strip()]
    if series.join_url:
        parts.append(f"Join online: {series.join_url}")
    if series.contact:
        parts.append(f"Contact: {series.contact}")
    return "\n\n".join(p for p in parts if p)

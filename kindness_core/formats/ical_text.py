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
from ..schedule.dates import DEFAULT_LOCALE, format_day
from ..series import Conversation, Person, Role, Series, Status, month_label

__all__ = [
    "DEFAULT_WORDS",
    "CalendarWords",
    "conversation_description",
    "english_role_label",
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
    "more": "More: {url}",
    "join_online": "Join online: {url}",
    "contact": "Contact: {contact}",
    "with_people": "With {names}",
    "join_label": "Join online",
    "people_line": "{role}: {names}",
}


def long_date(when: dt.date) -> str:
    """``"Thursday 21 January 2027"``: a date in English, whatever the locale."""
    return format_day(when, DEFAULT_LOCALE)


def english_role_label(role: Role, count: int) -> str:
    """``"Guest speaker"``, or ``"Guest speakers"`` for more than one person."""
    return role.label + ("s" if count > 1 else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarWords:
    """What the calendars say of a cancelled, postponed or moved conversation.

    English by default (:data:`DEFAULT_WORDS`).  A translation keeps the
    placeholders: ``{title}`` in ``cancelled`` and ``postponed`` (the
    event's title), ``{date}`` in ``postponed_from`` (the original date, as
    ``date`` writes it: give a function that names days and months in the
    same language), ``{url}`` in ``more`` and ``join_online``, ``{contact}``
    in ``contact``, ``{names}`` in ``with_people`` and ``people_line`` (with
    ``{role}``, French writes ``"{role} : {names}"``); ``role_label`` names a
    role for a number of people, ``month`` names an untitled conversation.
    :meth:`in_locale` gives the English words with dates and months in a
    locale's.
    """

    cancelled: str = "Cancelled: {title}"  #: the title of a cancelled conversation
    postponed: str = "Postponed: {title}"  #: the title of one postponed with no new date
    postponed_from: str = "Postponed from {date}"  #: a line of a moved one's description
    date: Callable[[dt.date], str] = long_date  #: writes the original (local) date
    #: the label of a role for n people ("Guest speaker", "Guest speakers")
    role_label: Callable[[Role, int], str] = english_role_label
    #: a line of people: the role's label and their names ("Hosts: Ada; Alan")
    people_line: str = "{role}: {names}"
    more: str = "More: {url}"  #: the line linking to the conversation's page
    join_online: str = "Join online: {url}"  #: the line with the joining link
    contact: str = "Contact: {contact}"  #: the series' contact line
    with_people: str = "With {names}"  #: the speakers in an "add to calendar" link
    join_label: str = "Join online"  #: the label of the joining link (``CONFERENCE``)
    #: names an untitled conversation by its month ("September 2022")
    month: Callable[[dt.date], str] = month_label

    def __post_init__(self) -> None:
        for name, placeholder in (
            ("cancelled", "{title}"),
            ("postponed", "{title}"),
            ("postponed_from", "{date}"),
            ("more", "{url}"),
            ("join_online", "{url}"),
            ("contact", "{contact}"),
            ("with_people", "{names}"),
            ("people_line", "{names}"),
        ):
            value = getattr(self, name)
            if not isinstance(value, str) or placeholder not in value:
                raise KindnessInputError(
                    f"calendar words: {name} must be text containing {placeholder}, "
                    f"as in {name}={_ENGLISH[name]!r}"
                )
        if not callable(self.date):
            raise KindnessInputError("calendar words: date must be a function of a date")
        if not callable(self.month):
            raise KindnessInputError("calendar words: month must be a function of a date")
        if not isinstance(self.join_label, str) or not self.join_label.strip():
            example = _ENGLISH["join_label"]
            raise KindnessInputError(
                f"calendar words: join_label must be text, as in join_label={example!r}"
            )
        if not callable(self.role_label):
            raise KindnessInputError(
                "calendar words: role_label must be a function of a role and a number"
            )

    @classmethod
    def in_locale(cls, locale: str) -> CalendarWords:
        """The English words, with dates and months in ``locale``'s ("jeudi 21 janvier 2027")."""

        def date(day: dt.date) -> str:
            return format_day(day, locale)

        def month(day: dt.date) -> str:
            return month_label(day, locale)

        return cls(date=date, month=month)

    def display_title(self, conversation: Conversation) -> str:
        """The conversation's title, or its month ("September 2022") if it has none."""
        return conversation.title or self.month(conversation.start.date())

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
            label = words.role_label(role, len(names))
            line = words.people_line.replace("{role}", label)
            people.append(line.replace("{names}", "; ".join(names)))
    if people:
        blocks.append("\n".join(people))
    links = [f"{r.title}: {r.url}" for r in conversation.resources if r.url]
    if links:
        blocks.append("\n".join(links))
    if conversation.status in (Status.SCHEDULED, Status.POSTPONED) and series.join_url:
        blocks.append(words.join_online.replace("{url}", series.join_url))
    page = conversation.url or series.url
    if page:
        blocks.append(words.more.replace("{url}", page))
    return "\n\n".join(blocks)


def series_description(series: Series, *, words: CalendarWords = DEFAULT_WORDS) -> str:
    """Plain text for the series event's DESCRIPTION: about, joining, contact."""
    parts = [series.description.strip(), series.joining.strip()]
    if series.join_url:
        parts.append(words.join_online.replace("{url}", series.join_url))
    if series.contact:
        parts.append(words.contact.replace("{contact}", series.contact))
    return "\n\n".join(p for p in parts if p)

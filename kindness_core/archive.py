"""The archive of a series: newest first, by year, searchable.

An :class:`Archive` is a frozen view over a series and its conversations.
Filtering returns a new archive; nothing is mutated.  Months in which the
schedule says a meeting was due but none is recorded are found with
:meth:`Archive.missing`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .errors import KindnessInputError
from .models import Conversation, Series, slugify
from .recurrence import Occurrence

__all__ = ["Archive"]


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Archive:
    """A series and its recorded conversations, kept newest first."""

    series: Series
    conversations: tuple[Conversation, ...] = ()

    def __post_init__(self) -> None:
        items = tuple(self.conversations)
        keys = [c.key for c in items]
        if len(set(keys)) != len(keys):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            raise KindnessInputError(
                f"conversation keys must be unique; repeated: {', '.join(dupes)}"
            )
        ordered = tuple(sorted(items, key=lambda c: (c.start, c.key), reverse=True))
        object.__setattr__(self, "conversations", ordered)

    def __len__(self) -> int:
        return len(self.conversations)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.conversations)

    # -- lookup -----------------------------------------------------------

    def get(self, key: str) -> Conversation:
        for conversation in self.conversations:
            if conversation.key == key:
                return conversation
        raise KeyError(key)

    def _index(self, conversation: Conversation) -> int:
        for i, item in enumerate(self.conversations):
            if item.key == conversation.key:
                return i
        raise KeyError(conversation.key)

    def previous(self, conversation: Conversation) -> Conversation | None:
        """The conversation held before this one (older), or ``None``."""
        i = self._index(conversation)
        return self.conversations[i + 1] if i + 1 < len(self.conversations) else None

    def next(self, conversation: Conversation) -> Conversation | None:
        """The conversation held after this one (newer), or ``None``."""
        i = self._index(conversation)
        return self.conversations[i - 1] if i > 0 else None

    # -- grouping and filtering -------------------------------------------

    def years(self) -> tuple[int, ...]:
        return tuple(sorted({c.start.year for c in self.conversations}, reverse=True))

    def by_year(self) -> tuple[tuple[int, tuple[Conversation, ...]], ...]:
        """``((2024, (…)), (2023, (…)), …)``: newest year first, newest first within."""
        return tuple(
            (year, tuple(c for c in self.conversations if c.start.year == year))
            for year in self.years()
        )

    def filter(
        self,
        *,
        person: str | None = None,
        theme: str | None = None,
        text: str | None = None,
        year: int | None = None,
    ) -> Archive:
        """Conversations with a person (name or key), a theme, words, or in a year."""
        items = self.conversations
        if person is not None:
            wanted = slugify(person)
            items = tuple(c for c in items if any(p.key == wanted for p in c.people))
        if theme is not None:
            wanted = slugify(theme)
            items = tuple(c for c in items if any(slugify(t) == wanted for t in c.themes))
        if text is not None:
            needle = _words(text)
            items = tuple(c for c in items if needle in _haystack(c))
        if year is not None:
            items = tuple(c for c in items if c.start.year == year)
        return Archive(series=self.series, conversations=items)

    # -- against the schedule ---------------------------------------------

    def missing(
        self,
        *,
        start: dt.datetime | None = None,
        end: dt.datetime | None = None,
    ) -> tuple[Occurrence, ...]:
        """Meetings the schedule says were due with no conversation that month.

        The window defaults to the first and last recorded conversation, so
        an archive from July 2022 to February 2024 reports April 2023 if it
        has no conversation then.
        """
        if not self.conversations:
            return ()
        first = self.conversations[-1].start
        last = self.conversations[0].start
        start = start or first.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end = end or last
        recorded = {c.month for c in self.conversations}
        recorded |= {
            (c.previous_start.year, c.previous_start.month)
            for c in self.conversations
            if c.previous_start is not None
        }
        return tuple(
            o for o in self.series.schedule.between(start, end)
            if (o.start.year, o.start.month) not in recorded
        )  # fmt: skip


def _haystack(conversation: Conversation) -> str:
    fields = [conversation.display_title, conversation.summary, *conversation.themes]
    for person in conversation.people:
        fields += [person.display_name, person.job_title or "", person.organisation or ""]
    return _words(" ".join(fields))

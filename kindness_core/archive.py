"""The archive of a series: newest first, by year, searchable.

An :class:`Archive` is a frozen view over a series and its conversations,
kept newest first (as archive pages list them).  Filtering returns a new
archive; nothing is mutated.  Years and months are those of the series'
zone, so a conversation at 00:30 BST on 1 April is an April one even if its
start was given in UTC.  Months in which the schedule says a meeting was due
but none is recorded are found with :meth:`Archive.missing`: for the seed
archive (July 2022 to February 2024) that is April 2023 and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import KindnessInputError
from .schedule.recurrence import MAX_WINDOW, Occurrence
from .schedule.zones import require_aware
from .series import Conversation, Person, Series, slugify

__all__ = ["Archive"]


def _words(text: str) -> str:
    return " ".join(text.casefold().split())


@dataclass(frozen=True, slots=True, kw_only=True)
class Archive:
    """A series and its recorded conversations, kept newest first."""

    series: Series
    conversations: tuple[Conversation, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.series, Series):
            raise KindnessInputError("archive series must be a kindness_core.Series")
        items = tuple(self.conversations)
        for item in items:
            if not isinstance(item, Conversation):
                raise KindnessInputError(
                    f"archive conversations must be Conversation values, not {type(item).__name__}"
                )
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

    def __iter__(self) -> Iterator[Conversation]:
        return iter(self.conversations)

    def _local(self, when: dt.datetime) -> dt.datetime:
        return when.astimezone(self.series.schedule.zone)

    def _year(self, conversation: Conversation) -> int:
        return self._local(conversation.start).year

    # -- lookup -----------------------------------------------------------

    def get(self, key: str) -> Conversation:
        """The conversation with this key; :class:`KeyError` if there is none."""
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
        """The years with conversations, newest first."""
        return tuple(sorted({self._year(c) for c in self.conversations}, reverse=True))

    def by_year(self) -> tuple[tuple[int, tuple[Conversation, ...]], ...]:
        """``((2024, (…)), (2023, (…)), …)``: newest year first, newest first within."""
        return tuple(
            (year, tuple(c for c in self.conversations if self._year(c) == year))
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
        """Conversations with a person, a theme, all of some words, in a year.

        ``person`` is a name with or without honorific ("Dr Hesham Abdalla",
        "Hesham Abdalla") or a person's key; ``theme`` matches a theme's
        slug; ``text`` keeps conversations whose title, summary, themes and
        people contain every word (case-insensitive).  Filters combine.
        """
        items = self.conversations
        if person is not None:
            wanted = slugify(Person.split_honorific(person)[1])
            items = tuple(c for c in items if any(p.key == wanted for p in c.people))
        if theme is not None:
            wanted = slugify(theme)
            items = tuple(c for c in items if any(slugify(t) == wanted for t in c.themes))
        if text is not None:
            needles = _words(text).split()
            items = tuple(c for c in items if all(n in _haystack(c) for n in needles))
        if year is not None:
            items = tuple(c for c in items if self._year(c) == year)
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
        has no conversation then.  A default window never reaches back more
        than :data:`~kindness_core.schedule.recurrence.MAX_WINDOW` (200 years) before
        the newest conversation, so a very long archive is checked over its
        most recent 200 years instead of failing.
        """
        if not self.conversations:
            return ()
        first = self._local(self.conversations[-1].start)
        start = require_aware(start, "start") if start is not None else first.replace(
            day=1, hour=0, minute=0, second=0, microsecond=0
        )  # fmt: skip
        end = require_aware(end, "end") if end is not None else self.conversations[0].start
        if start < end - MAX_WINDOW:
            start = end - MAX_WINDOW
        moments = [c.start for c in self.conversations]
        moments += [c.previous_start for c in self.conversations if c.previous_start]
        recorded = {(m.year, m.month) for m in map(self._local, moments)}
        return tuple(
            o for o in self.series.schedule.between(start, end)
            if (o.start.year, o.start.month) not in recorded
        )  # fmt: skip


def _haystack(conversation: Conversation) -> str:
    fields = [conversation.display_title, conversation.summary, *conversation.themes]
    for person in conversation.people:
        fields += [person.display_name, person.job_title or "", person.organisation or ""]
    return _words(" ".join(fields))

"""What an import gives: the series, its conversations, warnings and likely duplicates.

:func:`~kindness_core.importing.importer.import_archive` returns an
:class:`ImportResult`.  These values are apart from the pipeline so that the
output formats can write them (a JSON document carries the import's
warnings, :mod:`kindness_core.formats.jsonio`) without importing the
importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ..archive import Archive
from ..errors import KindnessInputError
from ..schedule.recurrence import Occurrence
from ..series import Conversation, Series

__all__ = ["ArchiveWarning", "ImportResult", "LikelyDuplicate", "LineUse", "Use"]


class Use(StrEnum):
    """What a line of the input was used as."""

    SERIES_NAME = "series name"  #: the page's title, the series' name
    LIST_HEADING = "list heading"  #: "Past circles": the heading of the list, nothing more
    DESCRIPTION = "description"  #: the series' description
    JOINING = "joining"  #: how to join the series
    SCHEDULE = "schedule"  #: the sentence that states the schedule
    HEADING = "heading"  #: a conversation's heading (its date and title)
    COLUMNS = "columns"  #: a spreadsheet's header row
    ROW = "row"  #: a spreadsheet's row: one conversation
    PEOPLE = "people"  #: names people and nothing else ("Speakers: A and B")
    RESOURCE = "resource"  #: says where a resource is, nothing else
    SUMMARY = "summary"  #: the conversation's summary (and maybe people or a resource)
    CHANGE = "change"  #: says the meeting moved or was cancelled
    IGNORED = "ignored"  #: navigation, a footer, a script: not part of the archive


@dataclass(frozen=True, slots=True, kw_only=True)
class LineUse:
    """How one line of the input was used, for the import's report.

    ``conversation`` is the key of the conversation the line belongs to
    (None for the introduction); ``detail`` says what was read from it
    ("Dr Amira Haddad (speaker)", "summary https://…/notes.pdf").
    """

    line: int
    use: Use
    conversation: str | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ArchiveWarning:
    """Something in the text that was read, but may not be what was meant.

    ``line`` is the 1-based line of the text it is about, or 0 when it is
    about the text as a whole.
    """

    line: int
    message: str

    def __post_init__(self) -> None:
        if isinstance(self.line, bool) or not isinstance(self.line, int) or self.line < 0:
            raise KindnessInputError("a warning's line must be a whole number, 0 or more")
        if not isinstance(self.message, str) or not self.message.strip():
            raise KindnessInputError("a warning needs a message: give a non-empty string")

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(frozen=True, slots=True, kw_only=True)
class LikelyDuplicate:
    """Two names that probably mean one person ("Gabby" / "Gabrielle Matthews").

    ``keep`` is the name suggested to keep (the more frequent, then the
    longer); :attr:`alias` is the alias map that merges ``other`` into it.
    """

    keep: str
    other: str
    conversations: tuple[str, ...]  # keys of the conversations naming either

    @property
    def alias(self) -> dict[str, str]:
        return {self.other: self.keep}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImportResult:
    """What :func:`~kindness_core.importing.importer.import_archive` read.

    The series, its conversations (newest first) and notes: warnings,
    meetings due with no conversation, names that probably mean one person,
    and how each line of the input was used (every non-blank line is either
    in :attr:`lines` or named by a warning).
    """

    series: Series
    conversations: tuple[Conversation, ...]  # newest first
    warnings: tuple[ArchiveWarning, ...] = ()
    missing: tuple[Occurrence, ...] = ()  # meetings due with no conversation
    duplicates: tuple[LikelyDuplicate, ...] = ()
    lines: tuple[LineUse, ...] = ()  # how each line of the input was used, in order
    source: str = "text"  # what was read: "text", "html" or "csv"

    @property
    def archive(self) -> Archive:
        """The conversations as an :class:`~kindness_core.archive.Archive`."""
        return Archive(series=self.series, conversations=self.conversations)

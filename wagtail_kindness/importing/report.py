"""What an import read and did: :class:`ReadArchive`, :class:`ImportReport`."""

from __future__ import annotations

import dataclasses

from kindness_core.archive import Archive

from ..models import ConversationSeriesPage
from .locate import site_path

__all__ = ["Counts", "ImportReport", "ReadArchive"]


@dataclasses.dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclasses.dataclass
class ReadArchive:
    """An archive read from a file, with the reader's warnings (as sentences)."""

    archive: Archive
    warnings: tuple[str, ...] = ()
    source: str = "text"  # "text" (an archive page) or "json" (the core document)


@dataclasses.dataclass
class ImportReport:
    """What :func:`import_into_site` did (or, with ``dry_run``, would do)."""

    series_page: ConversationSeriesPage | None = None
    series: str = "unchanged"  # "created", "updated" or "unchanged"
    conversations: Counts = dataclasses.field(default_factory=Counts)
    speakers: Counts = dataclasses.field(default_factory=Counts)
    dry_run: bool = False

    def lines(self) -> list[str]:
        prefix = "Dry run, nothing saved: would have " if self.dry_run else ""
        where = site_path(self.series_page) if self.series_page is not None else "?"
        return [
            f"{prefix}Series {where}: {self.series}",
            f"Conversations: {self.conversations}",
            f"Speakers: {self.speakers}",
        ]

"""What an import read and did: :class:`ReadArchive`, :class:`ImportReport`, :class:`Conflict`."""

from __future__ import annotations

import dataclasses

from kindness_core.archive import Archive
from kindness_core.importing.result import ImportResult

from ..models import ConversationSeriesPage
from .locate import site_path

__all__ = ["Conflict", "Counts", "ImportReport", "ReadArchive"]


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
    source: str = "text"  # what was read: "text", "html", "csv" (a page) or "json" (the core's)
    #: The core's result (what each line was used as), for ``--report``; None for JSON.
    result: ImportResult | None = None
    #: The decoded text that was read (None for JSON), for the report's unaccounted lines.
    text: str | None = None


@dataclasses.dataclass(frozen=True)
class Conflict:
    """A field of a page that differs from the archive and that the import did not write last.

    ``recorded``: the import had written the field, and an editor changed it
    since; else the import never wrote it (a page made by hand, or imported
    before imports kept a record).  ``kept``: the page's value was kept (else
    ``overwrite`` replaced it).
    """

    path: str
    field: str
    recorded: bool = True
    kept: bool = True
    draft: bool = False  # the page has a draft: the import would have published over it

    def __str__(self) -> str:
        if self.draft:
            if self.kept:
                return (
                    f"{self.path}: has a draft an editor has not published (not updated, the "
                    f"draft kept: {self.field} would change); --overwrite publishes over it"
                )
            return f"{self.path}: has a draft an editor had not published (replaced: --overwrite)"
        if self.recorded:
            why = f"{self.field} changed in the CMS since the last import"
        else:
            why = f"{self.field} differs from the archive and was not written by an import"
        if self.kept:
            return f"{self.path}: {why} (kept); --overwrite replaces it"
        return f"{self.path}: {why} (replaced: --overwrite)"


@dataclasses.dataclass
class ImportReport:
    """What :func:`import_into_site` did (or, with ``dry_run``, would do)."""

    series_page: ConversationSeriesPage | None = None
    series: str = "unchanged"  # "created", "updated" or "unchanged"
    conversations: Counts = dataclasses.field(default_factory=Counts)
    speakers: Counts = dataclasses.field(default_factory=Counts)
    dry_run: bool = False
    #: Fields changed in the CMS (or never imported) that differ from the archive.
    conflicts: list[Conflict] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        prefix = "Dry run, nothing saved: would have " if self.dry_run else ""
        where = site_path(self.series_page) if self.series_page is not None else "?"
        lines = [
            f"{prefix}Series {where}: {self.series}",
            f"Conversations: {self.conversations}",
            f"Speakers: {self.speakers}",
        ]
        kept = [c for c in self.conflicts if c.kept]
        replaced = [c for c in self.conflicts if not c.kept]
        if kept:
            lines.append(
                f"Conflicts: {_fields(len(kept))} changed in the CMS kept, not replaced by "
                "the archive (--overwrite replaces them):"
            )
            lines += [f"  {conflict}" for conflict in kept]
        if replaced:
            lines.append(
                f"Overwritten: {_fields(len(replaced))} changed in the CMS replaced by the archive:"
            )
            lines += [f"  {conflict}" for conflict in replaced]
        return lines


def _fields(count: int) -> str:
    return f"{count} field" if count == 1 else f"{count} fields"

"""A table written on an archive page: one conversation per line.

Some archives list their conversations as a table: a page's text with cells
separated by ``|`` (or tabs), a Markdown table, or a saved HTML table (the
HTML reader gives each row as one paragraph, ``cell | cell | cell``)::

    Date | Topic | Speakers | Resources
    Wed 4 June 2025 | Green prescribing | Dr Fiona MacLeod (GP, Largs) | Notes (PDF); Slides
    Thu 8 May 2025 (moved from Wed 7 May) | Money worries | Morag Sinclair (chair) | Summary
    Wed 1 January 2025 | No meeting – New Year's Day | – | –

:func:`find_table` finds the first such table among a page's paragraphs: a
header row naming a date column and another column the spreadsheet reader
knows (:data:`~kindness_core.importing.spreadsheet.COLUMNS` and their other
names: ``Topic``, ``Speakers``, ``Resources``…), then every paragraph that
splits into cells the same way (a Markdown rule line ``|---|:--:|`` too).
:func:`import_table` reads its rows exactly as a spreadsheet's rows
(:func:`~kindness_core.importing.spreadsheet.read_table`): dates (with a note:
``(moved from Wed 7 May)`` is a move), people, resources written as words,
rows saying there was no meeting (a skip of that month's meeting).

The introduction above the table (title, schedule, description) is the
importer's: it passes the series it read and whether the page stated its
schedule.  A page's text has its tabs made spaces by
:func:`~kindness_core.importing.page.text_paragraphs`; :func:`keep_tabs` gives
them back to the lines that had them, so a pasted tab-separated table is seen.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from ..errors import ArchiveFormatError
from ..series import Series
from .cleaning import clean_line, split_lines
from .page import Paragraph
from .result import LineUse, Use
from .spreadsheet_cells import Record
from .table_rows import TableImport, known_columns, read_table

__all__ = ["TableImport", "find_table", "import_table", "keep_tabs", "table_cells"]

_RULE_CELL = re.compile(r"^\s*:?-{1,}:?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")


def table_cells(text: str) -> tuple[str, list[str]] | None:
    """(separator, cells) of a table row written as text, None if it is not one.

    Cells are separated by tabs, else by ``|`` (Markdown's leading and trailing
    pipes and its escaped ``\\|`` are understood); a row has two cells or more.
    """
    if "\t" in text:
        cells = [clean_line(c) for c in text.strip("\t ").split("\t")]
        return ("\t", cells) if len(cells) >= 2 else None
    if "|" not in text:
        return None
    inner = text.strip()
    inner = inner.removeprefix("|") if inner.startswith("|") else inner
    inner = inner.removesuffix("|") if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = [clean_line(c).replace("\\|", "|") for c in _PIPE.split(inner)]
    return ("|", cells) if len(cells) >= 2 else None


def _is_rule(cells: list[str]) -> bool:
    return all(_RULE_CELL.match(c) for c in cells if c) and any(cells)


def find_table(paragraphs: Sequence[Paragraph]) -> tuple[int, int] | None:
    """The index range ``[start, end)`` of the first table among ``paragraphs``, or None.

    ``paragraphs[start]`` is the header row; the table ends at the first
    paragraph that is not a row split by the header's separator.  A header
    with no row under it is not a table.
    """
    for start, paragraph in enumerate(paragraphs):
        found = table_cells(paragraph.text)
        if found is None or not known_columns(found[1]):
            continue
        end = start + 1
        while end < len(paragraphs):
            row = table_cells(paragraphs[end].text)
            if row is None or row[0] != found[0]:
                break
            end += 1
        rows = [p for p in paragraphs[start + 1 : end] if not _is_rule(_cells(p))]
        if rows:
            return start, end
    return None


def _cells(paragraph: Paragraph) -> list[str]:
    found = table_cells(paragraph.text)
    return found[1] if found else [paragraph.text]


def keep_tabs(text: str, paragraphs: Sequence[Paragraph]) -> tuple[Paragraph, ...]:
    """``paragraphs`` of ``text`` with the tabs of their lines kept (a pasted spreadsheet).

    :func:`~kindness_core.importing.page.text_paragraphs` makes every run of
    white space one space; a line that had a tab between two words gets its
    cells back, separated by one tab each.
    """
    lines = split_lines(text)
    out = []
    for paragraph in paragraphs:
        raw = lines[paragraph.line - 1] if 0 < paragraph.line <= len(lines) else ""
        if "\t" in raw.strip():
            cells = [clean_line(c) for c in re.split(r"\t+", raw.strip())]
            paragraph = Paragraph(line=paragraph.line, text="\t".join(cells),
                                  links=paragraph.links, level=paragraph.level)  # fmt: skip
        out.append(paragraph)
    return tuple(out)


def import_table(
    paragraphs: Sequence[Paragraph],
    *,
    series: Series,
    schedule_given: bool,
    now: dt.datetime | None,
) -> TableImport:
    """The conversations, moves and skips of a table's paragraphs (see the module).

    ``paragraphs`` is the table :func:`find_table` found: its header row
    first.  ``series`` gives the key of the conversations and, when
    ``schedule_given`` (the page states it), the schedule the rows are placed
    on (a row off it is a move); otherwise the schedule is the monthly rule
    the rows follow, with a warning.  Each row's line is its paragraph's.
    Raises :class:`~kindness_core.errors.ArchiveFormatError` for a cell that
    cannot be read ("row 3 (line 17), column 'Date': …").
    """
    if not paragraphs or (head := table_cells(paragraphs[0].text)) is None:
        raise ArchiveFormatError(
            "the table has no header row: its first line must name its columns, "
            "e.g. 'Date | Topic | Speakers | Resources'"
        )
    first = paragraphs[0]
    header = Record(row=1, line=first.line, last=first.line, cells=tuple(head[1]))
    uses: list[LineUse] = []
    data: list[Record] = []
    for paragraph in paragraphs[1:]:
        cells = _cells(paragraph)
        if _is_rule(cells):
            uses.append(LineUse(line=paragraph.line, use=Use.COLUMNS, detail="the table's rule"))
        elif not any(cells):
            uses.append(LineUse(line=paragraph.line, use=Use.IGNORED, detail="an empty row"))
        else:
            data.append(Record(row=len(data) + 2, line=paragraph.line, last=paragraph.line,
                               cells=tuple(cells), links=paragraph.links))  # fmt: skip
    if not data:
        raise ArchiveFormatError(
            f"line {first.line}: the table has a header but no rows: add one row per "
            "conversation under it"
        )
    read = read_table(
        header,
        data,
        key=series.key,
        schedule=series.schedule if schedule_given else None,
        now=now,
    )
    return TableImport(
        conversations=read.conversations,
        schedule=read.schedule,
        uses=tuple(sorted((*uses, *read.uses), key=lambda u: u.line)),
        warnings=read.warnings,
        lines=read.lines,
    )

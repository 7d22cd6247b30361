"""A spreadsheet (CSV) of conversations, one row each, and its template.

The first row names the columns (any order, any case; ``kindness template
csv`` prints a template with one invented example row)::

    date,time,title,people,summary_url,recording_url,slides_url,audio_url,themes,description

* ``date`` (required): ``2025-01-28``, ``28/01/2025``, ``28.01.2025``,
  ``28-01-25``, ``28 January 2025``, ``Tuesday 28th Jan 2025``, ``January
  28, 2025``.  Numbers are read **day first** (as in the UK and Europe)
  unless a date of the file proves them month first (``01/13/2025``: there is
  no month 13), and then the whole file is read month first, with a warning.
  A date with a time (``28/01/2025 12:30``, as Excel writes it) gives the time.
* ``time``: ``12:30``, ``12.30``, ``6.30pm``, ``18h30``, ``noon``, or a range
  (``12:30-13:30``: the end too), in the schedule's zone; else the schedule's.
* ``title``; ``description`` (the conversation's summary text; a cell may
  hold several lines); ``themes``, separated by ``;`` (or ``,``).
* ``people``: ``Name (role; job title, organisation)`` separated by ``;``,
  e.g. ``Dr Amira Example (speaker; consultant, Example Hospital); Sam
  Sample (host)``; ``Name (role)``, ``Name (job title, organisation)`` and
  plain ``Name`` too (plain names may also be separated by ``,`` or
  ``and``).  Roles: speaker (guest, panellist, presenter, contributor…),
  co-speaker, host (chair, moderator…), facilitator, coordinator
  (organiser), and their plurals; without one, the column's: ``speakers``,
  ``hosts``, ``facilitators``… columns may replace or add to ``people``.
  In ``job title, organisation`` the first comma separates the two.
* ``summary_url``, ``recording_url``, ``slides_url``, ``audio_url``: full
  web addresses (several in a cell, separated by spaces, each a resource);
  ``pending`` / ``to follow`` / ``tbc`` announce one without an address yet.
  Other names are read too (``notes``, ``video``, ``slides``, ``podcast``…);
  a ``summary`` or ``notes`` column is the summary document when every
  cell is an address, else the description.

Unknown columns are named in a warning, never read silently.  The separator
(``,``, ``;`` or a tab) is the one the header uses; Excel's ``sep=;`` first
line is understood.  A file saved as UTF-8 (with or without Excel's byte
order mark) is read; one saved in another encoding is refused with
:data:`SAVE_AS_CSV_UTF8` (:func:`decode_spreadsheet` for bytes; text that
shows the marks of a wrong decoding, ``Ã©`` or ``�``, likewise).

**Dates and the schedule.**  With no schedule given, the monthly rule most
rows fit ("last Tuesday", "third Thursday"…) at their most frequent time is
the series' schedule (in Europe/London), with a warning; if no rule fits
half the rows, the default schedule is kept and each row is dated as
written.  A row on the schedule's meeting of its month is that meeting; a
row on another day or at another time of a month the schedule meets is a
*move*, as the text importer records one: the conversation starts when the
row says, its ``previous_start`` is the schedule's meeting, and the
series' schedule gets a :class:`~kindness_core.schedule.recurrence.Move`.

Errors (:class:`~kindness_core.errors.ArchiveFormatError`, one line) name
the row as a spreadsheet numbers it (the header is row 1; the file's line
too when a cell holds line breaks) and the column: ``row 7, column 'date':
'31/02/2025' is not a date: write it as 28/01/2025 or 2025-01-28``.  Two
rows in one month are refused, naming both.  Empty rows are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator, Mapping
from importlib import resources

from ..errors import ArchiveFormatError, KindnessInputError
from ..schedule.recurrence import Schedule
from ..series import (
    Series,
    slugify,
)
from ..textfile import decode_text
from .cleaning import split_lines
from .finish import finish
from .introduction import DEFAULT_SERIES_NAME
from .result import ArchiveWarning, ImportResult, LineUse, Use
from .spreadsheet_cells import (
    Record,
    flat,
)
from .table_rows import COLUMNS, known_columns, read_table, warn_row

__all__ = [
    "COLUMNS",
    "SAVE_AS_CSV_UTF8",
    "decode_spreadsheet",
    "import_spreadsheet",
    "looks_like_spreadsheet",
    "template_text",
]

#: How to fix a file saved in another encoding than UTF-8.
SAVE_AS_CSV_UTF8 = "save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)"
_HEADER_SEARCH = 10  # non-blank lines in which the header row is looked for
_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$", re.I)
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|â€|\ufffd")


def _line_of(text: str, position: int) -> int:
    return len(split_lines(text[:position]))


def decode_spreadsheet(data: bytes) -> str:
    """The text of a CSV file's bytes: UTF-8 (Excel's byte order mark dropped), or
    UTF-16/32 with a byte order mark; anything else is refused, saying how to save it."""
    try:
        return decode_text(data).removeprefix("\ufeff")
    except KindnessInputError as exc:
        raise ArchiveFormatError(f"the spreadsheet is {exc}; {SAVE_AS_CSV_UTF8}") from None


def template_text() -> str:
    """The CSV template: the header row and one invented example row."""
    path = resources.files("kindness_core.importing").joinpath("template.csv")
    return path.read_text(encoding="utf-8")


def _header_in(line: str) -> tuple[str, int] | None:
    """(separator, known columns) if ``line`` is a header row with a date column."""
    best: tuple[str, int] | None = None
    for separator in (",", ";", "\t"):
        try:
            count = known_columns(next(csv.reader([line], delimiter=separator)))
        except (csv.Error, StopIteration):
            continue
        if count and (best is None or count > best[1]):
            best = (separator, count)
    return best


def looks_like_spreadsheet(text: str) -> bool:
    """True if ``text`` is a CSV this module reads: Excel's ``sep=`` line, or a header row
    (in the first few non-blank lines) naming a date column and another known column."""
    lines = [line for line in split_lines(text[:20_000]) if line.strip()][:_HEADER_SEARCH]
    if lines and _SEP_LINE.match(lines[0]):
        return True
    return any(_header_in(line) for line in lines)


def _separator(lines: list[str]) -> str:
    for line in [line for line in lines if line.strip()][:_HEADER_SEARCH]:
        found = _header_in(line)
        if found:
            return found[0]
    raise ArchiveFormatError(
        "no header row: the first row of the spreadsheet must name its columns, among them "
        f"'date' (e.g. {','.join(COLUMNS)}); 'kindness template csv' prints a template"
    )


def _records(lines: list[str], separator: str, offset: int) -> Iterator[Record]:
    """The file's records; ``offset`` lines (Excel's ``sep=`` line) come before ``lines``."""
    reader = csv.reader((line + "\n" for line in lines), delimiter=separator, strict=True)
    previous = row = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problem = str(exc)
            if "end of data" in problem:
                problem = "a quote opened in this row is never closed"
            elif "expected after" in problem:
                problem = "text follows a closing quote"
            line = offset + previous + 1
            where = f"row {row + 1}" + (f" (line {line})" if line != row + 1 else "")
            raise ArchiveFormatError(
                f"{where}: the CSV cannot be read ({problem}): write a cell that holds the "
                'separator, a quote or a line break in double quotes, its quotes doubled ("")'
            ) from None
        row += 1
        yield Record(
            row=row, line=offset + previous + 1, last=offset + reader.line_num, cells=tuple(cells)
        )
        previous = reader.line_num


def _check_encoding(text: str) -> None:
    match = _MOJIBAKE.search(text)
    if match is not None:
        raise ArchiveFormatError(
            f"line {_line_of(text, match.start())}: {match.group(0)!r} shows text decoded in "
            f"the wrong encoding: the file is not UTF-8; {SAVE_AS_CSV_UTF8}"
        )


def _read_records(text: str, uses: list[LineUse]) -> list[Record]:
    lines = split_lines(text.removeprefix("\ufeff"))
    if lines and not lines[-1]:
        lines.pop()
    sep_line = _SEP_LINE.match(lines[0]) if lines else None
    if sep_line:
        uses.append(LineUse(line=1, use=Use.COLUMNS, detail=f"separator {sep_line.group(1)!r}"))
        return list(_records(lines[1:], sep_line.group(1), 1))
    return list(_records(lines, _separator(lines), 0))


def _layout(
    records: list[Record], uses: list[LineUse], warnings: list[ArchiveWarning]
) -> tuple[Record, list[Record], str | None]:
    """The header, the rows that are not empty, and a title in a row of its own above."""
    at = next((i for i, r in enumerate(records) if known_columns(r.cells)), 0)
    header, title = records[at], None
    for record in records[:at]:
        cells = [c for c in record.cells if c.strip()]
        if len(cells) == 1 and title is None:
            title = flat(cells[0])
            uses.append(LineUse(line=record.line, use=Use.SERIES_NAME, detail=title))
        elif cells:
            warn_row(warnings, record, f"above the header row (line {header.line}): not read")
    data = []
    for record in records[at + 1 :]:
        if not record.empty:
            data.append(record)
            continue
        uses.extend(
            LineUse(line=n, use=Use.IGNORED, detail="an empty row")
            for n in range(record.line, record.last + 1)
        )
    if not data:
        raise ArchiveFormatError(
            f"the spreadsheet has a header (line {header.line}) but no rows: add one row per "
            "conversation under it"
        )
    return header, data, title


def import_spreadsheet(
    text: str,
    *,
    series_key: str | None,
    series_name: str | None,
    schedule: Schedule | None,
    aliases: Mapping[str, str],
    now: dt.datetime | None,
) -> ImportResult:
    """The series and conversations of a CSV spreadsheet, one row each (see the module).

    ``series_name`` defaults to a title in a row of its own above the header,
    else :data:`~kindness_core.importing.introduction.DEFAULT_SERIES_NAME`;
    ``series_key`` to the name's slug.  ``schedule`` defaults to the monthly
    rule the dates follow.  Raises
    :class:`~kindness_core.errors.ArchiveFormatError` naming the row and the
    column of a cell that cannot be read.
    """
    _check_encoding(text)
    warnings: list[ArchiveWarning] = []
    uses: list[LineUse] = []
    header, data, title = _layout(_read_records(text, uses), uses, warnings)
    name = series_name or title or DEFAULT_SERIES_NAME
    key = series_key or slugify(name)[:60].strip("-") or "conversations"
    table = read_table(header, data, key=key, schedule=schedule, now=now)
    try:
        series = Series(key=key, name=name, schedule=table.schedule)
    except KindnessInputError as exc:
        raise KindnessInputError(f"cannot make the series: {exc}") from None
    return finish(series, table.conversations, lines=table.lines, aliases=aliases,
                  warnings=[*warnings, *table.warnings], uses=[*uses, *table.uses],
                  source="csv")  # fmt: skip

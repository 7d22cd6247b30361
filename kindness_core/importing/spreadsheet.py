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
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources

from ..errors import ArchiveFormatError, KindnessInputError
from ..schedule.description import describe
from ..schedule.recurrence import Move, Occurrence, OccurrenceKind, Schedule, Skip
from ..schedule.zones import check_local_time
from ..series import (
    Conversation,
    Person,
    Resource,
    ResourceKind,
    Role,
    Series,
    Status,
    is_web_url,
    slugify,
)
from ..textfile import decode_text
from .cell_words import (
    moved_from,
    no_meeting,
    read_people_cell,
    read_resource_words,
    split_date_note,
)
from .cleaning import clean_line, split_lines
from .cues import NEGATIONS
from .finish import finish
from .guess import guess_schedule
from .introduction import DEFAULT_SERIES_NAME
from .page import MONTHS
from .result import ArchiveWarning, ImportResult, LineUse, Use
from .spreadsheet_cells import (
    NOTHING,
    PENDING,
    ROLES,
    DateText,
    Record,
    cell_error,
    check_value,
    date_order,
    flat,
    norm,
    plain,
    read_date,
    read_resources,
    read_themes,
    read_times,
    resolve_date,
)

__all__ = [
    "COLUMNS",
    "SAVE_AS_CSV_UTF8",
    "TableImport",
    "decode_spreadsheet",
    "import_spreadsheet",
    "known_columns",
    "looks_like_spreadsheet",
    "read_table",
    "template_text",
]

#: The template's columns, in order (:func:`template_text`).
COLUMNS = ("date", "time", "title", "people", "summary_url", "recording_url", "slides_url",
           "audio_url", "themes", "description")  # fmt: skip
#: How to fix a file saved in another encoding than UTF-8.
SAVE_AS_CSV_UTF8 = "save it as CSV UTF-8 (Excel: File > Save As > CSV UTF-8)"
_MAX_PEOPLE = 200  # people read from one row
_HEADER_SEARCH = 10  # non-blank lines in which the header row is looked for
# fmt: off
_SYNONYMS = {
    "date": ("date", "day", "meeting date", "session date", "event date", "when"),
    "time": ("time", "start time", "start", "starts", "starts at", "time start"),
    "title": ("title", "topic", "subject", "session", "session title", "conversation", "talk"),
    "summary_url": ("summary url", "summary link", "summary document", "summary pdf", "report",
                    "notes url", "notes link", "report url", "write up", "writeup",
                    "write up url", "minutes", "insights"),
    "recording_url": ("recording url", "recording", "recording link", "video", "video url",
                      "video link", "youtube", "watch"),
    "slides_url": ("slides url", "slides", "slides link", "slide deck", "presentation",
                   "presentation url", "deck"),
    "audio_url": ("audio url", "audio", "audio link", "podcast", "podcast url", "listen"),
    "themes": ("themes", "theme", "tags", "tag", "keywords", "topics"),
    "description": ("description", "abstract", "about", "details", "blurb", "text"),
    "summary": ("summary", "notes"),  # the document if every cell is an address, else text
    "resources": ("resources", "resource", "materials", "material", "downloads", "download",
                  "links", "media", "documents", "files", "outputs", "follow up"),
}
# fmt: on
_FIELDS = {name: key for key, names in _SYNONYMS.items() for name in names}
_ONE_COLUMN = ("date", "time", "title")  # fields that a second column would contradict
_KINDS = {"summary_url": ResourceKind.SUMMARY, "recording_url": ResourceKind.RECORDING,
          "slides_url": ResourceKind.SLIDES, "audio_url": ResourceKind.AUDIO}  # fmt: skip
_SEP_LINE = re.compile(r"^\ufeff?sep=(.)\s*$", re.I)
_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|â€|\ufffd")


@dataclass(frozen=True, slots=True, kw_only=True)
class _Columns:
    """Which column holds what: field -> indexes; people columns with their default role."""

    names: tuple[str, ...]
    fields: dict[str, list[int]] = field(default_factory=dict)
    people: list[tuple[int, Role]] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True, kw_only=True)
class TableImport:
    """What the rows of a table give (:func:`read_table`): the reader merges it.

    ``schedule`` is the final schedule: the one given (or guessed from the
    rows) with the rows' moves and skips; ``lines`` maps each conversation's
    key to its row's line.
    """

    conversations: tuple[Conversation, ...]
    schedule: Schedule
    uses: tuple[LineUse, ...]
    warnings: tuple[ArchiveWarning, ...]
    lines: Mapping[str, int]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Row:
    record: Record
    date: dt.date
    moved_from: dt.date | None
    cancelled: str | None  # the reason a row saying there was no meeting gives
    time: dt.time | None
    end: dt.time | None
    title: str | None
    people: tuple[Person, ...]
    resources: tuple[Resource, ...]
    themes: tuple[str, ...]
    description: str


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


def known_columns(cells: Sequence[str]) -> int:
    """How many known columns ``cells`` name, if a date column is one and another too, else 0."""
    known = [_FIELDS.get(norm(c)) or ("people" if norm(c) in ROLES else None) for c in cells]
    count = sum(1 for k in known if k)
    return count if "date" in known and count >= 2 else 0


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


def _columns(header: Record, data: list[Record]) -> _Columns:
    columns = _Columns(names=header.cells)
    for index, name in enumerate(header.cells):
        key = norm(name)
        if key in ROLES:
            columns.people.append((index, ROLES[key]))
        elif key == "summary" or key == "notes":
            addresses = all(
                all(is_web_url(u) for u in cell.split()) or plain(cell) in PENDING
                for record in data
                if (cell := _at(record, index)) and plain(cell) not in NOTHING
            )
            columns.fields.setdefault("summary_url" if addresses else "description", []).append(
                index
            )
        elif key in _FIELDS:
            columns.fields.setdefault(_FIELDS[key], []).append(index)
        elif key or any(_at(record, index) for record in data):
            columns.unknown.append(index)
    for name in _ONE_COLUMN:
        found = columns.fields.get(name, [])
        if len(found) > 1:
            both = " and ".join(f"column {i + 1} {header.cells[i]!r}" for i in found[:2])
            raise ArchiveFormatError(
                f"line {header.line}: the header has two {name} columns ({both}): keep one"
            )
    return columns


def _at(record: Record, index: int) -> str:
    return record.cells[index].strip() if index < len(record.cells) else ""


def _read(record: Record, columns: _Columns, index: int) -> tuple[str, str]:
    """(value, the column's name as written) of a cell; Excel's error values are refused."""
    value, column = _at(record, index), columns.names[index]
    check_value(record, column, value)
    return value, column


def _cell(record: Record, columns: _Columns, name: str) -> tuple[str, str]:
    """(value, column's name) of a one-column field ("date", "time", "title")."""
    found = columns.fields.get(name)
    return _read(record, columns, found[0]) if found else ("", name)


def _warn(warnings: list[ArchiveWarning], record: Record, message: str) -> None:
    warnings.append(ArchiveWarning(line=record.line, message=f"{record.where}: {message}"))


# -- rows, the schedule, the conversations --------------------------------


def _row_people(record: Record, columns: _Columns, warnings: list[ArchiveWarning]) -> list[Person]:
    people: dict[str, Person] = {}
    for index, role in columns.people:
        cell, column = _read(record, columns, index)
        for person in read_people_cell(record, column, cell, role) if cell else ():
            if person.key in people:
                _warn(warnings, record, f"{person.display_name!r} is named twice; kept once")
            elif len(people) == _MAX_PEOPLE:
                _warn(warnings, record, f"over {_MAX_PEOPLE} people: the others were not read")
                break
            else:
                people[person.key] = person
    return list(people.values())


def _resources(record: Record, columns: _Columns, warnings: list[ArchiveWarning]) -> list[Resource]:
    """The row's resources: address columns, then ``resources`` columns written in words."""
    found: list[Resource] = []
    for name, kind in _KINDS.items():
        for index in columns.fields.get(name, []):
            value, column = _read(record, columns, index)
            links = [link for link in record.links if link.text.strip() and link.text in value]
            if links and not all(is_web_url(u) for u in value.split()):
                found.extend(Resource(kind=kind, title=kind.label, url=link.url)
                             for link in links if is_web_url(link.url))  # fmt: skip
            elif not NEGATIONS.search(value) or any(is_web_url(u) for u in value.split()):
                found.extend(read_resources(record, column, value, kind))
    for index in columns.fields.get("resources", []):
        value, column = _read(record, columns, index)
        read, unread = read_resource_words(value, record.links)
        found.extend(read)
        for item in unread:
            _warn(warnings, record, f"column {column!r}: {item!r} names no resource (notes, "
                  "slides, recording, audio) and no address: not read")  # fmt: skip
    addressed = {r.kind for r in found if r.url}
    kept: list[Resource] = []
    for resource in found:  # a kind pending once, and not at all when it has an address
        if resource.url is None:
            if resource.kind in addressed or any(r.kind == resource.kind for r in kept):
                continue
        elif any(r.url == resource.url for r in kept):
            continue
        kept.append(resource)
    return kept


def _row(
    record: Record, columns: _Columns, day: dt.date, read: DateText, note: str,
    warnings: list[ArchiveWarning],
) -> _Row:  # fmt: skip
    value, column = _cell(record, columns, "time")
    start, end = read_times(record, column, value) if value else (None, None)
    if start is None and read.time and not re.fullmatch(r"0?0[:.]00(?::00)?", read.time):
        start, end = read_times(record, _cell(record, columns, "date")[1], read.time)
    title = flat(_cell(record, columns, "title")[0]) or None
    cancelled = no_meeting(title, note)
    if cancelled is not None:
        return _Row(record=record, date=day, moved_from=None, cancelled=cancelled, time=start,
                    end=end, title=title, people=(), resources=(), themes=(),
                    description="")  # fmt: skip
    found = _resources(record, columns, warnings)
    themes = [_read(record, columns, i)[0] for i in columns.fields.get("themes", [])]
    texts = [_read(record, columns, i)[0] for i in columns.fields.get("description", [])]
    paragraphs = [clean_line(line) for text in texts for line in split_lines(text)]
    return _Row(
        record=record,
        date=day,
        moved_from=moved_from(note, day) if note else None,
        cancelled=None,
        time=start,
        end=end,
        title=title,
        people=tuple(_row_people(record, columns, warnings)),
        resources=tuple(found),
        themes=read_themes(";".join(themes) if len(themes) > 1 else "".join(themes)),
        description="\n\n".join(p for p in paragraphs if p),
    )


def _schedule(rows: list[_Row], line: int, warnings: list[ArchiveWarning]) -> tuple[Schedule, bool]:
    """The schedule most rows fit (and True), else the default (and False), with a warning."""
    guess = guess_schedule([row.date for row in rows], [row.time for row in rows])
    if guess is None:  # the caller refuses a file without rows first
        return Schedule(), False
    if guess.good:
        schedule = guess.schedule
        message = (
            f"no schedule was given: {guess.fits} of {guess.of} rows fit "
            f"'{describe(schedule)}', used as the series' schedule; if it is wrong, give the "
            "schedule (command line: --schedule 'first Monday of the month at 10am UK time')"
        )
        warnings.append(ArchiveWarning(line=line, message=message))
        return schedule, True
    schedule = Schedule(time=guess.schedule.time)
    message = (
        "no schedule was given and the dates follow no monthly rule: each conversation is "
        f"dated as its row says, and the schedule is '{describe(schedule)}'; give the "
        "schedule (command line: --schedule 'first Monday of the month at 10am UK time')"
    )
    warnings.append(ArchiveWarning(line=line, message=message))
    return schedule, False


def _place(
    row: _Row, schedule: Schedule, follow: bool
) -> tuple[dt.datetime, dt.datetime, Occurrence | None, Move | None]:
    """Start, end, the schedule's meeting it moved from and the move, of a row."""
    found = schedule.in_month(row.date.year, row.date.month)
    same = next((o for o in found if o.start.date() == row.date), None)
    if same is not None and row.time in (None, same.start.time()):
        return same.start, _end(same.start, row) or same.end, None, None
    time = row.time or (same.start.time() if same else schedule.time)
    local = dt.datetime.combine(row.date, time)
    check_local_time(local, schedule.timezone)
    start = local.replace(tzinfo=schedule.zone)
    end = _end(start, row) or (start.astimezone(dt.UTC) + schedule.duration).astimezone(
        schedule.zone
    )
    base = same or min(found, key=lambda o: abs(o.start.date() - row.date), default=None)
    if row.moved_from is not None:  # "(moved from Wed 7 May)": that meeting, if the rule has it
        day = row.moved_from
        base = next((o for o in schedule.in_month(day.year, day.month)
                     if day in (o.start.date(), o.scheduled_date)), None)  # fmt: skip
    if not follow or base is None or base.kind != OccurrenceKind.RULE or not base.scheduled_date:
        return start, end, None, None
    return start, end, base, Move(date=base.scheduled_date, to=local)


def _end(start: dt.datetime, row: _Row) -> dt.datetime | None:
    if row.end is None:
        return None
    end = dt.datetime.combine(start.date(), row.end, tzinfo=start.tzinfo)
    return end if end > start else None


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


def _dates(
    data: list[Record], columns: _Columns, warnings: list[ArchiveWarning], line: int
) -> list[tuple[Record, dt.date, DateText, str]]:
    read = []
    for record in data:
        value, column = _cell(record, columns, "date")
        if not value:
            raise cell_error(
                record,
                column,
                "empty: every row needs the date of its conversation, "
                "e.g. 28/01/2025 or 2025-01-28",
            )
        found, note = read_date(value), ""
        if found is None:  # "Thu 8 May 2025 (moved from Wed 7 May)"
            value, note = split_date_note(value)
            found = read_date(value) if note else None
        if found is None:
            raise cell_error(
                record, column, f"{value!r} is not a date: write it as 28/01/2025 or 2025-01-28"
            )
        read.append((record, column, value, found, note))
    month_first, order = date_order([r[:4] for r in read])
    if order:
        warnings.append(ArchiveWarning(line=line, message=order))
    return [
        (r, resolve_date(r, column, value, d, month_first), d, note)
        for r, column, value, d, note in read
    ]


def _detail(start: dt.datetime, base: Occurrence | None, row: _Row) -> str:
    moved = f" (moved from {base.start:%A %d %B %H:%M})" if base else ""
    return "; ".join(
        [f"{start:%Y-%m-%d %H:%M %Z}{moved}", row.title or "(no title)"]
        + [f"{p.display_name} ({p.role.value})" for p in row.people]
        + [f"{r.kind.value} {r.url or '(pending)'}" for r in row.resources]
    )


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
            _warn(warnings, record, f"above the header row (line {header.line}): not read")
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


def _note_columns(
    header: Record, columns: _Columns, uses: list[LineUse], warnings: list[ArchiveWarning]
) -> None:
    """The header's use (which column holds what), and a warning naming unknown columns."""
    read = sorted(
        [(i, field) for field, indexes in columns.fields.items() for i in indexes]
        + [(i, "people") for i, _ in columns.people]
    )
    names = [columns.names[i].strip() for i, _ in read]
    detail = [
        n if norm(n) == f.replace("_", " ") else f"{n} ({f})"
        for n, (_, f) in zip(names, read, strict=True)
    ]
    uses.append(LineUse(line=header.line, use=Use.COLUMNS, detail=", ".join(detail)))
    if columns.unknown:
        unknown = ", ".join(
            repr(columns.names[i].strip())
            if i < len(columns.names) and columns.names[i].strip()
            else f"column {i + 1} (no name)"
            for i in columns.unknown
        )
        message = (
            f"columns not read: {unknown}; the columns read are {', '.join(COLUMNS)} (and "
            "other names for them: see 'kindness template csv'): rename a column to read it"
        )
        warnings.append(ArchiveWarning(line=header.line, message=message))


def _rows(
    header: Record, data: list[Record], columns: _Columns, warnings: list[ArchiveWarning]
) -> list[_Row]:
    rows = []
    months: dict[tuple[int, int], Record] = {}
    for record, day, found, note in _dates(data, columns, warnings, header.line):
        row = _row(record, columns, day, found, note, warnings)
        rows.append(row)
        if row.cancelled is not None:
            continue
        other = months.setdefault((day.year, day.month), record)
        if other is not record:
            raise ArchiveFormatError(
                f"{other.where} and {record.where} are both in {MONTHS[day.month - 1]} "
                f"{day.year} (column {_cell(record, columns, 'date')[1]!r}): the archive keeps "
                "one conversation a month: merge the rows or correct a date"
            )
        extra = [c.strip() for c in record.cells[len(header.cells) :] if c.strip()]
        if extra:
            shown = ", ".join(repr(c[:40]) for c in extra[:3])
            _warn(warnings, record, f"{len(extra)} cell(s) beyond the header's columns: {shown}")
    return rows


@dataclass(slots=True, kw_only=True)
class _Built:
    """What the rows give, gathered as they are placed."""

    conversations: list[Conversation] = field(default_factory=list)
    moves: list[Move] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)


def _build(
    row: _Row, key: str, schedule: Schedule, follow: bool, now: dt.datetime | None,
    built: _Built, uses: list[LineUse], warnings: list[ArchiveWarning], time_column: str,
) -> None:  # fmt: skip
    record = row.record
    try:
        start, end, base, move = _place(row, schedule, follow)
    except KindnessInputError as exc:
        raise cell_error(record, time_column, str(exc)) from None
    previous = base.start if base else None
    if move is not None and base is not None:
        built.moves.append(move)
        _warn(warnings, record, f"{start:%A %d %B %Y %H:%M} is not the schedule's meeting, "
              f"{base.start:%A %d %B %H:%M}: recorded as moved from it")  # fmt: skip
    elif row.moved_from is not None:
        previous = dt.datetime.combine(row.moved_from, start.time(), tzinfo=start.tzinfo)
        _warn(warnings, record, f"moved from {row.moved_from:%A %d %B %Y}, which is not a "
              "meeting of the schedule: the schedule records no move")  # fmt: skip
    month = f"{key}/{row.date.year:04d}-{row.date.month:02d}"
    built.lines[month] = record.line
    uses.append(LineUse(line=record.line, use=Use.ROW, conversation=month,
                        detail=_detail(start, base, row)))  # fmt: skip
    uses.extend(
        LineUse(line=n, use=Use.ROW, conversation=month, detail=f"{record.where} continued")
        for n in range(record.line + 1, record.last + 1)
    )
    if not (row.title or row.people or row.resources or row.description):
        _warn(warnings, record, "only a date: no title, people, resources or description")
    built.conversations.append(
        Conversation(
            key=month,
            start=start,
            end=end,
            title=row.title,
            status=Status.HELD if now is None or start < now else Status.SCHEDULED,
            summary=row.description,
            people=row.people,
            resources=row.resources,
            themes=row.themes,
            previous_start=previous,
        )
    )


def _skip(
    row: _Row, schedule: Schedule, built: _Built, uses: list[LineUse],
    warnings: list[ArchiveWarning],
) -> None:  # fmt: skip
    """A row saying there was no meeting: a skip of the schedule's meeting of its month."""
    record = row.record
    reason = f" ({row.cancelled})" if row.cancelled else ""
    found = schedule.in_month(row.date.year, row.date.month)
    meeting = next((o for o in found if row.date in (o.start.date(), o.scheduled_date)), None)
    meeting = meeting or (found[0] if len(found) == 1 else None)
    taken = {(c.start.year, c.start.month) for c in built.conversations}
    if (row.date.year, row.date.month) in taken:
        detail = "says there was no meeting, but another row is a conversation of that month"
        _warn(warnings, record, f"{detail}: no meeting skipped")
    elif meeting is None or meeting.kind != OccurrenceKind.RULE or not meeting.scheduled_date:
        detail = f"no meeting on {row.date:%d %B %Y}{reason}, not a meeting of the schedule"
        _warn(warnings, record, f"{detail}: nothing to skip")
    else:
        built.skips.append(Skip(date=meeting.scheduled_date, reason=row.cancelled or ""))
        detail = f"no meeting on {meeting.scheduled_date:%A %d %B %Y}{reason}"
    uses.append(LineUse(line=record.line, use=Use.CHANGE, detail=detail))


def read_table(
    header: Record,
    data: Sequence[Record],
    *,
    key: str,
    schedule: Schedule | None,
    now: dt.datetime | None,
) -> TableImport:
    """The conversations, moves and skips of a table's rows (a CSV's, or a page's table).

    ``header`` names the columns; ``key`` is the series' key (a conversation's
    key is ``key/YYYY-MM``).  With ``schedule`` None, the schedule is the monthly
    rule the rows follow (with a warning).  Raises
    :class:`~kindness_core.errors.ArchiveFormatError` naming the row and column
    of a cell that cannot be read, or two rows of one month.
    """
    warnings: list[ArchiveWarning] = []
    uses: list[LineUse] = []
    records = list(data)
    columns = _columns(header, records)
    _note_columns(header, columns, uses, warnings)
    rows = _rows(header, records, columns, warnings)
    follow = True
    if schedule is None:
        held = [row for row in rows if row.cancelled is None] or rows
        schedule, follow = _schedule(held, header.line, warnings)
    built = _Built()
    time_column = columns.names[columns.fields["time"][0]] if "time" in columns.fields else "date"
    for row in rows:
        if row.cancelled is None:
            _build(row, key, schedule, follow, now, built, uses, warnings, time_column)
    for row in rows:
        if row.cancelled is not None:
            _skip(row, schedule, built, uses, warnings)
    try:
        schedule = replace(schedule, moves=(*schedule.moves, *built.moves),
                           skips=(*schedule.skips, *built.skips))  # fmt: skip
    except KindnessInputError as exc:
        raise KindnessInputError(f"cannot make the series' schedule: {exc}") from None
    return TableImport(conversations=tuple(built.conversations), schedule=schedule,
                       uses=tuple(sorted(uses, key=lambda u: u.line)), warnings=tuple(warnings),
                       lines=dict(built.lines))  # fmt: skip


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

"""The rows of a table, a spreadsheet's or a page's, read into conversations.

:func:`read_table` reads the header row (which column holds what, by
the names of :data:`COLUMNS` and their synonyms) and each row: its date
and time, title, people, resources, themes and description, a move ("Thu 8
May 2025 (moved from Wed 7 May)") or a month with no meeting ("No meeting
– New Year's Day").  A row on the schedule's meeting of its month is that
meeting; a row on another day is a move; with no schedule given, the
monthly rule most rows follow is used, with a warning.  The CSV file
(:mod:`~kindness_core.importing.spreadsheet`) and a table written in a page
(:mod:`~kindness_core.importing.text_table`) both read their rows here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

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
    Status,
    is_web_url,
)
from .cell_words import (
    moved_from,
    no_meeting,
    read_people_cell,
    read_resource_words,
    split_date_note,
)
from .cleaning import clean_line, split_lines
from .cues import NEGATIONS
from .guess import guess_schedule
from .page import MONTHS
from .result import ArchiveWarning, LineUse, Use
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

__all__ = ["COLUMNS", "TableImport", "known_columns", "read_table", "warn_row"]

#: The template's columns, in order (:func:`template_text`).
COLUMNS = ("date", "time", "title", "people", "summary_url", "recording_url", "slides_url",
           "audio_url", "themes", "description")  # fmt: skip
_MAX_PEOPLE = 200  # people read from one row
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


def known_columns(cells: Sequence[str]) -> int:
    """How many known columns ``cells`` name, if a date column is one and another too, else 0."""
    known = [_FIELDS.get(norm(c)) or ("people" if norm(c) in ROLES else None) for c in cells]
    count = sum(1 for k in known if k)
    return count if "date" in known and count >= 2 else 0


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


def warn_row(warnings: list[ArchiveWarning], record: Record, message: str) -> None:
    warnings.append(ArchiveWarning(line=record.line, message=f"{record.where}: {message}"))


# -- rows, the schedule, the conversations --------------------------------


def _row_people(record: Record, columns: _Columns, warnings: list[ArchiveWarning]) -> list[Person]:
    people: dict[str, Person] = {}
    for index, role in columns.people:
        cell, column = _read(record, columns, index)
        for person in read_people_cell(record, column, cell, role) if cell else ():
            if person.key in people:
                warn_row(warnings, record, f"{person.display_name!r} is named twice; kept once")
            elif len(people) == _MAX_PEOPLE:
                warn_row(warnings, record, f"over {_MAX_PEOPLE} people: the others were not read")
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
            warn_row(warnings, record, f"column {column!r}: {item!r} names no resource (notes, "
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
            warn_row(warnings, record, f"{len(extra)} cell(s) beyond the header's columns: {shown}")
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
        warn_row(warnings, record, f"{start:%A %d %B %Y %H:%M} is not the schedule's meeting, "
              f"{base.start:%A %d %B %H:%M}: recorded as moved from it")  # fmt: skip
    elif row.moved_from is not None:
        previous = dt.datetime.combine(row.moved_from, start.time(), tzinfo=start.tzinfo)
        warn_row(warnings, record, f"moved from {row.moved_from:%A %d %B %Y}, which is not a "
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
        warn_row(warnings, record, "only a date: no title, people, resources or description")
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
        warn_row(warnings, record, f"{detail}: no meeting skipped")
    elif meeting is None or meeting.kind != OccurrenceKind.RULE or not meeting.scheduled_date:
        detail = f"no meeting on {row.date:%d %B %Y}{reason}, not a meeting of the schedule"
        warn_row(warnings, record, f"{detail}: nothing to skip")
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

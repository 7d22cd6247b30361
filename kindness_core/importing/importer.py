"""Import an existing archive page (its text) into a series and conversations.

The page is read as it is copied from a browser: a few introduction
paragraphs, then one block per conversation, each starting with a heading
such as ``February 2024 – Using ‘Clean Language’ to achieve…``.  Headings
may use an en or em dash, a hyphen, a colon, a bar, a slash or no separator
at all ("October 2022Gathering of Kindness"), may abbreviate the month
("Sept. 2025"), may start with a full date ("Tuesday 28 January 2025 –
…", "Jan 28, 2025: …") and may have no title ("September 2022").  A title
keeps any colon or dash of its own (:mod:`~kindness_core.importing.page`).

* The date of a conversation is the series' meeting in the heading's month
  (``schedule.in_month``), at the schedule's local time in its IANA zone.
  The schedule is the caller's, else the one the introduction states
  ("Meeting are held on the third Thursday of the month, at 6pm UK time"),
  else the third Thursday at 18:00 Europe/London.
* A **move**: a heading whose date is not the schedule's that month, or a
  line "moved to Wednesday 19 March" (:mod:`~kindness_core.importing.changes`),
  dates the conversation to the new day (at the time the line gives, else
  the schedule's), sets its ``previous_start`` to the schedule's date and
  adds a :class:`~kindness_core.schedule.recurrence.Move` to the series'
  schedule, so that the schedule and the conversations agree.
* A **cancelled** month (a title "Cancelled (Easter)" or "No meeting", an
  untitled month whose first line says so, a line "No meeting in August")
  becomes a :class:`~kindness_core.schedule.recurrence.Skip` of the
  schedule, with no conversation; it is not reported as missing.  A month
  with a real title whose text says it was cancelled is kept as a
  *cancelled* conversation (its title and text are not lost).
* Cue lines ("Download the insights and summary of the conversation",
  "Notes (PDF) | Slides", "Watch the presentation") become *pending*
  resources (:mod:`~kindness_core.importing.cues`): the page text has no
  links and none is invented.  A cue line that also describes the
  conversation stays in the summary as well, so that no description is lost.
* The other paragraphs become the summary, unchanged except for white
  space (see :func:`kindness_core.importing.cleaning.clean_line`) and a
  leading bullet, joined by a blank line.
* People are found by :mod:`kindness_core.importing.people`; names that probably
  mean one person are reported, and an alias map merges them.
* Every non-blank line is accounted for: a
  :class:`~kindness_core.importing.result.LineUse` says how it was used
  (a line of decoration, "---", is *ignored*), and a warning names the lines
  that were not understood (a move with no readable date, a line under a
  cancelled month, "With contributions from …" with no name found).

Status: with ``now``, a conversation is *held* if it started before
``now`` and *scheduled* otherwise; without ``now`` every conversation is
*held*, because an archive page records meetings that took place.  The
library never reads the clock; the command line passes it in.

Importing the same text twice gives equal results.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import replace

from ..errors import ArchiveFormatError, KindnessInputError
from ..schedule.description import describe
from ..schedule.recurrence import Move, Occurrence, Schedule, Skip
from ..series import Conversation, Series, Status
from .aliases import normalise_aliases
from .blocks import MAX_PEOPLE, SEPARATOR, BlockChanges, conversation_parts, read_changes
from .changes import Cancellation, cancelled_title, read_cancellation
from .finish import finish
from .guess import guess_schedule
from .html import read_html
from .introduction import read_introduction
from .page import (
    MONTHS,
    Block,
    Heading,
    Paragraph,
    check_archive_text,
    read_page,
    text_paragraphs,
)
from .result import ArchiveWarning, ImportResult, LineUse, Use
from .spreadsheet import import_spreadsheet
from .text_table import find_table, import_table, keep_tabs

__all__ = ["FORMATS", "MAX_PEOPLE", "detect_format", "import_archive"]

#: What :func:`import_archive` reads: ``"auto"`` tells them apart (:func:`detect_format`).
FORMATS = ("auto", "text", "html", "csv")
_HTML_START = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<!--|<div|<article|<main)", re.I
)
_HTML_TAGS = re.compile(r"</(?:p|h[1-6]|div|li|a)>", re.I)
_CSV_HEADER = re.compile(r"\bdate\b.*\btitle\b|\btitle\b.*\bdate\b", re.I)


def detect_format(text: str) -> str:
    """``"html"``, ``"csv"`` or ``"text"``: what kind of archive ``text`` is.

    HTML starts with a tag (``<!DOCTYPE html>``, ``<html>``, ``<div>`` …) or
    closes at least three paragraphs, headings or links in its first 20,000
    characters; a spreadsheet's first line is a header row naming a date and
    a title column, separated by commas, semicolons or tabs.  Anything else
    is the text of a page.
    """
    head = text.removeprefix("\ufeff")[:20_000]
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 3:
        return "html"
    first = next((line for line in head.splitlines() if line.strip()), "")
    if any(sep in first for sep in ",;\t") and _CSV_HEADER.search(first):
        return "csv"
    return "text"


def _occurrence(schedule: Schedule, heading: Heading, warnings: list[ArchiveWarning]) -> Occurrence:
    """The schedule's meeting in a heading's month (on the heading's day, if it has one)."""
    found = schedule.in_month(heading.year, heading.month)
    label = f"{MONTHS[heading.month - 1]} {heading.year}"
    if not found:
        raise ArchiveFormatError(
            f"line {heading.line}: the schedule ({describe(schedule)}) has no meeting in "
            f"{label}, so this conversation cannot be dated: give a schedule that meets then"
        )
    same_day = [o for o in found if o.start.day == heading.day]
    if same_day:
        return same_day[0]
    if len(found) > 1:
        warnings.append(
            ArchiveWarning(
                line=heading.line,
                message=f"the schedule has {len(found)} meetings in {label}; the "
                f"conversation is dated to the first, {found[0].start:%A %d %B}",
            )
        )
    return found[0]


def _rule_date(occurrence: Occurrence) -> dt.date:
    return occurrence.scheduled_date or occurrence.start.date()


def _moved_to(
    schedule: Schedule,
    heading: Heading,
    occurrence: Occurrence,
    changes: BlockChanges,
    warnings: list[ArchiveWarning],
) -> dt.datetime | None:
    """The naive local date and time a block's meeting moved to, None if it did not move."""
    rule_date = _rule_date(occurrence)
    local = occurrence.start.time().replace(tzinfo=None)
    new_date = None
    if heading.day is not None:
        new_date = dt.date(heading.year, heading.month, heading.day)
    if changes.move is not None:
        said = changes.move.date
        if new_date is not None and said != new_date:
            warnings.append(
                ArchiveWarning(
                    line=changes.move_line or heading.line,
                    message=f"the heading says {new_date:%d %B %Y} but {changes.move.phrase!r} "
                    f"says {said:%d %B %Y}: the conversation is dated to {said:%d %B %Y}",
                )
            )
        new_date = said
        local = changes.move.time or local
    if new_date is None or (new_date == occurrence.start.date() and local == schedule.time):
        return None
    if new_date == rule_date and local == schedule.time:
        return None
    return dt.datetime.combine(new_date, local)


def _with_exception(
    schedule: Schedule, item: Skip | Move, line: int, warnings: list[ArchiveWarning]
) -> Schedule:
    """``schedule`` with one more skip or move; unchanged (and a warning) if it cannot take it."""
    taken = {s.date for s in schedule.skips} | {m.date for m in schedule.moves}
    if item.date in taken:
        return schedule
    try:
        if isinstance(item, Skip):
            return replace(schedule, skips=(*schedule.skips, item))
        return replace(schedule, moves=(*schedule.moves, item))
    except KindnessInputError as exc:
        what = "cancelled" if isinstance(item, Skip) else "moved"
        warnings.append(
            ArchiveWarning(
                line=line,
                message=f"the meeting of {item.date:%d %B %Y} is {what} here, but the schedule "
                f"cannot record it ({exc}); add it in the admin",
            )
        )
        return schedule


def _skip_other_months(
    schedule: Schedule,
    pending: list[tuple[int, Cancellation, Heading]],
    headed: set[tuple[int, int]],
    warnings: list[ArchiveWarning],
) -> Schedule:
    """Skips for the months a line says were cancelled ("No meeting in August").

    A month named without a year is the one nearest the heading the line is
    under; in the introduction (``heading`` the first block's), every such
    month between the first and the last heading.
    """
    if not headed:
        return schedule
    first, last = min(headed), max(headed)
    for line, found, heading in pending:
        month = found.month
        if month is None:
            continue
        if found.year is not None:
            years = [found.year]
        elif heading.line > line:  # the introduction: every year of the archive
            years = list(range(first[0], last[0] + 1))
        else:
            here = heading.year * 12 + heading.month
            years = [min((heading.year - 1, heading.year, heading.year + 1),
                         key=lambda y: abs(y * 12 + month - here))]  # fmt: skip
        for year in years:
            if (year, month) in headed or not first <= (year, month) <= last:
                continue
            for occurrence in schedule.in_month(year, month)[:1]:
                skip = Skip(date=_rule_date(occurrence), reason=found.reason)
                schedule = _with_exception(schedule, skip, line, warnings)
    return schedule


def _intro_cancellations(
    intro: tuple[Paragraph, ...], blocks: tuple[Block, ...], uses: list[LineUse]
) -> list[tuple[int, Cancellation, Heading]]:
    """The introduction's lines that name a month with no meeting ("No meeting in August")."""
    found = []
    for paragraph in intro:
        cancellation = read_cancellation(paragraph.text)
        if cancellation is None or cancellation.month is None:
            continue
        found.append((paragraph.line, cancellation, blocks[0].heading))
        detail = f"no meeting in {MONTHS[cancellation.month - 1]}"
        for index, use in enumerate(uses):
            if use.line == paragraph.line and use.use in (Use.DESCRIPTION, Use.JOINING):
                uses[index] = LineUse(line=use.line, use=Use.CHANGE, detail=detail)
    return found


def _account_cancelled(
    block: Block, changes: BlockChanges, warnings: list[ArchiveWarning], uses: list[LineUse]
) -> None:
    """Record the lines under a month with no meeting; warn about those not saying so."""
    heading = block.heading
    label = f"{MONTHS[heading.month - 1]} {heading.year}"
    for paragraph in block.paragraphs:
        if SEPARATOR.match(paragraph.text):
            uses.append(LineUse(line=paragraph.line, use=Use.IGNORED, detail="separator"))
            continue
        uses.append(LineUse(line=paragraph.line, use=Use.CHANGE,
                            detail=f"under {label}, which had no meeting"))  # fmt: skip
        if read_cancellation(paragraph.text) is None:
            warnings.append(
                ArchiveWarning(
                    line=paragraph.line,
                    message=f"{paragraph.text[:60]!r} is under {label}, which had no meeting "
                    f"({changes.cancelled or 'cancelled'}): not imported; add it to the "
                    "series' description if it matters",
                )
            )


def _schedule_from_headings(
    series: Series, blocks: tuple[Block, ...], warnings: list[ArchiveWarning]
) -> Series:
    """``series`` with the monthly rule its dated headings follow, when the page states none."""
    days = [
        dt.date(block.heading.year, block.heading.month, block.heading.day)
        for block in blocks
        if block.heading.day is not None
    ]
    guess = guess_schedule(days, base=series.schedule)
    if guess is None or len(days) < 2 or not guess.good:
        return series
    schedule = guess.schedule
    first = next(block.heading.line for block in blocks if block.heading.day is not None)
    warnings.append(
        ArchiveWarning(
            line=first,
            message=f"no schedule could be read from the page: {guess.fits} of {guess.of} "
            f"dated headings fit '{describe(schedule)}', used as the series' schedule (at the "
            "default time and zone); if it is wrong, give the schedule (command line: "
            "--schedule 'last Friday of the month at 2pm Johannesburg time')",
        )
    )
    return replace(series, schedule=schedule)


def _import_table_page(
    paragraphs: tuple[Paragraph, ...],
    table: tuple[int, int],
    *,
    page_title: Paragraph | None,
    ignored: tuple[LineUse, ...],
    series_key: str | None,
    series_name: str | None,
    schedule: Schedule | None,
    aliases: Mapping[str, str],
    now: dt.datetime | None,
    source: str,
) -> ImportResult:
    """A page whose conversations are the rows of a table ("Date | Topic | Speakers").

    The lines above the table are the introduction; those below it are added
    to the series' description.
    """
    start, end = table
    warnings: list[ArchiveWarning] = []
    introduction = read_introduction(paragraphs[:start], page_title=page_title, key=series_key,
                                     name=series_name, schedule=schedule,
                                     warnings=warnings)  # fmt: skip
    series = introduction.series
    read = import_table(paragraphs[start:end], series=series, now=now,
                        schedule_given=schedule is not None or introduction.stated)  # fmt: skip
    below = paragraphs[end:]
    description = "\n\n".join(p for p in (series.description, *(p.text for p in below)) if p)
    series = replace(series, schedule=read.schedule, description=description)
    uses = [*ignored, *introduction.uses, *read.uses]
    uses += [LineUse(line=p.line, use=Use.DESCRIPTION, detail="below the table") for p in below]
    return finish(series, read.conversations, lines=read.lines, aliases=aliases,
                  warnings=[*warnings, *read.warnings], uses=uses, source=source)  # fmt: skip


def _read_paragraphs(
    text: str, fmt: str
) -> tuple[tuple[Paragraph, ...], Paragraph | None, tuple[LineUse, ...]]:
    """The page's paragraphs, its title (HTML) and the lines it ignored (HTML)."""
    if fmt == "html":
        page = read_html(text)
        return page.paragraphs, page.title, page.ignored
    return keep_tabs(text, text_paragraphs(text)), None, ()


def import_archive(
    text: str | bytes,
    *,
    format: str = "auto",
    series_key: str | None = None,
    series_name: str | None = None,
    schedule: Schedule | None = None,
    aliases: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Read an archive (a page's text, a saved HTML page or a spreadsheet) into a series.

    ``format`` is ``"text"``, ``"html"``, ``"csv"`` or ``"auto"`` (the
    default: :func:`detect_format`).  ``series_name`` defaults to the page's
    title (its ``<h1>``, ``<title>`` or first line), else
    :data:`~kindness_core.importing.introduction.DEFAULT_SERIES_NAME`;
    ``series_key`` to the name's slug.  ``schedule`` overrides the schedule
    the page states (or the default, third Thursday at 18:00
    Europe/London).  ``aliases`` maps a name to the name to keep
    (``{"Gabby Matthews": "Gabrielle Matthews"}``).  With an aware ``now``,
    conversations that start at or after it are *scheduled*; without it all
    are *held*.

    Every non-blank line of the input is either in the result's
    :attr:`~kindness_core.importing.result.ImportResult.lines` (how it was
    used) or named by one of its warnings.

    Raises :class:`~kindness_core.errors.ArchiveFormatError` (a
    ``ValueError``) with a one-line message when the input is not an
    archive: empty, binary, larger than
    :data:`~kindness_core.importing.page.MAX_ARCHIVE_BYTES`, without headings,
    or with a heading whose month or year cannot be read.
    Nothing is returned half-built.
    """
    if now is not None and (not isinstance(now, dt.datetime) or now.utcoffset() is None):
        raise KindnessInputError("now must be an aware datetime, e.g. datetime.now(UTC)")
    if schedule is not None and not isinstance(schedule, Schedule):
        raise KindnessInputError("schedule must be a kindness_core.Schedule (or None)")
    if format not in FORMATS:
        raise KindnessInputError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    alias_map = normalise_aliases(aliases)
    body = check_archive_text(text)
    fmt = detect_format(body) if format == "auto" else format
    if fmt == "csv":
        return import_spreadsheet(body, series_key=series_key, series_name=series_name,
                                  schedule=schedule, aliases=alias_map, now=now)  # fmt: skip
    warnings: list[ArchiveWarning] = []
    paragraphs, page_title, ignored = _read_paragraphs(body, fmt)
    table = find_table(paragraphs)
    if table is not None:
        return _import_table_page(paragraphs, table, page_title=page_title, ignored=ignored,
                                  series_key=series_key, series_name=series_name,
                                  schedule=schedule, aliases=alias_map, now=now,
                                  source=fmt)  # fmt: skip
    intro, blocks = read_page(paragraphs)
    separators = [p for p in intro if SEPARATOR.match(p.text)]
    intro = tuple(p for p in intro if p not in separators)
    introduction = read_introduction(intro, page_title=page_title, key=series_key,
                                     name=series_name, schedule=schedule,
                                     warnings=warnings)  # fmt: skip
    series = introduction.series
    if schedule is None and not introduction.stated:
        series = _schedule_from_headings(series, blocks, warnings)
    schedule = series.schedule
    uses = [*ignored, *introduction.uses]
    uses += [LineUse(line=p.line, use=Use.IGNORED, detail="separator") for p in separators]
    pending = _intro_cancellations(intro, blocks, uses)
    conversations: list[Conversation] = []
    lines: dict[str, int] = {}
    for block in blocks:
        heading = block.heading
        occurrence = _occurrence(series.schedule, heading, warnings)
        key = series.conversation_key(heading.year, heading.month)
        if heading.date_line is not None:
            uses.append(LineUse(line=heading.date_line, use=Use.HEADING, conversation=key,
                                detail="the conversation's date"))  # fmt: skip
        changes = read_changes(block, near=_rule_date(occurrence))
        pending.extend((line, found, heading) for line, found in changes.others)
        if changes.cancelled is not None:
            skip = Skip(date=_rule_date(occurrence), reason=changes.cancelled)
            schedule = _with_exception(schedule, skip, heading.line, warnings)
            uses.append(LineUse(line=heading.line, use=Use.CHANGE, conversation=None,
                                detail=f"cancelled {skip.date:%Y-%m-%d}"
                                + (f" ({skip.reason})" if skip.reason else "")))  # fmt: skip
            _account_cancelled(block, changes, warnings, uses)
            if heading.title and cancelled_title(heading.title) is None:
                warnings.append(
                    ArchiveWarning(
                        line=heading.line,
                        message=f"{heading.title[:60]!r} was cancelled: no conversation is "
                        f"imported for it, and the schedule skips {skip.date:%d %B %Y}",
                    )
                )
            continue
        start, end, previous = occurrence.start, occurrence.end, None
        moved = _moved_to(series.schedule, heading, occurrence, changes, warnings)
        if moved is not None:
            move = Move(date=_rule_date(occurrence), to=moved)
            schedule = _with_exception(schedule, move, changes.move_line or heading.line,
                                       warnings)  # fmt: skip
            start = moved.replace(tzinfo=series.schedule.zone)
            end = series.end_of(start)
            previous = occurrence.start
        detail = f"{start:%Y-%m-%d %H:%M %Z}"
        if previous is not None:
            detail += f" (moved from {previous:%Y-%m-%d})"
        uses.append(LineUse(line=heading.line, use=Use.HEADING, conversation=key, detail=detail))
        if not block.paragraphs:
            warnings.append(
                ArchiveWarning(line=heading.line, message="this conversation has no text")
            )
        summary, people, resources = conversation_parts(block, key, changes, warnings, uses)
        lines[key] = heading.line
        if changes.cancelled_line is not None:
            status = Status.CANCELLED
        else:
            status = Status.HELD if now is None or start < now else Status.SCHEDULED
        conversations.append(
            Conversation(
                key=key,
                start=start,
                end=end,
                title=heading.title,
                status=status,
                summary=summary,
                people=people,
                resources=resources,
                previous_start=previous,
            )
        )
    headed = {(b.heading.year, b.heading.month) for b in blocks}
    schedule = _skip_other_months(schedule, pending, headed, warnings)
    if schedule != series.schedule:
        series = replace(series, schedule=schedule)
    return finish(series, conversations, lines=lines, aliases=alias_map, warnings=warnings,
                  uses=uses, source=fmt)  # fmt: skip

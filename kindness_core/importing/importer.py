"""Import an existing archive page (its text) into a series and conversations.

The page is read as it is copied from a browser: a few introduction
paragraphs, then one block per conversation, each starting with a heading
such as ``February 2024 – Using ‘Clean Language’ to achieve…``.  Headings
may use an en or em dash, a hyphen, a colon or no separator at all
("October 2022Gathering of Kindness"), and may have no title
("September 2022").  A title keeps any colon or dash of its own.

* The date of a conversation is the series' meeting in the heading's month
  (``schedule.in_month``), at the schedule's local time in its IANA zone.
  The schedule is the caller's, else the one the introduction states
  ("Meeting are held on the third Thursday of the month, at 6pm UK time"),
  else the third Thursday at 18:00 Europe/London.
* Cue lines ("Download the insights and summary of the conversation",
  "Watch the conversation and presentations below") become *pending*
  resources: the page text has no links and none is invented.  A cue line
  that also describes the conversation ("Watch the presentation from …, on
  the concept of Eudaimonia, …") stays in the summary as well, so that no
  description is lost.
* The other paragraphs become the summary, unchanged except for white
  space (see :func:`kindness_core.importing.cleaning.clean_line`), joined by a blank
  line.
* People are found by :mod:`kindness_core.importing.people`; names that probably
  mean one person are reported, and an alias map merges them.

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
from ..schedule.recurrence import Occurrence, Schedule
from ..series import Conversation, Person, Resource, ResourceKind, Status
from .aliases import normalise_aliases
from .finish import finish
from .html import read_html
from .introduction import read_introduction
from .links import is_link_line, link_resources
from .page import (
    MAX_ARCHIVE_BYTES,
    MONTHS,
    Block,
    Heading,
    Paragraph,
    announced_resources,
    check_archive_text,
    is_pure_cue,
    read_page,
    text_paragraphs,
)
from .people import Mention, announces_people, extract_people, is_people_line, merge_people
from .result import ArchiveWarning, ImportResult, LineUse, Use
from .spreadsheet import import_spreadsheet

__all__ = ["FORMATS", "MAX_PEOPLE", "detect_format", "import_archive"]

#: Most names read for one conversation (more gives a warning).
MAX_PEOPLE = 200
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


def _cue_resources(
    paragraph: Paragraph, kinds: dict[ResourceKind, int], warnings: list[ArchiveWarning]
) -> list[Resource]:
    """The resources a paragraph gives: its links' (HTML), else those its words announce."""
    linked = link_resources(paragraph)
    if linked:
        for resource in linked:
            kinds.setdefault(resource.kind, paragraph.line)
        return list(linked)
    out = []
    for kind, title in announced_resources(paragraph.text):
        if kind in kinds and kind != ResourceKind.LINK:
            warnings.append(
                ArchiveWarning(
                    line=paragraph.line,
                    message=f"a second {kind.value} for this conversation (the first "
                    f"is announced at line {kinds[kind]}); it was left out",
                )
            )
            continue
        kinds[kind] = paragraph.line
        out.append(Resource(kind=kind, title=title))
    return out


def _conversation_parts(
    block: Block, key: str, warnings: list[ArchiveWarning], uses: list[LineUse]
) -> tuple[str, tuple[Person, ...], tuple[Resource, ...]]:
    summary: list[str] = []
    resources: list[Resource] = []
    kinds: dict[ResourceKind, int] = {}
    mentions: list[Mention] = []
    capped = False
    for index, paragraph in enumerate(block.paragraphs):
        found = _cue_resources(paragraph, kinds, warnings)
        resources.extend(found)
        people: tuple[Mention, ...] = ()
        if len(mentions) >= MAX_PEOPLE:
            if not capped:
                capped = True
                warnings.append(
                    ArchiveWarning(
                        line=paragraph.line,
                        message=f"more than {MAX_PEOPLE} names in this conversation: "
                        "people were not read from here on",
                    )
                )
        else:
            people = extract_people(paragraph.text)
            for mention in people:
                # Order people by paragraph, then by where the paragraph names them.
                position = index * (MAX_ARCHIVE_BYTES + 1) + mention.position
                mentions.append(replace(mention, position=position))
        detail = "; ".join(
            [f"{m.person.display_name} ({m.person.role.value})" for m in people]
            + [f"{r.kind.value} {r.url or '(pending)'}" for r in found]
        )
        if found and (is_pure_cue(paragraph.text) or is_link_line(paragraph)):
            use = Use.RESOURCE
        elif people and is_people_line(paragraph.text):
            use = Use.PEOPLE
        else:
            use = Use.SUMMARY
            summary.append(paragraph.text)
            trigger = announces_people(paragraph.text)
            if trigger and not people and not capped:
                warnings.append(
                    ArchiveWarning(
                        line=paragraph.line,
                        message=f"no person found in {paragraph.text[:60]!r} although it "
                        f"says {trigger!r}: kept in the summary; add the people in the admin",
                    )
                )
        uses.append(LineUse(line=paragraph.line, use=use, conversation=key, detail=detail))
    people = tuple(m.person for m in merge_people(mentions))
    return "\n\n".join(summary), people, tuple(resources)


def _start(schedule: Schedule, heading: Heading, warnings: list[ArchiveWarning]) -> Occurrence:
    found = schedule.in_month(heading.year, heading.month)
    label = f"{MONTHS[heading.month - 1]} {heading.year}"
    if not found:
        raise ArchiveFormatError(
            f"line {heading.line}: the schedule ({describe(schedule)}) has no meeting in "
            f"{label}, so this conversation cannot be dated: give a schedule that meets then"
        )
    if len(found) > 1:
        warnings.append(
            ArchiveWarning(
                line=heading.line,
                message=f"the schedule has {len(found)} meetings in {label}; the "
                f"conversation is dated to the first, {found[0].start:%A %d %B}",
            )
        )
    return found[0]


def _read_paragraphs(
    text: str, fmt: str
) -> tuple[tuple[Paragraph, ...], Paragraph | None, tuple[LineUse, ...]]:
    """The page's paragraphs, its title (HTML) and the lines it ignored (HTML)."""
    if fmt == "html":
        page = read_html(text)
        return page.paragraphs, page.title, page.ignored
    return text_paragraphs(text), None, ()


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
    intro, blocks = read_page(paragraphs)
    introduction = read_introduction(intro, page_title=page_title, key=series_key,
                                     name=series_name, schedule=schedule,
                                     warnings=warnings)  # fmt: skip
    series = introduction.series
    uses = [*ignored, *introduction.uses]
    conversations: list[Conversation] = []
    lines: dict[str, int] = {}
    for block in blocks:
        heading = block.heading
        occurrence = _start(series.schedule, heading, warnings)
        key = series.conversation_key(heading.year, heading.month)
        uses.append(LineUse(line=heading.line, use=Use.HEADING, conversation=key,
                            detail=f"{occurrence.start:%Y-%m-%d %H:%M %Z}"))  # fmt: skip
        if not block.paragraphs:
            warnings.append(
                ArchiveWarning(line=heading.line, message="this conversation has no text")
            )
        summary, people, resources = _conversation_parts(block, key, warnings, uses)
        lines[key] = heading.line
        held = now is None or occurrence.start < now
        conversations.append(
            Conversation(
                key=key,
                start=occurrence.start,
                end=occurrence.end,
                title=heading.title,
                status=Status.HELD if held else Status.SCHEDULED,
                summary=summary,
                people=people,
                resources=resources,
            )
        )
    return finish(series, conversations, lines=lines, aliases=alias_map, warnings=warnings,
                  uses=uses, source=fmt)  # fmt: skip

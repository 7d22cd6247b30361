"""The text of an archive page: checked, split into headings and paragraphs.

:func:`read_page` turns the text into the introduction paragraphs and one
:class:`Block` per conversation heading.  A heading is a date and a title,
in the forms of :data:`HEADING_FORMS` ("February 2024 – Title", "Feb 2024 |
Title", "Sept. 2024: Title", "October 2022Gathering of Kindness",
"September 2022", "Tuesday 28 January 2025 – Title", "Tue 28th Jan 2025 /
Title", "January 28, 2025 - Title", "26.05.2025 – Title", "2025-05-26
Title"); a line that starts with a date but reads as a sentence ("May 2023
saw our largest meeting.") is prose.  Only white space is normalised
(:func:`~kindness_core.importing.cleaning.clean_line`).  Cue lines
("Download the insights and summary of the conversation", "Watch the
conversation and presentations below") are recognised by
:func:`announced_resources` and :func:`is_pure_cue`
(:mod:`~kindness_core.importing.cues`).

Bad text raises :class:`~kindness_core.errors.ArchiveFormatError` with a
one-line message (and the line number where there is one).
"""

from __future__ import annotations

import calendar
import difflib
import re
from dataclasses import dataclass

from ..errors import ArchiveFormatError, KindnessInputError
from ..textfile import decode_text
from .cleaning import clean_line, find_control_character, split_lines
from .cues import announced_resources, is_pure_cue

__all__ = [
    "HEADING_FORMS",
    "MAX_ARCHIVE_BYTES",
    "MONTHS",
    "YEARS",
    "Block",
    "Heading",
    "Link",
    "Paragraph",
    "announced_resources",
    "check_archive_text",
    "is_pure_cue",
    "read_page",
    "text_paragraphs",
]

#: Largest archive text accepted (5 MB; as characters for text).
MAX_ARCHIVE_BYTES = 5_000_000
#: Years a heading may name (first, last).
YEARS = (2000, 2199)

#: English month names, January first.
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
_WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"(?P<word>[A-Za-z]+)\.?"
_YEAR = r"(?P<year>\d{4,})"
#: The forms a heading's date may take, tried in order: a full date with or
#: without its weekday ("Tuesday 28 January 2025", "Tue 28th Jan 2025",
#: "January 28, 2025"), else a month and year ("January 2025", "Sept. 2025").
HEADING_FORMS = tuple(
    re.compile(rf"^{form}(?P<rest>\D.*)?$", re.I)
    for form in (
        rf"(?:{_WEEKDAY})?{_DAY}(?:\s+of)?\s+{_MONTH},?\s*{_YEAR}",
        rf"(?:{_WEEKDAY})?{_MONTH}\s+{_DAY},?\s+{_YEAR}",
        rf"{_MONTH}\s*{_YEAR}",
        # numbers: "26.05.2025", "26/05/2025" (day first, as written in Europe; a
        # month over 12 is read month first, "05/26/2025"), "2025-05-26"
        rf"(?:{_WEEKDAY})?(?P<day>\d{{1,2}})[./](?P<word>\d{{1,2}})[./]{_YEAR}",
        rf"{_YEAR}-(?P<word>\d{{1,2}})-(?P<day>\d{{1,2}})",
    )
)
#: What may stand between a heading's date and its title.
_SEPARATOR_RE = re.compile(r"^\s*(?:[–—-]+|[:|/]+|\s[–—-]+)\s*")
_HEADING_MAX = 200


@dataclass(frozen=True, slots=True, kw_only=True)
class Heading:
    """A conversation heading: its line, month, title (None when untitled) and day.

    ``day`` is the day of the month when the heading gives a full date
    ("Tuesday 28 January 2025 – Title"), else None.  ``date_line`` is the
    line of a date written on its own next to the heading ("May 2025 —
    Title", then "Saturday, 10 May 2025"), which is part of the heading.
    """

    line: int
    year: int
    month: int
    title: str | None
    day: int | None = None
    date_line: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Link:
    """A link of a saved HTML page: its address, its words, the element it came from.

    ``element`` is ``"a"`` (a link), ``"iframe"``, ``"video"``, ``"audio"``,
    ``"source"`` (an embedded player) or ``"img"`` (a picture).
    """

    url: str
    text: str = ""
    element: str = "a"


@dataclass(frozen=True, slots=True, kw_only=True)
class Paragraph:
    """One non-blank line of the page (or block of a saved HTML page), white space normalised.

    ``line`` is the 1-based line of the input it starts on.  A paragraph read
    from HTML keeps its ``links`` and, for ``<h1>``–``<h6>``, its heading
    ``level``; text has neither.
    """

    line: int
    text: str
    links: tuple[Link, ...] = ()
    level: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A heading and the paragraphs under it, up to the next heading."""

    heading: Heading
    paragraphs: tuple[Paragraph, ...] = ()


def _month_number(word: str) -> int | None:
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    lower = word.lower()
    for number, name in enumerate(MONTHS, start=1):
        if lower == name.lower() or (len(lower) >= 3 and name.lower().startswith(lower)):
            return number
    if lower == "sept":
        return 9
    return None


def _heading(text: str, line: int) -> Heading | None:
    """The heading on a (cleaned) line, None for prose; raises for a bad one."""
    if len(text) > _HEADING_MAX:
        return None
    for form in HEADING_FORMS:
        match = form.match(text)
        if match is not None:
            heading = _read_heading(match, text, line)
            if heading is not None:
                return heading
    return None


def _read_heading(match: re.Match[str], text: str, line: int) -> Heading | None:
    word, digits, rest = match.group("word"), match.group("year"), match.group("rest") or ""
    day_text = match.groupdict().get("day")
    if word.isdigit() and day_text is not None and int(word) > 12 >= int(day_text):
        word, day_text = day_text, word  # "05/26/2025": month first
    separated = _SEPARATOR_RE.match(rest)
    title = rest[separated.end() :] if separated else rest.strip()
    if title.endswith(".") and not separated:
        return None  # "May 2023 saw our largest meeting." is prose
    month = _month_number(word)
    if month is None and word.isdigit():
        return None  # "13.13.2025": not a date
    if month is None:
        close = difflib.get_close_matches(word.capitalize(), MONTHS, n=1, cutoff=0.6)
        if close and day_text is None and (separated or not rest.strip()):
            raise ArchiveFormatError(
                f"line {line}: {word!r} in the heading {text[:60]!r} is not a month: "
                f"write the month in English, e.g. '{close[0]} {digits} – Title'"
            )
        return None
    year = int(digits)
    if len(digits) != 4 or not YEARS[0] <= year <= YEARS[1]:
        raise ArchiveFormatError(
            f"line {line}: {digits} in the heading {text[:60]!r} is not a year: "
            f"write four digits between {YEARS[0]} and {YEARS[1]}, e.g. '{MONTHS[month - 1]} "
            "2023 – Title'"
        )
    day = None
    if day_text is not None:
        day = int(day_text)
        if day > calendar.monthrange(year, month)[1] or day < 1:
            raise ArchiveFormatError(
                f"line {line}: {MONTHS[month - 1]} {year} has no day {day} (heading "
                f"{text[:60]!r}): correct the date, e.g. '{MONTHS[month - 1]} {year} – Title'"
            )
    return Heading(line=line, year=year, month=month, title=title.strip() or None, day=day)


def check_archive_text(text: str | bytes) -> str:
    """``text`` (or UTF-8 ``bytes``) as a string, once it is known to be page text.

    Refuses empty, binary (NUL or control characters), non-UTF-8 and too
    large (over :data:`MAX_ARCHIVE_BYTES`) input; drops a byte order mark.
    Bytes are decoded by :func:`kindness_core.textfile.decode_text`: UTF-8,
    or UTF-16/UTF-32 with a byte order mark.
    """
    if isinstance(text, bytes | bytearray):
        if len(text) > MAX_ARCHIVE_BYTES:
            raise ArchiveFormatError(_too_big(len(text)))
        try:
            text = decode_text(bytes(text), "the archive")
        except KindnessInputError as exc:
            raise ArchiveFormatError(str(exc)) from None
    if not isinstance(text, str):
        raise ArchiveFormatError(
            f"the archive must be text (str or UTF-8 bytes), not {type(text).__name__}"
        )
    if len(text) > MAX_ARCHIVE_BYTES:
        raise ArchiveFormatError(_too_big(len(text)))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate, e.g. from a bad decode
        raise ArchiveFormatError(
            f"the archive is not valid Unicode text (character {exc.start}): "
            "save the page text as UTF-8"
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ArchiveFormatError(
            "the archive text is empty: give the text of an archive page, with headings "
            "such as 'February 2024 – Title'"
        )
    control = find_control_character(text)
    if control is not None:
        line, char = control
        raise ArchiveFormatError(
            f"line {line}: control character U+{ord(char):04X}: this looks like a binary "
            "file, not the text of an archive page"
        )
    return text


def _too_big(size: int) -> str:
    return (
        f"the archive is {size:,} characters, more than the limit of {MAX_ARCHIVE_BYTES:,} "
        "(5 MB): split it into smaller pages"
    )


def text_paragraphs(text: str) -> tuple[Paragraph, ...]:
    """The non-blank lines of checked text, white space normalised, with their numbers."""
    out = []
    for number, raw in enumerate(split_lines(text), start=1):
        line = clean_line(raw)
        if line:
            out.append(Paragraph(line=number, text=line))
    return tuple(out)


def _merge_date_line(first: Heading, second: Heading) -> Heading | None:
    """One heading of two in a row for one month, when one is only its date, else None.

    "May 2025 — Title" then "Saturday, 10 May 2025" (or the other way round,
    or a blog's posting date "Thursday, 15 May 2025" above the post's
    "Wednesday 14 May 2025 – Title") is one conversation, on the titled
    heading's day if it gives one, else on the date line's.
    """
    if (first.year, first.month) != (second.year, second.month):
        return None
    if first.title is not None and first.day is None and second.day is not None:
        titled, dated = first, second  # "Saturday, 8 March 2025 (Women's Day)" under it
    elif (first.title is None) == (second.title is None):
        return None  # two titles, or two bare months: two headings
    else:
        titled, dated = (first, second) if second.title is None else (second, first)
    day = titled.day if titled.day is not None else dated.day
    if day is None:
        return None
    return Heading(line=first.line, year=first.year, month=first.month, title=titled.title,
                   day=day, date_line=second.line)  # fmt: skip


def read_page(
    text: str | tuple[Paragraph, ...],
) -> tuple[tuple[Paragraph, ...], tuple[Block, ...]]:
    """The introduction paragraphs and the conversation blocks of checked text.

    ``text`` is the page's text, or its paragraphs already read (from a saved
    HTML page, :mod:`kindness_core.importing.html`).  Raises
    :class:`~kindness_core.errors.ArchiveFormatError` when there is no
    heading, a heading's month or year cannot be read, or a month has two
    headings.
    """
    paragraphs = text_paragraphs(text) if isinstance(text, str) else text
    intro: list[Paragraph] = []
    found: list[tuple[Heading, list[Paragraph]]] = []
    for paragraph in paragraphs:
        heading = _heading(paragraph.text, paragraph.line)
        if heading is not None and found and not found[-1][1]:
            merged = _merge_date_line(found[-1][0], heading)
            if merged is not None:
                found[-1] = (merged, [])
                continue
        if heading is not None:
            found.append((heading, []))
        elif found:
            found[-1][1].append(paragraph)
        else:
            intro.append(paragraph)
    blocks = [Block(heading=h, paragraphs=tuple(p)) for h, p in found]
    if not blocks:
        raise ArchiveFormatError(
            "no conversation headings found: each conversation must start with a line "
            "such as 'February 2024 – Title' or 'September 2022'"
        )
    seen: dict[tuple[int, int], int] = {}
    for block in blocks:
        h = block.heading
        if (h.year, h.month) in seen:
            raise ArchiveFormatError(
                f"line {h.line}: a second conversation for {MONTHS[h.month - 1]} {h.year} "
                f"(the first is at line {seen[(h.year, h.month)]}): keep one heading per month"
            )
        seen[(h.year, h.month)] = h.line
    return tuple(intro), tuple(blocks)

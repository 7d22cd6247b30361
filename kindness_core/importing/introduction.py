"""The introduction of an archive page: the series' name, schedule, joining and description.

Everything before the first conversation heading.  :func:`read_introduction`
reads, in order:

* the **title**: the page's ``<h1>`` or ``<title>`` (saved HTML), else a
  first line that reads as a title (short, no sentence ending, not the
  schedule): the series' name, unless the caller gives one;
* the **list heading**: a short line just before the first conversation
  ("Past circles", "Previous cafés", "Archive"): the heading of the list,
  not part of the description;
* the **schedule**: the first sentence naming a weekday that
  :func:`~kindness_core.schedule.phrases.parse_schedule` reads;
* **joining**: the paragraph stating the schedule, else the first that says
  "join", "contact", "register" or "sign up";
* the **description**: every other paragraph.

Each line is recorded as a :class:`~kindness_core.importing.result.LineUse`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import KindnessInputError
from ..schedule.description import describe
from ..schedule.phrases import parse_schedule
from ..schedule.recurrence import Schedule
from ..series import Series, slugify
from .page import Paragraph
from .result import ArchiveWarning, LineUse, Use

__all__ = ["DEFAULT_SERIES_NAME", "Introduction", "read_introduction"]

#: The series' name when neither the caller nor the page gives one.
DEFAULT_SERIES_NAME = "Conversations for Kindness"
_TITLE_MAX = 90
_SCHEDULE_HINT = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b"
    r"|\b(?:first|second|third|fourth|last|[1-4](?:st|nd|rd|th)|every|each)\s+"
    r"(?:mon|tues?|weds?|thu(?:rs?)?|fri|sat|sun)\b",
    re.I,
)
#: A meeting time: "6pm", "6.30 p.m.", "18:00", "noon".
_TIME_HINT = re.compile(
    r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}[:.h]\d{2}\b|\bnoon\b|\bmidday\b",
    re.I,
)
#: Regional names a page may use alone, as North Americans do ("10am Eastern",
#: "6:30pm ET"); the schedule reader refuses them (they are ambiguous), so the
#: importer reads them as the US zone, and says so in a warning.  Seasonal
#: abbreviations ("EST", "PDT") stay refused: their offset is wrong half the year.
_REGIONAL_GUESSES = (
    (re.compile(r"\b(?:Eastern(?:\s+time)?|ET)\b(?!\s*\()"), "US Eastern time"),
    (re.compile(r"\b(?:Central(?:\s+time)?|CT)\b(?!\s*\()"), "US Central time"),
    (re.compile(r"\b(?:Pacific(?:\s+time)?|PT)\b(?!\s*\()"), "US Pacific time"),
)
#: A navigation or breadcrumb line: three or more short items between "|", ">", the
#: single and double right-pointing quotation marks, or a middle dot.
_SEPARATORS = "|>\u203a\u00bb\u00b7"
_NAVIGATION = re.compile(
    rf"^[^{_SEPARATORS}]{{1,40}}(?:\s*[{_SEPARATORS}]\s*[^{_SEPARATORS}]{{1,40}}){{2,}}$"
)
_JOIN_HINT = re.compile(r"\b(?:join|contact|register|sign up)\b", re.I)
#: Where a sentence ends: not after "p.m.", "a.m.", "St." or "U.K." ("at 6 p.m. Paris time").
_SENTENCE_RE = re.compile(r"(?<=[.?!])(?<![ap]\.m\.)(?<!\bSt\.)(?<!\.[KS]\.)\s+", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Introduction:
    """The series read from an introduction, and how each line was used."""

    series: Series
    uses: tuple[LineUse, ...]
    stated: bool = False  #: whether the page states the schedule (read, or not)


def _is_title_like(paragraph: Paragraph) -> bool:
    text = paragraph.text
    if paragraph.level is not None:
        return True
    return (
        len(text) <= _TITLE_MAX
        and not text.endswith((".", "!", "?", ",", ";", ":"))
        and not _TIME_HINT.search(text)
        and not re.search(r"https?://|@", text)
    )


def _guess_regional(sentence: str) -> tuple[str, str] | None:
    """``sentence`` with "Eastern"/"ET" written as "US Eastern time", and what was read."""
    for pattern, replacement in _REGIONAL_GUESSES:
        match = pattern.search(sentence)
        if match is not None:
            return sentence[: match.start()] + replacement + sentence[match.end() :], (
                f"read {match.group(0)!r} as {replacement}"
            )
    return None


def _read_sentence(sentence: str, line: int, warnings: list[ArchiveWarning]) -> Schedule | None:
    """The schedule one sentence states, a warning when it cannot be read."""
    try:
        return parse_schedule(sentence)
    except KindnessInputError as exc:
        guess = _guess_regional(sentence)
        if guess is not None:
            try:
                schedule = parse_schedule(guess[0])
            except KindnessInputError:
                pass
            else:
                warnings.append(
                    ArchiveWarning(
                        line=line,
                        message=f"{guess[1]} ({schedule.timezone}) in {sentence[:80]!r}: if "
                        "another zone is meant, give the schedule (--schedule 'first Monday "
                        "at 7pm Sydney time')",
                    )
                )
                return schedule
        warnings.append(
            ArchiveWarning(
                line=line,
                message=f"could not read the schedule in {sentence[:80]!r} ({exc}); "
                "using the default or the given schedule",
            )
        )
    return None


def _schedule_from(
    intro: tuple[Paragraph, ...], warnings: list[ArchiveWarning]
) -> tuple[Schedule | None, int | None]:
    """The schedule the introduction states, and the line that states it.

    Sentences that name a weekday and a time are tried first ("on the last
    Tuesday of the month at 12.30pm"), then those that name only a weekday.
    """
    sentences = [
        (paragraph.line, sentence)
        for paragraph in intro
        for sentence in _SENTENCE_RE.split(paragraph.text)
        if _SCHEDULE_HINT.search(sentence)
    ]
    timed = [item for item in sentences if _TIME_HINT.search(item[1])]
    for line, sentence in timed or sentences:
        schedule = _read_sentence(sentence, line, warnings)
        if schedule is not None:
            return schedule, line
    return None, None


def read_introduction(
    intro: tuple[Paragraph, ...],
    *,
    page_title: Paragraph | None = None,
    key: str | None,
    name: str | None,
    schedule: Schedule | None,
    warnings: list[ArchiveWarning],
) -> Introduction:
    """The series an introduction describes.

    ``page_title`` is the title of a saved HTML page (its ``<h1>`` or
    ``<title>``), if it has one.  ``name`` and ``key`` are the caller's, and
    win over the page's; ``schedule`` likewise.  The key defaults to the
    name's slug.
    """
    uses: list[LineUse] = []
    rest = []
    for paragraph in intro:
        if _NAVIGATION.match(paragraph.text) and not _TIME_HINT.search(paragraph.text):
            uses.append(LineUse(line=paragraph.line, use=Use.IGNORED, detail="navigation"))
        else:
            rest.append(paragraph)
    title = page_title
    if title is None and rest and _is_title_like(rest[0]):
        title = rest.pop(0)
    elif title is not None and rest and rest[0].text == title.text:
        rest.pop(0)  # the <h1>, also read as the first paragraph
    if title is not None:
        uses.append(LineUse(line=title.line, use=Use.SERIES_NAME, detail=title.text))
    if rest and _is_title_like(rest[-1]) and len(rest[-1].text) <= 40:
        heading = rest.pop()
        uses.append(LineUse(line=heading.line, use=Use.LIST_HEADING, detail=heading.text))
    stated, stated_line = _schedule_from(tuple(rest), warnings)
    if schedule is None:
        schedule = stated or Schedule()
    elif stated is not None and stated != schedule:
        warnings.append(
            ArchiveWarning(
                line=stated_line or 0,
                message=f"the page says {describe(stated)!r} but the given schedule is "
                f"{describe(schedule)!r}; the given schedule is used",
            )
        )
    joining = [p for p in rest if p.line == stated_line]
    if not joining:
        joining = [p for p in rest if _JOIN_HINT.search(p.text)][:1]
    description = [p for p in rest if p not in joining]
    for paragraph in joining:
        use = Use.SCHEDULE if paragraph.line == stated_line else Use.JOINING
        detail = describe(schedule) if use == Use.SCHEDULE else ""
        uses.append(LineUse(line=paragraph.line, use=use, detail=detail))
    uses.extend(LineUse(line=p.line, use=Use.DESCRIPTION) for p in description)
    name = name or (title.text if title is not None else DEFAULT_SERIES_NAME)
    key = key or slugify(name)[:60].strip("-") or "conversations"
    try:
        series = Series(key=key, name=name, schedule=schedule,
                        description="\n\n".join(p.text for p in description),
                        joining="\n\n".join(p.text for p in joining))  # fmt: skip
    except KindnessInputError as exc:
        raise KindnessInputError(f"cannot make the series: {exc}") from None
    return Introduction(series=series, uses=tuple(uses), stated=stated_line is not None)

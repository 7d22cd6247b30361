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
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I
)
_JOIN_HINT = re.compile(r"\b(?:join|contact|register|sign up)\b", re.I)
#: Where a sentence ends: not after "p.m.", "a.m.", "St." or "U.K." ("at 6 p.m. Paris time").
_SENTENCE_RE = re.compile(r"(?<=[.?!])(?<![ap]\.m\.)(?<!\bSt\.)(?<!\.[KS]\.)\s+", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class Introduction:
    """The series read from an introduction, and how each line was used."""

    series: Series
    uses: tuple[LineUse, ...]


def _is_title_like(paragraph: Paragraph) -> bool:
    text = paragraph.text
    if paragraph.level is not None:
        return True
    return (
        len(text) <= _TITLE_MAX
        and not text.endswith((".", "!", "?", ",", ";", ":"))
        and not _SCHEDULE_HINT.search(text)
        and not re.search(r"https?://|@", text)
    )


def _schedule_from(
    intro: tuple[Paragraph, ...], warnings: list[ArchiveWarning]
) -> tuple[Schedule | None, int | None]:
    """The schedule the introduction states, and the line that states it."""
    for paragraph in intro:
        for sentence in _SENTENCE_RE.split(paragraph.text):
            if not _SCHEDULE_HINT.search(sentence):
                continue
            try:
                return parse_schedule(sentence), paragraph.line
            except KindnessInputError as exc:
                warnings.append(
                    ArchiveWarning(
                        line=paragraph.line,
                        message=f"could not read the schedule in {sentence[:80]!r} ({exc}); "
                        "using the default or the given schedule",
                    )
                )
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
    rest = list(intro)
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
    return Introduction(series=series, uses=tuple(uses))

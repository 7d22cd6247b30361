"""One conversation's block of an archive page: its changes, summary, people and resources.

:func:`read_changes` reads what a block says about its meeting: moved
(the heading's own date, "Tuesday 28 January 2025 – …", when it is not the
schedule's date that month; or a line "moved to Wednesday 19 March"),
cancelled (a title "Cancelled (Easter)", an untitled month whose first line
is "No evening in December", a line "this month's session was called off")
or a line about another month ("The March circle was cancelled because …").

:func:`conversation_parts` reads the rest: the summary, the people
(:mod:`~kindness_core.importing.people`) and the resources a line announces
(:mod:`~kindness_core.importing.cues`) or links to (saved HTML,
:mod:`~kindness_core.importing.links`).  Every paragraph is recorded as a
:class:`~kindness_core.importing.result.LineUse`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from ..series import Person, Resource, ResourceKind, Role
from .changes import (
    Cancellation,
    NewDate,
    cancelled_title,
    is_change_only,
    read_cancellation,
    read_move,
)
from .links import is_link_line, link_resources
from .page import MAX_ARCHIVE_BYTES, Block, Paragraph, announced_resources, is_pure_cue
from .people import (
    Mention,
    announces_people,
    extract_people,
    is_people_line,
    label_role,
    merge_people,
)
from .result import ArchiveWarning, LineUse, Use

__all__ = ["MAX_PEOPLE", "SEPARATOR", "BlockChanges", "conversation_parts", "read_changes"]

#: Most names read for one conversation (more gives a warning).
MAX_PEOPLE = 200
_BULLET = re.compile(r"^(?:[–—•*→·▶►]+|-(?=\s))\s*")
_MOVE_HINT = re.compile(r"\b(?:moved|rescheduled|postponed|brought\s+forward|put\s+back)\b", re.I)
_MEETING_HINT = re.compile(
    r"\b(?:this|the|our)\s+(?:month|one|meeting|session|talk|café|cafe|circle|colloquium|"
    r"evening|event|conversation|gathering|night|seminar|webinar|call)\b|\bweek\s+(?:later|earlier)",
    re.I,
)
#: A line of decoration only (``---``, ``* * *``, ``~~~``): a separator, not text.
SEPARATOR = re.compile(r"^[\W_]+$")
_CANCEL_HINT = re.compile(r"\b(?:cancell?ed|cancel|called\s+off)\b", re.I)


@dataclass(frozen=True, slots=True, kw_only=True)
class BlockChanges:
    """What a block says about its meeting, beyond the meeting itself.

    ``cancelled`` is the reason (maybe "") when the block's month had no
    meeting (a cancellation title, or a month whose first line says so);
    ``cancelled_line`` a later line that says the month was cancelled (its
    conversation, described above that line, is kept, as cancelled).  ``move`` is the
    date a line gives (``move_line``); ``others`` are cancellations of other
    months the block's lines name; ``change_lines`` the lines that say
    nothing but a change.
    """

    cancelled: str | None = None
    dated_by_heading: bool = False
    cancelled_line: int | None = None
    move: NewDate | None = None
    move_line: int | None = None
    others: tuple[tuple[int, Cancellation], ...] = ()
    change_lines: frozenset[int] = frozenset()


def _text(paragraph: Paragraph) -> str:
    """A paragraph's words without a leading bullet ("– ", "• ", "→ ")."""
    return _BULLET.sub("", paragraph.text) or paragraph.text


def _own_month(found: Cancellation, block: Block) -> bool:
    heading = block.heading
    return (found.month is None or found.month == heading.month) and (
        found.year is None or found.year == heading.year
    )


def read_changes(block: Block, *, near: dt.date) -> BlockChanges:
    """What ``block`` says about moves and cancellations; ``near`` is the schedule's date."""
    heading = block.heading
    reason = cancelled_title(heading.title)
    change_lines: set[int] = set()
    cancelled_line = None
    others: list[tuple[int, Cancellation]] = []
    move: NewDate | None = None
    move_line = None
    for index, paragraph in enumerate(block.paragraphs):
        text = _text(paragraph)
        found = read_cancellation(text)
        if found is not None and _own_month(found, block):
            if reason is None and index == 0:  # "Jan 2025 – Title", then "CANCELLED – snow"
                reason = found.reason
            elif cancelled_line is None:
                cancelled_line = paragraph.line
            if is_change_only(text):
                change_lines.add(paragraph.line)
            continue
        if found is not None:
            others.append((paragraph.line, found))
            if is_change_only(text):
                change_lines.add(paragraph.line)
            continue
        new = read_move(text, near=near)
        if new is not None and move is None:
            move, move_line = new, paragraph.line
            if is_change_only(text):
                change_lines.add(paragraph.line)
    if reason is not None:  # every line of a month with no meeting is about that
        change_lines = {p.line for p in block.paragraphs}
    dated = heading.day is not None and (heading.year, heading.month, heading.day) != (
        near.year,
        near.month,
        near.day,
    )
    return BlockChanges(cancelled=reason, dated_by_heading=dated,
                        cancelled_line=cancelled_line, move=move,
                        move_line=move_line, others=tuple(others),
                        change_lines=frozenset(change_lines))  # fmt: skip


def _cue_resources(
    paragraph: Paragraph,
    resources: list[Resource],
    kinds: dict[ResourceKind, int],
    warnings: list[ArchiveWarning],
) -> list[Resource]:
    """The resources a paragraph gives: its links' (HTML), else those its words announce.

    A link fills the resource its words announced before ("Watch the
    conversation", then the player); words announcing a kind a link already
    gave add nothing.  The new resources are added to ``resources``.
    """
    linked = link_resources(paragraph)
    out = []
    for resource in linked:
        pending = next((i for i, r in enumerate(resources)
                        if r.kind == resource.kind and r.url is None), None)  # fmt: skip
        if pending is not None:
            resources[pending] = resource
        else:
            resources.append(resource)
        kinds.setdefault(resource.kind, paragraph.line)
        out.append(resource)
    if linked:
        return out
    for kind, title in announced_resources(paragraph.text):
        if kind in kinds and kind != ResourceKind.LINK:
            if any(r.kind == kind and r.url for r in resources):
                continue  # the words of a link given before
            warnings.append(
                ArchiveWarning(
                    line=paragraph.line,
                    message=f"a second {kind.value} for this conversation (the first "
                    f"is announced at line {kinds[kind]}) in {paragraph.text[:60]!r}: "
                    "it was left out",
                )
            )
            continue
        kinds[kind] = paragraph.line
        resource = Resource(kind=kind, title=title)
        resources.append(resource)
        out.append(resource)
    return out


def _unread_change(paragraph: Paragraph, changes: BlockChanges) -> str | None:
    """Why a summary line that speaks of a move or cancellation was not read as one."""
    text = paragraph.text
    moved = changes.move is not None or changes.dated_by_heading
    if not moved and _MOVE_HINT.search(text) and _MEETING_HINT.search(text):
        return "says the meeting moved but no new date was read"
    if (
        changes.cancelled_line is None
        and not changes.others
        and _CANCEL_HINT.search(text)
        and not announced_resources(text)
    ):
        return "speaks of a cancellation that was not read as one"
    return None


def conversation_parts(
    block: Block,
    key: str,
    changes: BlockChanges,
    warnings: list[ArchiveWarning],
    uses: list[LineUse],
) -> tuple[str, tuple[Person, ...], tuple[Resource, ...]]:
    """The summary, people and resources of a block, recording how each line was used."""
    summary: list[str] = []
    resources: list[Resource] = []
    kinds: dict[ResourceKind, int] = {}
    mentions: list[Mention] = []
    capped = False
    label: Role | None = None  # the part a label alone on its line ("Speakers:") gives the rows
    for index, paragraph in enumerate(block.paragraphs):
        if SEPARATOR.match(paragraph.text):
            uses.append(LineUse(line=paragraph.line, use=Use.IGNORED, conversation=key,
                                detail="separator"))  # fmt: skip
            continue
        if paragraph.line in changes.change_lines:
            detail = "moved" if paragraph.line == changes.move_line else "cancelled"
            uses.append(LineUse(line=paragraph.line, use=Use.CHANGE, conversation=key,
                                detail=detail))  # fmt: skip
            continue
        text = _text(paragraph)
        found = _cue_resources(paragraph, resources, kinds, warnings)
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
            people = extract_people(text, label=label)
            for mention in people:
                # Order people by paragraph, then by where the paragraph names them.
                position = index * (MAX_ARCHIVE_BYTES + 1) + mention.position
                mentions.append(replace(mention, position=position))
        detail = "; ".join(
            [f"{m.person.display_name} ({m.person.role.value})" for m in people]
            + [f"{r.kind.value} {r.url or '(pending)'}" for r in found]
        )
        listed = is_people_line(text, label=label)
        announced = label_role(text)
        label = announced if announced is not None else (label if people and listed else None)
        if found and (is_pure_cue(paragraph.text) or is_link_line(paragraph)):
            use = Use.RESOURCE
        elif listed and (people or announced is not None):
            use = Use.PEOPLE
        else:
            use = Use.SUMMARY
            summary.append(text)
            trigger = announces_people(text)
            unread = _unread_change(paragraph, changes)
            if trigger and not people and not capped:
                warnings.append(
                    ArchiveWarning(
                        line=paragraph.line,
                        message=f"no person found in {text[:60]!r} although it says "
                        f"{trigger!r}: kept in the summary; add the people in the admin",
                    )
                )
            elif unread is not None:
                warnings.append(
                    ArchiveWarning(
                        line=paragraph.line,
                        message=f"{text[:60]!r} {unread}: kept in the summary; correct "
                        "the date in the admin if it moved or was cancelled",
                    )
                )
            if paragraph.line == changes.move_line:
                detail = "; ".join(filter(None, [detail, "moved"]))
        uses.append(LineUse(line=paragraph.line, use=use, conversation=key, detail=detail))
    persons = _without_short_forms(tuple(m.person for m in merge_people(mentions)))
    return "\n\n".join(summary), persons, tuple(resources)


def _without_short_forms(people: tuple[Person, ...]) -> tuple[Person, ...]:
    """``people`` without a name that is the start of another's ("Thi Hoa" of "Thi Hoa Nguyen").

    A page names a speaker in full once, then by their first names ("Thi Hoa
    explained…"): that is the same person, not another.
    """
    names = [person.name.split() for person in people]
    return tuple(
        person
        for person, words in zip(people, names, strict=True)
        if not any(len(other) > len(words) and other[: len(words)] == words for other in names)
    )

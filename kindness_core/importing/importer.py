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
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace

from ..archive import Archive
from ..errors import ArchiveFormatError, KindnessInputError
from ..schedule.description import describe
from ..schedule.phrases import parse_schedule
from ..schedule.recurrence import Occurrence, Schedule
from ..series import Conversation, Person, Resource, ResourceKind, Series, Status
from .aliases import likely_duplicates, normalise_aliases, resolve_alias
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
)
from .people import Mention, extract_people, merge_people
from .result import ArchiveWarning, ImportResult, LikelyDuplicate

__all__ = ["MAX_PEOPLE", "import_archive"]

#: Most names read for one conversation (more gives a warning).
MAX_PEOPLE = 200
_SCHEDULE_HINT = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)s?\b", re.I
)
_JOIN_HINT = re.compile(r"\b(?:join|contact|register|sign up)\b", re.I)
#: Where a sentence ends: not after "p.m.", "a.m.", "St." or "U.K." ("at 6 p.m. Paris time").
_SENTENCE_RE = re.compile(r"(?<=[.?!])(?<![ap]\.m\.)(?<!\bSt\.)(?<!\.[KS]\.)\s+", re.I)


def _schedule_from_intro(
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


def _series(
    intro: tuple[Paragraph, ...],
    *,
    key: str,
    name: str,
    schedule: Schedule | None,
    warnings: list[ArchiveWarning],
) -> Series:
    stated, stated_line = _schedule_from_intro(intro, warnings)
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
    joining = [p.text for p in intro if p.line == stated_line]
    if not joining:
        joining = [p.text for p in intro if _JOIN_HINT.search(p.text)][:1]
    description = [p.text for p in intro if p.text not in joining]
    try:
        return Series(key=key, name=name, schedule=schedule,
                      description="\n\n".join(description),
                      joining="\n\n".join(joining))  # fmt: skip
    except KindnessInputError as exc:
        raise KindnessInputError(f"cannot make the series: {exc}") from None


def _conversation_parts(
    block: Block, warnings: list[ArchiveWarning]
) -> tuple[str, tuple[Person, ...], tuple[Resource, ...]]:
    summary: list[str] = []
    resources: list[Resource] = []
    kinds: dict[ResourceKind, int] = {}
    mentions: list[Mention] = []
    capped = False
    for index, paragraph in enumerate(block.paragraphs):
        announced = announced_resources(paragraph.text)
        for kind, title in announced:
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
            resources.append(Resource(kind=kind, title=title))
        if not announced or not is_pure_cue(paragraph.text):
            summary.append(paragraph.text)
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
            continue
        for mention in extract_people(paragraph.text):
            # Order people by paragraph, then by where the paragraph names them.
            position = index * (MAX_ARCHIVE_BYTES + 1) + mention.position
            mentions.append(replace(mention, position=position))
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


def _apply_aliases(
    conversations: list[Conversation],
    aliases: dict[str, str],
    warnings: list[ArchiveWarning],
) -> list[Conversation]:
    if not aliases:
        return conversations
    used: set[str] = set()
    out = []
    for conversation in conversations:
        people = []
        for person in conversation.people:
            renamed, applied = resolve_alias(person, aliases)
            if applied:
                used.add(person.name.casefold())
            people.append(renamed)
        merged = []
        seen: set[str] = set()
        for person in people:  # an alias may make two people of one month one
            if person.key not in seen:
                seen.add(person.key)
                merged.append(person)
        out.append(replace(conversation, people=tuple(merged)))
    for name in sorted(set(aliases) - used):
        warnings.append(
            ArchiveWarning(line=0, message=f"the alias for {name!r} matched no one in the archive")
        )
    return out


def _duplicates(
    conversations: list[Conversation],
    lines: Mapping[str, int],
    warnings: list[ArchiveWarning],
) -> tuple[LikelyDuplicate, ...]:
    counts: Counter[str] = Counter()
    where: dict[str, list[str]] = {}
    for conversation in sorted(conversations, key=lambda c: c.start):
        for person in conversation.people:
            counts[person.name] += 1
            where.setdefault(person.name, []).append(conversation.key)
    found = []
    for keep, other in likely_duplicates(counts):
        keys = tuple(sorted(set(where[keep]) | set(where[other])))
        found.append(LikelyDuplicate(keep=keep, other=other, conversations=keys))
        warnings.append(
            ArchiveWarning(
                line=lines[where[other][0]],
                message=f"{other!r} ({', '.join(where[other])}) and {keep!r} "
                f"({', '.join(where[keep])}) look like the same person: to merge them pass "
                f"aliases={{{other!r}: {keep!r}}} (command line: --alias '{other}={keep}')",
            )
        )
    return tuple(found)


def _missing(
    archive: Archive, lines: Mapping[str, int], warnings: list[ArchiveWarning]
) -> tuple[Occurrence, ...]:
    missing = archive.missing()
    for occurrence in missing:
        older = [c for c in archive.conversations if c.start < occurrence.start]
        line = lines[older[0].key] if older else 0
        warnings.append(
            ArchiveWarning(
                line=line,
                message=f"no conversation for {occurrence.start:%B %Y}, although the "
                f"schedule has a meeting on {occurrence.start:%A %d %B %Y at %H:%M %Z}: "
                "add it, or record the month as a skip in the schedule",
            )
        )
    return missing


def import_archive(
    text: str | bytes,
    *,
    series_key: str = "conversations-for-kindness",
    series_name: str = "Conversations for Kindness",
    schedule: Schedule | None = None,
    aliases: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Read the text of an archive page into a series and its conversations.

    ``schedule`` overrides the schedule the page states (or the default,
    third Thursday at 18:00 Europe/London).  ``aliases`` maps a name to the
    name to keep (``{"Gabby Matthews": "Gabrielle Matthews"}``).  With an
    aware ``now``, conversations that start at or after it are *scheduled*;
    without it all are *held*.

    Raises :class:`~kindness_core.errors.ArchiveFormatError` (a
    ``ValueError``) with a one-line message when the text is not an archive
    page: empty, binary, larger than
    :data:`~kindness_core.importing.page.MAX_ARCHIVE_BYTES`, without headings,
    or with a heading whose month or year cannot be read.
    Nothing is returned half-built.
    """
    if now is not None and (not isinstance(now, dt.datetime) or now.utcoffset() is None):
        raise KindnessInputError("now must be an aware datetime, e.g. datetime.now(UTC)")
    if schedule is not None and not isinstance(schedule, Schedule):
        raise KindnessInputError("schedule must be a kindness_core.Schedule (or None)")
    alias_map = normalise_aliases(aliases)
    body = check_archive_text(text)
    warnings: list[ArchiveWarning] = []
    intro, blocks = read_page(body)
    series = _series(intro, key=series_key, name=series_name, schedule=schedule,
                     warnings=warnings)  # fmt: skip
    conversations: list[Conversation] = []
    lines: dict[str, int] = {}
    for block in blocks:
        heading = block.heading
        occurrence = _start(series.schedule, heading, warnings)
        if not block.paragraphs:
            warnings.append(
                ArchiveWarning(line=heading.line, message="this conversation has no text")
            )
        summary, people, resources = _conversation_parts(block, warnings)
        key = series.conversation_key(heading.year, heading.month)
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
    conversations = _apply_aliases(conversations, alias_map, warnings)
    duplicates = _duplicates(conversations, lines, warnings)
    archive = Archive(series=series, conversations=tuple(conversations))
    missing = _missing(archive, lines, warnings)
    return ImportResult(
        series=series,
        conversations=archive.conversations,
        warnings=tuple(sorted(warnings, key=lambda w: (w.line, w.message))),
        missing=missing,
        duplicates=duplicates,
    )

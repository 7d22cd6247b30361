"""Finish an import: aliases, likely duplicates, missing meetings, the result.

Every reader (an archive page's text or saved HTML,
:mod:`~kindness_core.importing.importer`; a spreadsheet,
:mod:`~kindness_core.importing.spreadsheet`) builds a series and its
conversations, then hands them to :func:`finish`, which applies the
caller's aliases, reports names that probably mean one person and meetings
due with no conversation, and returns the :class:`ImportResult`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..archive import Archive
from ..schedule.recurrence import Occurrence
from ..series import Conversation, Series
from .aliases import likely_duplicates, resolve_alias
from .result import ArchiveWarning, ImportResult, LikelyDuplicate, LineUse

__all__ = ["finish"]


def _apply_aliases(
    conversations: Sequence[Conversation],
    aliases: Mapping[str, str],
    warnings: list[ArchiveWarning],
) -> list[Conversation]:
    if not aliases:
        return list(conversations)
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
    conversations: Sequence[Conversation],
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
                line=lines.get(where[other][0], 0),
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
        line = lines.get(older[0].key, 0) if older else 0
        warnings.append(
            ArchiveWarning(
                line=line,
                message=f"no conversation for {occurrence.start:%B %Y}, although the "
                f"schedule has a meeting on {occurrence.start:%A %d %B %Y at %H:%M %Z}: "
                "add it, or record the month as a skip in the schedule",
            )
        )
    return missing


def finish(
    series: Series,
    conversations: Sequence[Conversation],
    *,
    lines: Mapping[str, int],
    aliases: Mapping[str, str],
    warnings: list[ArchiveWarning],
    uses: Sequence[LineUse] = (),
    source: str = "text",
) -> ImportResult:
    """The :class:`ImportResult` of a read series and its conversations.

    ``lines`` maps a conversation's key to the line it starts on (the
    warnings about it point there); ``aliases`` is the caller's map, checked
    by :func:`~kindness_core.importing.aliases.normalise_aliases`;
    ``warnings`` are the reader's, to which these are added; ``uses`` say
    how each line was used.
    """
    conversations = _apply_aliases(conversations, aliases, warnings)
    duplicates = _duplicates(conversations, lines, warnings)
    archive = Archive(series=series, conversations=tuple(conversations))
    missing = _missing(archive, lines, warnings)
    return ImportResult(
        series=series,
        conversations=archive.conversations,
        warnings=tuple(sorted(warnings, key=lambda w: (w.line, w.message))),
        missing=missing,
        duplicates=duplicates,
        lines=tuple(sorted(uses, key=lambda u: u.line)),
        source=source,
    )

"""The import's report: what was found per conversation, and which lines were not understood.

:func:`format_report` turns an :class:`~kindness_core.importing.result.ImportResult`
into plain text a reviewer can check in a minute (``kindness import
--report``; the plugin's ``kindness_import --dry-run`` prints the same
before anything is saved)::

    Series: Riverside Listening Circles (riverside-listening-circles)
      last Tuesday of the month at 12:30 (Europe/London)
      line 1   series name   Riverside Listening Circles
      line 3   schedule      last Tuesday of the month at 12:30 …

    2025-01  Tuesday 28 January 2025, 12:30 GMT  Listening across generations  (line 12)
      people     Dr Amira Haddad (speaker; consultant geriatrician, Riverside Hospital)
      resources  summary (no address yet)
      line 13  people       Dr Amira Haddad (speaker)
      line 15  resource     summary (pending)
      line 16  warning       no person found in 'With contributions from …' …

With the input ``text``, every non-blank line that is neither used nor
warned about is listed at the end as *unaccounted* (there should be none).
"""

from __future__ import annotations

from collections import defaultdict

from ..schedule.description import describe
from ..series import Conversation
from .cleaning import split_lines
from .result import ArchiveWarning, ImportResult, LineUse

__all__ = ["format_report", "unaccounted_lines"]


def unaccounted_lines(result: ImportResult, text: str) -> tuple[int, ...]:
    """The non-blank lines of ``text`` the result neither used nor warned about."""
    known = {use.line for use in result.lines} | {w.line for w in result.warnings}
    return tuple(
        number
        for number, line in enumerate(split_lines(text), start=1)
        if line.strip() and number not in known
    )


def _use_line(use: LineUse) -> str:
    return f"  line {use.line:<5} {use.use.value:<13} {use.detail}".rstrip()


def _warning_line(warning: ArchiveWarning) -> str:
    where = f"line {warning.line:<5}" if warning.line else "          "
    return f"  {where} warning      {warning.message}"


def _person(conversation: Conversation) -> str:
    out = []
    for person in conversation.people:
        details = "; ".join(
            part
            for part in (
                person.role.value,
                ", ".join(p for p in (person.job_title, person.organisation) if p),
            )
            if part
        )
        out.append(f"{person.display_name} ({details})")
    return ", ".join(out) or "none found"


def _resources(conversation: Conversation) -> str:
    return (
        ", ".join(
            f"{r.kind.value} {r.url}" if r.url else f"{r.kind.value} (no address yet)"
            for r in conversation.resources
        )
        or "none"
    )


def format_report(result: ImportResult, text: str | None = None) -> str:
    """The report of an import, as plain text (see the module's docstring).

    ``text`` is the input as read (for a text or CSV import): with it, the
    report ends with the lines nothing accounts for.
    """
    series = result.series
    by_conversation: dict[str | None, list[LineUse]] = defaultdict(list)
    for use in result.lines:
        by_conversation[use.conversation].append(use)
    headings = {
        use.conversation: use.line
        for use in result.lines
        if use.conversation is not None
        and use.line == min(u.line for u in by_conversation[use.conversation])
    }
    ranges = sorted((line, key) for key, line in headings.items() if key is not None)
    warned: dict[str | None, list[ArchiveWarning]] = defaultdict(list)
    for warning in result.warnings:
        owner = None
        for line, key in ranges:
            if warning.line >= line:
                owner = key
        warned[owner if warning.line else None].append(warning)
    out = [
        f"Series: {series.name} ({series.key}), read from {result.source}",
        f"  {describe(series.schedule)}",
    ]
    out += [_use_line(u) for u in by_conversation[None]]
    out += [_warning_line(w) for w in warned[None]]
    for conversation in sorted(result.conversations, key=lambda c: headings.get(c.key, 0)):
        start = conversation.start
        line = headings.get(conversation.key, 0)
        month = conversation.key.rsplit("/", 1)[-1]
        moved = (
            f" (moved from {conversation.previous_start:%d %B})"
            if conversation.previous_start is not None
            else ""
        )
        out += [
            "",
            f"{month}  {start:%A %d %B %Y, %H:%M %Z}{moved}  {conversation.display_title}"
            f"  (line {line})",
            f"  people     {_person(conversation)}",
            f"  resources  {_resources(conversation)}",
        ]
        out += [_use_line(u) for u in by_conversation[conversation.key]]
        out += [_warning_line(w) for w in warned[conversation.key]]
    counts = (
        (len(result.conversations), "conversation", "conversations"),
        (sum(len(c.people) for c in result.conversations), "person", "people"),
        (sum(len(c.resources) for c in result.conversations), "resource", "resources"),
        (len(result.warnings), "warning", "warnings"),
    )
    summary = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts)
    out += ["", summary]
    if text is not None:
        silent = unaccounted_lines(result, text)
        out.append(
            "every line accounted for"
            if not silent
            else "lines neither used nor warned about: " + ", ".join(map(str, silent))
        )
    return "\n".join(out) + "\n"

"""``kindness ics FILE.json``: the iCalendar feed of a core JSON document.

Registered on the ``kindness`` command line through
:data:`kindness_core.cli.app.EXTRA_COMMANDS`.  This is the edge of the program:
it reads the file and the clock (for ``DTSTAMP``) and passes both into
:func:`~kindness_core.formats.ical.to_ics`.  The ICS goes to stdout, the document's
warnings to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys

from ..errors import KindnessInputError
from ..formats.ical import (
    DEFAULT_UID_DOMAIN,
    DEFAULT_WORDS,
    CalendarWords,
    conversation_calendar,
    to_ics,
)
from ..formats.jsonio import MAX_DOCUMENT_BYTES, load_document
from .common import (
    add_locale_option,
    add_output_option,
    check_output,
    locale_option,
    moment_option,
    read_input_file,
    write_output,
)

__all__ = ["cmd_ics", "read_document_file", "register_ics"]


def read_document_file(name: str) -> bytes:
    """The bytes of a JSON document (``-`` is standard input), size-checked."""
    return read_input_file(name, limit=MAX_DOCUMENT_BYTES, what="the JSON document file")


def _until(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KindnessInputError(f"--until {value!r} is not a date: use YYYY-MM-DD") from None


def cmd_ics(args: argparse.Namespace) -> int:
    """Run ``kindness ics``; returns the exit status (0)."""
    check_output(args.output)
    locale = locale_option(args.locale)
    words = DEFAULT_WORDS if args.locale is None else CalendarWords.in_locale(locale)
    until = _until(args.until)
    data = read_document_file(args.file)
    try:
        archive, warnings = load_document(data)
    except KindnessInputError as exc:
        raise KindnessInputError(f"{args.file}: {exc}") from None
    now = moment_option("--now", args.now, archive.series.schedule.timezone)
    if args.conversation is not None:
        try:
            conversation = archive.get(args.conversation)
        except KeyError:
            keys = ", ".join(c.key for c in archive.conversations[:3])
            raise KindnessInputError(
                f"no conversation {args.conversation!r} in {args.file}"
                + (f": use a key such as {keys}" if keys else "")
            ) from None
        ics = conversation_calendar(
            archive.series, conversation, now=now, uid_domain=args.uid_domain, words=words
        )
    else:
        ics = to_ics(archive, now=now, until=until, uid_domain=args.uid_domain, words=words)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    write_output(args.output, ics)
    return 0


def register_ics(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``ics`` sub-command to the ``kindness`` parser."""
    p = sub.add_parser(
        "ics",
        help="print the iCalendar feed of a JSON document (from 'kindness import --json')",
        description="Print the series of a kindness_core JSON document as an iCalendar "
        "feed: one recurring event, each recorded conversation as an override.  "
        "Warnings go to stderr.",
    )
    p.add_argument("file", help="the JSON document ('-' reads standard input)")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="end the feed on this local date")
    add_output_option(p)
    add_locale_option(p, "the dates and month titles of the calendar")
    p.add_argument(
        "--conversation",
        metavar="KEY",
        help="print a one-event file for this conversation instead "
        "(e.g. conversations-for-kindness/2023-10)",
    )
    p.add_argument(
        "--now",
        metavar="WHEN",
        help="ISO date-time written as DTSTAMP (default: the real clock)",
    )
    p.add_argument(
        "--uid-domain",
        default=DEFAULT_UID_DOMAIN,
        metavar="DOMAIN",
        help="right-hand side of the UIDs (default: wagtail-kindness)",
    )
    p.set_defaults(func=cmd_ics)

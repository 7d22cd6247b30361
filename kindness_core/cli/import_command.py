"""``kindness import FILE``: read an archive (page text, saved HTML, CSV), print it or its JSON.

Registered on the ``kindness`` command line through
:data:`kindness_core.cli.app.EXTRA_COMMANDS`.  This is the edge of the program:
it reads the file and the clock and passes both into
:func:`~kindness_core.importing.importer.import_archive`.
"""

from __future__ import annotations

import argparse
import sys

from ..errors import ArchiveFormatError
from ..formats.jsonio import dumps
from ..importing.aliases import parse_aliases
from ..importing.importer import FORMATS, import_archive
from ..importing.page import MAX_ARCHIVE_BYTES
from ..importing.report import format_report
from ..importing.result import ImportResult
from ..schedule.phrases import parse_schedule
from ..series import Conversation
from .common import (
    add_output_option,
    check_output,
    moment_option,
    read_input_file,
    write_output,
)

__all__ = ["cmd_import", "read_archive_file", "register_import"]


def read_archive_file(name: str) -> bytes:
    """The bytes of an archive file (``-`` is standard input), size-checked."""
    return read_input_file(
        name, limit=MAX_ARCHIVE_BYTES, what="the archive text file", error=ArchiveFormatError
    )


def _line(conversation: Conversation) -> str:
    start = conversation.start
    people = ", ".join(p.display_name for p in conversation.people)
    resources = ", ".join(
        r.kind.value + (" (pending)" if r.pending else "") for r in conversation.resources
    )
    parts = [f"{start:%Y-%m-%d %H:%M} {start.tzname()}", conversation.display_title]
    if people:
        parts.append(f"with {people}")
    if resources:
        parts.append(f"[{resources}]")
    return "  ".join(parts)


#: ``--format auto`` reads these file name endings as their format.
_EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".html": "html", ".htm": "html"}


def _format(option: str, name: str) -> str:
    if option != "auto":
        return option
    suffix = name[name.rfind(".") :].lower() if "." in name.rsplit("/", 1)[-1] else ""
    return _EXTENSIONS.get(suffix, "auto")


def _print(result: ImportResult, *, as_json: bool, output: str | None, report: str | None) -> None:
    if report is not None:  # the report names every warning itself
        to_stderr = as_json and output is None
        print(report, end="", file=sys.stderr if to_stderr else sys.stdout)
        if not as_json:
            return
    else:
        for warning in result.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    if as_json:
        text = dumps(result) + "\n"
    else:
        text = "".join(_line(conversation) + "\n" for conversation in result.conversations)
    write_output(output, text.encode("utf-8"))


def cmd_import(args: argparse.Namespace) -> int:
    """Run ``kindness import``; returns the exit status (0)."""
    check_output(args.output)
    schedule = parse_schedule(args.schedule) if args.schedule is not None else None
    aliases = parse_aliases(args.alias)
    now = moment_option("--now", args.now, schedule.timezone if schedule else "Europe/London")
    data = read_archive_file(args.file)
    try:
        result = import_archive(
            data,
            format=_format(args.format, args.file),
            series_key=args.series_key,
            series_name=args.series_name,
            schedule=schedule,
            aliases=aliases,
            now=now,
        )
    except ArchiveFormatError as exc:
        raise ArchiveFormatError(f"{args.file}: {exc}") from None
    report = None
    if args.report:
        text = data.decode("utf-8-sig", errors="replace") if result.source != "html" else None
        report = format_report(result, text)
    _print(result, as_json=args.json, output=args.output, report=report)
    return 0


def register_import(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``import`` sub-command to the ``kindness`` parser."""
    p = sub.add_parser(
        "import",
        help="read an archive (page text, saved HTML page or CSV) into conversations",
        description="Read an archive into a series and its conversations: the text of an "
        "archive page (headings such as 'February 2024 – Title'), the page saved from a "
        "browser as HTML (its links become resources), or a spreadsheet saved as CSV "
        "('kindness template csv' prints the columns).  Warnings go to stderr.",
    )
    p.add_argument(
        "file",
        help="the archive: UTF-8 text, HTML or CSV, or UTF-16 with a byte order mark "
        "('-' reads standard input)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="auto",
        help="what the file is (default: auto, from its name and its content)",
    )
    p.add_argument("--json", action="store_true", help="print the JSON document (version 1)")
    p.add_argument(
        "--report",
        action="store_true",
        help="print, per conversation, what was found and each line's use, and the lines "
        "not understood (to stderr when the JSON goes to standard output)",
    )
    add_output_option(p)
    p.add_argument(
        "--alias",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="treat the name OLD as NEW, e.g. 'Gabby Matthews=Gabrielle Matthews' (repeatable)",
    )
    p.add_argument(
        "--schedule",
        metavar="TEXT",
        help="the series schedule, e.g. 'third Thursday of the month at 6pm UK time' "
        "(default: what the page says, else that)",
    )
    p.add_argument(
        "--series-name",
        metavar="NAME",
        help="the series' name (default: the page's title, else 'Conversations for Kindness')",
    )
    p.add_argument(
        "--series-key", metavar="SLUG", help="the series' key (default: the name's slug)"
    )
    p.add_argument(
        "--now",
        metavar="WHEN",
        help="ISO date-time that decides held or scheduled (default: the real clock)",
    )
    p.set_defaults(func=cmd_import)

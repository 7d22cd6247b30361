"""The ``kindness`` command line: the parser, :func:`main`, ``next`` and ``describe``.

``kindness import``, ``kindness ics`` and ``kindness template`` are added
from :mod:`~kindness_core.cli.import_command`,
:mod:`~kindness_core.cli.ics_command` and
:mod:`~kindness_core.cli.template_command` (:data:`EXTRA_COMMANDS`).

Output is human text, or JSON with ``--json``.  Warnings go to stderr.
Exit status: 0 on success, 2 on bad input with a one-line message on stderr
(never a traceback for bad input).  The clock is read here, at the edge,
and passed into the library.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from .. import __version__
from ..errors import KindnessError, KindnessInputError
from ..schedule.dates import format_when, is_english
from ..schedule.description import describe, schedule_warnings
from ..schedule.phrases import parse_schedule
from ..schedule.recurrence import Occurrence, Schedule
from ..schedule.zones import get_zone
from .common import add_locale_option, locale_option, moment_option
from .ics_command import register_ics
from .import_command import register_import
from .template_command import register_template

__all__ = ["DEFAULT_SCHEDULE", "EXTRA_COMMANDS", "build_parser", "main"]

#: The schedule of ``kindness next`` without ``--schedule``.
DEFAULT_SCHEDULE = "third Thursday of every month at 6pm UK time"


class UsageError(Exception):
    """Bad command-line usage: reported in one line, exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _one_line(error: BaseException) -> str:
    """The message on one line, whatever it holds (a path, a quoted input)."""
    return " ".join(str(error).split())


def _occurrence_json(occ: Occurrence, zones: Sequence[str]) -> dict[str, object]:
    return {
        "start": occ.start.isoformat(),
        "end": occ.end.isoformat(),
        "utc": occ.utc.isoformat().replace("+00:00", "Z"),
        "timezone": occ.start.tzinfo.key,  # type: ignore[union-attr]
        "kind": occ.kind.value,
        "in_zones": {zone: occ.in_zone(zone).isoformat() for zone in zones},
    }


def _occurrence_text(occ: Occurrence, zones: Sequence[str], locale: str) -> str:
    if not is_english(locale):
        line = format_when(occ.start, str(occ.start.tzinfo), locale)
        return "".join([line, *(f"  |  {format_when(occ.start, z, locale)}" for z in zones)])
    line = f"{occ.start:%a %d %b %Y %H:%M} {occ.start.tzname()} ({occ.start.tzinfo})"
    for zone in zones:
        other = occ.in_zone(zone)
        line += f"  |  {other:%a %d %b %H:%M} {other.tzname()} ({zone})"
    return line


def _emit_warnings(schedule: Schedule) -> None:
    for message in schedule_warnings(schedule):
        print(f"warning: {message}", file=sys.stderr)


def cmd_next(args: argparse.Namespace) -> int:
    locale = locale_option(args.locale)
    schedule = parse_schedule(args.schedule)
    for zone in args.tz:
        get_zone(zone)
    _emit_warnings(schedule)
    after = moment_option("--after", args.after, schedule.timezone)
    found = schedule.upcoming(after=after, count=args.count)
    if args.json:
        payload = {
            "schedule": _schedule_json(schedule, locale),
            "after": after.isoformat(),
            "occurrences": [_occurrence_json(o, args.tz) for o in found],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(describe(schedule, locale=locale))
        for occ in found:
            print(_occurrence_text(occ, args.tz, locale))
    return 0


def _schedule_json(schedule: Schedule, locale: str) -> dict[str, object]:
    return {
        "rrule": schedule.to_rfc5545(),
        "rule": schedule.rule,
        "time": schedule.time.strftime("%H:%M"),
        "timezone": schedule.timezone,
        "description": describe(schedule, locale=locale),
    }


def cmd_describe(args: argparse.Namespace) -> int:
    locale = locale_option(args.locale)
    schedule = parse_schedule(args.text)
    _emit_warnings(schedule)
    after = moment_option("--after", args.after, schedule.timezone)
    found = schedule.upcoming(after=after, count=3)
    if args.json:
        payload = {
            **_schedule_json(schedule, locale),
            "warnings": list(schedule_warnings(schedule)),
            "next": [_occurrence_json(o, []) for o in found],
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        print(schedule.to_rfc5545())
        print(describe(schedule, locale=locale))
        for occ in found:
            print(_occurrence_text(occ, [], locale))
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``kindness`` and of every sub-command."""
    parser = _Parser(prog="kindness", description="Recurring conversation series: "
                     "schedules, archive import and calendar/JSON output.")  # fmt: skip
    parser.add_argument("--version", action="version", version=f"kindness {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    p = sub.add_parser("next", help="list the next meetings of a schedule")
    p.add_argument("--schedule", default=DEFAULT_SCHEDULE,
                   help=f"phrase or RRULE (default: {DEFAULT_SCHEDULE!r})")  # fmt: skip
    p.add_argument("--count", type=int, default=3, help="how many meetings (default 3)")
    p.add_argument("--after", help="list meetings after this ISO date (default: now)")
    p.add_argument("--tz", action="append", default=[], metavar="ZONE",
                   help="also show each time in this IANA zone (repeatable)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print JSON")
    add_locale_option(p, "the schedule and the dates")
    p.set_defaults(func=cmd_next)

    p = sub.add_parser("describe", help="normalise a schedule and describe it in words")
    p.add_argument("text", help="phrase or RRULE text")
    p.add_argument("--after", help="show the next dates after this ISO date (default: now)")
    p.add_argument("--json", action="store_true", help="print JSON")
    add_locale_option(p, "the schedule and the dates")
    p.set_defaults(func=cmd_describe)

    for register in EXTRA_COMMANDS:
        register(sub)
    return parser


#: Functions that add further sub-commands (import, ics, template) to the parser.
EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []  # type: ignore[type-arg]
EXTRA_COMMANDS.append(register_import)
EXTRA_COMMANDS.append(register_ics)
EXTRA_COMMANDS.append(register_template)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if getattr(args, "count", 1) is not None and getattr(args, "count", 1) < 1:
            raise UsageError("--count must be 1 or more")
        return int(args.func(args))
    except (UsageError, KindnessInputError) as exc:
        print(f"kindness: error: {_one_line(exc)}", file=sys.stderr)
        return 2
    except KindnessError as exc:  # pragma: no cover - defensive
        print(f"kindness: error: {_one_line(exc)}", file=sys.stderr)
        return 1
    except SystemExit as exc:  # --help and --version print, then stop here
        return exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

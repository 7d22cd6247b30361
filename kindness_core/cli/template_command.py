"""``kindness template [NAME]``: print a template to fill in (``csv``: a spreadsheet).

Registered on the ``kindness`` command line through
:data:`kindness_core.cli.app.EXTRA_COMMANDS`.  ``kindness template`` lists
the templates; ``kindness template csv`` prints the spreadsheet template of
:mod:`kindness_core.importing.spreadsheet` (its header row and one invented
example row) to standard output, or with ``-o FILE`` writes it to a file,
with a UTF-8 byte order mark so that Excel opens it as UTF-8 and saves it
back as CSV UTF-8.  ``kindness import FILE.csv`` reads it.
"""

from __future__ import annotations

import argparse
import codecs

from ..errors import KindnessInputError
from ..importing.spreadsheet import template_text
from .common import add_output_option, check_output, write_output

__all__ = ["TEMPLATES", "cmd_template", "register_template"]

#: The templates ``kindness template`` prints, and what each is for.
TEMPLATES = {
    "csv": "a spreadsheet of conversations, one row each (date, time, title, people, "
    "addresses of the summary, recording, slides and audio, themes, description): "
    "fill it in, then 'kindness import FILE.csv'",
}


def cmd_template(args: argparse.Namespace) -> int:
    """Run ``kindness template``; returns the exit status (0)."""
    if args.name is None:
        check_output(args.output)
        listing = "".join(f"{name}  {what}\n" for name, what in TEMPLATES.items())
        write_output(args.output, listing.encode("utf-8"))
        return 0
    name = args.name.strip().lower().removeprefix(".")
    if name not in TEMPLATES:
        raise KindnessInputError(
            f"unknown template {args.name!r}: use one of {', '.join(TEMPLATES)} "
            "('kindness template' lists them)"
        )
    check_output(args.output)
    data = template_text().encode("utf-8")
    if args.output not in (None, "-"):
        data = codecs.BOM_UTF8 + data
    write_output(args.output, data)
    return 0


def register_template(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``template`` sub-command to the ``kindness`` parser."""
    p = sub.add_parser(
        "template",
        help="print a template to fill in: 'kindness template csv' (a spreadsheet)",
        description="Print a template to fill in and import: 'csv' is a spreadsheet of "
        "conversations, one row each, read by 'kindness import FILE.csv'.  Without a name, "
        "list the templates.",
    )
    p.add_argument("name", nargs="?", metavar="NAME", help="the template: csv")
    add_output_option(p)
    p.set_defaults(func=cmd_template)

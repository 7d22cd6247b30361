"""``manage.py kindness_forget EMAIL [--export FILE]``: a person's data, exported and erased.

Every registration of the address (in every series), with its places and the
ledger of its mails (:mod:`wagtail_kindness.joining.forget`).  ``--export``
first writes them as JSON to FILE (``-``: standard output).  It prints
counts only; an invalid address is one line on standard error and exit
status 2.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from wagtail_kindness.joining import forget


class Command(BaseCommand):
    help = "Export (optionally) and erase everything kept about one email address."

    def add_arguments(self, parser):
        parser.add_argument("email", help="the person's email address")
        parser.add_argument(
            "--export", metavar="FILE", help="first write their data as JSON to FILE (- for stdout)"
        )

    def handle(self, *args, email: str, export: str | None = None, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError("not a valid email address", returncode=2) from None
        if export:
            text = json.dumps(forget.export(email), indent=2, ensure_ascii=False) + "\n"
            if export == "-":
                self.stdout.write(text, ending="")
            else:
                try:
                    Path(export).write_text(text, encoding="utf-8")
                except OSError as exc:
                    raise CommandError(
                        f"cannot write {export}: {exc.strerror or 'error'}", returncode=2
                    ) from None
        erased = forget.erase(email)
        out = self.stderr if export == "-" else self.stdout  # the JSON alone on stdout
        out.write(f"kindness_forget: {erased} registrations erased")

"""``manage.py kindness_export``: write a series and its conversations as JSON.

The document is the core's (``kindness_core.formats.jsonio``, version 1) and
``kindness_import`` reads it back.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonio import dumps

from .kindness_import import series_place


class Command(BaseCommand):
    help = "Write a conversation series and its live conversations as the kindness JSON document."

    def add_arguments(self, parser):
        parser.add_argument(
            "--series",
            metavar="PATH|ID|URL",
            help="the series page: its path as the site serves it, e.g. /conversations/ or "
            "/fr/conversations/, its page id, or its full address (default: the site's "
            "only series)",
        )
        parser.add_argument(
            "--locale",
            metavar="LANGUAGE",
            help="read --series in this language's tree, e.g. fr: the translation of the "
            "page at that path (without --series: the only series in that language)",
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
        )

    def handle(self, *args, series=None, locale=None, output=None, **options):
        page = series_place(series, locale, create=False).page
        if page is None:
            where = f"in {locale}" if locale else "on this site"
            raise CommandError(f"no conversation series {where}: import one with kindness_import")
        try:
            archive = page.to_core(strict=True)
        except KindnessInputError as exc:  # a page stored outside the admin
            raise CommandError(f"cannot export {' '.join(str(exc).split())}") from None
        text = dumps(archive) + "\n"
        if not output or output == "-":
            self.stdout.write(text, ending="")
            return
        target = Path(output)
        temp = None
        try:
            fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".kindness-export-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temp, target)
        except OSError as exc:
            if temp and os.path.exists(temp):
                os.unlink(temp)
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        self.stderr.write(f"Wrote {len(archive)} conversations to {output}")

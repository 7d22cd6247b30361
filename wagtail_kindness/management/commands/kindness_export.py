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

from ...importing import ArchiveImportError, find_series


class Command(BaseCommand):
    help = "Write a conversation series and its live conversations as the kindness JSON document."

    def add_arguments(self, parser):
        parser.add_argument(
            "--series",
            metavar="PATH",
            help="path of the series page, e.g. /conversations/ (default: the site's only series)",
        )
        parser.add_argument(
            "-o", "--output", metavar="FILE", help="write to FILE (default: standard output)"
        )

    def handle(self, *args, series=None, output=None, **options):
        try:
            page = find_series(series)
        except ArchiveImportError as exc:
            raise CommandError(str(exc)) from None
        if page is None:
            where = f"at {series}" if series else "on this site"
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

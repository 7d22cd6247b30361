"""``manage.py kindness_import FILE``: load an archive into a conversation series.

FILE is the text of an archive page (read by ``kindness_core.importing.importer``) or
the core's JSON document (as written by ``kindness_export``); ``-`` reads
standard input.  It is read through ``kindness_core.textfile.read_limited``,
as the ``kindness`` command line reads its files: at most :data:`MAX_BYTES`.  Everything is
saved in one transaction, and importing the same file again changes nothing.
A long import prints a progress line (on standard error) every
:data:`PROGRESS_EVERY` conversations; interrupting it (Ctrl-C) saves nothing.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonio import MAX_DOCUMENT_BYTES
from kindness_core.importing.page import MAX_ARCHIVE_BYTES
from kindness_core.textfile import read_limited

from ...importing import (
    ArchiveImportError,
    find_series,
    import_into_site,
    parse_aliases,
    read_archive,
    resolve_page_path,
)

MAX_BYTES = max(MAX_ARCHIVE_BYTES, MAX_DOCUMENT_BYTES)
#: A progress line every this many conversations, for archives longer than that.
PROGRESS_EVERY = 25


def read_file(name: str, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of FILE (``-``: standard input), or a one-line CommandError.

    Read by the core's bounded reader, shared with the ``kindness`` command
    line: never more than :data:`MAX_BYTES` (plus one), whatever the file is
    (a device such as ``/dev/zero``, a pipe, a file that grows).
    """
    try:
        return read_limited(name, limit=MAX_BYTES, what="the archive file", stdin=stdin)
    except KindnessInputError as exc:
        raise CommandError(str(exc)) from None


class Command(BaseCommand):
    help = (
        "Import an archive (the text of an archive page, or the JSON document of "
        "kindness_export) into a conversation series, in one transaction. "
        "Running it twice changes nothing."
    )
    #: ``call_command(..., stdin=BytesIO(...))`` gives what ``-`` reads.
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "file",
            help="archive page text or a kindness JSON document (UTF-8, or UTF-16 with a "
            "byte order mark; '-' reads standard input)",
        )
        parser.add_argument(
            "--series",
            metavar="PATH",
            help="path of the series page, e.g. /conversations/ (created if missing; "
            "default: the site's only series, else a new one named after the archive)",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="report what would change, and save nothing",
        )
        parser.add_argument(
            "--alias",
            action="append",
            default=[],
            metavar="OLD=NEW",
            help="treat the name OLD as NEW, e.g. 'Gabby Matthews=Gabrielle Matthews' "
            "(repeatable; NEW keeps OLD as an alias)",
        )

    def progress(self, done: int, total: int, *, dry_run: bool = False) -> None:
        """One line on standard error every :data:`PROGRESS_EVERY` conversations."""
        if total > PROGRESS_EVERY and done % PROGRESS_EVERY == 0 and done < total:
            verb = "checked" if dry_run else "imported"
            self.stderr.write(f"Conversations: {done} of {total} {verb}…")

    def handle(self, *args, file, series=None, dry_run=False, alias=(), **options):
        verbosity = options.get("verbosity", 1)
        try:
            aliases = parse_aliases(alias)
            stdin = options.get("stdin")
            data = read_file(file, getattr(stdin, "buffer", stdin))
            try:
                found = read_archive(data, aliases=aliases, now=timezone.now())
            except ArchiveImportError as exc:
                raise CommandError(f"{file}: {exc}") from None
            for warning in found.warnings:
                self.stderr.write(f"warning: {warning}")
            page = find_series(series)
            parent, slug = None, None
            if page is None and series:
                _page, parent, slug = resolve_page_path(series)
                if parent is None:
                    raise CommandError(
                        f"--series {series}: its parent page does not exist: give the path "
                        "of an existing page, or of a new page under one"
                    )
            report = import_into_site(
                found.archive,
                series=page,
                parent=parent,
                slug=slug,
                aliases=aliases,
                dry_run=dry_run,
                progress=(lambda done, total: self.progress(done, total, dry_run=dry_run))
                if verbosity > 0
                else None,
            )
        except ArchiveImportError as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            raise CommandError("interrupted: nothing was saved", returncode=130) from None
        for line in report.lines():
            self.stdout.write(line)

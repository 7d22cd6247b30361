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
    SeriesPlace,
    import_into_site,
    locate_series,
    parse_aliases,
    read_archive,
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


def series_place(series: str | None, locale: str | None, *, create: bool) -> SeriesPlace:
    """Where ``--series`` and ``--locale`` point, or a one-line CommandError (exit code 2).

    Shared by ``kindness_export``; ``create`` accepts a path where no page is
    yet, under an existing page (an import creates the series there).
    """
    try:
        place = locate_series(series, locale=locale)
    except ArchiveImportError as exc:
        raise CommandError(str(exc), returncode=2) from None
    if place.page is not None or not series:
        return place
    if not create:
        raise CommandError(
            f"no conversation series at {series}: give the path, address or id of a series "
            "page, or import one with kindness_import",
            returncode=2,
        )
    if place.parent is None or not place.slug:
        raise CommandError(
            f"--series {series}: its parent page does not exist: give the path "
            "of an existing page, or of a new page under one",
            returncode=2,
        )
    return place


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
            metavar="PATH|ID|URL",
            help="the series page: its path as the site serves it, e.g. /conversations/ or "
            "/fr/conversations/ (created if missing, in that language's tree), its page id, "
            "or its full address (default: the site's only series, else a new one named "
            "after the archive)",
        )
        parser.add_argument(
            "--locale",
            metavar="LANGUAGE",
            help="read --series in this language's tree, e.g. fr: the translation of the "
            "page at that path (default: the path's language prefix, else the site's own)",
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

    def handle(self, *args, file, series=None, locale=None, dry_run=False, alias=(), **options):
        verbosity = options.get("verbosity", 1)
        try:
            aliases = parse_aliases(alias)
            stdin = options.get("stdin")
            data = read_file(file, getattr(stdin, "buffer", stdin))
            try:
                found = read_archive(data, aliases=aliases, now=timezone.now())
            except ArchiveImportError as exc:
                raise CommandError(f"{file}: {exc}") from None
            place = series_place(series, locale, create=True)
            for warning in found.warnings:
                self.stderr.write(f"warning: {warning}")
            report = import_into_site(
                found.archive,
                series=place.page,
                parent=place.parent,
                slug=place.slug or None,
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

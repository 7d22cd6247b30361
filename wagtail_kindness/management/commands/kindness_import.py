"""``manage.py kindness_import FILE``: load an archive into a conversation series.

FILE is an archive page (its text, its HTML as saved from a browser, or a
spreadsheet: read by ``kindness_core.importing.importer``) or the core's JSON
document (as written by ``kindness_export``); ``-`` reads standard input.
It is read through ``kindness_core.textfile.read_limited``, as the
``kindness`` command line reads its files: at most :data:`MAX_BYTES`.  Everything is
saved in one transaction, and importing the same file again changes nothing.
A field an editor changed in the CMS since the last import is kept and
reported as a conflict (``--overwrite`` replaces it); ``--dry-run`` and
``--report`` print, line by line, what was read before anything is saved.
``--fetch-documents`` downloads the linked documents into Wagtail's documents.
A long import prints a progress line (on standard error) every
:data:`PROGRESS_EVERY` conversations; interrupting it (Ctrl-C) saves nothing.
"""

from __future__ import annotations

from typing import BinaryIO

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonio import MAX_DOCUMENT_BYTES
from kindness_core.importing.importer import FORMATS
from kindness_core.importing.page import MAX_ARCHIVE_BYTES
from kindness_core.importing.report import format_report
from kindness_core.textfile import read_limited

from ...importing import (
    ArchiveImportError,
    ReadArchive,
    SeriesPlace,
    import_into_site,
    locate_series,
    parse_aliases,
    read_archive,
)
from ...importing.fetch import download_documents, save_documents
from ...importing.write import known_documents

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
            help="print what was read, line by line, and what would change (conflicts "
            "too), and save nothing",
        )
        parser.add_argument(
            "--report",
            action="store_true",
            help="print what was read, line by line (per conversation what was found, "
            "and the lines not understood), before importing",
        )
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="replace the fields an editor changed in the CMS since the last import "
            "(without it they are kept, and reported as conflicts)",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="auto",
            help="how to read FILE: text (an archive page's text), html (a saved web page), "
            "csv (a spreadsheet), or auto (the default: told apart by its content; a "
            "kindness JSON document is read as one)",
        )
        parser.add_argument(
            "--series-name",
            metavar="NAME",
            help="the series' name (default: the page's first heading, or its title in HTML)",
        )
        parser.add_argument(
            "--fetch-documents",
            action="store_true",
            help="download the documents the archive links to (summaries, slides) into "
            "Wagtail's documents, so the pages no longer depend on the old site "
            "(WAGTAILKINDNESS_IMPORT_FETCH limits their size and the time taken)",
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

    def print_report(self, found: ReadArchive) -> None:
        """The core's line report of what was read (nothing for a JSON document)."""
        if found.result is None:
            self.stdout.write("Report: a kindness JSON document, read as it is (no line report)")
            return
        self.stdout.write(format_report(found.result, found.text).rstrip("\n"))
        self.stdout.write("")

    def handle(
        self,
        *args,
        file,
        series=None,
        locale=None,
        dry_run=False,
        alias=(),
        overwrite=False,
        format="auto",
        series_name=None,
        report=False,
        fetch_documents=False,
        **options,
    ):
        verbosity = options.get("verbosity", 1)
        try:
            aliases = parse_aliases(alias)
            stdin = options.get("stdin")
            data = read_file(file, getattr(stdin, "buffer", stdin))
            try:
                found = read_archive(
                    data,
                    aliases=aliases,
                    now=timezone.now(),
                    format=format,
                    series_name=series_name or None,
                )
            except ArchiveImportError as exc:
                raise CommandError(f"{file}: {exc}") from None
            place = series_place(series, locale, create=True)
            if report or dry_run:  # before anything is saved
                self.print_report(found)
            for warning in found.warnings:
                self.stderr.write(f"warning: {warning}")
            progress = (
                (lambda done, total: self.progress(done, total, dry_run=dry_run))
                if verbosity > 0
                else None
            )
            downloads = (
                download_documents(found.archive, stdout=self.stderr) if fetch_documents else None
            )
            try:
                if downloads is not None:
                    for warning in downloads.warnings:
                        self.stderr.write(f"warning: {warning}")
                with transaction.atomic():
                    documents = (
                        save_documents(downloads, known=known_documents())
                        if downloads is not None and not dry_run
                        else {}
                    )
                    outcome = import_into_site(
                        found.archive,
                        series=place.page,
                        parent=place.parent,
                        slug=place.slug or None,
                        aliases=aliases,
                        dry_run=dry_run,
                        overwrite=overwrite,
                        documents=documents,
                        progress=progress,
                    )
            finally:
                if downloads is not None:
                    downloads.close()
        except ArchiveImportError as exc:
            raise CommandError(str(exc)) from None
        except KeyboardInterrupt:
            raise CommandError("interrupted: nothing was saved", returncode=130) from None
        for line in outcome.lines():
            self.stdout.write(line)
        if downloads is not None:
            if dry_run:
                self.stdout.write(
                    f"Documents: {len(downloads.files)} downloaded, none saved (dry run)"
                )
            else:
                self.stdout.write(f"Documents: {len(set(documents.values()))} saved or reused")

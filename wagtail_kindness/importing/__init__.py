"""Turn a ``kindness_core`` archive into Wagtail pages and ``Speaker`` snippets.

:func:`read_archive` reads a file's content: the text of an archive page
(through :func:`kindness_core.importing.importer.import_archive`) or the core's JSON
document (through :func:`kindness_core.formats.jsonio.load_document`).
:func:`import_into_site` writes the archive into a
:class:`~wagtail_kindness.models.ConversationSeriesPage`:

* in one transaction: an error leaves the database as it was;
* idempotent: a conversation is matched by its key's month within the
  series, a speaker by name or alias (:meth:`Speaker.find`), and a page is
  only saved (as a published revision) when something differs, so a second
  import reports every page *unchanged*;
* respectful of editors' work: each page keeps a record of what the import
  wrote (:class:`~wagtail_kindness.models.ImportRecord`); a field changed in
  the CMS since is kept and reported as a :class:`Conflict` unless
  ``overwrite`` (:mod:`.write`);
* summaries become one rich text paragraph block (the text is escaped);
* resources keep their kind (audio too); a summary or slides downloaded by
  ``--fetch-documents`` (:mod:`.fetch`) become Wagtail documents; a
  *pending* resource (no address yet) becomes a block with no address and no
  file, which is what pending means: nothing is invented.

The management commands ``kindness_import`` and ``kindness_export`` are
thin wrappers around this package: :mod:`.read` (a file's content),
:mod:`.locate` (the series by its id, path or address, in any locale),
:mod:`.write` (the pages), :mod:`.known` (speakers and themes, looked up
once), :mod:`.batch` (the search and reference indexes and the outputs'
version, updated once at the end) and :mod:`.report` (what was read and done).
"""

from __future__ import annotations

from .errors import ArchiveImportError
from .locate import SeriesPlace, find_series, locate_series, resolve_page_path, site_path
from .read import parse_aliases, read_archive
from .report import Conflict, Counts, ImportReport, ReadArchive
from .write import import_into_site

__all__ = [
    "ArchiveImportError",
    "Conflict",
    "Counts",
    "ImportReport",
    "ReadArchive",
    "SeriesPlace",
    "find_series",
    "import_into_site",
    "locate_series",
    "parse_aliases",
    "read_archive",
    "resolve_page_path",
    "site_path",
]

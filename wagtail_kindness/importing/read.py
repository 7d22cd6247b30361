"""Read a file's content: the core's JSON document, else an archive page's text."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Mapping

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonio import load_document
from kindness_core.importing.aliases import normalise_aliases, resolve_alias
from kindness_core.importing.aliases import parse_aliases as read_aliases
from kindness_core.importing.importer import import_archive
from kindness_core.series import Person
from kindness_core.textfile import decode_text

from ..models import ConversationPage
from .errors import ArchiveImportError
from .report import ReadArchive

__all__ = ["merge_aliases", "parse_aliases", "read_archive"]


def parse_aliases(values: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``["Gabby Matthews=Gabrielle Matthews"]`` as ``{"Gabby Matthews": "Gabrielle Matthews"}``.

    The core's reader (``kindness_core.importing.aliases.parse_aliases``, as
    the ``kindness`` command line reads them), its errors as
    :class:`ArchiveImportError`.
    """
    try:
        return read_aliases(values)
    except KindnessInputError as exc:
        raise ArchiveImportError(str(exc)) from None


def merge_aliases(archive: Archive, aliases: Mapping[str, str]) -> Archive:
    normal = normalise_aliases(aliases)
    if not normal:
        return archive
    conversations = []
    for conversation in archive.conversations:
        people: list[Person] = []
        seen: set[str] = set()
        for person in conversation.people:
            renamed, _applied = resolve_alias(person, normal)
            if renamed.key not in seen:
                seen.add(renamed.key)
                people.append(renamed)
        conversations.append(dataclasses.replace(conversation, people=tuple(people)))
    return Archive(series=archive.series, conversations=tuple(conversations))


def _fit_titles(archive: Archive, warnings: tuple[str, ...]) -> tuple[Archive, tuple[str, ...]]:
    """Titles longer than a page's are cut (at a word, with "…"), each with a warning."""
    limit = ConversationPage._meta.get_field("conversation_title").max_length
    conversations, said = [], list(warnings)
    for conversation in archive.conversations:
        title = conversation.title or ""
        if len(title) > limit:
            head = title[: limit - 1]
            cut = (head.rsplit(" ", 1)[0] if " " in head[-40:] else head).rstrip() + "…"
            said.append(
                f"{conversation.key}: the title has {len(title)} characters, more than the "
                f"{limit} a page's title may have: it was cut to {len(cut)}, ending "
                f"“{cut[-30:]}”; shorten it in the admin if you wish"
            )
            conversation = dataclasses.replace(conversation, title=cut)
        conversations.append(conversation)
    if len(said) == len(warnings):
        return archive, warnings
    return Archive(series=archive.series, conversations=tuple(conversations)), tuple(said)


def read_archive(
    data: bytes | str,
    *,
    aliases: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
    series_key: str | None = None,
    series_name: str | None = None,
    format: str = "auto",
) -> ReadArchive:
    """The archive in ``data``: the core JSON document, else an archive page (text, HTML, CSV).

    ``format`` is the core's (``"auto"``, ``"text"``, ``"html"``, ``"csv"``:
    :func:`~kindness_core.importing.importer.import_archive`); ``"auto"`` also
    reads the core's JSON document.  The series' name and key come from the
    page (its first heading, or its ``<title>``) unless ``series_name`` and
    ``series_key`` are given; a JSON document keeps its own unless
    ``series_name`` is given.  Raises :class:`ArchiveImportError` (one line)
    when it cannot be read.  A title too long for a page is cut, and a
    warning says so (:func:`_fit_titles`).  The result carries the core's
    :class:`~kindness_core.importing.result.ImportResult` (what each line was
    used as) and the decoded text, for the line report.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    text: str | bytes = raw
    with contextlib.suppress(KindnessInputError):  # else the reader below says why not
        text = decode_text(raw)  # UTF-8, or UTF-16/UTF-32 with a byte order mark
    sniff = text.lstrip(b"\xef\xbb\xbf \t\r\n") if isinstance(text, bytes) else text.lstrip()
    looks_like_json = format == "auto" and sniff[:1] in (b"{", "{")
    try:
        if looks_like_json:
            archive, warnings = load_document(raw)
            if series_name:
                archive = Archive(
                    series=dataclasses.replace(archive.series, name=series_name),
                    conversations=archive.conversations,
                )
            archive, said = _fit_titles(archive, tuple(str(w) for w in warnings))
            return ReadArchive(
                archive=merge_aliases(archive, aliases or {}), warnings=said, source="json"
            )
        result = import_archive(
            raw,
            format=format,
            series_key=series_key,
            series_name=series_name,
            aliases=aliases,
            now=now,
        )
    except (KindnessInputError, ValueError) as exc:
        named = {"html": "HTML archive page", "csv": "spreadsheet"}
        what = "JSON document" if looks_like_json else named.get(format, "archive page text")
        message = " ".join(str(exc).split())
        raise ArchiveImportError(f"not a readable {what}: {message}") from None
    archive, said = _fit_titles(result.archive, tuple(str(w) for w in result.warnings))
    return ReadArchive(
        archive=archive,
        warnings=said,
        source=result.source,
        result=result,
        text=text if isinstance(text, str) else None,
    )

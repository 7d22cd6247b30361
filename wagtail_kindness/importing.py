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
* summaries become one rich text paragraph block (the text is escaped);
* resources keep their kind; a *pending* resource stays pending, with no
  address and no file: nothing is invented.

The management commands ``kindness_import`` and ``kindness_export`` are
thin wrappers around this module.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from wagtail.models import Page, Site

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonio import load_document
from kindness_core.importing.aliases import normalise_aliases, resolve_alias
from kindness_core.importing.aliases import parse_aliases as read_aliases
from kindness_core.importing.importer import import_archive
from kindness_core.series import Conversation, Person, Resource, ResourceKind, Series, Status
from kindness_core.textfile import decode_text

from .models import ConversationPage, ConversationPerson, ConversationSeriesPage, Speaker, Theme
from .text import paragraphs_to_html

__all__ = [
    "ArchiveImportError",
    "Counts",
    "ImportReport",
    "ReadArchive",
    "find_series",
    "import_into_site",
    "parse_aliases",
    "read_archive",
    "resolve_page_path",
    "site_path",
]

_KEY_MONTH = re.compile(r"/(\d{4})-(\d{2})$")


class ArchiveImportError(ValueError):
    """The archive cannot be imported; the message is one line that says why."""


@dataclasses.dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclasses.dataclass
class ReadArchive:
    """An archive read from a file, with the reader's warnings (as sentences)."""

    archive: Archive
    warnings: tuple[str, ...] = ()
    source: str = "text"  # "text" (an archive page) or "json" (the core document)


@dataclasses.dataclass
class ImportReport:
    """What :func:`import_into_site` did (or, with ``dry_run``, would do)."""

    series_page: ConversationSeriesPage | None = None
    series: str = "unchanged"  # "created", "updated" or "unchanged"
    conversations: Counts = dataclasses.field(default_factory=Counts)
    speakers: Counts = dataclasses.field(default_factory=Counts)
    dry_run: bool = False

    def lines(self) -> list[str]:
        prefix = "Dry run, nothing saved: would have " if self.dry_run else ""
        where = site_path(self.series_page) if self.series_page is not None else "?"
        return [
            f"{prefix}Series {where}: {self.series}",
            f"Conversations: {self.conversations}",
            f"Speakers: {self.speakers}",
        ]


# -- reading ---------------------------------------------------------------


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


def _merge_aliases(archive: Archive, aliases: Mapping[str, str]) -> Archive:
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


def read_archive(
    data: bytes | str,
    *,
    aliases: Mapping[str, str] | None = None,
    now: dt.datetime | None = None,
    series_key: str = "conversations-for-kindness",
    series_name: str = "Conversations for Kindness",
) -> ReadArchive:
    """The archive in ``data``: the core JSON document, else an archive page's text.

    Raises :class:`ArchiveImportError` (one line) when it is neither.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    text: str | bytes = raw
    with contextlib.suppress(KindnessInputError):  # else the reader below says why not
        text = decode_text(raw)  # UTF-8, or UTF-16/UTF-32 with a byte order mark
    sniff = text.lstrip(b"\xef\xbb\xbf \t\r\n") if isinstance(text, bytes) else text.lstrip()
    looks_like_json = sniff[:1] in (b"{", "{")
    try:
        if looks_like_json:
            archive, warnings = load_document(raw)
            return ReadArchive(
                archive=_merge_aliases(archive, aliases or {}),
                warnings=tuple(str(w) for w in warnings),
                source="json",
            )
        result = import_archive(
            raw,
            series_key=series_key,
            series_name=series_name,
            aliases=aliases,
            now=now,
        )
    except (KindnessInputError, ValueError) as exc:
        what = "JSON document" if looks_like_json else "archive page text"
        message = " ".join(str(exc).split())
        raise ArchiveImportError(f"not a readable {what}: {message}") from None
    return ReadArchive(
        archive=result.archive,
        warnings=tuple(str(w) for w in result.warnings),
        source="text",
    )


# -- finding the series ------------------------------------------------------


def _site() -> Site:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is None:
        site = Site.objects.select_related("root_page").first()
    if site is None:
        raise ArchiveImportError("this site has no Wagtail Site: run migrate first")
    return site


def site_path(page: Page) -> str:
    """The page's path from the default site's root: ``"/conversations/"``."""
    root = _site().root_page.url_path
    if page.url_path.startswith(root):
        return "/" + page.url_path[len(root) :]
    return page.url_path


def resolve_page_path(path: str) -> tuple[Page | None, Page | None, str]:
    """``"/conversations/"`` as (the page there or None, its parent or None, its slug).

    Paths are read from the default site's root page.
    """
    segments = [s for s in (path or "").strip().split("/") if s]
    page: Page | None = _site().root_page
    parent: Page | None = None
    for segment in segments:
        parent = page
        page = page.get_children().filter(slug=segment).first() if page is not None else None
    return (page.specific if page is not None else None), parent, (segments[-1] if segments else "")


def find_series(path: str | None = None) -> ConversationSeriesPage | None:
    """The series at ``path``, or the only series of the site when ``path`` is None.

    Raises :class:`ArchiveImportError` when ``path`` is not a series page, or
    when no path is given and there are several series.
    """
    if path:
        page, _parent, _slug = resolve_page_path(path)
        if page is None:
            return None
        if not isinstance(page, ConversationSeriesPage):
            raise ArchiveImportError(
                f"{path} is a {page.specific_class._meta.verbose_name}, not a conversation "
                "series: give the path of a series page"
            )
        return page
    found = list(ConversationSeriesPage.objects.all()[:2])
    if len(found) > 1:
        raise ArchiveImportError(
            "this site has several conversation series: choose one with --series PATH, "
            "e.g. --series /conversations/"
        )
    return found[0] if found else None


# -- the series page ---------------------------------------------------------


def _series_fields(series: Series) -> dict[str, object]:
    try:
        schedule_fields = ConversationSeriesPage.schedule_fields_for(series.schedule)
    except KindnessInputError as exc:
        raise ArchiveImportError(str(exc)) from None
    return {
        "title": series.name,
        "intro": paragraphs_to_html(series.description),
        "joining": paragraphs_to_html(series.joining),
        "contact": paragraphs_to_html(series.contact or ""),
        "join_url": series.join_url or "",
        **schedule_fields,
    }


def _publish(page: Page) -> None:
    revision = page.save_revision(log_action=True)
    revision.publish()


def _apply_series(
    series: Series,
    page: ConversationSeriesPage | None,
    parent: Page | None,
    slug: str | None,
    report: ImportReport,
) -> ConversationSeriesPage:
    fields = _series_fields(series)
    if page is None:
        if parent is None:
            parent = _site().root_page
        page = ConversationSeriesPage(slug=slug or series.key, **fields)
        parent.add_child(instance=page)
        _publish(page)
        report.series = "created"
        return page
    if any(getattr(page, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(page, name, value)
        _publish(page)
        report.series = "updated"
    return page


# -- speakers ----------------------------------------------------------------


def _speaker(person: Person, report: ImportReport, touched: dict[int, str]) -> Speaker:
    speaker = Speaker.find(person.name)
    if speaker is None:
        speaker = Speaker.objects.create(
            name=person.name,
            honorific=person.honorific or "",
            job_title=(person.job_title or "")[:255],
            organisation=(person.organisation or "")[:255],
        )
        touched[speaker.pk] = "created"
        return speaker
    # Fill in what the snippet lacks; never overwrite what an editor wrote.
    changed = False
    for field, value in (
        ("honorific", person.honorific),
        ("job_title", person.job_title),
        ("organisation", person.organisation),
    ):
        if value and not getattr(speaker, field):
            setattr(speaker, field, value[:255])
            changed = True
    if changed:
        speaker.save()
        touched.setdefault(speaker.pk, "updated")
    else:
        touched.setdefault(speaker.pk, "unchanged")
    return speaker


def _record_aliases(aliases: Mapping[str, str], touched: dict[int, str]) -> None:
    """Keep each alias on the speaker it names, so later imports match it too."""
    for old, new in aliases.items():
        speaker = Speaker.find(new)
        if speaker is None or speaker.answers_to(old):
            continue
        speaker.aliases = "\n".join([*speaker.alias_list, Person.split_honorific(old)[1]])
        speaker.save()
        if touched.get(speaker.pk) != "created":
            touched[speaker.pk] = "updated"


# -- conversations -------------------------------------------------------------


def _resource_raw(resource: Resource) -> tuple[str, dict[str, object]]:
    common = {"title": resource.title, "pending": resource.pending}
    url = resource.url or ""
    if resource.kind == ResourceKind.SUMMARY and not url:
        return "summary", {**common, "document": None}
    if resource.kind == ResourceKind.RECORDING:
        return "recording", {**common, "url": url}
    if resource.kind == ResourceKind.SLIDES:
        return "presentation", {**common, "document": None, "url": url}
    # A link, or a summary document given only by its address (upload the
    # file and choose it to make it a document again).
    return "link", {**common, "url": url}


def _month(conversation: Conversation, zone) -> tuple[int, int]:
    match = _KEY_MONTH.search(conversation.key)
    if match and 1 <= int(match.group(2)) <= 12:
        return int(match.group(1)), int(match.group(2))
    local = (conversation.previous_start or conversation.start).astimezone(zone)
    return local.year, local.month


def _page_fields(conversation: Conversation, series: ConversationSeriesPage) -> dict[str, object]:
    zone = series.zone
    scheduled = (conversation.previous_start or conversation.start).astimezone(zone)
    time = scheduled.time().replace(tzinfo=None)
    fields: dict[str, object] = {
        "conversation_title": conversation.title or "",
        "date": scheduled.date(),
        "time": None if time == series.schedule_time else time,
        "status": conversation.status.value,
        "postponed_date": None,
        "postponed_time": None,
    }
    if conversation.previous_start is not None:
        effective = conversation.start.astimezone(zone)
        new_time = effective.time().replace(tzinfo=None)
        fields.update(
            status=Status.POSTPONED.value,
            postponed_date=effective.date(),
            postponed_time=None
            if new_time == (fields["time"] or series.schedule_time)
            else new_time,
        )
    return fields


def _stream_raw(stream) -> list[tuple[str, object]]:
    return [(item["type"], item["value"]) for item in stream.raw_data]


def _apply_conversation(
    conversation: Conversation,
    series: ConversationSeriesPage,
    existing: ConversationPage | None,
    people: list[tuple[Speaker, str]],
    report: ImportReport,
) -> None:
    fields = _page_fields(conversation, series)
    body = [("paragraph", paragraphs_to_html(conversation.summary))] if conversation.summary else []
    resources = [_resource_raw(r) for r in conversation.resources]
    wanted_people = [(speaker.pk, role) for speaker, role in people]
    themes = list(dict.fromkeys(conversation.themes))  # in order; a repeat once
    longest = Theme._meta.get_field("name").max_length
    for name in themes:
        if len(name) > longest or not name.strip():
            raise ArchiveImportError(
                f"{conversation.key}: the theme {name[:40]!r} is "
                + ("empty" if not name.strip() else f"{len(name)} characters long")
                + f": give each theme a name of 1 to {longest} characters"
            )

    if existing is not None:
        same = (
            all(getattr(existing, name) == value for name, value in fields.items())
            and _stream_raw(existing.body) == body
            and _stream_raw(existing.resources) == resources
            and [(p.speaker_id, p.role) for p in existing.people.all()] == wanted_people
            and [item.tag.name for item in existing.tagged_themes.all()] == themes
            and not existing.standfirst
        )
        if same:
            report.conversations.unchanged += 1
            return
        page = existing
    else:
        page = ConversationPage()
    for name, value in fields.items():
        setattr(page, name, value)
    page.standfirst = ""
    page.body = json.dumps([{"type": t, "value": v} for t, v in body])
    page.resources = json.dumps([{"type": t, "value": v} for t, v in resources])
    page.people = [
        ConversationPerson(speaker=speaker, role=role, sort_order=i)
        for i, (speaker, role) in enumerate(people)
    ]
    page._kindness_series = series
    if existing is None:
        page.slug = ""
        series.add_child(instance=page)
    page.themes.clear()
    for name in themes:  # one at a time: ``add`` would lose the order
        page.themes.add(name)
    _publish(page)
    if existing is None:
        report.conversations.created += 1
    else:
        report.conversations.updated += 1


# -- the whole import ----------------------------------------------------------


class _DryRun(Exception):
    pass


def import_into_site(
    archive: Archive,
    *,
    series: ConversationSeriesPage | None = None,
    parent: Page | None = None,
    slug: str | None = None,
    aliases: Mapping[str, str] | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Write ``archive`` into ``series`` (created under ``parent`` when None).

    ``parent`` defaults to the default site's root page and ``slug`` to the
    archive's series key.  Everything happens in one transaction; with
    ``dry_run`` the transaction is rolled back and the report says what would
    have been done.  ``progress(done, total)`` is called after each
    conversation.  Raises :class:`ArchiveImportError` with a one-line message
    when the archive or the database refuses it; that, or any exception (a
    ``KeyboardInterrupt`` too), leaves the database as it was.
    """
    report = ImportReport(dry_run=dry_run)
    total = len(archive.conversations)
    try:
        with transaction.atomic():
            report.series_page = _apply_series(archive.series, series, parent, slug, report)
            series_page = report.series_page
            existing = {
                (page.date.year, page.date.month): page
                for page in ConversationPage.objects.child_of(series_page)
                .specific()
                .prefetch_related("people", "tagged_themes__tag")
            }
            touched: dict[int, str] = {}
            seen_months: dict[tuple[int, int], str] = {}
            for done, conversation in enumerate(archive.conversations, 1):  # newest first
                month = _month(conversation, series_page.zone)
                if month in seen_months:
                    raise ArchiveImportError(
                        f"{conversation.key} and {seen_months[month]} are in the same month: "
                        "a series has one conversation a month"
                    )
                seen_months[month] = conversation.key
                people = [(_speaker(p, report, touched), p.role.value) for p in conversation.people]
                _apply_conversation(conversation, series_page, existing.get(month), people, report)
                if progress is not None:
                    progress(done, total)
            _record_aliases(aliases or {}, touched)
            for state in touched.values():
                setattr(report.speakers, state, getattr(report.speakers, state) + 1)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    except ValidationError as exc:
        messages = "; ".join(" ".join(m.split()) for m in exc.messages)
        raise ArchiveImportError(f"a page could not be saved: {messages}") from None
    except KindnessInputError as exc:
        raise ArchiveImportError(" ".join(str(exc).split())) from None
    except DatabaseError as exc:  # a refused write, a lost connection: all rolled back
        message = " ".join(str(exc).split()) or type(exc).__name__
        raise ArchiveImportError(
            f"the database refused the import ({message}); nothing was saved"
        ) from None
    return report

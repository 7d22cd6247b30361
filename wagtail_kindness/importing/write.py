"""Write an archive into a series: the series page, its speakers and conversations.

A re-import respects editors' work: each page the import writes keeps an
:class:`~wagtail_kindness.models.ImportRecord` of the values it wrote, field
by field (:data:`SERIES_FIELDS`, :data:`CONVERSATION_FIELDS`).  For each
field that differs from the archive, the page's value is compared with the
record: still as recorded, the import updates it; changed since (an editor's
change in the CMS), or never recorded (a page made by hand, or imported
before records were kept) and not empty, it is a :class:`~.report.Conflict`:
kept and reported, unless ``overwrite``.  An empty field the import never
wrote is filled in (that discards nothing); one an editor emptied after the
import wrote it is a conflict like any other change.

Speakers keep no record: the import only fills a speaker's empty fields and
never overwrites a filled one (:func:`.known.speaker_for`).  The deferred
indexes and the one version bump are :mod:`.batch`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, transaction
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.series import Conversation, Resource, ResourceKind, Series, Status

from ..models import (
    ConversationPage,
    ConversationPerson,
    ConversationSeriesPage,
    ImportRecord,
    Speaker,
    Theme,
)
from ..text import paragraphs_to_html
from .batch import deferred_writes
from .errors import ArchiveImportError
from .known import Known, record_aliases, speaker_for
from .locate import default_site, site_path
from .report import Conflict, ImportReport

__all__ = ["CONVERSATION_FIELDS", "SERIES_FIELDS", "import_into_site", "known_documents"]

_KEY_MONTH = re.compile(r"/(\d{4})-(\d{2})$")
#: What Draftail adds to each block of rich text saved in the admin: not a change.
_BLOCK_KEY = re.compile(r"""\s+data-block-key=(?:"[^"]*"|'[^']*')""")

#: The series page's fields an import writes, by the name a conflict gives:
#: each is one model field but ``schedule``, written and compared as a whole.
SERIES_FIELDS = ("title", "intro", "joining", "contact", "join_url", "schedule")
#: A conversation page's fields an import writes, by the name a conflict gives.
CONVERSATION_FIELDS = (
    "title",
    "date",
    "time",
    "status",
    "postponed",
    "standfirst",
    "body",
    "resources",
    "people",
    "themes",
)
_RICH_SERIES_FIELDS = ("intro", "joining", "contact")


# -- what the import wrote: records and the three-way comparison ---------------


def _plain(value: object) -> Any:
    """``value`` as JSON gives it back (dates and times as ISO strings, tuples as lists)."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _rich(html: str) -> str:
    """Rich text as compared: without Draftail's block keys."""
    return _BLOCK_KEY.sub("", html or "")


def _same_for_editor(field: str, current: object, recorded: object) -> bool:
    """Whether ``current`` is still what the import recorded (``themes``: in any order)."""
    if field == "themes" and isinstance(current, list) and isinstance(recorded, list):
        return sorted(current) == sorted(recorded)
    return current == recorded


def _is_empty(value: object) -> bool:
    """Nothing there: ``""``, ``None``, an empty stream or list, or a list of nothing."""
    if isinstance(value, list):
        return all(item is None or item == "" for item in value)
    return value is None or value == "" or value == {}


def _merge(
    path: str,
    current: Mapping[str, object],
    wanted: Mapping[str, object],
    record: ImportRecord | None,
    *,
    overwrite: bool,
    report: ImportReport,
) -> tuple[list[str], dict[str, object]]:
    """The fields to write, and what the record holds afterwards; conflicts go to ``report``."""
    written = dict(record.written) if record is not None else {}
    to_write: list[str] = []
    for field, value in wanted.items():
        if current[field] == value:
            written[field] = value
            continue
        recorded = field in written
        if recorded and _same_for_editor(field, current[field], written[field]):
            to_write.append(field)
            written[field] = value
            continue
        if not recorded and _is_empty(current[field]):  # filling it in discards nothing
            to_write.append(field)
            written[field] = value
            continue
        report.conflicts.append(Conflict(path, field, recorded=recorded, kept=not overwrite))
        if overwrite:
            to_write.append(field)
            written[field] = value
    return to_write, written


def _keeps_draft(page: Page, to_write: list[str], *, overwrite: bool, report: ImportReport) -> bool:
    """True if ``page`` has a draft the import must not publish over (a conflict is reported).

    Publishing a new revision made from the live page would discard the
    editor's unpublished draft; without ``overwrite`` the page is left as it
    is, and the report says which fields would have changed.
    """
    if not page.has_unpublished_changes:
        return False
    fields = ", ".join(to_write)
    report.conflicts.append(Conflict(site_path(page), fields, kept=not overwrite, draft=True))
    return not overwrite


def _keep_record(
    page: Page,
    record: ImportRecord | None,
    written: dict[str, object],
    documents: Mapping[str, int] | None = None,
) -> None:
    """Save what the import wrote to ``page``, if it differs from the record."""
    documents = dict(documents or {})
    if record is None:
        ImportRecord.objects.create(
            page=page, written=written, documents=documents, imported_at=timezone.now()
        )
        return
    if record.written != written or record.documents != documents:
        record.written, record.documents = written, documents
        record.imported_at = timezone.now()
        record.save(update_fields=["written", "documents", "imported_at"])


def _record_of(page: Page) -> ImportRecord | None:
    try:
        return page.kindness_import_record
    except ImportRecord.DoesNotExist:
        return None


def known_documents() -> dict[str, object]:
    """Every address an import made a Wagtail document of, and that document (still there).

    For ``--fetch-documents`` (``save_documents(..., known=...)``): an address
    downloaded by an earlier import is not downloaded into a new document.
    """
    ids: dict[str, int] = {}
    for documents in ImportRecord.objects.exclude(documents={}).values_list("documents", flat=True):
        ids.update({url: pk for url, pk in documents.items() if isinstance(pk, int)})
    found = get_document_model().objects.in_bulk(set(ids.values()))
    return {url: found[pk] for url, pk in ids.items() if pk in found}


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


def _series_values(fields: Mapping[str, object]) -> dict[str, object]:
    """Model field values of a series page as compared and recorded (:data:`SERIES_FIELDS`)."""
    values: dict[str, object] = {}
    for name in SERIES_FIELDS:
        if name == "schedule":
            values[name] = {k: v for k, v in fields.items() if k.startswith("schedule_")}
        elif name in _RICH_SERIES_FIELDS:
            values[name] = _rich(str(fields[name]))
        else:
            values[name] = fields[name]
    return _plain(values)


def _publish(page: Page, *, new: bool = False) -> None:
    """A revision of ``page``, published.

    A ``new`` page, just added to the tree (validated and logged as created
    there), is not validated again, and its revision is not logged as an
    edit: as Wagtail's admin creates and publishes a page.
    """
    revision = page.save_revision(log_action=not new, clean=not new)
    revision.publish()


def _apply_series(
    series: Series,
    page: ConversationSeriesPage | None,
    parent: Page | None,
    slug: str | None,
    report: ImportReport,
    *,
    overwrite: bool = False,
) -> ConversationSeriesPage:
    fields = _series_fields(series)
    if page is None:
        if parent is None:
            parent = default_site().root_page
        page = ConversationSeriesPage(slug=slug or series.key, **fields)
        parent.add_child(instance=page)
        _publish(page, new=True)
        _keep_record(page, None, _series_values(fields))
        report.series = "created"
        return page
    current = _series_values({name: getattr(page, name) for name in fields})
    record = _record_of(page)
    to_write, written = _merge(
        site_path(page),
        current,
        _series_values(fields),
        record,
        overwrite=overwrite,
        report=report,
    )
    if to_write and _keeps_draft(page, to_write, overwrite=overwrite, report=report):
        return page
    if to_write:
        for name, value in fields.items():
            group = "schedule" if name.startswith("schedule_") else name
            if group in to_write:
                setattr(page, name, value)
        _publish(page)
        report.series = "updated"
    _keep_record(page, record, written, record.documents if record is not None else None)
    return page


# -- conversations -------------------------------------------------------------


def _resource_raw(
    resource: Resource, documents: Mapping[str, int] | None = None
) -> tuple[str, dict[str, object]]:
    """A resource as the raw value of its block; ``documents``: address -> document id.

    A summary or slides whose address was downloaded (``--fetch-documents``)
    becomes that document; the slides keep the address too (the block has a
    field for it: the document is shown, the address is the fallback).
    """
    common = {"title": resource.title}
    url = resource.url or ""
    document = (documents or {}).get(url) if url else None
    if resource.kind == ResourceKind.SUMMARY and document is not None:
        return "summary", {**common, "document": document}
    if resource.kind == ResourceKind.SUMMARY and not url:
        return "summary", {**common, "document": None}
    if resource.kind == ResourceKind.RECORDING:
        return "recording", {**common, "url": url}
    if resource.kind == ResourceKind.SLIDES:
        return "presentation", {**common, "document": document, "url": url}
    if resource.kind == ResourceKind.AUDIO:
        return "audio", {**common, "url": url}
    # A link (a link still when its document was downloaded: its block has no
    # document, and a summary block would change its kind), or a summary
    # document given only by its address (upload the file and choose it to
    # make it a document again).
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
        # Stored like a page made in the admin: a later schedule change moves
        # only the pages from the date it applies from.
        "time": time,
        "time_zone": series.base_schedule().timezone,
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
            postponed_time=None if new_time == time else new_time,
        )
    return fields


def _stream_raw(stream) -> list[tuple[str, object]]:
    # A resource stored when blocks had a "pending" checkbox keeps its flag: it
    # means nothing now (pending is "no file, no address"), so it is not compared.
    # A paragraph saved in the admin carries Draftail's block keys: not compared.
    raw = [(item["type"], item["value"]) for item in stream.raw_data]
    return [(t, {k: x for k, x in v.items() if k != "pending"} if isinstance(v, dict)
             else _rich(v) if t == "paragraph" and isinstance(v, str) else v)
            for t, v in raw]  # fmt: skip


def _conversation_values(
    fields: Mapping[str, object],
    *,
    standfirst: str,
    body: list[tuple[str, object]],
    resources: list[tuple[str, object]],
    people: list[tuple[int, str]],
    themes: list[str],
) -> dict[str, object]:
    """A conversation page's values as compared and recorded (:data:`CONVERSATION_FIELDS`)."""
    return _plain(
        {
            "title": fields["conversation_title"],
            "date": fields["date"],
            "time": [fields["time"], fields["time_zone"]],
            "status": fields["status"],
            "postponed": [fields["postponed_date"], fields["postponed_time"]],
            "standfirst": standfirst,
            "body": body,
            "resources": resources,
            "people": people,
            "themes": themes,
        }
    )


#: The model fields of each of :data:`CONVERSATION_FIELDS` set from ``_page_fields``.
_PAGE_FIELDS = {
    "title": ("conversation_title",),
    "date": ("date",),
    "time": ("time", "time_zone"),
    "status": ("status",),
    "postponed": ("postponed_date", "postponed_time"),
}


def _apply_conversation(
    conversation: Conversation,
    series: ConversationSeriesPage,
    existing: ConversationPage | None,
    people: list[tuple[Speaker, str]],
    report: ImportReport,
    *,
    documents: Mapping[str, object] | None = None,
    overwrite: bool = False,
    known: Known,
) -> None:
    fields = _page_fields(conversation, series)
    record = _record_of(existing) if existing is not None else None
    # An address downloaded now, or made a document by an earlier import (still there).
    document_ids = _document_ids(record, documents)
    body = [("paragraph", paragraphs_to_html(conversation.summary))] if conversation.summary else []
    resources = [_resource_raw(r, document_ids) for r in conversation.resources]
    used = {r.url: document_ids[r.url] for r in conversation.resources if r.url in document_ids}
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
    wanted = _conversation_values(
        fields,
        standfirst="",
        body=body,
        resources=resources,
        people=wanted_people,
        themes=themes,
    )

    if existing is not None:
        current = _conversation_values(
            {name: getattr(existing, name) for name in fields},
            standfirst=existing.standfirst,
            body=_stream_raw(existing.body),
            resources=_stream_raw(existing.resources),
            people=[(p.speaker_id, p.role) for p in existing.people.all()],
            themes=[item.tag.name for item in existing.tagged_themes.all()],
        )
        to_write, written = _merge(
            site_path(existing), current, wanted, record, overwrite=overwrite, report=report
        )
        if to_write and _keeps_draft(existing, to_write, overwrite=overwrite, report=report):
            report.conversations.unchanged += 1
            return
        if not to_write:
            _keep_record(existing, record, written, used)
            report.conversations.unchanged += 1
            return
        page = existing
    else:
        page = ConversationPage()
        to_write, written = list(CONVERSATION_FIELDS), wanted
    for group, names in _PAGE_FIELDS.items():
        if group in to_write:
            for name in names:
                setattr(page, name, fields[name])
    if "standfirst" in to_write:
        page.standfirst = ""
    if "body" in to_write:
        page.body = json.dumps([{"type": t, "value": v} for t, v in body])
    if "resources" in to_write:
        page.resources = json.dumps([{"type": t, "value": v} for t, v in resources])
    if "people" in to_write:
        page.people = [
            ConversationPerson(speaker=speaker, role=role, sort_order=i)
            for i, (speaker, role) in enumerate(people)
        ]
    page._kindness_series = series
    if existing is None:
        page.slug = ""
        series.add_child(instance=page)
    if "themes" in to_write:
        page.themes.clear()
        for name in themes:  # one at a time: ``add`` would lose the order
            known.add_theme(page, name)
    _publish(page, new=existing is None)
    _keep_record(page, record, written, used)
    if existing is None:
        report.conversations.created += 1
    else:
        report.conversations.updated += 1


def _document_ids(
    record: ImportRecord | None, documents: Mapping[str, object] | None
) -> dict[str, int]:
    """Address -> document id: those downloaded now, else those an earlier import made."""
    ids: dict[str, int] = {}
    earlier = dict(record.documents) if record is not None else {}
    if earlier:
        still = set(
            get_document_model()
            .objects.filter(pk__in=[pk for pk in earlier.values() if isinstance(pk, int)])
            .values_list("pk", flat=True)
        )
        ids.update({url: pk for url, pk in earlier.items() if pk in still})
    ids.update({url: document.pk for url, document in (documents or {}).items()})
    return ids


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
    overwrite: bool = False,
    documents: Mapping[str, object] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Write ``archive`` into ``series`` (created under ``parent`` when None).

    ``parent`` defaults to the default site's root page and ``slug`` to the
    archive's series key.  Everything happens in one transaction; with
    ``dry_run`` the transaction is rolled back and the report says what would
    have been done.  A field changed in the CMS since the import last wrote
    it (or never written by an import) is kept and reported as a conflict;
    ``overwrite`` replaces it (and still reports it).  ``documents`` maps a
    resource's address to the Wagtail document made of it
    (``wagtail_kindness.importing.fetch.save_documents``).
    ``progress(done, total)`` is called after each conversation.  Raises
    :class:`ArchiveImportError` with a one-line message when the archive or
    the database refuses it; that, or any exception (a ``KeyboardInterrupt``
    too), leaves the database as it was.
    """
    report = ImportReport(dry_run=dry_run)
    total = len(archive.conversations)
    try:
        with transaction.atomic(), deferred_writes():
            report.series_page = _apply_series(
                archive.series, series, parent, slug, report, overwrite=overwrite
            )
            series_page = report.series_page
            existing = {
                (page.date.year, page.date.month): page
                for page in ConversationPage.objects.child_of(series_page)
                .specific()
                .select_related("kindness_import_record")
                .prefetch_related("people", "tagged_themes__tag")
            }
            touched: dict[int, str] = {}
            known = Known(archive)
            seen_months: dict[tuple[int, int], str] = {}
            for done, conversation in enumerate(archive.conversations, 1):  # newest first
                month = _month(conversation, series_page.zone)
                if month in seen_months:
                    raise ArchiveImportError(
                        f"{conversation.key} and {seen_months[month]} are in the same month: "
                        "a series has one conversation a month"
                    )
                seen_months[month] = conversation.key
                people = [
                    (speaker_for(p, report, touched, known), p.role.value)
                    for p in conversation.people
                ]
                _apply_conversation(
                    conversation,
                    series_page,
                    existing.get(month),
                    people,
                    report,
                    documents=documents,
                    overwrite=overwrite,
                    known=known,
                )
                if progress is not None:
                    progress(done, total)
            record_aliases(aliases or {}, touched)
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

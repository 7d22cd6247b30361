"""Write an archive into a series: the series page, its speakers and conversations."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from wagtail.models import Page

from kindness_core.archive import Archive
from kindness_core.errors import KindnessInputError
from kindness_core.series import Conversation, Person, Resource, ResourceKind, Series, Status

from ..models import ConversationPage, ConversationPerson, ConversationSeriesPage, Speaker, Theme
from ..text import paragraphs_to_html
from .errors import ArchiveImportError
from .locate import default_site
from .report import ImportReport

__all__ = ["import_into_site"]

_KEY_MONTH = re.compile(r"/(\d{4})-(\d{2})$")


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
            parent = default_site().root_page
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
    common = {"title": resource.title}
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
    raw = [(item["type"], item["value"]) for item in stream.raw_data]
    return [(t, {k: x for k, x in v.items() if k != "pending"} if isinstance(v, dict) else v)
            for t, v in raw]  # fmt: skip


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

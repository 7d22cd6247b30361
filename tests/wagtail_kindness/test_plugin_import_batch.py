"""An import's writes in bulk (``wagtail_kindness.importing.batch``): the indexes and the
outputs' version updated once, at the end, and still correct; queries linear in N."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.search.signal_handlers import post_save_signal_handler

from wagtail_kindness.importing.batch import deferred_writes
from wagtail_kindness.models import ConversationPage, OutputsVersion, Speaker

HEADER = "date,time,title,people,summary_url,recording_url,themes,description\n"


def archive(size: int, *, broken_at: int | None = None) -> str:
    """A spreadsheet of ``size`` monthly conversations, two people and two themes each
    (``broken_at``: that one has a theme too long to save, found while writing)."""
    rows = [HEADER]
    for n in range(size):
        year, month = divmod(2000 * 12 + n, 12)
        themes = "x" * 300 if n == broken_at else f"theme {n % 4}; theme {(n + 1) % 4}"
        rows.append(
            f"{year}-{month + 1:02d}-15,18:00,Zephyrine gathering {n},"
            f'"Dr Ada Lovelace{n % 3} (speaker); Sam Host{n % 2} (host)",'
            f"https://example.org/{n}/summary.pdf,"
            f"https://vimeo.com/{1000 + n},{themes},"
            f"What we learnt at gathering {n}.\n"
        )
    return "".join(rows)


def run_import(tmp_path, text: str, series: Page) -> str:
    path = tmp_path / "archive.csv"
    path.write_text(text, encoding="utf-8")
    out = io.StringIO()
    call_command(
        "kindness_import",
        str(path),
        "--series",
        str(series.pk),
        "--format",
        "csv",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def writes_to(table: str, queries) -> int:
    return sum(
        1
        for q in queries
        if q["sql"].split()[0] in ("UPDATE", "INSERT") and f'"{table}"' in q["sql"].split("(")[0]
    )


def test_one_version_bump_per_import_and_none_when_nothing_changes(series, tmp_path):
    text = archive(6)
    with CaptureQueriesContext(connection) as first:
        output = run_import(tmp_path, text, series)
    assert "Conversations: 6 created, 0 updated, 0 unchanged" in output
    assert writes_to("wagtail_kindness_outputsversion", first.captured_queries) == 1
    token = OutputsVersion.current()
    with CaptureQueriesContext(connection) as second:
        output = run_import(tmp_path, text, series)
    assert "Conversations: 0 created, 0 updated, 6 unchanged" in output
    assert writes_to("wagtail_kindness_outputsversion", second.captured_queries) == 0
    assert OutputsVersion.current() == token


def test_imported_conversations_are_in_the_search_index(series, tmp_path):
    run_import(tmp_path, archive(5), series)
    found = list(ConversationPage.objects.live().search("Zephyrine"))
    assert len(found) == 5
    one = list(Page.objects.live().search("gathering 3"))
    assert any(page.title == "Zephyrine gathering 3" for page in one)
    speakers = list(get_search_backend().search("Lovelace1", Speaker))
    assert [s.name for s in speakers] == ["Ada Lovelace1"]


def test_search_index_follows_an_update_of_an_imported_page(series, tmp_path):
    run_import(tmp_path, archive(3), series)
    renamed = archive(3).replace("Zephyrine gathering 1,", "Quixotic gathering 1,")
    output = run_import(tmp_path, renamed, series)
    assert "Conversations: 0 created, 1 updated, 2 unchanged" in output
    assert [p.title for p in ConversationPage.objects.live().search("Quixotic")] == [
        "Quixotic gathering 1"
    ]


def test_reference_index_names_the_speakers_of_each_imported_page(series, tmp_path):
    run_import(tmp_path, archive(4), series)
    for page in ConversationPage.objects.child_of(series):
        referenced = {
            speaker.pk
            for speaker in Speaker.objects.filter(pk__in=page.people.values("speaker_id"))
        }
        indexed = {
            int(ref.to_object_id)
            for ref in ReferenceIndex.get_references_for_object(page)
            if ref.to_content_type.model_class() is Speaker
        }
        assert indexed == referenced


def test_imported_pages_have_a_published_revision_and_count_as_published(series, tmp_path):
    run_import(tmp_path, archive(3), series)
    for page in ConversationPage.objects.child_of(series):
        assert page.live
        assert not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id
        assert page.sequence == 0  # a first publication: not a change to count
    series.refresh_from_db()
    assert series.numchild == 3


def test_a_failed_import_leaves_nothing_and_the_search_handlers_back(series, tmp_path):
    before = (Page.objects.count(), Speaker.objects.count(), OutputsVersion.current())
    with pytest.raises(CommandError):
        run_import(tmp_path, archive(5, broken_at=3), series)
    assert (Page.objects.count(), Speaker.objects.count(), OutputsVersion.current()) == before
    receivers = post_save._live_receivers(ConversationPage)
    assert post_save_signal_handler in receivers[0]


def test_a_failure_inside_the_block_indexes_nothing_and_restores_saving(series):
    def rename_then_fail():
        with deferred_writes():
            series.title = "Renamed in a failed block"
            series.save_revision().publish()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        rename_then_fail()
    assert post_save_signal_handler in post_save._live_receivers(ConversationPage)[0]
    # Outside a block, a save is indexed at once again.
    series.title = "Wombat conversations"
    series.save_revision().publish()
    assert [p.pk for p in Page.objects.live().search("Wombat")] == [series.pk]


def test_queries_per_conversation_are_bounded_and_linear(series, home, tmp_path):
    """Queries grow linearly with a small constant: no per-save index cost that
    grows with the site (the ceiling is queries, never time)."""
    with CaptureQueriesContext(connection) as small:
        run_import(tmp_path, archive(4), series)
    other = type(series)(title="Other", slug="other", schedule_timezone="Europe/London")
    home.add_child(instance=other)
    other.save_revision().publish()
    with CaptureQueriesContext(connection) as large:
        run_import(tmp_path, archive(12), other)
    per_conversation = (len(large.captured_queries) - len(small.captured_queries)) / 8
    assert per_conversation < 95  # about 80 now; 196 before the deferred writes
    assert len(large.captured_queries) < 100 * 12

"""``kindness_import``'s options for other organisations' archives (issue 17).

``--format``, the series' name from the page (``--series-name`` overrides),
``--report`` and ``--dry-run`` printing the line report before anything is
saved, and ``--fetch-documents`` (a local HTTP server: the documents become
Wagtail documents, found again by later imports).  Real database, the real
command.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision

from kindness_core import jsonio
from kindness_core.archive import Archive
from kindness_core.series import Conversation, Resource, ResourceKind, Series
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, ImportRecord

LONDON = ZoneInfo("Europe/London")
SUMMARY = ResourceKind.SUMMARY
PDF = b"%PDF-1.7\n" + b"kindness summary " * 100 + b"\n%%EOF\n"


def run(*args, **options) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def state() -> tuple:
    return (
        list(Page.objects.order_by("path").values_list("pk", "title", "latest_revision")),
        Revision.objects.count(),
        ImportRecord.objects.count(),
        get_document_model().objects.count(),
    )


# -- the series' name ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "path"),
    [
        ("Riverside Listening Circles", "/riverside-listening-circles/"),
        ("Kindness Cafés", "/kindness-cafes/"),
        ("Conversations at the Old Library", "/conversations-at-the-old-library/"),
    ],
)
def test_the_series_is_named_by_the_pages_first_heading(db, seed_path, tmp_path, heading, path):
    page = tmp_path / "archive.txt"
    page.write_text(f"{heading}\n\n{seed_path.read_text(encoding='utf-8')}", encoding="utf-8")
    output = run("kindness_import", str(page))
    series = ConversationSeriesPage.objects.get()
    assert series.title == heading
    assert f"Series {path}: created" in output
    assert series.conversations().count() == 19


def test_the_seed_keeps_its_name_and_series_name_overrides_it(db, seed_path):
    run("kindness_import", str(seed_path))
    assert ConversationSeriesPage.objects.get().title == "Conversations for Kindness"
    output = run(
        "kindness_import",
        str(seed_path),
        "--series-name",
        "Kindness Evenings",
        "--series",
        "/evenings/",
    )
    assert "Series /evenings/: created" in output
    assert ConversationSeriesPage.objects.get(slug="evenings").title == "Kindness Evenings"


def test_series_name_renames_a_json_documents_series(db, seed_path, tmp_path):
    run("kindness_import", str(seed_path))
    exported = tmp_path / "archive.json"
    run("kindness_export", "-o", str(exported))
    ConversationSeriesPage.objects.all().delete()
    run("kindness_import", str(exported), "--series-name", "Renamed")
    assert ConversationSeriesPage.objects.get().title == "Renamed"


# -- the line report -----------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--report", "--dry-run"])
def test_report_and_dry_run_print_the_line_report_before_the_import(db, seed_path, option):
    before = state()
    output = run("kindness_import", str(seed_path), option)
    assert output.startswith("Series: Conversations for Kindness")
    assert "line 9" in output  # the first heading's line, as the core's report gives it
    assert output.index("Series: Conversations") < output.index("Series /conversations")
    saved = state() != before
    assert saved is (option == "--report")


def test_a_json_document_has_no_line_report(db, seed_path, tmp_path):
    run("kindness_import", str(seed_path))
    exported = tmp_path / "archive.json"
    run("kindness_export", "-o", str(exported))
    output = run("kindness_import", str(exported), "--dry-run")
    assert "no line report" in output
    assert "Conversations: 0 created, 0 updated, 19 unchanged" in output


# -- --format -------------------------------------------------------------------------------


def test_format_text_reads_the_seed_as_auto_does(db, seed_path):
    output = run("kindness_import", str(seed_path), "--format", "text")
    assert "Conversations: 19 created" in output


@pytest.mark.parametrize(("fmt", "what"), [("csv", "spreadsheet"), ("html", "HTML archive page")])
def test_the_seed_read_in_another_format_is_one_line_error_and_nothing_saved(
    db, seed_path, fmt, what
):
    before = state()
    with pytest.raises(CommandError, match=rf"^{re.escape(str(seed_path))}: not a readable {what}"):
        run("kindness_import", str(seed_path), "--format", fmt)
    assert state() == before


def test_a_json_document_given_as_text_is_not_read_as_json(db, seed_path, tmp_path):
    run("kindness_import", str(seed_path))
    exported = tmp_path / "archive.json"
    run("kindness_export", "-o", str(exported))
    before = state()
    with pytest.raises(CommandError, match="not a readable archive page text"):
        run("kindness_import", str(exported), "--format", "text")
    assert state() == before


def test_an_unknown_format_is_refused(db, seed_path):
    with pytest.raises(CommandError, match="invalid choice"):
        run("kindness_import", str(seed_path), "--format", "xlsx")


HTML = """<!doctype html><html><head><title>Riverside Circles</title>
<script>var tracking = 1;</script></head><body>
<nav><a href="/">Home</a></nav>
<h1>Riverside Circles</h1>
<p>We meet on the third Thursday of the month at 6pm UK time.</p>
<h2>January 2025 – Listening across generations</h2>
<p>Speakers: Amira Haddad (nurse).</p>
<p><a href="https://files.example.org/2025-01-summary.pdf">Read the summary</a></p>
<h2>December 2024 – Kindness at night</h2>
<p>Speakers: Tom Reed (paramedic).</p>
<p><a href="https://www.youtube.com/watch?v=abcdefghijk">Watch the recording</a></p>
<footer>© Riverside</footer>
</body></html>
"""


@pytest.mark.parametrize("fmt", ["auto", "html"])
def test_a_saved_html_page_keeps_its_links(db, tmp_path, fmt):
    page = tmp_path / "archive.html"
    page.write_text(HTML, encoding="utf-8")
    output = run("kindness_import", str(page), "--format", fmt)
    assert "Conversations: 2 created" in output
    series = ConversationSeriesPage.objects.get()
    assert series.title == "Riverside Circles"
    hrefs = {
        (child.block_type, child.value.href)
        for conversation in ConversationPage.objects.all()
        for child in conversation.resources
    }
    assert hrefs == {
        ("link", "https://files.example.org/2025-01-summary.pdf"),  # a summary by address
        ("recording", "https://www.youtube.com/watch?v=abcdefghijk"),
    }


# -- --fetch-documents ------------------------------------------------------------------


class _Files(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path.endswith(".pdf"):
            self.send_response(200)
            self.send_header("Content-Type", "application/pdf")
            self.send_header("Content-Length", str(len(PDF)))
            self.end_headers()
            self.wfile.write(PDF)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def files() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Files)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def linked(files, tmp_path):
    """A JSON archive of one conversation whose summary, slides and a link are PDFs."""
    start = dt.datetime(2024, 3, 21, 18, 0, tzinfo=LONDON)
    series = Series(key="talks", name="Talks")
    archive = Archive(
        series=series,
        conversations=(
            Conversation(
                key="talks/2024-03",
                start=start,
                title="Documents",
                resources=(
                    Resource(
                        kind=ResourceKind.SUMMARY, title="Summary", url=f"{files}/summary.pdf"
                    ),
                    Resource(kind=ResourceKind.SLIDES, title="Slides", url=f"{files}/slides.pdf"),
                    Resource(kind=ResourceKind.LINK, title="Reading", url=f"{files}/reading.pdf"),
                    Resource(kind=ResourceKind.SUMMARY, title="Gone", url=f"{files}/gone.doc"),
                ),
            ),
        ),
    )
    path = tmp_path / "talks.json"
    path.write_text(jsonio.dumps(archive), encoding="utf-8")
    return path, files


def test_fetch_documents_makes_the_summary_and_slides_wagtail_documents(db, linked):
    path, files = linked
    output = run("kindness_import", str(path), "--fetch-documents")
    assert f"{files}/gone.doc" in output  # the failed download is one warning
    page = ConversationPage.objects.get()
    blocks = [(c.block_type, c.value) for c in page.resources]
    assert [kind for kind, _value in blocks] == ["summary", "presentation", "link", "link"]
    summary, slides, reading, gone = (value for _kind, value in blocks)
    assert summary["document"] is not None
    assert slides["document"] is not None
    assert slides["url"] == f"{files}/slides.pdf"  # kept as the fallback
    assert reading.href == f"{files}/reading.pdf"  # a link stays a link
    assert gone.href == f"{files}/gone.doc"
    assert summary.href == summary["document"].url
    documents = get_document_model().objects.count()
    assert documents >= 1
    record = page.kindness_import_record
    assert record.documents[f"{files}/summary.pdf"] == summary["document"].pk

    # Again, with or without --fetch-documents: nothing changes, no new document.
    for options in [(), ("--fetch-documents",)]:
        output = run("kindness_import", str(path), *options)
        assert "Conversations: 0 created, 0 updated, 1 unchanged" in output
        assert get_document_model().objects.count() == documents
    page = ConversationPage.objects.get()
    assert page.resources[0].value["document"] is not None


def test_fetch_documents_in_a_dry_run_saves_no_document(db, linked):
    path, _files = linked
    before = state()
    output = run("kindness_import", str(path), "--fetch-documents", "--dry-run")
    assert "none saved (dry run)" in output
    assert state() == before


def test_an_editors_document_is_kept_over_a_fetched_one(db, linked):
    """A summary document an editor chose replaces the import's: a conflict, kept."""
    path, _files = linked
    run("kindness_import", str(path), "--fetch-documents")
    page = ConversationPage.objects.get()
    raw = [dict(item) for item in page.resources.raw_data]
    raw[0] = {"type": "summary", "value": {"title": "Our own summary", "document": None}}
    page.resources = json.dumps([{"type": r["type"], "value": r["value"]} for r in raw])
    page.save_revision().publish()
    output = run("kindness_import", str(path), "--fetch-documents")
    assert "resources changed in the CMS since the last import (kept)" in output
    page = ConversationPage.objects.get()
    assert page.resources[0].value["title"] == "Our own summary"

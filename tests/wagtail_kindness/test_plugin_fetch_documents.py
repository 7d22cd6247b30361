"""``kindness_import --fetch-documents``: linked documents downloaded into Wagtail's documents.

Against a real HTTP server on 127.0.0.1 (a thread, one per module): nothing
of ``urllib`` is replaced.  Each route is a kind of answer an old site gives:
a document, a missing file, a slow or endless one, an HTML page where a PDF
was linked, redirects to other schemes and to another address.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from urllib.parse import unquote

import pytest
from django.core.checks import Error
from django.test.utils import override_settings
from django.utils.text import get_valid_filename
from kindness_factories import closed_port
from wagtail.documents import get_document_model
from wagtail.models import Collection

from kindness_core.archive import Archive
from kindness_core.series import Conversation, Resource, ResourceKind, Series
from wagtail_kindness import conf
from wagtail_kindness.checks import check_settings
from wagtail_kindness.importing.fetch import (
    DOCUMENT_EXTENSIONS,
    Downloads,
    download_documents,
    save_documents,
)

PDF = b"%PDF-1.7\n" + b"kindness summary " * 200 + b"\n%%EOF\n"
PDF_2 = b"%PDF-1.4\n" + b"another summary " * 150 + b"\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"word document body " * 100
PPTX = b"PK\x03\x04" + b"slides body " * 120
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"old word " * 100
RTF = b"{\\rtf1\\ansi kindness}"
HTML = b"<!doctype html><html><body>Not found, but 200</body></html>"
TYPES = {
    "pdf": "application/pdf",
    "docx": DOCUMENT_EXTENSIONS[".docx"],
    "pptx": DOCUMENT_EXTENSIONS[".pptx"],
    "doc": "application/msword",
    "rtf": "text/rtf",
}
ENCODED = "/files/Summary%20notes%20%C3%A9t%C3%A9.pdf?v=2&lang=fr+en"
LONDON = zoneinfo.ZoneInfo("Europe/London")
#: A small timeout and size limit: the tests need not wait or send much.
FAST = {"TIMEOUT": 0.4, "MAX_BYTES": 4000}


def _send(handler, status: int, body: bytes = b"", *, length: bool = True, **headers) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name.replace("_", "-"), value)
    if length:
        handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _document(kind: str, body: bytes, **headers) -> Callable:
    return lambda h: _send(h, 200, body, Content_Type=TYPES.get(kind, kind), **headers)


def _sleep_then(seconds: float, body: bytes) -> Callable:
    def answer(handler) -> None:
        time.sleep(seconds)
        _send(handler, 200, body, Content_Type="application/pdf")

    return answer


def _stall(handler) -> None:
    """Headers and the start of a PDF, then nothing for longer than the timeout."""
    _send(handler, 200, PDF[:100], length=False, Content_Type="application/pdf")
    handler.wfile.flush()
    time.sleep(3)
    handler.wfile.write(PDF[100:])


def _drip(handler) -> None:
    """A byte now and then, never slow enough for a socket timeout, for ever."""
    _send(handler, 200, b"%PDF-", length=False, Content_Type="application/pdf")
    for _ in range(40):
        handler.wfile.write(b".")
        handler.wfile.flush()
        time.sleep(0.1)


def _endless(handler) -> None:
    """No Content-Length, and more bytes than any limit."""
    _send(handler, 200, b"%PDF-1.7\n", length=False, Content_Type="application/pdf")
    for _ in range(100):
        handler.wfile.write(b"x" * 1000)


def _redirect(to: str) -> Callable:
    return lambda h: _send(h, 302, Location=to(h) if callable(to) else to)


RFC6266 = "attachment; filename*=UTF-8''Rapport%20final%20%C3%A9t%C3%A9.pdf"
DOTTED = "../../etc/.secret.pdf"
LONG = "long " * 60 + ".pdf"
ROUTES: dict[str, Callable] = {
    "/files/summary.pdf": _document("pdf", PDF),
    "/files/other.pdf": _document("pdf", PDF_2),
    "/files/same-again.pdf": _document("pdf", PDF),
    "/files/notes.docx": _document("docx", DOCX),
    "/files/slides.pptx": _document("pptx", PPTX),
    "/files/old.doc": _document("doc", DOC),
    "/files/letter.rtf": _document("rtf", RTF),
    "/files/charset.pdf": _document("application/pdf; charset=binary", PDF),
    "/files/binary.pdf": _document("application/octet-stream", PDF),
    "/files/untyped.pdf": lambda h: _send(h, 200, PDF),
    "/files/fake.pdf": _document("pdf", HTML),
    "/files/page.pdf": _document("text/html; charset=utf-8", HTML),
    "/files/empty.pdf": _document("pdf", b""),
    "/files/gzip.pdf": _document("pdf", PDF, Content_Encoding="gzip"),
    "/files/missing.pdf": lambda h: _send(h, 404, b"no such file", Content_Type="text/plain"),
    "/files/broken.pdf": lambda h: _send(h, 500, b"oops", Content_Type="text/plain"),
    "/files/slow.pdf": _sleep_then(3, PDF),
    "/files/stall.pdf": _stall,
    "/files/drip.pdf": _drip,
    "/files/big.pdf": _document("pdf", PDF + b"x" * 5000),
    "/files/endless.pdf": _endless,
    "/files/file-redirect.pdf": _redirect("file:///etc/passwd"),
    "/files/ftp-redirect.pdf": _redirect("ftp://127.0.0.1/files/summary.pdf"),
    "/files/data-redirect.pdf": _redirect("data:application/pdf;base64,JVBERi0="),
    "/files/moved.pdf": _redirect(lambda h: f"http://localhost:{h.server.server_port}/files/other.pdf"),
    "/files/moved-here.pdf": _redirect("/files/notes.docx"),
    "/files/loop.pdf": _redirect("/files/loop.pdf"),
    ENCODED: _document("pdf", PDF_2),
    "/download?id=3": _document("pdf", PDF_2, Content_Disposition=RFC6266),
    "/download?id=4": _document("pdf", PDF, Content_Disposition=f'attachment; filename="{DOTTED}"'),
    "/download?id=5": _document("application/octet-stream", PDF),
    "/download?id=6": _document("pdf", PDF_2, Content_Disposition=f'inline; filename="{LONG}"'),
    "/download?id=7": _document("pdf", PDF, Content_Disposition='attachment; filename="notes.exe"'),
    "/write-up": _document("text/html", HTML),
    "/files/sheet.php": _document("text/csv", b"date,title\n2024-01-10,Talk\n"),
}  # fmt: skip


#: The routes by their decoded path: ``%C3%A9`` and ``%c3%a9`` are one address.
_ROUTES = {unquote(path): answer for path, answer in ROUTES.items()}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits[unquote(self.path)] += 1  # type: ignore[attr-defined]
        answer = _ROUTES.get(unquote(self.path))
        try:
            if answer is None:
                _send(self, 404, b"unknown", Content_Type="text/plain")
            else:
                answer(self)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a limit, a timeout): that is the point

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[ThreadingHTTPServer]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.hits = Counter()  # type: ignore[attr-defined]
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def base(server) -> str:
    server.hits.clear()
    return f"http://127.0.0.1:{server.server_port}"


def archive(*months: tuple[Resource, ...], titles: tuple[str, ...] = ()) -> Archive:
    """One conversation a month from January 2024, each with the resources given."""
    conversations = tuple(
        Conversation(
            key=f"talks/2024-{i:02d}",
            start=dt.datetime(2024, i, 10, 12, 30, tzinfo=LONDON),
            title=titles[i - 1] if i <= len(titles) else f"Talk {i}",
            resources=resources,
        )
        for i, resources in enumerate(months, 1)
    )
    return Archive(series=Series(key="talks", name="Talks"), conversations=conversations)


def summary(url: str, title: str = "Insights and summary") -> Resource:
    return Resource(kind=ResourceKind.SUMMARY, title=title, url=url)


def link(url: str, kind: ResourceKind = ResourceKind.LINK, title: str = "Link") -> Resource:
    return Resource(kind=kind, title=title, url=url)


def fetch(*urls: str, kind: ResourceKind = ResourceKind.SUMMARY) -> Downloads:
    return download_documents(archive(*((link(u, kind, "Document"),) for u in urls)))


def only_warning(downloads: Downloads) -> str:
    assert downloads.files == ()
    assert len(downloads.warnings) == 1
    (warning,) = downloads.warnings
    assert "\n" not in warning
    return warning


def content(document) -> bytes:
    with document.open_file() as handle:
        return handle.read()


# -- documents saved --------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "extension", "content_type"),
    [
        ("/files/summary.pdf", PDF, ".pdf", "application/pdf"),
        ("/files/notes.docx", DOCX, ".docx", TYPES["docx"]),
        ("/files/slides.pptx", PPTX, ".pptx", TYPES["pptx"]),
        ("/files/old.doc", DOC, ".doc", "application/msword"),
        ("/files/letter.rtf", RTF, ".rtf", "text/rtf"),
        ("/files/charset.pdf", PDF, ".pdf", "application/pdf"),
        ("/files/binary.pdf", PDF, ".pdf", "application/octet-stream"),
        ("/files/untyped.pdf", PDF, ".pdf", "application/octet-stream"),
    ],
)
def test_a_linked_document_becomes_a_wagtail_document_with_its_bytes(
    base, path, body, extension, content_type
):
    url = base + path
    with download_documents(archive((summary(url),), titles=("Kindness at night",))) as got:
        assert got.warnings == ()
        (item,) = got.files
        assert (item.url, item.size, item.content_type) == (url, len(body), content_type)
        assert item.filename == path.rsplit("/", 1)[-1]
        documents = save_documents(got)
    document = documents[url]
    assert content(document) == body
    assert document.filename.endswith(extension)
    assert document.title == "Kindness at night – Insights and summary"
    assert document.collection == Collection.get_first_root_node()
    assert document.file_size == len(body)
    assert document.file_hash == document.get_file_hash()  # Wagtail's own SHA-1 of the file
    assert get_document_model().objects.count() == 1


@pytest.mark.django_db
def test_documents_go_into_the_collection_given(base):
    root = Collection.get_first_root_node()
    imported = root.add_child(name="Imported")
    with download_documents(archive((summary(base + "/files/summary.pdf"),))) as got:
        (document,) = save_documents(got, collection=imported).values()
    assert document.collection == imported


@pytest.mark.django_db
def test_a_title_that_names_the_conversation_is_kept_as_it_is(base):
    resource = summary(base + "/files/summary.pdf", "Kindness at night: the full report")
    with download_documents(archive((resource,), titles=("Kindness at night",))) as got:
        (document,) = save_documents(got).values()
    assert document.title == "Kindness at night: the full report"


@pytest.mark.django_db
def test_every_kind_of_resource_named_as_a_document_is_fetched(base):
    slides = Resource(kind=ResourceKind.SLIDES, title="Slides", url=base + "/files/slides.pptx")
    other = link(base + "/files/notes.docx", ResourceKind.LINK, "Reading list")
    with download_documents(archive((slides, other))) as got:
        assert {item.url for item in got.files} == {slides.url, other.url}


# -- addresses ---------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "spelling",
    [
        ENCODED,  # percent-encoded spaces and letters, a query with + and &
        "/files/Summary%20notes%20été.pdf?v=2&lang=fr+en",  # an IRI: letters as they are
        "/files/Summary%20notes%20%C3%A9t%C3%A9.pdf?v=2&lang=fr+en#page=3",  # a fragment
        "/files/Summary%20notes%20%c3%a9t%c3%a9.pdf?v=2&lang=fr+en",  # lower-case escapes
    ],
)
def test_encoded_letters_spaces_and_a_query_reach_the_server_as_linked(base, server, spelling):
    url = base + spelling
    with download_documents(archive((summary(url),))) as got:
        assert got.warnings == ()
        (item,) = got.files
        assert item.filename == "Summary notes été.pdf"
        assert content(save_documents(got)[url]) == PDF_2
    assert server.hits == Counter({unquote(ENCODED): 1})


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "filename"),
    [
        ("/download?id=3", "Rapport final été.pdf"),  # RFC 6266 filename*
        ("/download?id=4", "secret.pdf"),  # a path and a leading dot taken off
        ("/download?id=7", "notes.pdf"),  # a PDF named .exe is saved as a .pdf
    ],
)
def test_the_file_name_comes_from_content_disposition_made_safe(base, path, filename):
    with download_documents(archive((summary(base + path),))) as got:
        (item,) = got.files
        assert item.filename == filename
        assert item.path.parent == got.directory
        (document,) = save_documents(got).values()
    stem, extension = filename.rsplit(".", 1)
    assert document.filename.startswith(get_valid_filename(stem))  # as Django's storage keeps it
    assert document.filename.endswith(f".{extension}")


def test_a_long_file_name_is_shortened_and_keeps_its_extension(base):
    with download_documents(archive((summary(base + "/download?id=6"),))) as got:
        (item,) = got.files
    assert item.filename.endswith(".pdf")
    assert len(item.filename) <= 100
    assert "/" not in item.filename


def test_a_summary_link_without_an_extension_is_kept_if_the_server_says_pdf(base):
    with download_documents(archive((summary(base + "/download?id=3"),))) as got:
        (item,) = got.files
    assert item.content_type == "application/pdf"


def test_a_summary_link_to_a_web_page_keeps_its_address(base):
    warning = only_warning(fetch(base + "/write-up"))
    assert warning.startswith(base + "/write-up: ")
    assert "text/html" in warning
    assert "keeps its address" in warning


def test_octet_stream_is_refused_for_a_link_not_named_as_a_document(base):
    assert "application/octet-stream" in only_warning(fetch(base + "/download?id=5"))


@pytest.mark.parametrize("kind", [ResourceKind.RECORDING, ResourceKind.AUDIO, ResourceKind.LINK])
def test_recordings_audio_and_plain_links_are_never_requested(base, server, kind):
    got = download_documents(archive((link(base + "/write-up", kind),)))
    assert (got.files, got.warnings) == ((), ())
    assert server.hits == Counter()


def test_a_pending_resource_is_left_alone(base, server):
    got = download_documents(archive((Resource(kind=ResourceKind.SUMMARY, title="Summary"),)))
    assert (got.files, got.warnings, got.directory) == ((), (), None)
    got.close()


# -- once per address -------------------------------------------------------------------


@pytest.mark.django_db
def test_an_address_shared_by_two_conversations_is_one_download_and_one_document(base, server):
    url = base + "/files/summary.pdf"
    spelled_otherwise = "HTTP://127.0.0.1:" + url.split(":", 2)[2] + "#page=2"
    data = archive((summary(url),), (summary(url, "Summary again"),), (summary(spelled_otherwise),))
    with download_documents(data) as got:
        assert len(got.files) == 1
        assert got.urls == {url, spelled_otherwise}
        documents = save_documents(got)
    assert server.hits["/files/summary.pdf"] == 1
    assert documents[url] == documents[spelled_otherwise]
    assert get_document_model().objects.count() == 1
    assert documents[url].title == "Talk 1 – Insights and summary"  # the oldest's link


@pytest.mark.django_db
def test_the_same_file_at_two_addresses_is_one_document(base):
    first, second = base + "/files/summary.pdf", base + "/files/same-again.pdf"
    with download_documents(archive((summary(first),), (summary(second),))) as got:
        assert len(got.files) == 2
        documents = save_documents(got)
    assert documents[first] == documents[second]
    assert get_document_model().objects.count() == 1


@pytest.mark.django_db
def test_importing_again_reuses_the_documents_and_creates_none(base):
    data = archive((summary(base + "/files/summary.pdf"),), (summary(base + "/files/notes.docx"),))
    with download_documents(data) as got:
        first = save_documents(got)
    with download_documents(data) as got:
        again = save_documents(got)
    assert again == first
    assert get_document_model().objects.count() == 2


@pytest.mark.django_db
def test_a_document_an_editor_uploaded_with_the_same_file_is_reused(base):
    with download_documents(archive((summary(base + "/files/summary.pdf"),))) as got:
        (document,) = save_documents(got).values()
    document.title = "Renamed by an editor"
    document.save()
    with download_documents(archive((summary(base + "/files/summary.pdf"),))) as got:
        (again,) = save_documents(got).values()
    assert (again.pk, again.title) == (document.pk, "Renamed by an editor")


@pytest.mark.django_db
def test_a_document_known_for_an_address_is_reused_without_a_copy(base):
    with download_documents(archive((summary(base + "/files/summary.pdf"),))) as got:
        (document,) = save_documents(got).values()
    url = base + "/files/other.pdf"
    with download_documents(archive((summary(url),))) as got:
        assert save_documents(got, known={url: document}) == {url: document}
    assert get_document_model().objects.count() == 1


# -- failures: a warning each, the import goes on ---------------------------------------


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/files/missing.pdf", "HTTP 404"),
        ("/files/broken.pdf", "HTTP 500"),
        ("/files/page.pdf", "served as text/html"),
        ("/files/fake.pdf", "not a PDF"),
        ("/files/empty.pdf", "empty"),
        ("/files/gzip.pdf", "compressed"),
        ("/files/loop.pdf", "more than 5 redirects"),
    ],
)
def test_a_failed_download_is_one_warning_naming_the_address_and_why(base, path, reason):
    warning = only_warning(fetch(base + path))
    assert warning.startswith(f"{base}{path}: not downloaded (")
    assert reason in warning


@override_settings(WAGTAILKINDNESS_IMPORT_FETCH=FAST)
@pytest.mark.parametrize("path", ["/files/slow.pdf", "/files/stall.pdf", "/files/drip.pdf"])
def test_a_download_slower_than_the_timeout_is_abandoned(base, path):
    started = time.monotonic()
    warning = only_warning(fetch(base + path))
    assert "timed out after 0.4 seconds" in warning
    assert time.monotonic() - started < 2.5  # the server would take 3 seconds or more


@override_settings(WAGTAILKINDNESS_IMPORT_FETCH=FAST)
@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/files/big.pdf", "over the limit of 4000 bytes"),  # refused from its Content-Length
        ("/files/endless.pdf", "larger than the limit of 4000 bytes"),  # no Content-Length
    ],
)
def test_a_file_larger_than_the_limit_is_refused(base, server, path, reason):
    got = fetch(base + path)
    assert reason in only_warning(got)
    assert list(got.directory.iterdir()) == []  # the part read is not kept
    got.close()


@pytest.mark.parametrize(
    ("path", "scheme"),
    [
        ("/files/file-redirect.pdf", "file"),
        ("/files/ftp-redirect.pdf", "ftp"),
        ("/files/data-redirect.pdf", "data"),
    ],
)
def test_a_redirect_away_from_the_web_is_refused(base, server, path, scheme):
    warning = only_warning(fetch(base + path))
    assert f"redirected to a {scheme}: address" in warning
    assert server.hits["/files/summary.pdf"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body", "filename"),
    [
        ("/files/moved.pdf", PDF_2, "moved.pdf"),  # to another host name, absolute
        # relative; named where it led, as its type says (not "moved-here.pdf")
        ("/files/moved-here.pdf", DOCX, "notes.docx"),
    ],
)
def test_a_redirect_to_another_web_address_is_followed(base, path, body, filename):
    url = base + path
    with download_documents(archive((summary(url),))) as got:
        assert got.warnings == ()
        (item,) = got.files
        assert item.filename == filename
        assert content(save_documents(got)[url]) == body


def test_an_address_nothing_answers_is_a_warning(base):
    warning = only_warning(fetch(f"http://127.0.0.1:{closed_port()}/files/summary.pdf"))
    assert "the connection failed" in warning


def test_a_host_that_does_not_exist_is_a_warning():
    assert "not downloaded" in only_warning(fetch("http://kindness.invalid/summary.pdf"))


@override_settings(WAGTAILDOCS_EXTENSIONS=["pdf"])
def test_a_type_the_site_does_not_accept_as_a_document_is_refused(base):
    warning = only_warning(fetch(base + "/files/notes.docx"))
    assert "WAGTAILDOCS_EXTENSIONS" in warning


@pytest.mark.django_db
def test_failures_and_successes_together_keep_going(base):
    good, bad = base + "/files/summary.pdf", base + "/files/missing.pdf"
    out = StringIO()
    with download_documents(archive((summary(bad),), (summary(good),)), stdout=out) as got:
        assert [item.url for item in got.files] == [good]
        assert len(got.warnings) == 1
        assert set(save_documents(got)) == {good}
    assert out.getvalue() == f"Downloading {bad}\nDownloading {good}\n"


@override_settings(WAGTAILKINDNESS_IMPORT_FETCH={"CONTENT_TYPES": ["application/pdf"]})
def test_the_content_types_setting_is_the_allow_list(base):
    got = fetch(base + "/files/notes.docx", base + "/files/summary.pdf")
    assert [item.url for item in got.files] == [base + "/files/summary.pdf"]
    assert "served as " + TYPES["docx"] in got.warnings[0]
    got.close()


@pytest.mark.django_db
@override_settings(WAGTAILKINDNESS_IMPORT_FETCH={"CONTENT_TYPES": ["text/csv"]})
def test_a_type_the_setting_adds_is_named_by_its_type_not_by_the_address(base):
    with fetch(base + "/files/sheet.php") as got:
        (item,) = got.files
        assert item.filename == "sheet.csv"
        (document,) = save_documents(got).values()
    assert document.file_extension == "csv"


# -- temporary files ----------------------------------------------------------------------


def test_closing_removes_every_temporary_file(base):
    got = fetch(base + "/files/summary.pdf", base + "/files/notes.docx", base + "/files/fake.pdf")
    directory = got.directory
    assert sorted(p.name for p in directory.iterdir()) == sorted(i.path.name for i in got.files)
    assert len(got.files) == 2
    got.close()
    assert not directory.exists()
    got.close()  # twice: nothing happens


def test_leaving_the_with_block_removes_the_files_even_on_an_error(base):
    got = fetch(base + "/files/summary.pdf")

    def fail() -> None:
        with got:
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail()
    assert not got.directory.exists()


# -- the setting and its check -------------------------------------------------------------


def test_the_setting_merges_with_its_defaults():
    with override_settings(WAGTAILKINDNESS_IMPORT_FETCH={"TIMEOUT": 5}):
        limits = conf.import_fetch()
    assert limits["TIMEOUT"] == 5
    assert limits["MAX_BYTES"] == 25 * 1024 * 1024
    assert "application/pdf" in limits["CONTENT_TYPES"]


def _e016() -> list[Error]:
    return [e for e in check_settings() if e.id == "wagtail_kindness.E016"]


@pytest.mark.parametrize(
    "value",
    [
        {},
        {"MAX_BYTES": 1},
        {"TIMEOUT": 0.5, "MAX_BYTES": 10 * 1024 * 1024},
        {"CONTENT_TYPES": ["application/pdf", "application/vnd.ms-excel"]},
    ],
)
def test_usable_settings_pass_the_check(value):
    with override_settings(WAGTAILKINDNESS_IMPORT_FETCH=value):
        assert _e016() == []


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (25 * 1024 * 1024, "must be a dict"),
        ({"MAX_SIZE": 10}, "unknown key 'MAX_SIZE'"),
        ({"MAX_BYTES": 0}, "MAX_BYTES is 0"),
        ({"MAX_BYTES": "25MB"}, "MAX_BYTES is '25MB'"),
        ({"MAX_BYTES": True}, "MAX_BYTES is True"),
        ({"MAX_BYTES": 2 * 1024**3}, "MAX_BYTES"),
        ({"TIMEOUT": 0}, "TIMEOUT is 0"),
        ({"TIMEOUT": -1.5}, "TIMEOUT"),
        ({"TIMEOUT": "20"}, "TIMEOUT is '20'"),
        ({"TIMEOUT": 3600}, "at most 600"),
        ({"CONTENT_TYPES": "application/pdf"}, "list of media types"),
        ({"CONTENT_TYPES": ["PDF"]}, "'PDF'"),
        ({"CONTENT_TYPES": ["Application/PDF"]}, "lower-case"),
        ({"CONTENT_TYPES": []}, "empty"),
    ],
)
def test_a_bad_setting_is_error_e016_with_a_hint(value, words):
    with override_settings(WAGTAILKINDNESS_IMPORT_FETCH=value):
        (error,) = _e016()
    assert words in error.msg
    assert "WAGTAILKINDNESS_IMPORT_FETCH" in error.msg
    assert "WAGTAILKINDNESS_IMPORT_FETCH = {" in error.hint

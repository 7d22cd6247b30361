"""What visitors get when something the site depends on fails.

Each fault is real, not a mock of the plugin: an oEmbed endpoint on a closed
port, a document file deleted from the storage's folder, a SQLite database in
a folder that does not exist, memcached (pymemcache) on a closed port.
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from django.db.utils import ConnectionHandler, InterfaceError
from django.test import Client
from django.test.utils import override_settings
from kindness_factories import (
    add_conversation,
    closed_port,
    make_document,
    memcached_down,
    third_thursday,
)
from pymemcache.exceptions import MemcacheError
from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

from wagtail_kindness.middleware import DatabaseUnavailableMiddleware

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/123456789"
ELSEWHERE = "https://videos.example.org/kindness-2023-11"
MIDDLEWARE = "wagtail_kindness.middleware.DatabaseUnavailableMiddleware"


# -- 1. the video host's oEmbed endpoint is unreachable ----------------------


def unreachable_oembed(port: int) -> list[dict]:
    """Wagtail's own oEmbed finder, with every video address sent to a closed port."""
    return [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": f"http://127.0.0.1:{port}/oembed",
                    "urls": [
                        r"^https?://(?:www\.)?youtube\.com/.+$",
                        r"^https?://(?:www\.)?vimeo\.com/.+$",
                        r"^https?://videos\.example\.org/.+$",
                    ],
                }
            ],
        }
    ]


@pytest.mark.django_db
def test_an_unreachable_video_host_leaves_the_page_and_its_plain_links(client, series):
    page = add_conversation(
        series,
        third_thursday(2023, 11),
        title="Kindness on film",
        # A media embed in the text: rendering it asks the oEmbed endpoint.
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Before the film.</p><embed embedtype="media" url="{YOUTUBE}"/>'
                "<p>After the film.</p>",
            }
        ],
        resources=[
            ("recording", {"title": "The talk", "url": YOUTUBE, "pending": False}),
            ("recording", {"title": "The panel", "url": VIMEO, "pending": False}),
            ("recording", {"title": "The workshop", "url": ELSEWHERE, "pending": False}),
        ],
    )
    with override_settings(WAGTAILEMBEDS_FINDERS=unreachable_oembed(closed_port())):
        with pytest.raises(EmbedException, match="Request failed"):
            get_embed(YOUTUBE)  # the endpoint really refuses the connection
        response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Before the film." in html
    assert "After the film." in html
    assert "<iframe" not in html  # neither the failed embed nor a player before a click
    # Every recording still has a plain link to the video host.
    assert f'<a href="{YOUTUBE}">Watch “The talk” on YouTube</a>' in html
    assert f'<a href="{VIMEO}">Watch “The panel” on Vimeo</a>' in html
    assert f'<a href="{ELSEWHERE}">Watch “The workshop”</a>' in html
    # The click-to-load players point at the hosts' player pages, not at oEmbed.
    assert 'data-kindness-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ' in html
    assert 'data-kindness-player="https://player.vimeo.com/video/123456789' in html
    assert not Embed.objects.exists()  # no failed embed was stored


# -- 2. a document's file is missing from storage -----------------------------


@pytest.fixture
def file_storage(tmp_path):
    """Documents in a real folder (MEDIA_ROOT), as a site on disk keeps them."""
    storages = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path / "media")):
        yield tmp_path / "media"


@pytest.mark.django_db
def test_a_document_missing_from_storage_is_shown_as_unavailable(
    client, series, file_storage, caplog
):
    summary = make_document("Insights November 2023", "insights-2023-11.pdf")
    slides = make_document("Slides November 2023", "slides-2023-11.pdf")
    kept = make_document("Slides October 2023", "slides-2023-10.pdf")
    page = add_conversation(
        series,
        third_thursday(2023, 11),
        title="Kindness and courage",
        resources=[
            ("summary", {"title": "", "document": summary, "pending": False}),
            ("presentation", {"title": "Slides", "document": slides, "url": "", "pending": False}),
        ],
    )
    add_conversation(
        series,
        third_thursday(2023, 10),
        title="Kindness in education",
        resources=[("presentation", {"title": "", "document": kept, "url": "", "pending": False})],
    )
    for document in (summary, slides):
        path = file_storage / document.file.name
        assert path.is_file()
        os.remove(path)

    with caplog.at_level(logging.WARNING, logger="wagtail_kindness.blocks"):
        response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Insights and summary: unavailable for now" in html
    assert "Slides: unavailable for now" in html
    # No link that would end in an error (the JSON-LD keeps the document's
    # address, as the feeds, the API and the export do: the file may come back).
    assert f'href="{summary.url}"' not in html
    assert f'href="{slides.url}"' not in html
    assert "Download the" not in html
    assert "insights-2023-11.pdf" in caplog.text  # the site's admins are told

    archive = client.get(series.url)
    assert archive.status_code == 200
    html = archive.content.decode()
    assert "Insights and summary: unavailable for now" in html
    assert f'href="{summary.url}"' not in html
    assert f'<a href="{kept.url}">Presentation</a>' in html  # a file that is there: a link

    # The document's own address is Wagtail's: its serve view answers 404.
    assert client.get(summary.url).status_code == 404
    assert client.get(kept.url).status_code == 200


# -- 3. the database is unavailable ------------------------------------------


@pytest.fixture
def database_down(tmp_path):
    """The ``default`` connection is a SQLite file in a folder that does not exist.

    Opening it fails (``OperationalError: unable to open database file``) as
    it would on a site whose database went away.
    """
    missing = tmp_path / "gone" / "db.sqlite3"
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(missing)}}
    )
    broken = handler["default"]
    working = connections["default"]
    connections["default"] = broken
    try:
        yield missing
    finally:
        connections["default"] = working
        broken.close()
    assert not missing.parent.exists()


def with_middleware(*extra: str):
    return override_settings(MIDDLEWARE=[MIDDLEWARE, *extra, *settings.MIDDLEWARE])


def assert_plain_503(response, retry_after: str = "60") -> str:
    assert response.status_code == 503
    assert response["Retry-After"] == retry_after
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    body = response.content.decode()
    for leak in ("Traceback", "OperationalError", 'File "', "sqlite", "db.sqlite3"):
        assert leak not in body
    return body


@pytest.mark.django_db
def test_without_the_middleware_a_database_failure_is_a_500(series, database_down):
    # The fault is real: Django alone answers it with a server error.
    response = Client(raise_request_exception=False).get("/conversations/")
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/conversations/", "/conversations/calendar.ics", "/conversations/feed/", "/api/v2/pages/"],
)
def test_the_database_down_is_a_plain_503(client, series, database_down, caplog, path):
    with with_middleware(), caplog.at_level(logging.ERROR, logger="wagtail_kindness.middleware"):
        response = client.get(path)
    body = assert_plain_503(response)
    assert "<h1>Temporarily unavailable</h1>" in body
    assert "cannot reach its database" in body
    assert "{%" not in body
    [record] = [r for r in caplog.records if r.name == "wagtail_kindness.middleware"]
    assert record.levelno == logging.ERROR
    assert f"GET {path}" in record.getMessage()
    assert "unable to open database file" in record.getMessage()
    assert record.exc_info is not None  # the traceback goes to the log, not to the visitor


class QueryBeforeTheView:
    """Another middleware that reads the database (as a redirects or sessions one does)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from wagtail.models import Site

        Site.objects.count()
        return self.get_response(request)


@pytest.mark.django_db
def test_a_failure_in_another_middleware_is_a_503_too(series, database_down):
    with with_middleware(f"{__name__}.QueryBeforeTheView"):
        response = Client(raise_request_exception=False).get("/conversations/")
    assert_plain_503(response)


class LostConnection:
    """Stands in for a driver whose connection was closed under it (psycopg's words)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise InterfaceError("connection already closed")


@pytest.mark.django_db
def test_a_lost_connection_is_a_503_too(series):
    with with_middleware(f"{__name__}.LostConnection"):
        response = Client(raise_request_exception=False).get("/conversations/")
    assert_plain_503(response)


class PatientMiddleware(DatabaseUnavailableMiddleware):
    template_name = "wagtail_kindness/no-such-503.html"
    retry_after = 300


@pytest.mark.django_db
def test_the_template_and_delay_can_be_overridden(series, database_down):
    with override_settings(MIDDLEWARE=[f"{__name__}.PatientMiddleware", *settings.MIDDLEWARE]):
        response = Client().get("/conversations/")
    body = assert_plain_503(response, retry_after="300")
    assert "Service unavailable" in body  # the built-in fallback when the template is missing


@pytest.mark.django_db
def test_other_errors_and_answers_are_left_to_django(client, series):
    with with_middleware():
        assert client.get("/conversations/").status_code == 200
        assert client.get("/no-such-page/").status_code == 404


def test_the_503_page_is_self_contained():
    template = Path(__file__).resolve().parents[2] / "wagtail_kindness" / "templates"
    text = (template / "wagtail_kindness" / "503.html").read_text(encoding="utf-8")
    text = re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.DOTALL)
    # Nothing that could need the database, the request or another template.
    # No inline style or script either: a strict Content-Security-Policy covers it.
    needing = ("{% extends", "{% include", "{% url", "{% static", "pageurl", "request", "user")
    for needs in (*needing, "<style", "<script", "style="):
        assert needs not in text


# -- 4. the cache is down ------------------------------------------------------


@pytest.fixture
def conversation_with_photo(series, speaker, document):
    speaker.photo = get_image_model().objects.create(
        title="Portrait", file=get_test_image_file(filename="portrait.png", size=(320, 320))
    )
    speaker.save()
    return add_conversation(
        series,
        third_thursday(2023, 11),
        title="Kindness and courage",
        people=[(speaker, "speaker")],
        resources=[("summary", {"title": "", "document": document, "pending": False})],
    )


@pytest.mark.django_db
def test_with_the_caches_down_every_output_is_served(client, series, conversation_with_photo):
    from django.core.cache import caches

    port = closed_port()
    caches_down = {
        # Wagtail reads the default cache for every page address: memcached
        # there is configured as Django documents it, failures read as misses.
        "default": memcached_down(port, ignore_exc=True),
        # The plugin's own cache and Wagtail's renditions raise on every call.
        "kindness": memcached_down(port),
        "renditions": memcached_down(port),
    }
    page = conversation_with_photo
    with override_settings(CACHES=caches_down, WAGTAILKINDNESS_CACHE_ALIAS="kindness"):
        for alias in ("kindness", "renditions"):
            for _ in range(2):  # the fault is real, and lasts
                with pytest.raises((ConnectionRefusedError, MemcacheError)):
                    caches[alias].get("anything")
        assert caches["default"].get("anything", "missed") == "missed"

        archive = client.get("/conversations/")
        assert archive.status_code == 200
        assert "Kindness and courage" in archive.content.decode()

        response = client.get(page.url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Dr Hesham Abdalla" in html
        assert "kindness-person__photo" not in html  # no rendition to be had: no photo

        speaker_page = client.get("/conversations/speakers/hesham-abdalla/")
        assert speaker_page.status_code == 200
        assert "Kindness and courage" in speaker_page.content.decode()

        ics = client.get("/conversations/calendar.ics")
        assert ics.status_code == 200
        assert b"SUMMARY:Kindness and courage" in ics.content
        assert "ETag" not in ics  # no validator that could give a wrong 304

        for feed in ("/conversations/feed/", "/conversations/feed/atom/"):
            answer = client.get(feed)
            assert answer.status_code == 200
            assert b"Kindness and courage" in answer.content

        api = client.get(f"/api/v2/pages/{page.pk}/")
        assert api.status_code == 200
        assert api.json()["display_title"] == "Kindness and courage"
        assert api.json()["people"][0]["name"] == "Hesham Abdalla"

    # With the caches back the photo is there again.
    response = client.get(page.url)
    assert 'class="kindness-person__photo"' in response.content.decode()


@pytest.mark.django_db
def test_the_cache_coming_back_serves_fresh_outputs(client, series, conversation_with_photo):
    with override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
            "kindness": memcached_down(closed_port()),
        },
        WAGTAILKINDNESS_CACHE_ALIAS="kindness",
    ):
        assert client.get("/conversations/calendar.ics").status_code == 200
    add_conversation(series, third_thursday(2023, 12), title="Kindness at winter")
    response = client.get("/conversations/calendar.ics")
    assert b"SUMMARY:Kindness at winter" in response.content
    assert response["ETag"]


# -- 5. a schedule stored broken (written outside the admin form) -------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "fields",
    [
        {"schedule_rule": "FREQ=MONTHLY;BYDAY=9TH"},
        {"schedule_rule": "not a rule at all"},
        {"schedule_timezone": "Mars/Olympus_Mons"},
    ],
    ids=["impossible-rule", "garbage-rule", "unknown-zone"],
)
def test_a_schedule_stored_broken_still_serves_every_page(client, series, caplog, fields):
    from wagtail_kindness.models import ConversationSeriesPage

    add_conversation(series, third_thursday(2023, 5), title="Still served")
    ConversationSeriesPage.objects.filter(pk=series.pk).update(**fields)
    caplog.set_level(logging.ERROR, logger="wagtail_kindness.models.schedule")
    for path in (
        "/conversations/",
        "/conversations/2023/",
        "/conversations/calendar.ics",
        "/conversations/feed/",
        "/conversations/feed/atom/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"Still served" in response.content, path
    assert "cannot be used" in caplog.text
    stored = ConversationSeriesPage.objects.get(pk=series.pk)
    assert any("cannot be used" in warning for warning in stored.schedule_warnings)
    # The public description is the plain monthly rule, not the error.
    assert "Third Thursday" in stored.schedule_description

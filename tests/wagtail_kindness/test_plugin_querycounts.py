"""Constant-cost pages: exact query counts at 5 and at 60 conversations, and page weight.

The counts are the ceilings of docs/performance.md.  A new query on one of
these pages must be a deliberate change: raise the number here and say why
in the changelog.  Wagtail itself makes four of them (the site, the series
page, its specific row, the view restrictions); a conversation page one more
(found by the series in one query instead of Wagtail's two).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Site

from wagtail_kindness.caching import bump_version
from wagtail_kindness.models import ConversationPage, ConversationPerson, Speaker

#: route -> exact number of queries, whatever the number of conversations.
#: The archive's list is cached per series state: "archive" is the first
#: request after a change (nothing cached: the rows come with their total),
#: "archive_warm" the next ones.  The state is one primary-key query.
CEILINGS = {
    "archive": 10,
    "archive_page_2": 10,
    "archive_warm": 6,
    "archive_page_2_warm": 6,
    "year": 9,
    "speaker": 9,
    "theme": 9,
    "conversation": 8,
    # the calendar and the feeds: built after a change, then from the cache
    "calendar": 13,
    "calendar_warm": 5,
    "feed": 9,
    "feed_warm": 5,
    "atom": 9,
    "atom_warm": 5,
}
MAX_PAGE_WEIGHT = 100 * 1024  # HTML + the plugin's CSS and JS it links


@pytest.fixture
def no_search_index(settings):
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }


@pytest.fixture
def photo(db):
    return get_image_model().objects.create(
        title="Portrait", file=get_test_image_file(filename="portrait.png", size=(320, 320))
    )


def _fill(series, document, photo, count: int) -> list[ConversationPage]:
    """``count`` monthly conversations with two people, two resources and two themes."""
    speakers = [
        Speaker.objects.create(name=f"Speaker {n}", photo=photo if n == 0 else None)
        for n in range(max(2, count // 3))
    ]
    pages = []
    day = dt.date(2019, 1, 17)
    for n in range(count):
        page = ConversationPage(
            conversation_title=f"Conversation {n}",
            date=day,
            status="cancelled" if n % 10 == 9 else "held",
            standfirst=f"About conversation {n}.",
            resources=[
                ("summary", {"title": "", "document": document, "pending": False}),
                ("recording", {"title": "", "url": f"https://vimeo.com/{n + 1}", "pending": False}),
            ],
        )
        page.people.add(ConversationPerson(speaker=speakers[n % len(speakers)], role="speaker"))
        page.people.add(ConversationPerson(speaker=speakers[0], role="host"))
        series.add_child(instance=page)
        page.themes.add(f"theme-{n % 3}", "kindness")
        page.save()
        pages.append(page)
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=17)
    return pages


def _urls(series, pages) -> dict[str, str]:
    return {
        "archive": series.url,
        "archive_page_2": series.url + "?page=2" if len(pages) > 24 else series.url,
        "year": series.url + "2019/",
        "speaker": series.url + "speakers/speaker-0/",
        "theme": series.url + "themes/kindness/",
        "conversation": pages[0].url,
        # cold (built after a change), then warm (from the cache)
        "calendar": series.url + "calendar.ics",
        "feed": series.url + "feed/",
        "atom": series.url + "feed/atom/",
    }


def _counts(client, urls) -> dict[str, int]:
    from django.db import connection

    found = {}
    for name, url in urls.items():
        assert client.get(url).status_code == 200, url  # warms renditions and site caches
        bump_version()  # a change: the archive's cached list is gone
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found[name] = len(queries.captured_queries)
        if name.startswith(("archive", "calendar", "feed", "atom")):
            with CaptureQueriesContext(connection) as queries:
                warm = client.get(url)
            if name.startswith("archive"):  # the cached list is the same
                assert warm.content == response.content, url
            found[f"{name}_warm"] = len(queries.captured_queries)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("count", [5, 60])
def test_every_route_makes_the_same_exact_number_of_queries(
    client, series, document, photo, no_search_index, count
):
    pages = _fill(series, document, photo, count)
    assert _counts(client, _urls(series, pages)) == CEILINGS


@pytest.mark.django_db
def test_the_archive_pages_show_what_the_queries_fetched(
    client, series, document, photo, no_search_index
):
    pages = _fill(series, document, photo, 30)
    first = client.get(series.url)
    assert first.context["paginator"].count == 30
    assert first.context["paginator"].num_pages == 2
    assert len(first.context["page_obj"]) == 24
    html = first.content.decode()
    for text in ("Conversation 29", "Speaker 0", "theme-2"):
        assert text in html
    second = client.get(series.url, {"page": "2"})
    assert [e.page.title for _, es in second.context["groups"] for e in es][-1] == "Conversation 0"
    speaker = client.get(series.url + "speakers/speaker-1/")
    assert speaker.context["speaker"].name == "Speaker 1"
    assert speaker.context["paginator"].count == len(pages[1::10])
    theme = client.get(series.url + "themes/theme-1/")
    assert theme.context["theme"].name == "theme-1"
    assert theme.context["paginator"].count == 10
    # A speaker or theme with nothing public in this series, or unknown: 404.
    Speaker.objects.create(name="Nobody Yet")
    assert client.get(series.url + "speakers/nobody-yet/").status_code == 404
    assert client.get(series.url + "speakers/unknown/").status_code == 404
    assert client.get(series.url + "themes/unknown/").status_code == 404
    assert client.get(series.url + "2001/").status_code == 404
    conversation = client.get(pages[0].url).content.decode()
    assert conversation.count('class="kindness-person"') == 2


@pytest.mark.django_db
def test_restricted_conversations_stay_out_of_the_archive(client, series, document, photo):
    from wagtail.models import PageViewRestriction

    pages = _fill(series, document, photo, 3)
    PageViewRestriction.objects.create(page=pages[1], restriction_type="login")
    titles = [e.page.title for _, es in client.get(series.url).context["groups"] for e in es]
    assert titles == ["Conversation 2", "Conversation 0"]
    assert client.get(pages[1].url).status_code == 302  # to the login page
    assert list(series.conversations()) == list(
        ConversationPage.objects.child_of(series).live().public().order_by("-start", "-pk")
    )


# -- front-end weight ---------------------------------------------------------

_ASSET = re.compile(r"<(script|link|img|iframe)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|href|rel|srcset)\s*=\s*["']([^"']*)["']""", re.IGNORECASE)


def _assets(html: str):
    for tag, attrs in _ASSET.findall(html):
        found = {k.lower(): v for k, v in _ATTR.findall(attrs)}
        if tag.lower() == "link" and found.get("rel", "").lower() in ("alternate", "canonical"):
            continue  # not fetched on load
        yield tag.lower(), attrs, found.get("src") or found.get("href") or ""


def _own_hosts(request_host: str) -> set[str]:
    return {request_host, *Site.objects.values_list("hostname", flat=True)}


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["archive", "speaker", "conversation"])
def test_pages_are_light_and_load_nothing_from_other_hosts(
    client, series, document, photo, no_search_index, settings, route
):
    pages = _fill(series, document, photo, 60)
    response = client.get(_urls(series, pages)[route])
    html = response.content.decode()
    weight = len(response.content)
    own = _own_hosts("testserver")
    for tag, _attrs, url in _assets(html):
        parts = urlsplit(url)
        if parts.scheme in ("http", "https"):
            assert parts.hostname in own, f"third-party request on load: <{tag} {url}>"
        if tag in ("script", "link") and url.startswith(settings.STATIC_URL):
            path = finders.find(url[len(settings.STATIC_URL) :].split("?")[0])
            assert path, url
            weight += Path(path).stat().st_size
    assert weight < MAX_PAGE_WEIGHT, f"{route}: {weight} bytes"


@pytest.mark.django_db
def test_photos_are_sized_renditions_lazy_below_the_fold(
    client, series, document, photo, no_search_index
):
    pages = _fill(series, document, photo, 3)
    speaker_page = client.get(series.url + "speakers/speaker-0/").content.decode()
    conversation = client.get(pages[0].url).content.decode()
    images = re.findall(r"<img\b[^>]*>", speaker_page) + re.findall(r"<img\b[^>]*>", conversation)
    assert len(images) == 3  # the speaker's own photo, then both people (one photo, twice)
    for img in images:
        assert re.search(r'\bwidth="\d+"', img), img
        assert re.search(r'\bheight="\d+"', img), img
        assert re.search(r"/images/portrait[\w-]*\.[0-9a-f.]*fill-", img), img  # a rendition
    # The speaker's photo heads the speaker page; the people come after the title and time.
    assert 'loading="lazy"' not in images[0]
    assert all('loading="lazy"' in img for img in images[1:])

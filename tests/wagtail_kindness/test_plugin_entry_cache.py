"""Each archive entry's HTML is cached on its own (issue #18).

After a change the series' list is rendered again, but only the entries
whose content changed are: the others come from the cache, keyed by what
they show (the page's live columns, its speakers, themes and documents)
and the request (language, site, the series' address).  The year, speaker
and theme routes share the entries.  Renders are counted with Django's
``template_rendered`` signal (sent under the test runner).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import pickle
import re
from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.core.paginator import Paginator
from django.db import connection
from django.template import Context, Template
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext, override_settings
from kindness_factories import add_conversation

from wagtail_kindness import conf
from wagtail_kindness.models import OutputsVersion, Speaker, Theme
from wagtail_kindness.templatetags.wagtail_kindness_tags import ENTRY_TEMPLATE
from wagtail_kindness.views.archive import archive_context

DAYS = [dt.date(2023, month, 16) for month in range(1, 7)]


@contextlib.contextmanager
def entry_renders() -> Iterator[list[int]]:
    """The page ids of the archive entries rendered in the block."""
    rendered: list[int] = []

    def record(sender, template, context, **kwargs):
        if template.name == ENTRY_TEMPLATE:
            rendered.append(context["entry"].page.pk)

    template_rendered.connect(record)
    try:
        yield rendered
    finally:
        template_rendered.disconnect(record)


@pytest.fixture
def pages(series, document):
    one = Speaker.objects.create(name="Amara Okafor")
    two = Speaker.objects.create(name="Ben Lee")
    found = []
    for n, day in enumerate(DAYS):
        people = [(one, "speaker")] if n < 2 else [(two, "speaker")]
        found.append(
            add_conversation(
                series,
                day,
                title=f"Conversation {n}",
                people=[*people, (two, "host")] if n < 2 else people,
                themes=["kindness", f"theme {n % 2}"],
                resources=[("summary", {"title": "", "document": document, "pending": False})],
                standfirst=f"What we learnt at conversation {n}.",
            )
        )
    return found


def _entry_values() -> list:
    """What the plugin's cache holds under entry keys (local memory: its own pickles)."""
    cache = caches[conf.cache_alias()]
    return [
        pickle.loads(value)  # the test's own local-memory cache
        for key, value in cache._cache.items()
        if ":entry:" in key
    ]


@pytest.mark.django_db
def test_a_publication_renders_one_entry_again(client, series, pages):
    with entry_renders() as rendered:
        first = client.get(series.url).content.decode()
    assert sorted(rendered) == sorted(page.pk for page in pages)
    OutputsVersion.bump()  # any change: the whole list is rendered again…
    with entry_renders() as rendered:
        assert client.get(series.url).content.decode() == first
    assert rendered == []  # …from the entries kept

    page = pages[3]
    page.conversation_title = "Kindness, edited"
    page.save_revision().publish()
    with entry_renders() as rendered:
        html = client.get(series.url).content.decode()
    assert rendered == [page.pk]
    assert "Kindness, edited" in html
    assert "Conversation 3" not in html
    assert html.count('class="kindness-entry"') == len(pages)


@pytest.mark.django_db
def test_a_speaker_edit_renders_only_the_entries_naming_it(client, series, pages):
    client.get(series.url)
    speaker = Speaker.objects.get(name="Amara Okafor")
    speaker.honorific = "Dr"
    speaker.save()
    with entry_renders() as rendered:
        html = client.get(series.url).content.decode()
    assert sorted(rendered) == sorted(page.pk for page in pages[:2])
    assert html.count("Dr Amara Okafor") == 2


@pytest.mark.django_db
def test_a_document_edit_renders_the_entries_showing_it(client, series, pages, document):
    client.get(series.url)
    document.file_size = 123456
    document.save()
    with entry_renders() as rendered:
        html = client.get(series.url).content.decode()
    assert sorted(rendered) == sorted(page.pk for page in pages)
    assert "120.6\xa0KB" in html


@pytest.mark.django_db
def test_the_routes_share_the_entries(client, series, pages):
    client.get(series.url)
    for route in ("2023/", "themes/kindness/", "speakers/ben-lee/"):
        OutputsVersion.bump()
        with entry_renders() as rendered:
            response = client.get(series.url + route)
        assert response.status_code == 200, route
        assert rendered == [], route


@pytest.mark.django_db
def test_a_renamed_theme_shows_on_the_year_and_theme_routes(client, series, pages):
    year, theme = series.url + "2023/", series.url + "themes/kindness/"
    assert ">Kindness</a>" not in client.get(year).content.decode()
    client.get(theme)
    tag = Theme.objects.get(slug="kindness")
    tag.name = "Kindness"
    tag.save()
    for url in (year, theme):
        with entry_renders() as rendered:
            html = client.get(url).content.decode()
        assert html.count(">Kindness</a>") == len(pages), url
        assert len(rendered) in (0, len(pages)), url  # rendered once, for either route
    assert "Theme: Kindness" in client.get(theme).content.decode()


@pytest.mark.django_db
def test_a_route_cached_as_a_whole_still_says_404_for_nothing(client, series, pages):
    assert client.get(series.url + "themes/kindness/").status_code == 200
    assert client.get(series.url + "themes/nothing-here/").status_code == 404
    assert client.get(series.url + "speakers/nobody/").status_code == 404
    assert client.get(series.url + "1999/").status_code == 404


@pytest.mark.django_db
def test_the_html_is_the_same_with_and_without_the_cache(client, series, pages, settings):
    urls = [series.url + path for path in ("", "2023/", "themes/kindness/", "speakers/ben-lee/")]
    settings.WAGTAILKINDNESS_ARCHIVE_PER_PAGE = 4
    urls.append(series.url + "?page=2")
    cached = {url: client.get(url).content for url in urls}  # rendered, then kept
    OutputsVersion.bump()
    from_entries = {url: client.get(url).content for url in urls}  # the entries from the cache
    uncached_caches = {
        **settings.CACHES,
        "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    with override_settings(CACHES=uncached_caches, WAGTAILKINDNESS_CACHE_ALIAS="none"):
        fresh = {url: client.get(url).content for url in urls}
    assert from_entries == fresh
    assert cached == fresh


@pytest.mark.django_db
def test_a_draft_never_reaches_the_cache(client, series, pages):
    page = pages[1]
    page.conversation_title = "Draft title never shown"
    page.standfirst = "A draft standfirst never shown."
    page.save_revision()  # not published
    for path in ("", "2023/", "themes/kindness/", "speakers/amara-okafor/"):
        html = client.get(series.url + path).content.decode()
        assert "never shown" not in html
    values = _entry_values()
    assert len(values) == len(pages)
    assert not any("never shown" in html for _start, html in values)
    assert any("Conversation 1" in html for _start, html in values)


@pytest.mark.django_db
def test_a_preview_neither_reads_nor_writes_the_entries(client, series, pages):
    client.get(series.url)
    cache = caches[conf.cache_alias()]
    keys = [key.split(":", 2)[-1] for key in cache._cache if ":entry:" in key]  # ":1:<key>"
    assert len(keys) == len(pages)
    for key in keys:
        cache.set(key, (None, "<p>From the cache</p>"))
    OutputsVersion.bump()
    assert "From the cache" in client.get(series.url).content.decode()  # the cache is read

    cache.clear()
    preview = series.make_preview_request()
    html = preview.content.decode()
    assert "Conversation 1" in html
    assert "From the cache" not in html
    assert _entry_values() == []  # nothing kept from the preview


@pytest.mark.django_db
def test_the_entries_are_served_when_the_cache_fails(client, series, pages, plugin_cache_down):
    for path in ("", "2023/", "themes/kindness/", "speakers/ben-lee/"):
        for _ in range(2):
            with entry_renders() as rendered:
                response = client.get(series.url + path)
            assert response.status_code == 200, path
            assert "Conversation 0" in response.content.decode()
            assert rendered, path  # rendered each time: nothing could be kept


def _titles(html: str) -> list[str]:
    return re.findall(r'class="kindness-entry__title"><a href="[^"]*">([^<]*)</a>', html)


@pytest.mark.django_db
@pytest.mark.parametrize("raw", ["", "1", "2", "3", "99", "0", "-1", "abc", "2.0", "1e3", "9" * 30])
def test_page_numbers_read_as_djangos_paginator_does(client, series, pages, settings, raw):
    """The rows and their total come in one query, yet ``?page=`` keeps
    Django's ``Paginator.get_page`` meaning: not a number is the first page,
    past the end or below 1 the last."""
    settings.WAGTAILKINDNESS_ARCHIVE_PER_PAGE = 4
    expected = Paginator(list(range(len(pages))), 4).get_page(raw).number
    response = client.get(series.url, {"page": raw})
    assert response.status_code == 200
    wanted = client.get(series.url, {"page": str(expected)}).content.decode()
    assert _titles(response.content.decode()) == _titles(wanted)
    assert len(_titles(wanted)) == (4 if expected == 1 else 2)


@pytest.mark.django_db
def test_a_publication_costs_no_query_more_than_any_change(client, series, pages):
    """The entry rendered again is built from the values already read (only its
    documents are fetched), so the request costs at most one query more than
    one where every entry is found in the cache."""
    client.get(series.url)
    OutputsVersion.bump()
    with CaptureQueriesContext(connection) as kept:
        client.get(series.url)
    page = pages[2]
    page.conversation_title = "Kindness, edited"
    page.save_revision().publish()
    with CaptureQueriesContext(connection) as published, entry_renders() as rendered:
        html = client.get(series.url).content.decode()
    assert rendered == [page.pk]
    assert "Kindness, edited" in html
    assert len(published.captured_queries) <= len(kept.captured_queries) + 1


@pytest.mark.django_db
def test_entries_built_from_values_render_as_the_models_do(rf, series, pages, settings):
    """An entry rendered from the values read (the cached path) is byte-identical
    to one rendered from model instances fetched with their people and themes
    (the preview's path)."""
    uncached_caches = {
        **settings.CACHES,
        "none": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    queryset = series.conversations()
    request = rf.get(series.url)
    tag = Template("{% load wagtail_kindness_tags %}{% kindness_archive_entry entry %}")

    def rendered(cached: bool) -> list[str]:
        context = archive_context(request, series, queryset, cached=cached)
        entries = [entry for _year, group in context["groups"] for entry in group]
        return [tag.render(Context({"entry": e, "request": request})) for e in entries]

    with override_settings(CACHES=uncached_caches, WAGTAILKINDNESS_CACHE_ALIAS="none"):
        from_values = rendered(cached=True)
    from_models = rendered(cached=False)
    assert len(from_values) == len(pages)
    assert from_values == from_models

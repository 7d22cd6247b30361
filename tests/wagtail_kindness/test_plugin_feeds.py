"""The RSS 2.0 and Atom 1.0 feeds of a series, read by feedparser."""

from __future__ import annotations

import calendar
import datetime as dt
import re

import feedparser
import pytest
from django.test.utils import override_settings
from kindness_factories import add_conversation, count_queries, third_thursday

RSS = "/conversations/feed/"
ATOM = "/conversations/feed/atom/"


@pytest.fixture
def conversations(series, speaker, document):
    return [
        add_conversation(
            series,
            third_thursday(2023, 11),
            title="Kindness and psychological safety",
            standfirst="How safe do teams feel?",
            people=[(speaker, "speaker")],
            themes=["safety", "teams"],
            resources=[("summary", {"title": "", "document": document, "pending": False})],
        ),
        add_conversation(series, third_thursday(2023, 12)),  # untitled
        add_conversation(
            series,
            third_thursday(2024, 2),
            title="Using Clean Language",
            resources=[("summary", {"title": "", "document": None, "pending": True})],
        ),
    ]


def _parse(response):
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def _utc(struct) -> dt.datetime:
    return dt.datetime.fromtimestamp(calendar.timegm(struct), tz=dt.UTC)


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "version", "content_type"), [
    (RSS, "rss20", "application/rss+xml; charset=utf-8"),
    (ATOM, "atom10", "application/atom+xml; charset=utf-8"),
])  # fmt: skip
def test_both_feeds_parse_with_the_conversations_newest_first(
    client, conversations, document, url, version, content_type
):
    response = client.get(url)
    assert response["Content-Type"] == content_type
    assert response["ETag"]
    parsed = _parse(response)
    assert parsed.version == version
    assert parsed.feed.title == "Conversations for Kindness"
    assert parsed.feed.link == "http://localhost/conversations/"
    titles = [entry.title for entry in parsed.entries]
    assert titles == [
        "Using Clean Language",
        "December 2023",  # untitled: the month
        "Kindness and psychological safety",
    ]
    links = [entry.link for entry in parsed.entries]
    assert links == [page.full_url for page in reversed(conversations)]
    safety = parsed.entries[2]
    assert "How safe do teams feel?" in safety.summary
    assert "Dr Hesham Abdalla" in safety.summary
    assert safety.author == "Dr Hesham Abdalla"
    assert {tag.term for tag in safety.tags} == {"safety", "teams"}
    # The summary document is the enclosure: absolute URL, size and type.
    enclosures = safety.enclosures
    assert len(enclosures) == 1
    assert enclosures[0].href == "http://localhost" + document.url
    assert int(enclosures[0].length) == len(b"%PDF-1.4 kindness" * 64)
    assert enclosures[0].type == "application/pdf"
    # A pending summary has no address yet: no enclosure.
    assert parsed.entries[0].get("enclosures", []) == []
    # Dates: imported after the event, so the entry is dated by the conversation.
    published = _utc(safety.published_parsed)
    assert published == dt.datetime(2023, 11, 16, 18, 0, tzinfo=dt.UTC)
    if version == "atom10":
        assert _utc(safety.updated_parsed) >= published


@pytest.mark.django_db
def test_an_announcement_is_dated_when_it_was_published_not_in_the_future(client, series):
    page = add_conversation(series, dt.date(2099, 1, 15), title="Far ahead", status="scheduled")
    entry = _parse(client.get(RSS)).entries[0]
    assert _utc(entry.published_parsed) == page.first_published_at.replace(microsecond=0)


@pytest.mark.django_db
def test_the_limit_setting_caps_the_entries(client, series):
    for month in range(1, 6):
        add_conversation(series, third_thursday(2023, month), with_revision=False)
    with override_settings(WAGTAILKINDNESS_FEED_LIMIT=2):
        entries = _parse(client.get(ATOM)).entries
    assert [e.title for e in entries] == ["May 2023", "April 2023"]


@pytest.mark.django_db
def test_the_pages_link_to_both_feeds(client, conversations, series):
    for url in (series.url, conversations[0].url):
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert re.search(
            r'<link rel="alternate" type="application/rss\+xml"[^>]*'
            r'href="http://localhost/conversations/feed/"',
            head,
        )
        assert re.search(
            r'<link rel="alternate" type="application/atom\+xml"[^>]*'
            r'href="http://localhost/conversations/feed/atom/"',
            head,
        )


@pytest.mark.django_db
def test_the_feeds_are_cached_invalidated_and_answer_304(client, conversations, series):
    for url in (RSS, ATOM):
        first = client.get(url)
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    new = add_conversation(series, third_thursday(2024, 3), title="Kindness in March")
    assert _parse(client.get(RSS)).entries[0].title == "Kindness in March"
    new.unpublish()
    assert "Kindness in March" not in [e.title for e in _parse(client.get(ATOM)).entries]


@pytest.mark.django_db
def test_the_warm_feeds_take_the_same_queries_at_5_and_50_conversations(client, series):
    def warm_queries(url) -> int:
        _parse(client.get(url))  # built and cached

        def get() -> None:
            assert client.get(url).status_code == 200

        return count_queries(get)

    months = [(2019 + i // 12, 1 + i % 12) for i in range(50)]
    for year, month in months[:5]:
        add_conversation(series, third_thursday(year, month), with_revision=False)
    at_5 = [warm_queries(RSS), warm_queries(ATOM)]
    for year, month in months[5:]:
        add_conversation(series, third_thursday(year, month), with_revision=False)
    at_50 = [warm_queries(RSS), warm_queries(ATOM)]
    assert at_5 == at_50
    assert max(at_50) <= 8  # 5 on 2026-12-06 (test_plugin_querycounts.py: "feed_warm")

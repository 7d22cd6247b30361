"""schema.org JSON-LD, Open Graph and Twitter card tags of the pages."""

from __future__ import annotations

import datetime as dt
import html
import json
import re

import pytest
from kindness_factories import add_conversation, third_thursday

SCRIPT = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def _jsonld(page_html: str) -> list[dict]:
    blocks = SCRIPT.findall(page_html)
    return [json.loads(block) for block in blocks]


def _meta(page_html: str) -> dict[str, str]:
    head = page_html.split("</head>")[0]
    found = re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)">', head)
    return {name: html.unescape(value) for name, value in found}


@pytest.mark.django_db
def test_a_conversation_page_carries_a_valid_event(client, series, speaker):
    page = add_conversation(
        series,
        third_thursday(2023, 6),
        title="Kindness in June",
        standfirst="A summer conversation.",
        people=[(speaker, "speaker")],
        resources=[
            (
                "recording",
                {
                    "title": "",
                    "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "pending": False,
                },
            ),
            ("link", {"title": "Notes", "url": "https://example.org/notes", "pending": False}),
        ],
    )
    (data,) = _jsonld(client.get(page.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Kindness in June"
    assert data["startDate"] == "2023-06-15T18:00:00+01:00"  # with the UTC offset
    assert dt.datetime.fromisoformat(data["startDate"]).utcoffset() == dt.timedelta(hours=1)
    assert data["endDate"] == "2023-06-15T19:00:00+01:00"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://example.org/join"}
    assert data["url"] == "http://localhost/conversations/2023-06-kindness-in-june/"
    assert data["superEvent"]["url"] == "http://localhost/conversations/"
    assert data["performer"]["name"] == "Hesham Abdalla"
    assert "organizer" not in data  # the site has no name and none is configured
    video = data["recordedIn"]
    assert video["@type"] == "VideoObject"
    for key in ("name", "description", "uploadDate", "thumbnailUrl"):
        assert video[key], key
    assert video["thumbnailUrl"] == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert data["subjectOf"]["url"] == "https://example.org/notes"


@pytest.mark.django_db
def test_a_video_without_a_known_thumbnail_is_left_out(client, series):
    page = add_conversation(
        series,
        third_thursday(2024, 2),
        title="Using Clean Language",
        resources=[
            ("recording", {"title": "", "url": "https://vimeo.com/123456789", "pending": False})
        ],
    )
    (data,) = _jsonld(client.get(page.url).content.decode())
    assert "recordedIn" not in data
    assert data["startDate"] == "2024-02-15T18:00:00+00:00"


@pytest.mark.django_db
def test_cancelled_and_untitled_conversations(client, series):
    page = add_conversation(series, third_thursday(2023, 4), status="cancelled")
    (data,) = _jsonld(client.get(page.url).content.decode())
    assert data["name"] == "April 2023"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"


@pytest.mark.django_db
def test_a_title_with_a_closing_script_tag_cannot_break_out(client, series):
    title = '</script><script>alert("x")</script> & <!-- kindness'
    page = add_conversation(series, third_thursday(2023, 9), title=title)
    page_html = client.get(page.url).content.decode()
    assert "<script>alert" not in page_html
    blocks = SCRIPT.findall(page_html)
    assert len(blocks) == 1
    assert "</" not in blocks[0]
    assert "<!--" not in blocks[0]
    assert json.loads(blocks[0])["name"] == title
    assert _meta(page_html)["og:title"] == title


@pytest.mark.django_db
def test_the_series_page_carries_an_event_series(client, series):
    add_conversation(series, third_thursday(2023, 4), status="cancelled")
    (data,) = _jsonld(client.get(series.url).content.decode())
    assert data["@type"] == "EventSeries"
    assert data["name"] == "Conversations for Kindness"
    assert data["url"] == "http://localhost/conversations/"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["url"] == "https://example.org/join"
    schedule = data["eventSchedule"]
    assert schedule["repeatFrequency"] == "P1M"
    assert schedule["byDay"] == "https://schema.org/Thursday"
    assert schedule["byMonthWeek"] == 3
    assert schedule["startTime"] == "18:00:00"
    assert schedule["scheduleTimezone"] == "Europe/London"
    assert schedule["exceptDate"] == "2023-04-20"


@pytest.mark.django_db
def test_open_graph_and_twitter_tags(client, series):
    page = add_conversation(
        series, third_thursday(2023, 6), title="Kindness in June", standfirst="A summer talk."
    )
    meta = _meta(client.get(page.url).content.decode())
    assert meta["og:title"] == "Kindness in June"
    assert meta["og:description"] == "A summer talk."
    assert meta["og:url"] == "http://localhost/conversations/2023-06-kindness-in-june/"
    assert meta["og:type"] == "article"
    assert meta["twitter:card"] == "summary"
    assert meta["description"] == "A summer talk."

    series_meta = _meta(client.get(series.url).content.decode())
    assert series_meta["og:title"] == "Conversations for Kindness"
    assert series_meta["og:type"] == "website"
    assert series_meta["og:url"] == "http://localhost/conversations/"
    assert series_meta["og:description"] == "Every month community members come together."

    year_meta = _meta(client.get(series.url + "2023/").content.decode())
    assert year_meta["og:url"] == "http://localhost/conversations/2023/"
    assert year_meta["og:title"] == "2023"


@pytest.mark.django_db
def test_the_organizer_is_the_sites_name_or_the_setting(client, series):
    from django.test.utils import override_settings
    from wagtail.models import Site

    page = add_conversation(series, third_thursday(2023, 6))
    Site.objects.update(site_name="Kindness in Healthcare")
    (data,) = _jsonld(client.get(page.url).content.decode())
    assert data["organizer"] == {"@type": "Organization", "name": "Kindness in Healthcare"}
    assert _meta(client.get(page.url).content.decode())["og:site_name"] == "Kindness in Healthcare"
    organizer = {"@type": "Organization", "name": "KiH", "url": "https://kih.example"}
    with override_settings(WAGTAILKINDNESS_JSONLD_ORGANIZER=organizer):
        (data,) = _jsonld(client.get(page.url).content.decode())
    assert data["organizer"] == organizer

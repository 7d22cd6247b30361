"""Drafts, private pages and other sites' pages never leak into machine-readable output."""

from __future__ import annotations

import feedparser
import icalendar
import pytest
from kindness_factories import add_conversation, third_thursday
from wagtail.models import Page, PageViewRestriction, Site

from wagtail_kindness.models import ConversationPage

SECRETS = ("Draft secret", "Private secret", "Other site secret")


@pytest.fixture
def pages(series, other_series):
    public = add_conversation(series, third_thursday(2023, 1), title="Public kindness")
    draft = add_conversation(series, third_thursday(2023, 2), title="Draft secret", live=False)
    private = add_conversation(series, third_thursday(2023, 3), title="Private secret")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
    )
    other = add_conversation(other_series, third_thursday(2023, 4), title="Other site secret")
    return {"public": public, "draft": draft, "private": private, "other": other}


def _assert_no_secrets(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


@pytest.mark.django_db
def test_secrets_are_absent_from_every_output(client, series, pages):
    ics = client.get("/conversations/calendar.ics")
    assert ics.status_code == 200
    summaries = [
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    ]
    assert "Public kindness" in summaries
    _assert_no_secrets(ics.content.decode(), "calendar.ics")

    for url in ("/conversations/feed/", "/conversations/feed/atom/"):
        response = client.get(url)
        parsed = feedparser.parse(response.content)
        assert parsed.bozo == 0
        assert [entry.title for entry in parsed.entries] == ["Public kindness"]
        _assert_no_secrets(response.content.decode(), url)

    api = client.get("/api/v2/pages/", {"type": "wagtail_kindness.ConversationPage"})
    assert [item["title"] for item in api.json()["items"]] == ["Public kindness"]
    _assert_no_secrets(api.content.decode(), "the API")
    for name in ("draft", "private", "other"):
        assert client.get(f"/api/v2/pages/{pages[name].pk}/").status_code == 404

    sitemap = client.get("/sitemap.xml")
    assert sitemap.status_code == 200
    assert pages["public"].full_url.encode() in sitemap.content
    for name in ("draft", "private"):
        assert pages[name].slug.encode() not in sitemap.content
    assert b"other.example" not in sitemap.content

    site = Site.objects.get(is_default_site=True)
    found = Page.objects.live().public().in_site(site).search("secret")
    assert list(found) == []
    found = ConversationPage.objects.live().public().in_site(site).search("kindness")
    assert [p.title for p in found] == ["Public kindness"]

    archive = client.get(series.url).content.decode()
    _assert_no_secrets(archive, "the archive page")


@pytest.mark.django_db
def test_private_and_draft_calendar_files_are_not_served(client, pages):
    private = client.get(pages["private"].url + "calendar.ics")
    assert b"BEGIN:VCALENDAR" not in private.content  # Wagtail's password form instead
    assert b"Private secret" not in private.content
    assert client.get(pages["draft"].url + "calendar.ics").status_code == 404


@pytest.mark.django_db
def test_the_other_site_serves_only_its_own_series(client, pages):
    response = client.get("/conversations/calendar.ics", HTTP_HOST="other.example")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Other site secret" in text
    assert "Public kindness" not in text
    assert "URL:http://other.example/conversations/" in text


@pytest.mark.django_db
def test_restricting_a_page_later_removes_it_from_the_cached_calendar(client, pages):
    before = client.get("/conversations/calendar.ics")
    assert b"Public kindness" in before.content
    PageViewRestriction.objects.create(
        page=pages["public"], restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    after = client.get("/conversations/calendar.ics", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert b"Public kindness" not in after.content

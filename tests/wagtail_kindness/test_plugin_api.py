"""The Wagtail API v2 fields of the page types, for a headless front end."""

from __future__ import annotations

import datetime as dt

import pytest
from kindness_factories import add_conversation, third_thursday
from wagtail.models import PageViewRestriction

PAGES = "/api/v2/pages/"


@pytest.mark.django_db
def test_a_published_conversation_has_its_fields(client, series, speaker, document):
    page = add_conversation(
        series,
        third_thursday(2023, 6),
        title="Kindness in June",
        standfirst="A summer conversation.",
        people=[(speaker, "speaker")],
        themes=["summer"],
        resources=[
            ("summary", {"title": "", "document": document, "pending": False}),
            ("recording", {"title": "", "url": "", "pending": True}),
        ],
    )
    data = client.get(f"{PAGES}{page.pk}/").json()
    assert data["title"] == "Kindness in June"
    assert data["display_title"] == "Kindness in June"
    assert data["date"] == "2023-06-15"
    assert data["time"] == "18:00:00"  # stored on the page: a schedule change keeps it
    assert data["timezone"] == "Europe/London"
    assert data["start_utc"] == "2023-06-15T17:00:00Z"
    assert data["start_local"] == "2023-06-15T18:00:00+01:00"
    assert data["end_utc"] == "2023-06-15T18:00:00Z"
    assert data["status"] == "held"
    assert data["standfirst"] == "A summer conversation."
    assert data["people"] == [
        {
            "name": "Hesham Abdalla",
            "honorific": "Dr",
            "display_name": "Dr Hesham Abdalla",
            "slug": "hesham-abdalla",
            "job_title": "Consultant",
            "organisation": "Clean Language",
            "role": "speaker",
            "role_label": "Guest speaker",
        }
    ]
    summary, recording = data["resources"]
    assert summary["kind"] == "summary"
    assert summary["url"] == "http://localhost" + document.url
    assert summary["media_type"] == "application/pdf"
    assert summary["pending"] is False
    assert recording == {
        "kind": "recording",
        "title": "Recording",
        "url": None,  # pending: no invented address
        "pending": True,
        "media_type": None,
        "size": None,
    }
    assert data["themes"] == ["summer"]
    assert data["calendar_url"] == (
        "http://localhost/conversations/2023-06-kindness-in-june/calendar.ics"
    )


@pytest.mark.django_db
def test_an_untitled_conversation_is_listed_with_its_month(client, series):
    add_conversation(series, third_thursday(2023, 5))
    listing = client.get(
        PAGES,
        {"type": "wagtail_kindness.ConversationPage", "fields": "display_title,start_utc"},
    ).json()
    assert [item["display_title"] for item in listing["items"]] == ["May 2023"]
    assert listing["items"][0]["start_utc"] == "2023-05-18T17:00:00Z"


@pytest.mark.django_db
def test_the_series_has_its_schedule_and_links(client, series):
    data = client.get(f"{PAGES}{series.pk}/").json()
    assert data["schedule_description"].startswith("Third Thursday of every month")
    assert data["schedule_rule"] == "FREQ=MONTHLY;BYDAY=3TH"
    assert data["schedule_timezone"] == "Europe/London"
    assert data["schedule_time"] == "18:00:00"
    assert data["join_url"] == "https://example.org/join"
    assert data["intro"] == "<p>Every month community members come together.</p>"
    assert data["calendar_url"] == "http://localhost/conversations/calendar.ics"
    assert data["feed_url"] == "http://localhost/conversations/feed/"


@pytest.mark.django_db
def test_drafts_and_private_pages_are_not_in_the_api(client, series):
    public = add_conversation(series, third_thursday(2023, 1), title="Public")
    draft = add_conversation(series, third_thursday(2023, 2), title="Draft", live=False)
    private = add_conversation(series, third_thursday(2023, 3), title="Private")
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    listing = client.get(PAGES, {"type": "wagtail_kindness.ConversationPage"}).json()
    assert [item["title"] for item in listing["items"]] == ["Public"]
    assert client.get(f"{PAGES}{public.pk}/").status_code == 200
    assert client.get(f"{PAGES}{draft.pk}/").status_code == 404
    assert client.get(f"{PAGES}{private.pk}/").status_code == 404
    assert dt.date(2023, 1, 19) == public.date


@pytest.mark.django_db
def test_the_documented_listing_query_gives_the_newest_first(client, series):
    """docs/urls.md: ``?type=…ConversationPage&fields=*&order=-date``, and a date filter."""
    for month in (1, 3, 2):
        add_conversation(series, third_thursday(2023, month), title=f"Month {month}")
    response = client.get(
        PAGES, {"type": "wagtail_kindness.ConversationPage", "fields": "*", "order": "-date"}
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["title"] for item in items] == ["Month 3", "Month 2", "Month 1"]
    assert items[0]["start_utc"] == "2023-03-16T18:00:00Z"
    found = client.get(
        PAGES, {"type": "wagtail_kindness.ConversationPage", "date": "2023-02-16"}
    ).json()
    assert [item["title"] for item in found["items"]] == ["Month 2"]
    refused = client.get(PAGES, {"type": "wagtail_kindness.ConversationPage", "date": "16/2/2023"})
    assert refused.status_code == 400
    assert "YYYY-MM-DD" in refused.json()["message"]

"""Search, through Wagtail's database backend, on whichever database runs the tests.

The suite runs on SQLite (the default) and on PostgreSQL (DATABASE_URL, see
``make test-postgres``), where the same backend uses PostgreSQL's full-text
search: these tests check that the plugin's ``search_fields`` work on both.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.urls import reverse
from kindness_factories import add_conversation, third_thursday
from wagtail.search.backends import get_search_backend

from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, Speaker

pytestmark = pytest.mark.django_db


def test_the_backend_is_the_one_of_the_database():
    backend = get_search_backend()
    module = type(backend).__module__
    expected = {"postgresql": "postgres", "sqlite": "sqlite", "mysql": "mysql"}
    assert expected[connection.vendor] in module, (connection.vendor, module)


@pytest.fixture
def conversations(series):
    safety = add_conversation(
        series,
        third_thursday(2023, 3),
        title="Psychological safety",
        standfirst="Speaking up without fear on a hospital ward.",
    )
    compassion = add_conversation(
        series,
        third_thursday(2023, 4),
        title="Compassionate leadership",
        standfirst="Listening with fascination, and acting to help.",
    )
    draft = add_conversation(
        series, third_thursday(2023, 5), title="Psychological first aid", live=False
    )
    return safety, compassion, draft


def test_conversations_are_found_by_title_and_standfirst(conversations):
    safety, compassion, _draft = conversations
    live = ConversationPage.objects.live()
    assert [p.pk for p in live.search("psychological")] == [safety.pk]
    assert [p.pk for p in live.search("hospital")] == [safety.pk]
    assert [p.pk for p in live.search("fascination")] == [compassion.pk]
    assert list(live.search("radiology")) == []


def test_the_series_is_found_by_its_intro(series, conversations):
    found = ConversationSeriesPage.objects.live().search("community")
    assert [p.pk for p in found] == [series.pk]


def test_an_edited_page_is_found_by_its_new_words(conversations):
    safety = conversations[0]
    safety.standfirst = "Raising concerns in an operating theatre."
    safety.save_revision().publish()
    live = ConversationPage.objects.live()
    assert [p.pk for p in live.search("theatre")] == [safety.pk]
    assert list(live.search("hospital")) == []


def test_the_site_search_of_the_admin_finds_a_conversation(admin_client, conversations):
    html = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "compassionate"})
    assert html.status_code == 200
    assert "Compassionate leadership" in html.content.decode()
    assert "Psychological safety" not in html.content.decode()


def test_speakers_are_found_by_name_and_organisation(db):
    Speaker.objects.create(name="Amy Edmondson", organisation="Harvard Business School")
    Speaker.objects.create(name="Michael West", organisation="The King's Fund")
    backend = get_search_backend()
    assert [s.name for s in backend.search("Edmondson", Speaker)] == ["Amy Edmondson"]
    assert [s.name for s in backend.search("Harvard", Speaker)] == ["Amy Edmondson"]
    assert [s.name for s in backend.autocomplete("Mich", Speaker)] == ["Michael West"]


def test_a_date_filter_combines_with_the_search(conversations):
    _safety, compassion, _draft = conversations
    live = ConversationPage.objects.live().filter(date__gte=dt.date(2023, 4, 1))
    assert [p.pk for p in live.search("leadership")] == [compassion.pk]
    assert list(live.search("psychological")) == []

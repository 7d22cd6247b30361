"""The editor's dashboard panel and conversations listing with a translated series.

Each language's series is its own section of the panel, with its own coming
meetings and its own counts; the listing filters by series, so the French
pages are found apart from the English ones.
"""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.utils import timezone

from .conftest import add_conversation, third_thursday, translate

LISTING = "/admin/kindness/conversations/"


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", "root@x.org", "pw"))
    return client


def _section(html: str, series) -> str:
    start = html.index(f'data-kindness-series="{series.pk}"')
    return html[start : html.index("</section>", start)]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _coming(series) -> list:
    schedule = series.base_schedule()
    now = timezone.now()
    return [o.start.date() for o in schedule.upcoming(after=now - schedule.duration, count=3)]


def test_each_languages_series_has_its_own_section_and_counts(admin_client, series, series_fr):
    past = [
        add_conversation(series, third_thursday(2022, month), title=f"Past {month}")
        for month in (1, 2, 3)
    ]
    translate(past[0], "fr", conversation_title="Passé 1")  # one French page, no recording
    first = _coming(series)[0]
    add_conversation(series, first, title="Soon", status="scheduled")
    html = admin_client.get("/admin/").content.decode()
    english, french = _text(_section(html, series)), _text(_section(html, series_fr))
    assert "3 past conversations miss their recording." in english
    assert "1 past conversation misses its recording." in french
    assert "Passé 1" in french
    assert "Past 1" not in french
    assert "Passé 1" not in english
    assert "“Soon” is published" in english
    assert "Soon" not in french  # not translated yet: the French series has no page for it


def test_the_listing_filters_each_languages_series(admin_client, series, series_fr):
    english = add_conversation(series, third_thursday(2023, 5), title="Kindness and rest")
    translate(english, "fr", conversation_title="Bienveillance et repos")
    add_conversation(series_fr, third_thursday(2023, 6), title="Seulement en français")
    response = admin_client.get(LISTING, {"series": series_fr.pk})
    assert response.status_code == 200
    titles = set(re.findall(r'_title">([^<]+)</span>', response.content.decode()))
    assert titles == {"Bienveillance et repos", "Seulement en français"}
    response = admin_client.get(LISTING, {"series": series.pk})
    titles = set(re.findall(r'_title">([^<]+)</span>', response.content.decode()))
    assert titles == {"Kindness and rest"}

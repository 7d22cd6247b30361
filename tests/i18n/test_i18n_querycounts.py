"""A translated series costs the same queries at any size, as the English one does.

The language of a page's outputs is its locale's (``languages.page_language``):
reading it must not cost a query per conversation in a listing (the API with
``people`` and ``schedule_description``, the archive, the feeds).  Each route of
the French series is counted at 3 and at 12 conversations; the counts must be
equal.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.test import Client
from kindness_factories import count_queries

from wagtail_kindness.models import ConversationPage, ConversationPerson, OutputsVersion, Speaker

SIZES = (3, 12)


def _fill_french(series_fr, count: int, day: dt.date) -> dt.date:
    """``count`` monthly conversations from ``day``; the day of the month after them."""
    host = Speaker.objects.get_or_create(name="Hôte Un")[0]
    for _ in range(count):
        page = ConversationPage(date=day, status="held")  # untitled: named by its month
        page.people.add(ConversationPerson(speaker=host, role="host"))
        series_fr.add_child(instance=page)
        page.save_revision().publish()
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=21)
    return day


def _routes(series_fr) -> dict[str, str]:
    first = series_fr.get_children().live().first().specific
    pages = "/api/v2/pages/?type=wagtail_kindness.ConversationPage&fields=people&locale=fr"
    return {
        "archive": series_fr.url,
        "year": series_fr.url + "2021/",
        "speaker": series_fr.url + "speakers/hote-un/",
        "conversation": first.url,
        "calendar": series_fr.url + "calendar.ics",
        "feed": series_fr.url + "feed/",
        "api_pages": pages,
        "api_series": "/api/v2/pages/?type=wagtail_kindness.ConversationSeriesPage"
        "&fields=schedule_description&locale=fr",
    }


def _count(url: str) -> int:
    client = Client()
    assert client.get(url).status_code == 200, url  # warm Wagtail's own site caches
    OutputsVersion.bump()
    cache.clear()

    def get() -> None:
        response = client.get(url)
        assert response.status_code == 200, url

    return count_queries(get)


@pytest.mark.django_db
def test_a_french_series_makes_as_many_queries_at_3_as_at_12_conversations(series_fr):
    found: dict[int, dict[str, int]] = {}
    total, day = 0, dt.date(2021, 1, 21)
    for size in SIZES:
        day = _fill_french(series_fr, size - total, day)
        total = size
        found[size] = {name: _count(url) for name, url in _routes(series_fr).items()}
    small, large = found[SIZES[0]], found[SIZES[1]]
    assert small == large, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    archive = Client().get(series_fr.url).content.decode()
    assert "Janvier 2021" in archive  # the French month names the pages, and is shown

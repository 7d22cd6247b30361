"""Sitemap entries of the series and its public conversations (wagtail.contrib.sitemaps)."""

from __future__ import annotations

import re

import pytest
from django.utils.timezone import localtime
from kindness_factories import add_conversation, third_thursday


@pytest.mark.django_db
def test_every_public_conversation_is_in_the_sitemap_with_lastmod(client, series):
    pages = [
        add_conversation(series, third_thursday(2023, month), title=f"Talk {month}")
        for month in (1, 2, 3)
    ]
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    entries = dict(
        re.findall(r"<url><loc>([^<]+)</loc><lastmod>([^<]+)</lastmod>", response.content.decode())
    )
    # The date in the site's TIME_ZONE, as Django's sitemap template writes it.
    assert entries[series.full_url] == f"{localtime(series.last_published_at):%Y-%m-%d}"
    for page in pages:
        assert entries[page.full_url] == f"{localtime(page.last_published_at):%Y-%m-%d}"
    assert len(entries) == 4  # the series and three conversations (home has no lastmod)

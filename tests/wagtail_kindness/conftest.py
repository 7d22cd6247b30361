"""Fixtures for the plugin tests: a site, a series and helpers to add conversations."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Site

from wagtail_kindness.models import ConversationSeriesPage, Speaker


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts and ends with an empty default cache (outputs, renditions)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def home(db):
    return Site.objects.get(is_default_site=True).root_page


@pytest.fixture
def series(home) -> ConversationSeriesPage:
    page = ConversationSeriesPage(
        title="Conversations for Kindness",
        slug="conversations",
        intro="<p>Every month community members come together.</p>",
        joining="<p>All are welcome.</p>",
        contact="<p>Contact us to join.</p>",
        join_url="https://example.org/join",
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def document(db):
    content = b"%PDF-1.4 kindness" * 64
    return get_document_model().objects.create(
        title="Insights February 2024",
        file=ContentFile(content, name="insights-2024-02.pdf"),
        file_size=len(content),  # as the admin's upload form sets it
    )


@pytest.fixture
def speaker(db) -> Speaker:
    return Speaker.objects.create(
        honorific="Dr",
        name="Hesham Abdalla",
        job_title="Consultant",
        organisation="Clean Language",
        aliases="Hesham",
    )

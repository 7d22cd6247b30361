"""Fixtures for the plugin tests: a site, a series and helpers to add conversations."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches
from django.test.utils import override_settings
from kindness_factories import closed_port, make_document, make_series, memcached_down
from pymemcache.exceptions import MemcacheError
from wagtail.models import Page, Site

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
    return make_series(home)


@pytest.fixture
def other_series(db) -> ConversationSeriesPage:
    """Another site (``other.example``) with a series of its own at the same path.

    ``/conversations/`` on ``other.example`` is this series, not :func:`series`.
    """
    other_home = Page.get_first_root_node().add_child(
        instance=Page(title="Other home", slug="other-home")
    )
    Site.objects.create(hostname="other.example", port=80, root_page=other_home)
    page = ConversationSeriesPage(title="Other series", slug="conversations")
    other_home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def plugin_cache_down():
    """The plugin's cache is down while the test runs: every call to it raises.

    A real fault, as in ``test_plugin_faults.py``: Django's pymemcache backend
    on a closed port is ``WAGTAILKINDNESS_CACHE_ALIAS``; the default cache
    (Wagtail's) is an ordinary local memory one.
    """
    down = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "kindness": memcached_down(closed_port()),
    }
    with override_settings(CACHES=down, WAGTAILKINDNESS_CACHE_ALIAS="kindness"):
        with pytest.raises((ConnectionRefusedError, MemcacheError)):
            caches["kindness"].get("anything")  # the fault is real
        yield "kindness"


@pytest.fixture
def document(db):
    return make_document()


@pytest.fixture
def speaker(db) -> Speaker:
    return Speaker.objects.create(
        honorific="Dr",
        name="Hesham Abdalla",
        job_title="Consultant",
        organisation="Clean Language",
        aliases="Hesham",
    )

"""The cached outputs across processes: the version lives in the database.

Two LocMem caches stand for two server processes (two gunicorn workers,
each with its own per-process cache): ``WAGTAILKINDNESS_CACHE_ALIAS`` is
switched between requests.  A change made while "process A" serves must be
seen by "process B", which had cached the old outputs.
"""

from __future__ import annotations

import warnings

import pytest
from django.core.cache import caches
from django.core.cache.backends.base import CacheKeyWarning
from django.test.utils import override_settings
from kindness_factories import add_conversation, third_thursday

from wagtail_kindness.caching import safe_part, series_state
from wagtail_kindness.models import OutputsVersion, Speaker

ARCHIVE = "/conversations/"
OUTPUTS = (
    ARCHIVE,
    "/conversations/calendar.ics",
    "/conversations/feed/",
    "/conversations/feed/atom/",
)
TWO_PROCESSES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "d"},
    "process_a": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "a"},
    "process_b": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "b"},
}


@pytest.fixture
def two_processes():
    with override_settings(CACHES=TWO_PROCESSES):
        for alias in TWO_PROCESSES:
            caches[alias].clear()
        yield
        for alias in TWO_PROCESSES:
            caches[alias].clear()


def _get(client, alias: str, url: str) -> str:
    with override_settings(WAGTAILKINDNESS_CACHE_ALIAS=alias):
        response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.django_db
def test_a_conversation_published_in_one_process_is_served_by_another(
    client, series, two_processes
):
    add_conversation(series, third_thursday(2023, 2), title="Kindness in February")
    for url in OUTPUTS:  # process B caches the old outputs
        assert "Kindness in February" in _get(client, "process_b", url)
        assert "Kindness at winter" not in _get(client, "process_b", url)
    with override_settings(WAGTAILKINDNESS_CACHE_ALIAS="process_a"):
        add_conversation(series, third_thursday(2023, 12), title="Kindness at winter")
    for url in OUTPUTS:
        assert "Kindness at winter" in _get(client, "process_b", url), url


@pytest.mark.django_db
def test_a_speaker_renamed_in_one_process_is_served_by_another(
    client, series, speaker, two_processes
):
    add_conversation(
        series, third_thursday(2023, 3), title="Kindness and courage", people=[(speaker, "speaker")]
    )
    assert "Hesham Abdalla" in _get(client, "process_b", ARCHIVE)
    # Written behind the plugin's back (no signal): process B keeps its cached list,
    # so what follows is read from the cache, not rebuilt on every request.
    Speaker.objects.filter(pk=speaker.pk).update(name="Hisham Abdalla")
    assert "Hesham Abdalla" in _get(client, "process_b", ARCHIVE)
    with override_settings(WAGTAILKINDNESS_CACHE_ALIAS="process_a"):
        speaker.name = "Hisham Abdallah"
        speaker.save()
    html = _get(client, "process_b", ARCHIVE)
    assert "Hisham Abdallah" in html
    assert "Hesham Abdalla" not in html


@pytest.mark.django_db
def test_the_state_is_read_by_primary_key_and_changes_with_the_version(
    series, django_assert_num_queries
):
    with django_assert_num_queries(1) as captured:
        before = series_state(series)
    assert '"id" = 1' in captured.captured_queries[0]["sql"].replace("`", '"')
    OutputsVersion.bump()
    OutputsVersion.bump()  # the second is an UPDATE of the same row
    assert OutputsVersion.objects.count() == 1
    after = series_state(series)
    assert after.etag != before.etag
    assert after.last_modified >= before.last_modified
    assert series_state(series).etag == after.etag  # stable while nothing changes


@pytest.mark.parametrize(
    "part", ["a" * 2000, "speaker:with space", "tab\there", "del\x7f", "é" * 300]
)
def test_a_long_or_unprintable_part_of_a_key_is_replaced_by_its_digest(part):
    safe = safe_part(part)
    assert safe != part
    assert len(safe) < 80
    assert safe == safe_part(part)  # the same part: the same key
    assert safe_part(part + "x") != safe


@pytest.mark.django_db
def test_a_route_with_a_very_long_slug_makes_a_key_memcached_takes(client, series):
    add_conversation(series, third_thursday(2024, 2))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheKeyWarning)  # Django warns of memcached's limits
        response = client.get(series.url + "speakers/" + "a" * 2000 + "/")
    assert response.status_code == 404
    state = series_state(series)
    assert len(state.key("archive:speaker:" + "a" * 2000)) < 250
    assert safe_part("archive:en:1:24:1") == "archive:en:1:24:1"  # short ones kept readable

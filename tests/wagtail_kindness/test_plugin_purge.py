"""A front-end cache (Varnish, a CDN) is purged of every address a change alters.

Wagtail's ``wagtail.contrib.frontend_cache`` is configured with a recording
backend (a real ``BaseBackend`` whose purges are kept in a list): publishing,
unpublishing, moving or deleting a conversation, or editing a speaker,
purges the series' archive pages, its year, speaker and theme routes, its
calendar and feeds, and the conversation's page and calendar file, once,
after the commit.  Without ``WAGTAILFRONTENDCACHE`` nothing is queued; a
backend that fails never breaks the change.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test.utils import override_settings
from kindness_factories import add_conversation, count_queries, make_series, third_thursday
from wagtail.contrib.frontend_cache.backends import BaseBackend
from wagtail.models import PageViewRestriction

from wagtail_kindness import purging
from wagtail_kindness.models import ConversationSeriesPage, Speaker

#: Every batch of URLs a recording backend was asked to purge, in order.
PURGED: list[list[str]] = []


class RecordingBackend(BaseBackend):
    """Keeps the URLs it is asked to purge."""

    def purge(self, url) -> None:
        PURGED.append([url])

    def purge_batch(self, urls) -> None:
        PURGED.append(list(urls))


class FailingBackend(BaseBackend):
    """A cache that cannot be reached."""

    def purge(self, url) -> None:
        raise ConnectionRefusedError(url)

    def purge_batch(self, urls) -> None:
        raise ConnectionRefusedError(urls)


def _config(backend: type) -> dict:
    return {"default": {"BACKEND": f"{backend.__module__}.{backend.__name__}"}}


@pytest.fixture
def purged():
    """The front-end cache is the recording backend; yields the list of batches.

    Named last by the tests: the data of the other fixtures is made before.
    """
    PURGED.clear()
    with override_settings(WAGTAILFRONTENDCACHE=_config(RecordingBackend)):
        yield PURGED
    PURGED.clear()


@pytest.fixture
def small_pages():
    with override_settings(WAGTAILKINDNESS_ARCHIVE_PER_PAGE=2):
        yield 2


@pytest.fixture
def guest(db) -> Speaker:
    return Speaker.objects.create(name="Amara Okafor")


@pytest.fixture
def archive(series, speaker, guest, small_pages):
    """Three conversations of 2024 (two archive pages): the speaker in all, the guest in one."""
    return [
        add_conversation(
            series,
            third_thursday(2024, month),
            people=[(speaker, "speaker"), *([(guest, "host")] if month == 3 else [])],
            themes=["Courage"] if month == 2 else ["Hope"],
        )
        for month in (2, 3, 4)
    ]


@pytest.fixture
def evening(home):
    return make_series(home, title="Evening circle", slug="evening")


def _after_commit(capture, change) -> list[str]:
    """Run ``change`` in a transaction; the URLs purged once it commits (one batch)."""
    with capture(execute=True):
        change()
        before = len(PURGED)
    batches = PURGED[before:]
    assert len(batches) == 1, batches
    return batches[0]


def _series_addresses(series) -> set[str]:
    base = series.get_full_url()
    return {
        base,
        base + "?page=1",
        base + "?page=2",
        base + "2024/",
        base + "speakers/hesham-abdalla/",
        base + "themes/courage/",
        base + "themes/hope/",
        base + "calendar.ics",
        base + "calendar/",
        base + "feed/",
        base + "feed/atom/",
    }


def _page_addresses(page) -> set[str]:
    base = page.get_full_url()
    return {base, base + "calendar.ics", base + "calendar/"}


def test_the_series_gives_every_address_its_archive_has(series, archive, guest):
    base = series.get_url()
    paths = ConversationSeriesPage.objects.get(pk=series.pk).get_cached_paths()
    assert {base + path.lstrip("/") for path in paths} == {
        *(address.replace("http://localhost", "") for address in _series_addresses(series)),
        base + "speakers/" + guest.slug + "/",
        base + "themes/hope/?page=1",  # two conversations: a spare second page
        base + "themes/hope/?page=2",
        base + "speakers/hesham-abdalla/?page=1",
        base + "speakers/hesham-abdalla/?page=2",
        base + "2024/?page=1",
        base + "2024/?page=2",
    }
    assert paths[0] == "/"


def test_every_address_purged_is_one_the_site_serves(client, series, archive):
    for page in (series, archive[0]):
        base = page.get_url()
        for path in page.specific.get_cached_paths():
            if "?page=" in path:
                continue  # a page past the last gives the last one: also served
            response = client.get(base + path.lstrip("/"))
            assert response.status_code == 200, path


def test_publishing_a_conversation_purges_its_series_and_itself(
    django_capture_on_commit_callbacks, series, archive, purged
):
    page = archive[1]
    page.standfirst = "Now with a summary."

    urls = _after_commit(django_capture_on_commit_callbacks, lambda: page.save_revision().publish())

    assert _series_addresses(series) <= set(urls)
    assert _page_addresses(page) <= set(urls)
    assert len(urls) == len(set(urls))


def test_editing_a_speaker_purges_the_conversations_naming_them_and_the_series(
    django_capture_on_commit_callbacks, series, archive, guest, purged
):
    guest.name = "Amara Okafor-Bell"

    urls = set(_after_commit(django_capture_on_commit_callbacks, guest.save))

    assert _page_addresses(archive[1]) <= urls  # the guest's conversation
    assert not _page_addresses(archive[0]) & urls  # the others do not name them
    assert _series_addresses(series) <= urls
    assert series.get_full_url() + f"speakers/{guest.slug}/" in urls


def test_unpublishing_purges_the_page_and_its_series(
    django_capture_on_commit_callbacks, series, archive, purged
):
    page = archive[2]

    urls = set(_after_commit(django_capture_on_commit_callbacks, page.unpublish))

    assert _page_addresses(page) <= urls
    assert series.get_full_url() + "feed/" in urls


def test_deleting_purges_the_page_and_its_series(
    django_capture_on_commit_callbacks, series, archive, purged
):
    page = archive[2]
    addresses = _page_addresses(page)

    urls = set(_after_commit(django_capture_on_commit_callbacks, page.delete))

    assert addresses <= urls
    assert series.get_full_url() + "calendar.ics" in urls


def test_moving_purges_the_old_and_new_addresses_and_both_series(
    django_capture_on_commit_callbacks, series, archive, evening, purged
):
    page = archive[0]
    old = _page_addresses(page)

    urls = set(
        _after_commit(
            django_capture_on_commit_callbacks,
            lambda: page.move(evening, pos="last-child"),
        )
    )

    page.refresh_from_db()
    assert old <= urls
    assert _page_addresses(page) <= urls
    assert page.get_full_url() not in old
    assert series.get_full_url() + "feed/" in urls
    assert evening.get_full_url() + "feed/" in urls


def test_restricting_a_page_purges_it(django_capture_on_commit_callbacks, series, archive, purged):
    urls = set(
        _after_commit(
            django_capture_on_commit_callbacks,
            lambda: PageViewRestriction.objects.create(page=series, password="x"),
        )
    )

    assert series.get_full_url() in urls
    for page in archive:
        assert page.get_full_url() in urls


def test_one_batch_per_transaction_however_many_changes(
    django_capture_on_commit_callbacks, series, archive, speaker, guest, purged
):
    def many_changes():
        with transaction.atomic():
            for number in range(100):
                speaker.job_title = f"Consultant {number}"
                speaker.save()
            with transaction.atomic():  # a savepoint, released
                guest.save()

    urls = set(_after_commit(django_capture_on_commit_callbacks, many_changes))

    for page in archive:
        assert page.get_full_url() in urls


def test_a_change_rolled_back_in_a_savepoint_does_not_lose_the_others(
    django_capture_on_commit_callbacks, series, archive, guest, purged
):
    def changes():
        try:
            with transaction.atomic():
                guest.save()  # its purge is registered in the savepoint ...
                raise RuntimeError
        except RuntimeError:
            pass  # ... which is rolled back
        archive[0].save_revision().publish()

    urls = set(_after_commit(django_capture_on_commit_callbacks, changes))

    assert _page_addresses(archive[0]) <= urls


@pytest.mark.parametrize(
    "config",
    [
        _config(FailingBackend),
        {"default": {"BACKEND": "tests.no_such_module.Backend"}},
    ],
    ids=["backend-raises", "backend-missing"],
)
def test_a_failing_purge_never_breaks_publishing(
    config, django_capture_on_commit_callbacks, series, archive, caplog
):
    page = archive[0]
    page.standfirst = "Published anyway."
    with (
        override_settings(WAGTAILFRONTENDCACHE=config),
        django_capture_on_commit_callbacks(execute=True),
    ):
        page.save_revision().publish()
    page.refresh_from_db()
    assert page.standfirst == "Published anyway."
    assert page.live


def test_nothing_is_queued_without_a_frontend_cache(
    django_capture_on_commit_callbacks, series, archive
):
    assert not purging.frontend_cache_enabled()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        archive[0].save_revision().publish()
        Speaker.objects.first().save()
    assert not [c for c in callbacks if getattr(c, "__module__", "") == purging.__name__]


def test_the_series_addresses_take_the_same_queries_whatever_its_size(home, speaker):
    def queries(series) -> int:
        fresh = ConversationSeriesPage.objects.get(pk=series.pk)
        return count_queries(fresh.get_cached_paths)

    small = make_series(home)
    large = make_series(home, title="Large", slug="large")
    add_conversation(small, third_thursday(2024, 1), people=[(speaker, "host")], themes=["A"])
    for year in (2022, 2023, 2024):
        for month in range(1, 13, 3):
            guest = Speaker.objects.create(name=f"Guest {year} {month}")
            add_conversation(
                large,
                third_thursday(year, month),
                people=[(speaker, "host"), (guest, "speaker")],
                themes=[f"Theme {month}", f"Year {year}"],
            )

    assert queries(large) == queries(small)
    assert queries(large) <= 5
    assert len(large.get_cached_paths()) > len(small.get_cached_paths())


def test_the_pages_to_purge_take_the_same_queries_whatever_the_change(series, archive, speaker):
    one = count_queries(lambda: purging.pages_to_purge([(Speaker, speaker)]))
    many = count_queries(
        lambda: purging.pages_to_purge([(Speaker, speaker), *((None, page) for page in archive)])
    )
    assert one == many

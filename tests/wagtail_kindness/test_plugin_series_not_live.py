"""A conversation is public only while its series page is live.

Wagtail's unpublish leaves a page's children live.  The class: every way a
series page stops being live, or never was (unpublished in the admin,
never published, scheduled to go live later, expired); and every output
that could show one of its conversations: the page, its ``calendar.ics`` at
both addresses, the sitemap, the API (listing, detail, ``find``, search).
Publishing the series again brings them back.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from kindness_factories import add_conversation, third_thursday
from wagtail.models import Page

from wagtail_kindness.models import ConversationSeriesPage
from wagtail_kindness.queries import exclude_unpublished_series

pytestmark = pytest.mark.django_db

TITLE = "Orphaned kindness"


def _unpublish_in_the_admin(admin_client, series):
    url = reverse("wagtailadmin_pages:unpublish", args=[series.pk])
    response = admin_client.post(url, {})  # "include descendants" left unticked
    assert response.status_code == 302


def _never_published(admin_client, home):
    series = ConversationSeriesPage(title="Draft series", slug="conversations")
    home.add_child(instance=series)
    series.live = False
    series.save_revision()
    ConversationSeriesPage.objects.filter(pk=series.pk).update(live=False)
    return ConversationSeriesPage.objects.get(pk=series.pk)


def _scheduled(admin_client, series):
    later = timezone.now() + dt.timedelta(days=30)
    ConversationSeriesPage.objects.filter(pk=series.pk).update(live=False, go_live_at=later)


def _expired(admin_client, series):
    ConversationSeriesPage.objects.filter(pk=series.pk).update(
        expire_at=timezone.now() - dt.timedelta(minutes=1)
    )
    from django.core.management import call_command

    call_command("publish_scheduled")  # Wagtail's own command unpublishes it


WAYS = ["unpublished in the admin", "never published", "scheduled", "expired"]


@pytest.fixture(params=WAYS)
def orphan(request, admin_client, home, series):
    if request.param == "never published":
        Page.objects.get(pk=series.pk).delete()
        series = _never_published(admin_client, home)
        page = add_conversation(series, third_thursday(2024, 2), title=TITLE)
    else:
        page = add_conversation(series, third_thursday(2024, 2), title=TITLE)
        {
            "unpublished in the admin": _unpublish_in_the_admin,
            "scheduled": _scheduled,
            "expired": _expired,
        }[request.param](admin_client, series)
    page.refresh_from_db()
    assert page.live  # Wagtail leaves it live: the plugin must hide it
    assert not ConversationSeriesPage.objects.get(pk=series.pk).live
    return page


def _addresses(page) -> list[str]:
    url = f"/conversations/{page.slug}/"
    return [url, f"{url}calendar.ics", f"{url}calendar.ics/", f"{url}calendar/"]


def test_its_pages_and_calendar_files_are_404(client, orphan):
    for address in _addresses(orphan):
        assert client.get(address).status_code == 404, address


def test_the_sitemap_leaves_it_out(client, orphan):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert orphan.slug.encode() not in response.content


def test_the_api_leaves_it_out(client, orphan):
    listing = client.get("/api/v2/pages/?limit=20").json()
    assert orphan.pk not in [item["id"] for item in listing["items"]]
    typed = client.get("/api/v2/pages/?type=wagtail_kindness.ConversationPage").json()
    assert typed["meta"]["total_count"] == 0
    assert client.get(f"/api/v2/pages/{orphan.pk}/").status_code == 404
    found = client.get(f"/api/v2/pages/find/?html_path=/conversations/{orphan.slug}/")
    assert found.status_code == 404
    search = client.get("/api/v2/pages/?search=Orphaned").json()
    assert search["meta"]["total_count"] == 0


def test_a_sites_search_leaves_it_out(orphan):
    results = exclude_unpublished_series(Page.objects.live().public()).search("Orphaned")
    assert orphan.pk not in [page.pk for page in results]
    assert orphan.pk in [p.pk for p in Page.objects.live().public().search("Orphaned")]


def test_publishing_the_series_again_brings_it_back(client, series):
    page = add_conversation(series, third_thursday(2024, 2), title=TITLE)
    series.unpublish()
    assert client.get(page.url or f"/conversations/{page.slug}/").status_code == 404
    series.refresh_from_db()
    series.save_revision().publish()
    for address in _addresses(page):
        assert client.get(address).status_code == 200, address
    assert page.slug.encode() in client.get("/sitemap.xml").content
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 200


def test_a_conversation_moved_into_an_unpublished_series_is_hidden(client, home, series):
    page = add_conversation(series, third_thursday(2024, 2), title=TITLE)
    draft = ConversationSeriesPage(title="Draft series", slug="draft-series")
    home.add_child(instance=draft)
    ConversationSeriesPage.objects.filter(pk=draft.pk).update(live=False)
    page.move(ConversationSeriesPage.objects.get(pk=draft.pk), pos="last-child")
    page.refresh_from_db()
    assert page.live
    assert client.get(f"/draft-series/{page.slug}/").status_code == 404
    assert client.get(f"/api/v2/pages/{page.pk}/").status_code == 404
    assert page.slug.encode() not in client.get("/sitemap.xml").content

"""The public archive: order, routes, pagination, times, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from kindness_factories import add_conversation, conversation_form_data, series_form_data

from wagtail_kindness import conf
from wagtail_kindness.models import (
    ConversationPage,
    ConversationSeriesPage,
    Speaker,
)

VIDEO_HOSTS = ("youtube.com", "youtube-nocookie.com", "youtu.be", "vimeo.com", "ytimg.com")


def _no_video_host_request(html: str) -> None:
    """Nothing in the HTML makes the browser contact a video host on load."""
    assert "<iframe" not in html
    for attr in re.findall(r"""\s(?:src|srcset|poster|data)\s*=\s*["']([^"']*)""", html):
        assert not any(host in attr for host in VIDEO_HOSTS), attr
    for link in re.findall(r"<link[^>]*>", html):
        assert not any(host in link for host in VIDEO_HOSTS), link


@pytest.mark.django_db
def test_editor_publishes_three_conversations_and_the_archive_shows_them(
    admin_client, home, document
):
    add = "wagtailadmin_pages:add"
    response = admin_client.post(
        reverse(add, args=["wagtail_kindness", "conversationseriespage", home.pk]),
        series_form_data(**{"action-publish": "1"}),
    )
    assert response.status_code == 302, response.context["form"].errors
    series = ConversationSeriesPage.objects.get()
    judy = Speaker.objects.create(name="Judy Rees")
    michael = Speaker.objects.create(honorific="Professor", name="Michael West")
    amy = Speaker.objects.create(name="Amy Edmondson")
    conversations = [
        (
            dt.date(2023, 11, 16),
            "Kindness and psychological safety",
            amy,
            [("summary", {"title": "", "document": str(document.pk), "pending": ""})],
        ),
        (
            dt.date(2023, 12, 21),
            "Compassion and kindness in leadership",
            michael,
            [
                ("summary", {"title": "", "document": "", "pending": "on"}),
                (
                    "recording",
                    {
                        "title": "",
                        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                        "pending": "",
                    },
                ),
            ],
        ),
        (
            dt.date(2024, 2, 15),
            "Using Clean Language",
            judy,
            [("recording", {"title": "", "url": "https://vimeo.com/123456789", "pending": ""})],
        ),
    ]
    for day, title, person, resources in conversations:
        response = admin_client.post(
            reverse(add, args=["wagtail_kindness", "conversationpage", series.pk]),
            conversation_form_data(
                day,
                title=title,
                people=[(person, "speaker")],
                resources=resources,
                themes="kindness",
                **{"action-publish": "1"},
            ),
        )
        assert response.status_code == 302, response.context["form"].errors
    assert ConversationPage.objects.live().count() == 3

    response = admin_client.get(series.url)
    assert response.status_code == 200
    html = response.content.decode()
    titles = re.findall(r'<h4 class="kindness-entry__title"><a href="[^"]+">([^<]+)</a>', html)
    assert titles == [
        "Using Clean Language",
        "Compassion and kindness in leadership",
        "Kindness and psychological safety",
    ]
    assert [y for y, _ in response.context["groups"]] == [2024, 2023]
    assert "Professor Michael West" in html
    assert 'href="/conversations/speakers/amy-edmondson/"' in html
    assert f'href="{document.url}"' in html
    assert "Insights and summary: coming soon" in html
    assert "Pending — still to be added" not in html  # editors' note only in preview
    # Every date in the series' zone, with the UTC instant for local-times.js.
    assert '<time datetime="2024-02-15T18:00:00Z"' in html
    assert "Thursday 15 February 2024, 6:00pm UK time" in html
    # The next date: computed from the schedule (no page in the future), with joining.
    expected = series.base_schedule().next(after=timezone.now() - dt.timedelta(hours=1))
    item = response.context["next_conversation"]
    assert item.page is None
    assert item.start == expected.start
    assert "All are welcome." in html
    assert 'href="https://example.org/join"' in html
    _no_video_host_request(html)

    page = ConversationPage.objects.get(date=dt.date(2023, 12, 21))
    html = admin_client.get(page.url).content.decode()
    _no_video_host_request(html)
    assert (
        'data-kindness-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"'
        in html
    )
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert "recording.js" in html


def _make_many(series, speakers, document, start_year, count):
    day = dt.date(start_year, 1, 15)
    for n in range(count):
        add_conversation(
            series,
            day,
            title=f"Conversation {n}",
            people=[(speakers[n % 3], "speaker"), (speakers[(n + 1) % 3], "host")],
            resources=[
                ("summary", {"title": "", "document": document, "pending": False}),
                (
                    "recording",
                    {"title": "", "url": "https://youtu.be/dQw4w9WgXcQ", "pending": False},
                ),
                (
                    "presentation",
                    {"title": "", "document": document, "url": "", "pending": False},
                ),
            ],
            themes=[f"theme-{n % 4}"],
            with_revision=False,
        )
        day = (day.replace(day=1) + dt.timedelta(days=32)).replace(day=15)
    return day


@pytest.mark.django_db
def test_archive_query_count_does_not_grow(
    client, series, document, django_assert_num_queries, settings
):
    # Creating 200 pages is slow with the search index kept up to date.
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "wagtail.search.backends.database", "AUTO_UPDATE": False}
    }
    speakers = [Speaker.objects.create(name=f"Speaker {i}") for i in range(3)]
    _make_many(series, speakers, document, 2000, 5)
    client.get(series.url)  # fills process-wide caches (content types, site root paths)
    cold = caches[conf.cache_alias()]
    cold.clear()  # the list and its entries are rendered, not taken from the cache
    with CaptureQueriesContext(connection) as five:
        response = client.get(series.url)
    assert response.status_code == 200
    assert len(response.context["page_obj"]) == 5
    with CaptureQueriesContext(connection) as five_warm:
        assert client.get(series.url).content == response.content
    _make_many(series, speakers, document, 2005, 195)
    assert ConversationPage.objects.count() == 200
    cold.clear()
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(series.url)  # 200 pages, nothing cached: rendered
    assert len(response.context["page_obj"]) == 24
    cold.clear()
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(series.url, {"page": "3"})
    assert response.status_code == 200
    with django_assert_num_queries(len(five_warm.captured_queries)):
        assert client.get(series.url, {"page": "3"}).content == response.content
    assert len(five_warm.captured_queries) < len(five.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "0", "-1", "9999", ""])
def test_bad_page_numbers_never_fail(client, series, page, settings):
    settings.WAGTAILKINDNESS_ARCHIVE_PER_PAGE = 1
    add_conversation(series, dt.date(2024, 1, 18))
    add_conversation(series, dt.date(2024, 2, 15))
    response = client.get(series.url, {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number in (1, 2)
    assert 'aria-label="Archive pages"' in response.content.decode()


@pytest.mark.django_db
def test_year_speaker_and_theme_routes(client, series, speaker):
    add_conversation(series, dt.date(2023, 12, 21), title="Leadership", themes=["leadership"])
    add_conversation(
        series,
        dt.date(2024, 2, 15),
        title="Clean Language",
        people=[(speaker, "speaker")],
        themes=["communication"],
    )
    year = client.get(series.url + "2023/")
    assert [e.page.title for _, es in year.context["groups"] for e in es] == ["Leadership"]
    assert client.get(series.url + "1999/").status_code == 404
    person = client.get(series.url + f"speakers/{speaker.slug}/")
    assert [e.page.title for _, es in person.context["groups"] for e in es] == ["Clean Language"]
    assert "About Dr Hesham Abdalla" in person.content.decode()
    assert client.get(series.url + "speakers/nobody/").status_code == 404
    theme = client.get(series.url + "themes/leadership/")
    assert [e.page.title for _, es in theme.context["groups"] for e in es] == ["Leadership"]
    assert client.get(series.url + "themes/nothing/").status_code == 404


@pytest.mark.django_db
def test_next_conversation_is_the_scheduled_page_when_there_is_one(client, series):
    now = timezone.now()
    occurrence = series.base_schedule().next(after=now)
    page = add_conversation(
        series, occurrence.start.date(), status="scheduled", title="A coming conversation"
    )
    response = client.get(series.url)
    assert response.context["next_conversation"].page == page
    html = response.content.decode()
    assert "A coming conversation" in html


@pytest.mark.django_db
def test_private_and_draft_conversations_are_not_listed(client, series):
    from wagtail.models import PageViewRestriction

    private = add_conversation(series, dt.date(2024, 1, 18), title="Private one")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    add_conversation(series, dt.date(2024, 2, 15), title="Draft one", live=False)
    add_conversation(series, dt.date(2024, 3, 21), title="Public one")
    html = client.get(series.url).content.decode()
    assert "Public one" in html
    assert "Private one" not in html
    assert "Draft one" not in html


@pytest.mark.django_db
def test_conversation_page_shows_times_in_several_zones(client, series, settings):
    settings.WAGTAILKINDNESS_DISPLAY_TIME_ZONES = ["America/New_York"]
    page = add_conversation(series, dt.date(2030, 1, 17), status="scheduled")
    html = client.get(page.url).content.decode()
    assert "Thursday 17 January 2030, 6:00pm UK time" in html
    assert "Thursday 17 January 2030, 1:00pm America/New_York time" in html
    assert html.count('datetime="2030-01-17T18:00:00Z"') >= 2


@pytest.mark.django_db
def test_the_cached_archive_shows_every_edit_on_the_next_request(client, series, speaker):
    """Publishing, unpublishing and renaming a speaker reach the cached list at once."""
    first = add_conversation(
        series, dt.date(2024, 1, 18), title="Kindness at work", people=[(speaker, "speaker")]
    )
    html = client.get(series.url).content.decode()
    assert "Kindness at work" in html
    with CaptureQueriesContext(connection) as warm:
        assert client.get(series.url).content.decode() == html  # served from the cache
    assert not any("conversationperson" in q["sql"] for q in warm.captured_queries)

    second = add_conversation(series, dt.date(2024, 2, 15), title="Kindness at school")
    assert "Kindness at school" in client.get(series.url).content.decode()

    second.unpublish()
    assert "Kindness at school" not in client.get(series.url).content.decode()

    speaker.name = "Grace Renamed"
    speaker.save()
    html = client.get(series.url).content.decode()
    assert "Grace Renamed" in html
    assert "Kindness at work" in html
    assert first.url in html


@pytest.mark.django_db
def test_the_archive_is_rendered_when_the_cache_fails(client, series, plugin_cache_down):
    add_conversation(series, dt.date(2024, 1, 18), title="Kindness at work")
    response = client.get(series.url)
    assert response.status_code == 200
    assert "Kindness at work" in response.content.decode()
    add_conversation(series, dt.date(2024, 2, 15), title="Kindness at school")
    response = client.get(series.url)  # nothing was cached: the new page is there
    assert response.status_code == 200
    assert "Kindness at school" in response.content.decode()

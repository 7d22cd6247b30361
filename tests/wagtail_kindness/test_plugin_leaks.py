"""Nothing that is not public leaks through any public address.

Extends ``test_plugin_privacy.py`` (one draft, one password page, one other
site, in the machine-readable outputs) to: a scheduled page (approved, going
live later), an unpublished page, login- and group-restricted pages, a live
page whose newest revision is an unpublished draft, a restricted series; the
routes of the archive (year, speaker, theme), the conversations' own pages and
``.ics``, the API's detail and ``search=``; speakers and themes that appear
only on hidden pages; and the caches, which must forget a page that becomes
hidden.
"""

from __future__ import annotations

import datetime as dt

import feedparser
import icalendar
import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from kindness_factories import add_conversation, third_thursday
from wagtail.models import PageViewRestriction

from wagtail_kindness.models import ConversationPage, Speaker

pytestmark = pytest.mark.django_db

PUBLIC = ["Revised kindness", "Public kindness"]  # newest first
SECRETS = (
    "Draft secret",
    "Scheduled secret",
    "Unpublished secret",
    "Password secret",
    "Login secret",
    "Group secret",
    "Other site secret",
    "Revision secret",
    "Secret Speaker",
    "hushed",
)


def _restrict(page, kind: str, **fields) -> PageViewRestriction:
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=kind, **fields)
    if kind == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.create(name="Volunteers"))
    return restriction


@pytest.fixture
def world(series, other_series):
    public_speaker = Speaker.objects.create(name="Pat Public")
    secret_speaker = Speaker.objects.create(name="Secret Speaker")
    hidden = {"people": [(secret_speaker, "speaker")], "themes": ["hushed"]}
    pages = {
        "public": add_conversation(
            series,
            third_thursday(2023, 1),
            title="Public kindness",
            people=[(public_speaker, "speaker")],
            themes=["openness"],
        ),
        "revised": add_conversation(series, third_thursday(2023, 2), title="Revised kindness"),
        # Everything hidden is in 2022, so that year has nothing public.
        "draft": add_conversation(
            series, third_thursday(2022, 1), title="Draft secret", live=False, **hidden
        ),
        "scheduled": add_conversation(
            series, third_thursday(2022, 2), title="Scheduled secret", live=False, **hidden
        ),
        "unpublished": add_conversation(
            series, third_thursday(2022, 3), title="Unpublished secret", **hidden
        ),
        "password": add_conversation(
            series, third_thursday(2022, 4), title="Password secret", **hidden
        ),
        "login": add_conversation(series, third_thursday(2022, 5), title="Login secret", **hidden),
        "group": add_conversation(series, third_thursday(2022, 6), title="Group secret", **hidden),
    }
    # Scheduled: approved for publication, going live next year.
    scheduled = pages["scheduled"]
    scheduled.go_live_at = timezone.now() + dt.timedelta(days=365)
    scheduled.save_revision().publish()
    scheduled.refresh_from_db()
    assert not scheduled.live
    assert scheduled.get_latest_revision().approved_go_live_at
    pages["unpublished"].unpublish()
    _restrict(pages["password"], PageViewRestriction.PASSWORD, password="letmein")
    _restrict(pages["login"], PageViewRestriction.LOGIN)
    _restrict(pages["group"], PageViewRestriction.GROUPS)
    # A live page whose newest revision is an unpublished draft.
    revised = pages["revised"]
    revised.conversation_title = "Revision secret zanzibar"
    revised.standfirst = "Revision secret standfirst"
    revised.save_revision()
    # Another site with a series at the same path (conftest: other_series).
    pages["other"] = add_conversation(
        other_series, third_thursday(2022, 7), title="Other site secret", **hidden
    )
    for page in pages.values():
        page.refresh_from_db()
    return pages


def _assert_no_secrets(text: str, where: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} leaked into {where}"


# -- pages and routes ------------------------------------------------------------------

#: (address, status): the archive's routes as an anonymous visitor sees them.
ROUTES = [
    ("/conversations/", 200),
    ("/conversations/2023/", 200),
    ("/conversations/2022/", 404),  # only hidden conversations that year
    ("/conversations/speakers/pat-public/", 200),
    ("/conversations/speakers/secret-speaker/", 404),  # was 200 with the name: fixed
    ("/conversations/themes/openness/", 200),
    ("/conversations/themes/hushed/", 404),  # was 200 with the theme's name: fixed
    ("/conversations/calendar.ics", 200),
    ("/conversations/feed/", 200),
    ("/conversations/feed/atom/", 200),
    ("/sitemap.xml", 200),
]


@pytest.mark.parametrize(("url", "status"), ROUTES)
def test_public_routes_show_no_hidden_page(client, world, url, status):
    response = client.get(url)
    assert response.status_code == status
    _assert_no_secrets(response.content.decode(), url)


def test_the_other_site_speaker_and_theme_are_not_in_this_site(client, world):
    """The other site's series has a public page with the speaker: not this series'."""
    assert client.get("/conversations/speakers/secret-speaker/").status_code == 404
    other = client.get("/conversations/speakers/secret-speaker/", HTTP_HOST="other.example")
    assert other.status_code == 200
    assert "Other site secret" in other.content.decode()


def test_the_live_version_is_served_not_the_newer_draft_revision(client, world):
    response = client.get(world["revised"].url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revised kindness" in html
    _assert_no_secrets(html, "the live page")
    ics = client.get(world["revised"].url + "calendar.ics")
    assert b"Revised kindness" in ics.content
    _assert_no_secrets(ics.content.decode(), "the live page's calendar.ics")


#: (page, what an anonymous visitor gets at its address and at its calendar.ics)
HIDDEN = [
    ("draft", 404),
    ("scheduled", 404),
    ("unpublished", 404),
    ("password", "password form"),
    ("login", "login"),
    ("group", "login"),
]


@pytest.mark.parametrize(("name", "answer"), HIDDEN)
@pytest.mark.parametrize("suffix", ["", "calendar.ics", "calendar.ics/"])
def test_hidden_conversation_addresses_show_nothing(client, world, name, answer, suffix):
    page = world[name]
    url = f"/conversations/{page.slug}/{suffix}"
    response = client.get(url)
    content = response.content.decode()
    _assert_no_secrets(content, url)
    assert "BEGIN:VCALENDAR" not in content
    if answer == 404:
        assert response.status_code == 404
    elif answer == "password form":
        assert response.status_code == 200
        assert 'name="password"' in content
    else:
        assert response.status_code == 302
        assert "/login/" in response["Location"]
        assert "next=" in response["Location"]


def test_the_other_sites_conversation_is_not_served_on_this_host(client, world):
    for suffix in ("", "calendar.ics"):
        response = client.get(f"/conversations/{world['other'].slug}/{suffix}")
        assert response.status_code == 404


# -- calendar and feeds, parsed ------------------------------------------------------


def test_calendar_and_feeds_list_only_the_public_conversations(client, world):
    ics = client.get("/conversations/calendar.ics")
    summaries = [
        str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    ]
    assert {"Public kindness", "Revised kindness"} <= set(summaries)
    for url in ("/conversations/feed/", "/conversations/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert parsed.bozo == 0
        assert [entry.title for entry in parsed.entries] == PUBLIC


# -- the API -------------------------------------------------------------------------


def test_api_lists_and_finds_only_public_pages(client, world):
    listing = client.get(
        "/api/v2/pages/", {"type": "wagtail_kindness.ConversationPage", "fields": "*"}
    )
    assert listing.status_code == 200
    assert sorted(item["title"] for item in listing.json()["items"]) == sorted(PUBLIC)
    _assert_no_secrets(listing.content.decode(), "the API listing")
    everything = client.get("/api/v2/pages/", {"limit": 100})
    _assert_no_secrets(everything.content.decode(), "the API listing of all pages")
    for name in ("draft", "scheduled", "unpublished", "password", "login", "group", "other"):
        assert client.get(f"/api/v2/pages/{world[name].pk}/").status_code == 404, name
    detail = client.get(f"/api/v2/pages/{world['revised'].pk}/")
    assert detail.json()["conversation_title"] == "Revised kindness"
    _assert_no_secrets(detail.content.decode(), "the API detail of the live page")
    for words in ("secret", "Secret Speaker", "hushed", "zanzibar"):
        found = client.get("/api/v2/pages/", {"search": words})
        assert found.status_code == 200
        assert found.json()["items"] == [], words
    found = client.get(
        "/api/v2/pages/", {"search": "kindness", "type": "wagtail_kindness.ConversationPage"}
    )
    assert sorted(item["title"] for item in found.json()["items"]) == sorted(PUBLIC)


def test_api_on_the_other_host_lists_only_that_sites_pages(client, world):
    listing = client.get(
        "/api/v2/pages/", {"type": "wagtail_kindness.ConversationPage"}, HTTP_HOST="other.example"
    )
    assert [item["title"] for item in listing.json()["items"]] == ["Other site secret"]
    detail = client.get(f"/api/v2/pages/{world['public'].pk}/", HTTP_HOST="other.example")
    assert detail.status_code == 404


# -- the sitemap ---------------------------------------------------------------------


def test_sitemap_lists_only_public_pages_of_this_site(client, world):
    content = client.get("/sitemap.xml").content.decode()
    for name in ("public", "revised"):
        assert world[name].full_url in content
    for name in ("draft", "scheduled", "unpublished", "password", "login", "group", "other"):
        assert world[name].slug not in content, name
    assert "other.example" not in content


# -- a restricted series ---------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/conversations/",
        "/conversations/2023/",
        "/conversations/speakers/pat-public/",
        "/conversations/calendar.ics",
        "/conversations/feed/",
        "/conversations/feed/atom/",
        "/conversations/2023-01-public-kindness/",
        "/conversations/2023-01-public-kindness/calendar.ics",
    ],
)
def test_a_login_restricted_series_hides_all_its_outputs(client, series, world, url):
    _restrict(series, PageViewRestriction.LOGIN)
    response = client.get(url)
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert b"Public kindness" not in response.content


def test_a_restricted_series_is_absent_from_the_api_and_sitemap(client, series, world):
    _restrict(series, PageViewRestriction.PASSWORD, password="letmein")
    listing = client.get("/api/v2/pages/", {"type": "wagtail_kindness.ConversationPage"})
    assert listing.json()["items"] == []
    assert client.get(f"/api/v2/pages/{world['public'].pk}/").status_code == 404
    assert b"public-kindness" not in client.get("/sitemap.xml").content


# -- caches forget a page that becomes hidden ------------------------------------------


OUTPUTS = (
    "/conversations/",
    "/conversations/2023/",
    "/conversations/speakers/pat-public/",
    "/conversations/themes/openness/",
    "/conversations/calendar.ics",
    "/conversations/feed/",
    "/conversations/feed/atom/",
)


def _hide_by_login(page):
    _restrict(page, PageViewRestriction.LOGIN)


def _hide_by_unpublishing(page):
    page.unpublish()


def _hide_by_password_on_the_series(page):
    _restrict(page.get_parent(), PageViewRestriction.PASSWORD, password="x")


@pytest.mark.parametrize(
    "hide", [_hide_by_login, _hide_by_unpublishing, _hide_by_password_on_the_series]
)
def test_cached_outputs_forget_a_page_that_becomes_hidden(client, world, hide):
    before = {url: client.get(url) for url in OUTPUTS}
    for url, response in before.items():
        assert b"Public kindness" in response.content, url
        assert b"Pat Public" in response.content or url.endswith(".ics"), url
    hide(ConversationPage.objects.get(pk=world["public"].pk))
    for url, response in before.items():
        headers = {}
        if response.has_header("ETag"):
            headers["HTTP_IF_NONE_MATCH"] = response["ETag"]
        after = client.get(url, **headers)
        assert after.status_code in (200, 302, 404), url
        assert b"Public kindness" not in after.content, url
        assert b"Pat Public" not in after.content, url


def test_a_logged_in_visitor_does_not_fill_the_cache_with_private_pages(
    client, django_user_model, world
):
    user = django_user_model.objects.create_user(username="reader", password="pw")
    client.force_login(user)
    assert client.get(world["login"].url).status_code == 200  # the reader may see it
    for url in OUTPUTS[:1] + OUTPUTS[4:]:
        _assert_no_secrets(client.get(url).content.decode(), f"{url} (logged in)")
    client.logout()
    for url in OUTPUTS[:1] + OUTPUTS[4:]:
        _assert_no_secrets(client.get(url).content.decode(), f"{url} (after)")

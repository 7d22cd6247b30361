"""HTTP caching of the plugin's pages (``wagtail_kindness.http_cache``).

Public responses to anonymous visitors carry ``Cache-Control: public,
max-age, stale-while-revalidate`` (``WAGTAILKINDNESS_CACHE_CONTROL``);
previews, restricted pages, logged-in visitors and forms are ``private,
no-store``; a conditional GET of an HTML page is answered 304 before
rendering while nothing it shows has changed, and 200 with the new content
after a change.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from joining_factories import join_route, make_signup_series
from kindness_factories import add_conversation, make_series, third_thursday
from wagtail.models import PageViewRestriction

from wagtail_kindness import checks, conf, http_cache
from wagtail_kindness.models import ConversationPage, Speaker

PUBLIC = "public, max-age=60, stale-while-revalidate=300"
NEVER = ("private", "no-store")

#: route -> the address below the series (``{page}``: the conversation's).
ROUTES = {
    "archive": "",
    "archive_page_2": "?page=2",
    "year": "2023/",
    "speaker": "speakers/ann-bee/",
    "theme": "themes/kindness/",
    "conversation": "{page}",
    "calendar": "calendar.ics",
    "conversation_calendar": "{page}calendar.ics",
    "feed": "feed/",
    "atom": "feed/atom/",
}
HTML = ("archive", "archive_page_2", "year", "speaker", "theme", "conversation")


def _directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def _is_never_stored(response) -> bool:
    return set(NEVER) <= _directives(response) and "public" not in _directives(response)


@pytest.fixture
def speaker(db):
    return Speaker.objects.create(name="Ann Bee")


@pytest.fixture
def archive(series, speaker, settings):
    """Two conversations of 2023 (one a page: ``?page=2`` is a real page)."""
    settings.WAGTAILKINDNESS_ARCHIVE_PER_PAGE = 1
    people = [(speaker, "speaker")]
    pages = [
        add_conversation(series, third_thursday(2023, month), title=f"Talk {month}", people=people)
        for month in (4, 5)
    ]
    for page in pages:
        page.themes.add("kindness")
        page.save_revision().publish()
    return pages


def _url(series, archive, route: str) -> str:
    return series.url + ROUTES[route].format(page=archive[-1].url.removeprefix(series.url))


# -- public responses ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_every_public_response_has_the_configured_cache_control(client, series, archive, route):
    response = client.get(_url(series, archive, route))
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert "Cookie" not in response.get("Vary", "")  # one copy for every anonymous visitor


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["archive", "conversation", "calendar", "feed"])
def test_the_cache_control_setting_is_followed(client, series, archive, settings, route):
    settings.WAGTAILKINDNESS_CACHE_CONTROL = {"max_age": 120, "stale_while_revalidate": 30}
    response = client.get(_url(series, archive, route))
    assert _directives(response) == {"public", "max-age=120", "stale-while-revalidate=30"}
    settings.WAGTAILKINDNESS_CACHE_CONTROL = {"max_age": 0}
    response = client.get(_url(series, archive, route))
    assert not response.has_header("Cache-Control")  # turned off: as before
    assert response.has_header("ETag")  # the validators stay


@pytest.mark.django_db
def test_a_head_request_is_public_too(client, series, archive):
    response = client.head(series.url)
    assert response["Cache-Control"] == PUBLIC


@pytest.mark.django_db
def test_an_anonymous_visitor_with_a_session_cookie_still_gets_the_public_page(
    client, series, archive
):
    client.cookies["sessionid"] = "not-a-session"
    response = client.get(series.url)
    assert response["Cache-Control"] == PUBLIC
    assert "Cookie" in response["Vary"]  # the session was read: Django says so


# -- never stored ----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES)
def test_a_logged_in_visitor_gets_private_pages(client, series, archive, admin_user, route):
    client.force_login(admin_user)
    url = _url(series, archive, route)
    response = client.get(url)
    assert response.status_code == 200
    assert _is_never_stored(response)
    if route in HTML:
        assert not response.has_header("ETag")
        anonymous = client.__class__().get(url)
        repeat = client.get(url, HTTP_IF_NONE_MATCH=anonymous["ETag"])
        assert repeat.status_code == 200  # never a 304 for a private page


def _restrict(page, kind: str) -> PageViewRestriction:
    if kind == "password":
        return PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="letmein"
        )
    return PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["password", "login"])
@pytest.mark.parametrize("where", ["series", "ancestor"])
@pytest.mark.parametrize(
    # (the year, speaker and theme routes list public conversations only: 404 here)
    "route",
    ["archive", "conversation", "calendar", "conversation_calendar", "feed"],
)
def test_restricted_pages_are_never_cacheable(
    client, series, archive, home, admin_user, kind, where, route
):
    url = _url(series, archive, route)
    before = client.get(url)  # public, with an ETag for the HTML
    restriction = _restrict(series if where == "series" else home, kind)
    refused = client.get(url)
    assert refused.status_code in (200, 302)  # the password form, or the way to log in
    assert _is_never_stored(refused)
    if kind == "password":
        passed = client.post(
            reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, series.pk]),
            {"password": "letmein", "return_url": url},
        )
        assert passed.status_code == 302
    else:
        client.force_login(admin_user)
    response = client.get(url)
    assert response.status_code == 200
    assert _is_never_stored(response)
    assert not response.has_header("ETag") or route not in HTML
    if before.has_header("ETag"):
        again = client.get(url, HTTP_IF_NONE_MATCH=before["ETag"])
        assert again.status_code == 200
        assert _is_never_stored(again)


@pytest.mark.django_db
def test_a_restriction_removed_makes_the_pages_public_again(client, series, archive):
    restriction = _restrict(series, "login")
    assert _is_never_stored(client.get(series.url))
    restriction.delete()
    assert client.get(series.url)["Cache-Control"] == PUBLIC


@pytest.mark.django_db
def test_previews_are_never_cacheable(client, series, archive, admin_user):
    page = archive[-1]
    for previewed in (series, page):
        response = previewed.make_preview_request()
        assert response.status_code == 200
        assert "public" not in _directives(response)
        assert "private" in _directives(response)
        assert not response.has_header("ETag")
    client.force_login(admin_user)
    for previewed in (series, page):
        response = client.get(reverse("wagtailadmin_pages:preview_on_edit", args=[previewed.pk]))
        assert response.status_code == 200
        assert _is_never_stored(response)
        assert not response.has_header("ETag")


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["join_route", "join_sent_route", "join_confirm_route"])
def test_the_join_forms_are_never_stored(client, home, name):
    signup = make_signup_series(home, slug="join-us", title="Join us")
    response = client.get(join_route(signup, name))
    assert response.status_code in (200, 400)  # the confirm page without a token says so
    assert _is_never_stored(response)
    assert not response.has_header("ETag")


@pytest.mark.django_db
def test_the_cancel_page_and_the_unsubscribe_address_are_never_stored(client, home):
    signup = make_signup_series(home, slug="join-us", title="Join us")
    for url in (join_route(signup, "join_cancel_route"), reverse("wagtail_kindness_unsubscribe")):
        response = client.get(url, {"t": "not-a-token"})
        assert response.status_code == 400
        assert _is_never_stored(response)


@pytest.mark.django_db
def test_a_post_is_never_stored(client, home):
    signup = make_signup_series(home, slug="join-us", title="Join us")
    response = client.post(join_route(signup), {"name": ""})
    assert _is_never_stored(response)


def test_a_response_with_a_cookie_or_a_form_token_is_private():
    request = RequestFactory().get("/conversations/")
    request.is_preview = False
    with_cookie = HttpResponse("")
    with_cookie.set_cookie("seen", "1")
    http_cache.finish(request, None, with_cookie, route="archive_route", public=True)
    assert _is_never_stored(with_cookie)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # what {% csrf_token %} does
    with_form = http_cache.finish(request, None, HttpResponse(""), route=None, public=True)
    assert _is_never_stored(with_form)


def test_a_route_the_plugin_does_not_know_is_private_unless_its_view_says():
    request = RequestFactory().get("/conversations/mine/")
    unknown = http_cache.finish(request, None, HttpResponse(""), route="my_route", public=True)
    assert _is_never_stored(unknown)
    own = HttpResponse("")
    own["Cache-Control"] = "public, max-age=5"
    http_cache.finish(request, None, own, route="my_route", public=True)
    assert own["Cache-Control"] == "public, max-age=5"


# -- 304 before rendering, 200 after a change ----------------------------------------


def _plugin_tables(queries) -> list[str]:
    """The queries of a request that read what the pages show (not Wagtail's routing)."""
    shown = ("conversationperson", "taggit", "speaker", "wagtaildocs", "wagtailimages")
    return [q["sql"] for q in queries if any(name in q["sql"] for name in shown)]


@pytest.mark.django_db
@pytest.mark.parametrize("route", HTML)
def test_a_conditional_get_is_answered_304_before_rendering(client, series, archive, route):
    url = _url(series, archive, route)
    first = client.get(url)
    etag = first["ETag"]
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as conditional:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response["Cache-Control"] == PUBLIC
    assert response.content == b""
    assert not _plugin_tables(conditional.captured_queries)
    versions = [q for q in conditional.captured_queries if "outputsversion" in q["sql"]]
    assert len(versions) == 1  # the state: one primary-key query
    assert len(conditional.captured_queries) < len(warm.captured_queries)


@pytest.mark.django_db
def test_a_304_costs_wagtails_routing_and_one_query(client, series, archive):
    """Wagtail finds the site and the page (a conversation: its series and whether that
    is live too) and reads the view restrictions; the plugin reads the version, nothing
    else (measured 2026-12-06: 6 for the archive, 9 for a conversation)."""
    for url, most in ((series.url, 6), (archive[-1].url, 9)):
        etag = client.get(url)["ETag"]
        with CaptureQueriesContext(connection) as conditional:
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
        assert len(conditional.captured_queries) <= most, url


@pytest.mark.django_db
@pytest.mark.parametrize("route", HTML)
def test_a_publication_gives_new_content(client, series, archive, route):
    url = _url(series, archive, route)
    etag = client.get(url)["ETag"]
    page = archive[-1]
    page.standfirst = "A brand new standfirst."
    page.save_revision().publish()
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    if route != "archive_page_2":  # the other conversation is on page 2
        assert b"A brand new standfirst." in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("route", HTML)
def test_a_speaker_edit_gives_new_content(client, series, archive, speaker, route):
    url = _url(series, archive, route)
    etag = client.get(url)["ETag"]
    speaker.name = "Ann Beeton"
    speaker.save()
    response = client.get(url.replace("ann-bee", speaker.slug), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b"Ann Beeton" in response.content


@pytest.mark.django_db
def test_a_new_conversation_gives_a_new_archive(client, series, archive, speaker):
    etag = client.get(series.url)["ETag"]
    add_conversation(series, third_thursday(2023, 6), title="Talk 6", people=[(speaker, "speaker")])
    response = client.get(series.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b"Talk 6" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("route", ["archive", "conversation"])
def test_another_language_gives_its_own_page(client, series, archive, settings, route):
    url = _url(series, archive, route)
    english = client.get(url)
    settings.LANGUAGE_CODE = "fr"
    french = client.get(url, HTTP_IF_NONE_MATCH=english["ETag"])
    assert french.status_code == 200
    assert french["Content-Language"] == "fr"
    assert french["ETag"] != english["ETag"]


@pytest.mark.django_db
def test_other_query_strings_and_hosts_have_their_own_etag(client, series, archive):
    etag = client.get(series.url)["ETag"]
    assert client.get(series.url, {"page": "2"}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    other_host = client.get(series.url, HTTP_IF_NONE_MATCH=etag, HTTP_HOST="alias.example")
    assert other_host.status_code == 200


@pytest.mark.django_db
def test_an_emptied_cache_never_revives_an_old_etag(client, series, archive):
    """After a deployment (new templates) or a cache flush, an old copy is not confirmed."""
    etag = client.get(series.url)["ETag"]
    cache.clear()
    fresh = client.get(series.url)  # rendered again, by another visitor
    assert fresh["ETag"] != etag
    assert client.get(series.url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def _coming(series, days: int) -> ConversationPage:
    """A scheduled conversation ``days`` from now at the series' usual time."""
    day = timezone.now().astimezone(series.zone).date() + dt.timedelta(days=days)
    return add_conversation(series, day, title="Soon", status="scheduled")


def _stored(page, url: str, route: str | None):
    """The ``(etag, horizon)`` the cache keeps for ``url`` (as the plugin computes its key)."""
    request = RequestFactory().get(url)
    return cache.get(http_cache.etag_key(request, page, route))


@pytest.mark.django_db
def test_the_etag_lasts_until_the_next_conversation_begins(client, series, archive):
    coming = _coming(series, 40)
    etag = client.get(coming.url)["ETag"]
    assert _stored(coming, coming.url, "index_route") == (etag, coming.start)  # "join" goes then
    assert client.get(coming.url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    etag = client.get(series.url)["ETag"]
    first = series.upcoming(now=timezone.now(), count=3)[0]  # the "next conversation"
    assert _stored(series, series.url, "archive_route") == (etag, first.start)
    assert client.get(series.url, HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.django_db
def test_past_the_horizon_the_page_is_rendered_again(client, series, archive):
    coming = _coming(series, 40)
    etag = client.get(coming.url)["ETag"]
    key = http_cache.etag_key(RequestFactory().get(coming.url), coming, "index_route")
    cache.set(key, (etag, timezone.now() - dt.timedelta(seconds=1)))  # as if it had begun
    response = client.get(coming.url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


# -- the plugin's cache down: served, public, without validators ------------------------


@pytest.mark.django_db
def test_a_failing_cache_serves_without_etag_and_keeps_restrictions(
    client, series, archive, plugin_cache_down
):
    response = client.get(series.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    assert not response.has_header("ETag")
    restriction = _restrict(series, "password")
    client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, series.pk]),
        {"password": "letmein", "return_url": series.url},
    )
    response = client.get(archive[-1].url)  # an anonymous visitor who passed the password
    assert response.status_code == 200
    assert _is_never_stored(response)


@pytest.mark.django_db
def test_the_restriction_check_makes_no_query_on_a_warm_request(client, series, archive):
    client.get(series.url)
    with CaptureQueriesContext(connection) as warm:
        client.get(series.url)
    restrictions = [q for q in warm.captured_queries if "pageviewrestriction" in q["sql"]]
    assert len(restrictions) == 2  # Wagtail's own: the page's, and .public()'s


@pytest.mark.django_db
def test_a_series_on_another_site_keeps_its_own_policy(client, other_series):
    response = client.get("/conversations/", HTTP_HOST="other.example")
    assert response.status_code == 200
    assert response["Cache-Control"] == PUBLIC
    home_series = make_series(other_series.get_parent(), slug="more", title="More")
    _restrict(home_series, "password")
    assert _is_never_stored(client.get("/more/", HTTP_HOST="other.example"))


@pytest.mark.django_db
def test_an_alias_of_a_restricted_series_is_never_cacheable(client, series, archive, home):
    """Wagtail applies the source's restrictions to an alias: so does the policy."""
    alias = series.create_alias(parent=home, update_slug="same-series")
    restriction = _restrict(series, "password")
    assert http_cache.restricted(alias)
    url = alias.url
    passed = client.post(
        reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, alias.pk]),
        {"password": "letmein", "return_url": url},
    )
    assert passed.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    assert _is_never_stored(response)


@pytest.mark.django_db
def test_the_restriction_check_reads_one_query_after_a_change(series, archive, home):
    page = archive[-1]
    with CaptureQueriesContext(connection) as cold:
        assert not http_cache.restricted(page)  # the version, then the restrictions
    assert len(cold.captured_queries) == 2
    with CaptureQueriesContext(connection) as warm:
        assert not http_cache.restricted(page)
    assert len(warm.captured_queries) == 1  # the version only (outside a request)
    _restrict(home, "login")
    assert http_cache.restricted(page)


@pytest.mark.parametrize(
    "value",
    [
        {"max_age": -1},
        {"max_age": "60"},
        {"stale_while_revalidate": True},
        {"maxage": 60},
        (60, 300),
    ],
)
def test_a_bad_cache_control_setting_is_reported(settings, value):
    settings.WAGTAILKINDNESS_CACHE_CONTROL = value
    found = [error.id for error in checks.check_settings()]
    assert "wagtail_kindness.E017" in found


def test_a_partial_cache_control_setting_keeps_the_other_default(settings):
    settings.WAGTAILKINDNESS_CACHE_CONTROL = {"max_age": 10}
    assert conf.cache_control() == (10, 300)
    assert "wagtail_kindness.E017" not in [error.id for error in checks.check_settings()]

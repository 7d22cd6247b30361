"""The private joining link and the registrants never reach a public output.

Extends ``test_plugin_leaks.py`` (hidden pages) to what sign-up adds: a
series in sign-up mode with a private joining link (``SECRET_LINK``), a
coming conversation with a private link of its own, a past one, and
registrants confirmed, on the waiting list and pending, with distinctive
names, emails and keys.  None of these may appear in: the series page and
every archive route, each conversation's page, every calendar (``.ics`` and
``calendar/``), the RSS and Atom feeds, the API (listing, detail,
``fields=*``, ``search=``), the sitemap, the JSON-LD, the search index, the
join form and its "sent" page, ``kindness_export`` (and the core document it
is made from), and whatever the plugin put in the cache.  After an editor
publishes a new private link (series or conversation), or saves one in a
draft revision, the outputs still show none of them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import pickle
import re

import feedparser
import icalendar
import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.test.utils import override_settings
from joining_factories import SECRET_LINK, make_registration, make_signup_series
from kindness_factories import add_conversation, third_thursday
from wagtail.models import Page, Site

from kindness_core.formats.jsonio import dumps
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, Speaker

pytestmark = pytest.mark.django_db

#: The coming conversation's own private link (it overrides the series').
OTHER_LINK = "https://meet.example.org/j/other-secret"
#: Published later by an editor: must not show either.
NEW_LINK = "https://meet.example.org/j/555-new-secret-room"
DRAFT_LINK = "https://meet.example.org/j/777-draft-secret-room"
#: The registrants: (name, email, registration state, place state).
PEOPLE = (
    ("Zephyrine Quarterfield", "zephyrine.quarterfield@leak.example", "confirmed", "confirmed"),
    ("Balthazar Oyelaran-Wick", "balthazar.wick@leak.example", "confirmed", "waiting"),
    ("Perpetua Wraxall", "perpetua.wraxall@leak.example", "pending", "confirmed"),
    ("Ignatius Pastmeeting", "ignatius.past@leak.example", "confirmed", "confirmed"),
)
#: A visitor who signs up through the form during a test.
VISITOR = ("Wilhelmina Signupvisitor", "wilhelmina.visitor@leak.example")


def _coming_date() -> dt.date:
    """The third Thursday of the month after next: always ahead, whatever today is."""
    today = dt.date.today()
    month = today.month + 2
    return third_thursday(today.year + (month - 1) // 12, (month - 1) % 12 + 1)


PAST = third_thursday(2023, 1)


@pytest.fixture
def world(home):
    series = make_signup_series(home, capacity=1)
    speaker = Speaker.objects.create(name="Pat Public")
    coming = add_conversation(
        series,
        _coming_date(),
        title="Coming kindness",
        status="scheduled",
        meeting_url=OTHER_LINK,
        people=[(speaker, "speaker")],
        themes=["openness"],
    )
    past = add_conversation(
        series, PAST, title="Past kindness", people=[(speaker, "speaker")], themes=["openness"]
    )
    registrations = []
    for name, email, state, place_state in PEOPLE:
        date = PAST if name == "Ignatius Pastmeeting" else coming.date
        registrations.append(
            make_registration(
                series,
                date,
                name=name,
                email=email,
                state=state,
                place_state=place_state,
                follow_up=True,
            )
        )
    return {"series": series, "coming": coming, "past": past, "registrations": registrations}


def _secrets(world) -> list[str]:
    """Every string that must stay private: links, names, emails, keys."""
    found = [SECRET_LINK, OTHER_LINK, NEW_LINK, DRAFT_LINK, "meet.example.org"]
    for name, email, *_ in (*PEOPLE, VISITOR):
        found += [name, email, name.split()[0], email.split("@")[0]]
    found += [registration.key for registration in world["registrations"]]
    return found


def _assert_private(text: str, world, where: str) -> None:
    assert text, f"{where} is empty: nothing was checked"
    for secret in _secrets(world):
        assert secret not in text, f"{secret!r} leaked into {where}"
        # as it would be escaped in HTML, JSON or iCalendar text
        for escaped in (secret.replace("/", "\\/"), secret.replace(":", "\\:")):
            assert escaped not in text, f"{secret!r} leaked (escaped) into {where}"


def _public_urls(world) -> list[str]:
    year = world["coming"].date.year
    urls = [
        "/conversations/",
        "/conversations/?page=1",
        "/conversations/?page=2",
        f"/conversations/{year}/",
        "/conversations/2023/",
        "/conversations/speakers/pat-public/",
        "/conversations/themes/openness/",
        "/conversations/calendar.ics",
        "/conversations/calendar/",
        "/conversations/feed/",
        "/conversations/feed/atom/",
        "/sitemap.xml",
    ]
    for page in (world["coming"], world["past"]):
        urls += [page.url, page.url + "calendar.ics", page.url + "calendar/"]
    return urls


def _get_all(client, world) -> dict[str, str]:
    out = {}
    for url in _public_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = response.content.decode()
    return out


def _api_texts(client, world) -> dict[str, str]:
    texts = {}
    queries = {
        "listing": {"fields": "*", "limit": 20},
        "conversations": {"type": "wagtail_kindness.ConversationPage", "fields": "*"},
        "series": {"type": "wagtail_kindness.ConversationSeriesPage", "fields": "*"},
    }
    for name, query in queries.items():
        response = client.get("/api/v2/pages/", query)
        assert response.status_code == 200, name
        texts[f"the API {name}"] = response.content.decode()
    for page in (world["series"], world["coming"], world["past"]):
        for query in ({}, {"fields": "*"}):
            response = client.get(f"/api/v2/pages/{page.pk}/", query)
            assert response.status_code == 200
            texts[f"the API detail of {page.title} {query}"] = response.content.decode()
    return texts


@override_settings(WAGTAILKINDNESS_ARCHIVE_PER_PAGE=1)
def test_no_public_page_or_output_shows_a_link_or_a_registrant(client, world):
    outputs = _get_all(client, world)
    for url, text in outputs.items():
        _assert_private(text, world, url)
    # The outputs are what they should be (so that the absence means something).
    assert "Coming kindness" in outputs["/conversations/"]
    assert "Past kindness" in outputs["/conversations/?page=2"]
    assert world["coming"].full_url in outputs["/sitemap.xml"]


def test_calendars_and_feeds_parsed_have_no_link_in_any_property(client, world):
    for url in ("/conversations/calendar.ics", world["coming"].url + "calendar.ics"):
        calendar = icalendar.Calendar.from_ical(client.get(url).content)
        events = calendar.walk("VEVENT")
        assert any("Coming kindness" in str(e["SUMMARY"]) for e in events), url
        for event in events:
            for key, value in event.property_items():
                _assert_private(f"{key}:{value}", world, f"{url} {key}")
    for url in ("/conversations/feed/", "/conversations/feed/atom/"):
        parsed = feedparser.parse(client.get(url).content)
        assert parsed.bozo == 0
        assert {entry.title for entry in parsed.entries} >= {"Past kindness"}
        _assert_private(json.dumps(parsed, default=str), world, url + " (parsed)")


JSONLD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.S)


def test_the_json_ld_has_no_link_and_no_registrant(client, world):
    seen = 0
    for page in (world["series"], world["coming"], world["past"]):
        html = client.get(page.url).content.decode()
        for block in JSONLD.findall(html):
            data = json.loads(block)
            seen += 1
            _assert_private(json.dumps(data), world, f"the JSON-LD of {page.title}")
    assert seen >= 3


def test_the_api_has_no_link_and_no_registrant(client, world):
    for where, text in _api_texts(client, world).items():
        _assert_private(text, world, where)
    detail = client.get(f"/api/v2/pages/{world['series'].pk}/", {"fields": "*"}).json()
    assert "meeting_url" not in detail
    assert detail["join_url"] == ""  # the public link is empty: sign-up instead
    detail = client.get(f"/api/v2/pages/{world['coming'].pk}/", {"fields": "*"}).json()
    assert "meeting_url" not in detail
    assert "capacity" not in detail
    # Asking for the private field by name is refused, not answered.
    asked = client.get(f"/api/v2/pages/{world['coming'].pk}/", {"fields": "meeting_url"})
    assert asked.status_code == 400
    _assert_private(asked.content.decode(), world, "the API's answer to fields=meeting_url")


@pytest.mark.parametrize(
    "words",
    ["meet.example.org", "98765", "other-secret", "Zephyrine", "Quarterfield", "leak.example"],
)
def test_search_finds_no_page_by_a_link_or_a_registrant(client, world, words):
    site = Site.objects.get(is_default_site=True)
    assert list(Page.objects.live().public().in_site(site).search(words)) == []
    found = client.get("/api/v2/pages/", {"search": words})
    assert found.status_code == 200
    assert found.json()["items"] == [], words
    _assert_private(found.content.decode(), world, f"the API search for {words!r}")


def test_the_search_index_holds_no_link_and_no_registrant(world):
    """What Wagtail's database backend indexed (title, body, autocomplete) for the pages."""
    from wagtail.search.models import IndexEntry

    entries = list(IndexEntry.objects.values_list("title", "body", "autocomplete"))
    assert entries
    _assert_private(repr(entries), world, "the search index")
    # and the index still finds the pages by their public words
    assert [p.pk for p in ConversationPage.objects.live().search("Coming")] == [world["coming"].pk]


def test_the_join_form_and_the_sent_page_show_no_link_and_no_registrant(client, world):
    for url in ("/conversations/join/", "/conversations/join/sent/"):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_private(response.content.decode(), world, url)
    # A conversation's own join address (its date) is the same form.
    response = client.get("/conversations/join/", {"date": world["coming"].date.isoformat()})
    assert response.status_code == 200
    _assert_private(response.content.decode(), world, "the join form of the coming one")


def test_export_and_the_core_document_have_no_link_and_no_registrant(world):
    out = io.StringIO()
    call_command("kindness_export", "--series", "/conversations/", stdout=out)
    text = out.getvalue()
    assert "Coming kindness" in text
    _assert_private(text, world, "kindness_export")
    core = world["series"].to_core(strict=True)
    _assert_private(dumps(core), world, "the core document")
    _assert_private(repr(core), world, "the core objects")


def _cached_texts() -> list[str]:
    """Every key and value in the plugin's cache (the default locmem cache of the tests)."""
    cache = caches["default"]
    store = getattr(cache, "_cache", None)
    assert store is not None, "the tests' default cache is not the local memory cache"
    texts = []
    for key, raw in list(store.items()):
        texts.append(str(key))
        texts.append(raw.decode("utf-8", "replace") if isinstance(raw, bytes) else repr(raw))
        with contextlib.suppress(Exception):  # a value that is not a pickle: bytes checked
            texts.append(repr(pickle.loads(raw)))  # our own cache, in a test
    return texts


@override_settings(WAGTAILKINDNESS_ARCHIVE_PER_PAGE=1)
def test_the_cache_holds_no_link_and_no_registrant(client, world):
    caches["default"].clear()
    _get_all(client, world)
    _api_texts(client, world)
    client.get("/conversations/join/")
    texts = _cached_texts()
    assert any("wagtail_kindness:out" in text for text in texts), "nothing was cached"
    for text in texts:
        _assert_private(text, world, "the cache")


def _sign_up_through_the_form(client, world) -> None:
    form = client.get("/conversations/join/")
    assert form.status_code == 200
    answer = {
        "name": VISITOR[0],
        "email": VISITOR[1],
        "when": world["coming"].date.isoformat(),
        "time_zone": "Asia/Kolkata",
        "consent": "on",
        "website": "",
    }
    response = client.post("/conversations/join/", answer)
    assert response.status_code == 303, response.content.decode()[:2000]
    assert response["Location"].endswith("/conversations/join/sent/")


@override_settings(WAGTAILKINDNESS_ARCHIVE_PER_PAGE=1)
def test_a_visitors_sign_up_shows_in_no_public_output_nor_the_cache(
    client, world, django_capture_on_commit_callbacks, mailoutbox
):
    from wagtail_kindness.models import Registration

    _get_all(client, world)  # the pages cached before the sign-up
    with django_capture_on_commit_callbacks(execute=True):
        _sign_up_through_the_form(client, world)
    registration = Registration.objects.get(email=VISITOR[1])
    world = {**world, "registrations": [*world["registrations"], registration]}
    assert [m.to for m in mailoutbox] == [[VISITOR[1]]]  # the confirmation request only
    assert SECRET_LINK not in mailoutbox[0].body
    assert OTHER_LINK not in mailoutbox[0].body
    other = client.__class__()  # another visitor, no cookies
    for url, text in _get_all(other, world).items():
        _assert_private(text, world, f"{url} after a sign-up")
    for url in ("/conversations/join/", "/conversations/join/sent/"):
        _assert_private(other.get(url).content.decode(), world, f"{url} for another visitor")
    sent = client.get("/conversations/join/sent/").content.decode()
    _assert_private(sent, world, "the sent page of the visitor who signed up")
    for text in _cached_texts():  # the rate limits' keys too
        _assert_private(text, world, "the cache after a sign-up")


def _publish_new_links(world) -> None:
    series = ConversationSeriesPage.objects.get(pk=world["series"].pk)
    series.meeting_url = NEW_LINK
    series.save_revision().publish()
    coming = ConversationPage.objects.get(pk=world["coming"].pk)
    coming.meeting_url = NEW_LINK
    coming.save_revision().publish()
    past = ConversationPage.objects.get(pk=world["past"].pk)
    past.meeting_url = DRAFT_LINK
    past.standfirst = "A draft that is never published."
    past.save_revision()  # a draft revision only


@override_settings(WAGTAILKINDNESS_ARCHIVE_PER_PAGE=1)
def test_after_an_editor_publishes_a_new_link_no_output_shows_it(client, world):
    before = _get_all(client, world)  # warm the caches
    _publish_new_links(world)
    assert ConversationSeriesPage.objects.get(pk=world["series"].pk).meeting_url == NEW_LINK
    past = ConversationPage.objects.get(pk=world["past"].pk)
    assert past.get_latest_revision().content["meeting_url"] == DRAFT_LINK
    assert past.meeting_url == ""  # the live page is unchanged
    after = _get_all(client, world)
    assert after.keys() == before.keys()
    for url, text in after.items():
        _assert_private(text, world, f"{url} after the new link")
    for where, text in _api_texts(client, world).items():
        _assert_private(text, world, f"{where} after the new link")
    for text in _cached_texts():
        _assert_private(text, world, "the cache after the new link")
    _assert_private(dumps(world["series"].to_core(strict=True)), world, "the core document")


def test_a_draft_revisions_private_link_is_not_in_the_api(client, world):
    coming = ConversationPage.objects.get(pk=world["coming"].pk)
    coming.meeting_url = DRAFT_LINK
    coming.standfirst = "Drafted words"
    coming.save_revision()
    for query in ({}, {"fields": "*"}):
        detail = client.get(f"/api/v2/pages/{coming.pk}/", query)
        assert detail.status_code == 200
        assert "Drafted words" not in detail.content.decode()
        _assert_private(detail.content.decode(), world, f"the API detail {query}")
    listing = client.get("/api/v2/pages/", {"fields": "*", "search": "Drafted"})
    assert listing.json()["items"] == []

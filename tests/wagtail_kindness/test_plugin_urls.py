"""Web addresses: the admin accepts only what every output can carry, and a stored
address the outputs refuse is left out (and logged), never a 500.

The class: every character, at every place of an address (host, path,
query, fragment), in the series' joining link and in a resource's link.
One rule decides (``kindness_core.models.is_web_url``); the admin's
validator may be stricter (Django also checks the host) but never looser.
Then addresses that no validator saw (written by the shell, an import or
an older version) are stored directly, and every output is read.
"""

from __future__ import annotations

import json
import logging

import feedparser
import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from kindness_factories import (
    add_conversation,
    conversation_form_data,
    series_form_data,
    third_thursday,
)
from wagtail.models import Page, Revision

from kindness_core.errors import KindnessInputError
from kindness_core.series import Resource, ResourceKind, Series, is_web_url
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage
from wagtail_kindness.validators import validate_web_url

#: Every ASCII character, and characters of each kind Unicode has that an
#: address might meet: accented and other-script letters, an emoji, spaces,
#: line separators, invisible format characters, private use, unassigned.
CHARACTERS = [chr(c) for c in range(0x80)] + [
    "é",
    "中",
    "🙂",
    "\u00a0",
    "\u2028",
    "\u200b",
    "\u200e",
    "\u202e",
    "\ufeff",
    "\ue000",
    "\U0010fffd",
    "\u0378",  # unassigned
    "\x85",
    "\x9f",
]
PLACES = [
    "https://exa{}mple.org/",
    "https://example.org/jo{}in",
    "https://example.org/join?fmt=a{}b",
    "https://example.org/join#a{}b",
]


def _admin_accepts(url: str) -> bool:
    try:
        validate_web_url(url)
    except ValidationError:
        return False
    return True


def _core_accepts(url: str) -> bool:
    try:
        Resource(kind=ResourceKind.LINK, title="x", url=url)
    except KindnessInputError:
        return False
    return True


@pytest.mark.parametrize("place", PLACES)
def test_the_admin_never_accepts_an_address_the_core_refuses(place):
    accepted = refused = 0
    for char in CHARACTERS:
        url = place.format(char)
        assert _core_accepts(url) == is_web_url(url)
        if _admin_accepts(url):
            accepted += 1
            assert is_web_url(url), f"the admin accepts {url!r}, which the outputs refuse"
        else:
            refused += 1
    assert accepted  # the rule is exercised both ways at each place
    assert refused


@pytest.mark.parametrize("char", [*'|{}^"<>\\`', " ", "\t", "\u202e", "\ufeff"])
def test_the_characters_reported_are_refused_everywhere(char):
    for place in PLACES[1:]:
        url = place.format(char)
        assert not is_web_url(url)
        assert not _admin_accepts(url)
        with pytest.raises(KindnessInputError, match="percent-encode"):
            Series(key="s", name="S", schedule=None, join_url=url)  # type: ignore[arg-type]


@pytest.mark.parametrize("encoded", ["%7C", "%7B%7D", "%5E", "%22", "%3C%3E", "%5C", "%60", "%20"])
def test_percent_encoded_they_are_accepted(encoded):
    url = f"https://example.org/join?fmt=a{encoded}b"
    assert is_web_url(url)
    assert _admin_accepts(url)


# -- through the admin's own forms ------------------------------------------------


def _counts():
    return Page.objects.count(), Revision.objects.count()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    ["https://example.org/join|now", "https://example.org/{room}", "https://example.org/a b"],
)
def test_the_series_form_refuses_them(admin_client, home, url):
    before = _counts()
    add = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationseriespage", home.pk]
    )
    response = admin_client.post(add, series_form_data(join_url=url, **{"action-publish": "1"}))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "join_url" in errors
    assert any("percent-encode" in message for message in errors["join_url"])
    assert _counts() == before


@pytest.mark.django_db
@pytest.mark.parametrize("block", ["link", "recording", "presentation"])
def test_the_conversation_form_refuses_them_in_resources(admin_client, series, block):
    before = _counts()
    add = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )
    value = {"title": "Slides", "url": "https://example.org/slides?fmt=a|b", "pending": False}
    if block == "presentation":
        value["document"] = ""
    data = conversation_form_data(
        third_thursday(2024, 2), resources=[(block, value)], **{"action-publish": "1"}
    )
    response = admin_client.post(add, data)
    assert response.status_code == 200
    assert "resources" in response.context["form"].errors
    assert _counts() == before


# -- stored bad values never take down an output -------------------------------------

BAD = [
    "https://example.org/join|now",
    "https://example.org/slides?fmt=a|b",
    'https://example.org/"quoted"',
    "https://example.org/\u202etxt.exe",
    "javascript:alert(1)",
    "https://?no-host",
    "https://example.org:99999/",
]


@pytest.fixture
def stored(series):
    """A series and two conversations, their links then replaced below the validators."""
    past = add_conversation(
        series,
        third_thursday(2024, 2),
        title="Past",
        resources=[
            ("link", {"title": "Slides", "url": "https://example.org/ok", "pending": False})
        ],
    )
    coming = add_conversation(series, third_thursday(2099, 3), title="Coming", status="scheduled")
    return series, past, coming


def _store(series, past, bad: str) -> None:
    ConversationSeriesPage.objects.filter(pk=series.pk).update(join_url=bad)
    raw = [
        {"type": "link", "value": {"title": "Slides", "url": bad, "pending": False}},
        {"type": "link", "value": {"title": "Notes", "url": "https://example.org/notes"}},
    ]
    ConversationPage.objects.filter(pk=past.pk).update(resources=json.dumps(raw))
    from wagtail_kindness.models import OutputsVersion

    OutputsVersion.bump()  # as any later signalled change would


OUTPUTS = [
    "/conversations/",
    "/conversations/calendar.ics",
    "/conversations/calendar/",
    "/conversations/feed/",
    "/conversations/feed/atom/",
    "/api/v2/pages/?type=wagtail_kindness.ConversationPage&fields=*",
    "/api/v2/pages/?type=wagtail_kindness.ConversationSeriesPage&fields=*",
]


@pytest.mark.django_db
@pytest.mark.parametrize("bad", BAD)
def test_a_stored_bad_link_is_left_out_and_the_rest_served(client, stored, bad, caplog):
    series, past, coming = stored
    _store(series, past, bad)
    pages = [past.url, coming.url, f"{past.url}calendar.ics", f"{coming.url}calendar.ics"]
    with caplog.at_level(logging.WARNING, logger="wagtail_kindness.validators"):
        for path in [*OUTPUTS, *pages, f"/api/v2/pages/{past.pk}/", f"/api/v2/pages/{series.pk}/"]:
            response = client.get(path)
            assert response.status_code == 200, path

    ics = client.get("/conversations/calendar.ics").content.decode()
    assert bad not in ics
    assert "https://example.org/notes" in ics
    icalendar.Calendar.from_ical(ics)
    for path in ("/conversations/feed/", "/conversations/feed/atom/"):
        assert not feedparser.parse(client.get(path).content).bozo
    for path in ("/conversations/", coming.url, past.url):
        html = client.get(path).content.decode()
        assert (
            '"@context": "https://schema.org"' in html or '"@context":"https://schema.org"' in html
        )
    assert any(repr(bad) in record.getMessage() for record in caplog.records)

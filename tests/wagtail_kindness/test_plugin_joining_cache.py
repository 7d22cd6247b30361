"""Sign-up works when the public pages come from a shared cache.

The series page (its archive list from the plugin's cache) and a coming
conversation's page carry only a plain link to the series' ``join/`` route:
no CSRF token, no cookie, nothing of any visitor.  A visitor who got such a
page from a cache follows the link, gets the form (uncached, with its own
token) and signs up; one visitor's name and address never reach another.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from joining_factories import make_signup_series
from kindness_factories import add_conversation

from wagtail_kindness.joining.meetings import offered_meetings
from wagtail_kindness.models import ConversationPage, Registration

pytestmark = pytest.mark.django_db

ADA = ("Ada Lovelace-Visitor", "ada.visitor@example.com")
BOB = ("Bob Second-Visitor", "bob.second@example.net")


@pytest.fixture
def signup(home):
    series = make_signup_series(home)
    add_conversation(series, dt.date(2024, 1, 18), title="Kindness at work")
    return series


@pytest.fixture
def coming(signup):
    first = offered_meetings(signup, now=timezone.now())[0]
    return add_conversation(signup, first.date, status="scheduled", title="Kindness ahead")


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "the form has its own CSRF token"
    return found.group(1)


def join_link(html: str) -> str:
    found = re.search(
        r'<a class="kindness-button" href="([^"]+)">Join (?:the next|this) conversation', html
    )
    assert found, "the page links to the sign-up form"
    return found.group(1).replace("&amp;", "&")


def assert_public(response) -> str:
    """The page holds nothing per visitor: it may be cached and served to anyone."""
    html = response.content.decode()
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies, response.cookies
    assert "Set-Cookie" not in response.headers
    assert "no-store" not in response.headers.get("Cache-Control", "")
    for secret in (*ADA, *BOB):
        assert secret not in html
    return html


def sign_up(client, form_url: str, who: tuple[str, str], **fields):
    page = client.get(form_url)
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    for secret in (*ADA, *BOB):
        assert secret not in page.content.decode()
    when = re.search(r'name="when" value="([^"]+)"', page.content.decode()).group(1)
    data = {
        "csrfmiddlewaretoken": csrf_token(page.content.decode()),
        "name": who[0],
        "email": who[1],
        "when": when,
        "time_zone": "Asia/Kolkata",
        "consent": "on",
        **fields,
    }
    return client.post(form_url.split("?")[0], data)


def test_the_series_page_comes_from_the_plugins_cache_and_links_to_the_form(signup):
    first = Client()
    html = assert_public(first.get(signup.url))
    assert "Kindness at work" in html
    # Renamed behind the plugin's back (no signal): the list is read from its cache.
    ConversationPage.objects.filter(conversation_title="Kindness at work").update(
        conversation_title="Renamed quietly"
    )
    with CaptureQueriesContext(connection) as warm:
        again = Client().get(signup.url)
    assert assert_public(again) == html  # from the cache: byte for byte
    assert not any("conversationperson" in q["sql"] for q in warm.captured_queries)

    # Visitor B got the cached page: they follow its link and sign up.
    visitor = Client(enforce_csrf_checks=True)
    form_url = join_link(html)
    assert form_url == signup.url + "join/"
    response = sign_up(visitor, form_url, BOB)
    assert response.status_code == 303
    assert Registration.objects.get().email == BOB[1]


def test_a_coming_conversations_page_links_to_its_date(signup, coming):
    html = assert_public(Client().get(coming.url))
    assert html == assert_public(Client().get(coming.url))  # the same for everyone
    link = join_link(html)
    assert link == f"{signup.url}join/?date={coming.date.isoformat()}"
    visitor = Client(enforce_csrf_checks=True)
    form = visitor.get(link).content.decode()
    assert re.search(rf'value="{coming.date.isoformat()}"[^>]* checked', form)
    assert sign_up(visitor, link, BOB).status_code == 303
    assert Registration.objects.get().date == coming.date


def test_a_past_or_cancelled_conversation_has_no_sign_up_link(signup, coming):
    past = ConversationPage.objects.get(conversation_title="Kindness at work")
    assert "join/" not in assert_public(Client().get(past.url))
    coming.status = "cancelled"
    coming.save_revision().publish()
    assert "join/" not in assert_public(Client().get(coming.url))


def test_one_visitors_answers_never_reach_another(signup, coming):
    ada = Client(enforce_csrf_checks=True)
    form_url = signup.url + "join/"
    # Ada's failed attempt: her answers come back to her, in her uncached page only
    failed = sign_up(ada, form_url, (ADA[0], ADA[1]), consent="")
    assert failed.status_code == 200
    assert "no-store" in failed["Cache-Control"]
    assert ADA[1] in failed.content.decode()
    assert sign_up(ada, form_url, ADA).status_code == 303

    bob = Client(enforce_csrf_checks=True)
    seen = []
    for url in (
        signup.url,
        coming.url,
        form_url,
        form_url + f"?date={coming.date}",
        form_url + "sent/",
    ):
        response = bob.get(url)
        assert response.status_code == 200, url
        seen.append(response.content.decode())
    assert sign_up(bob, form_url, BOB).status_code == 303
    seen.append(bob.get(form_url + "sent/").content.decode())
    for html in seen:
        for secret in ADA:
            assert secret not in html
    # the public pages after both sign-ups: still nobody's
    assert_public(Client().get(signup.url))
    assert_public(Client().get(coming.url))
    assert sorted(Registration.objects.values_list("email", flat=True)) == sorted([ADA[1], BOB[1]])

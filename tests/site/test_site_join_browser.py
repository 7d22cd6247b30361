"""Joining a conversation on the example site, end to end: Chromium on a phone and real SMTP.

The demo series takes sign-ups (``load_demo``); here an organiser has set its
private joining link.  The site is served with its ``test`` settings and
``EMAIL_HOST``/``EMAIL_PORT`` pointing at a real SMTP server on 127.0.0.1
(``tests/smtp.py``, aiosmtpd), on a port that is also the Wagtail site's, so
the links of the emails lead back to this server.  A visitor, in São Paulo, on a
phone-sized screen, signs up through the form (first with mistakes), gets the
confirmation email over SMTP, confirms in the browser, gets the joining email
and its ``.ics`` (parsed with icalendar: the right instant, the private link),
then cancels with the email's link, and unsubscribes as a mail program does
(RFC 8058: a POST to the ``List-Unsubscribe`` address, without cookies).
"""

from __future__ import annotations

import datetime as dt
import re
import urllib.request
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar
import pytest

from example_site.demo_server import free_port, serve
from tests.smtp import smtp_server

from .conftest import axe_violations

pytestmark = pytest.mark.browser

PRIVATE_LINK = "https://meet.example.org/j/browser-room-4242"
LONDON = ZoneInfo("Europe/London")
VISITOR = ("Amara Okafor-Ishikawa", "amara.okafor@example.org")
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def smtp():
    with smtp_server() as server:
        yield server


@pytest.fixture
def join_site(site_db, run_in_site, smtp, monkeypatch):
    """The demo, its series with a private link, served with mail to ``smtp``."""
    port = free_port()
    out = run_in_site(
        "from wagtail.models import Site;"
        "from wagtail_kindness.models import ConversationSeriesPage;"
        f"Site.objects.filter(is_default_site=True).update(hostname='127.0.0.1', port={port});"
        "series = ConversationSeriesPage.objects.get();"
        f"series.meeting_url = {PRIVATE_LINK!r};"
        "series.save_revision().publish();"
        "print('mode', series.join_mode)"
    )
    assert "mode signup" in out  # load_demo turned sign-up on
    monkeypatch.setenv("EMAIL_HOST", "127.0.0.1")
    monkeypatch.setenv("EMAIL_PORT", str(smtp.port))
    with serve(site_db, port=port) as url:
        yield url


def _phone(browser, zone: str):
    return browser.new_context(
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="en-GB",
        timezone_id=zone,
        bypass_csp=True,  # axe is injected as a script tag
    )


@pytest.fixture
def phone(browser):
    """A phone in São Paulo (three hours behind UTC, no summer time since 2019)."""
    context = _phone(browser, "America/Sao_Paulo")
    yield context
    context.close()


def _text_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def _link(message, route: str) -> str:
    found = re.search(rf"https?://\S+/join/{route}/\?t=[\w\-.:%]+", _text_of(message))
    assert found, f"no {route} link in:\n{_text_of(message)}"
    return found.group(0)


def _calendar(message) -> icalendar.Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert parts, "the joining email has no .ics"
    return icalendar.Calendar.from_ical(parts[0].get_payload(decode=True))


def test_a_visitor_on_a_phone_signs_up_confirms_and_cancels(
    join_site, phone, smtp, axe_path, run_in_site
):
    page = phone.new_page()
    page.goto(join_site + "/conversations/")
    assert PRIVATE_LINK not in page.content()
    page.get_by_role("link", name="Join the next conversation").click()
    page.wait_for_url(join_site + "/conversations/join/")
    # The browser's zone is chosen for the visitor (js/join-zone.js).
    assert page.locator("#id_time_zone").input_value() == "America/Sao_Paulo"
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Once with mistakes: an address that is not one, no consent.
    page.fill("#id_name", VISITOR[0])
    page.fill("#id_email", "amara.okafor(at)example")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_load_state()
    assert page.url == join_site + "/conversations/join/"
    summary = page.locator(".kindness-error-summary")
    assert summary.is_visible()
    email_error = summary.locator('a[href="#id_email"]')
    assert email_error.count() == 1
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in (email.get_attribute("aria-describedby") or "")
    assert summary.locator('a[href="#id_consent"]').count() == 1
    assert axe_violations(page, axe_path) == []
    email_error.click()  # the summary's link takes the visitor to the field
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert smtp.messages == []

    # Then right.
    page.fill("#id_email", VISITOR[1])
    first = page.locator('input[name="when"]').first
    chosen = dt.date.fromisoformat(first.get_attribute("value"))
    first.check()
    page.check("#id_consent")
    page.get_by_role("button", name="Sign up").click()
    page.wait_for_url(join_site + "/conversations/join/sent/")
    assert VISITOR[1] not in page.content()  # the answer never repeats the address

    # The confirmation email, over SMTP.
    (confirmation,) = smtp.wait_for(1)
    assert smtp.envelopes[0][1] == [VISITOR[1]]
    assert PRIVATE_LINK not in confirmation.as_string()
    confirm_link = _link(confirmation, "confirm")
    assert confirm_link.startswith(join_site + "/conversations/join/confirm/")
    page.goto(confirm_link)
    assert len(smtp.wait_for(1)) == 1  # opening the link changes nothing
    page.get_by_role("button", name="Confirm").click()
    assert page.get_by_role("heading", name="You have a place").is_visible()

    # The joining email: the private link, and the .ics at the right instant.
    joining = smtp.wait_for(2)[1]
    assert smtp.envelopes[1][1] == [VISITOR[1]]
    body = _text_of(joining)
    assert PRIVATE_LINK in body
    calendar = _calendar(joining)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    expected = dt.datetime.combine(chosen, dt.time(18, 0), LONDON)  # 6pm UK time
    assert start == expected
    assert start.utcoffset() is not None
    # The link in the event (unfolded: iCalendar folds long lines), e.g. its LOCATION.
    values = {name: str(value) for name, value in event.property_items()}
    assert any(PRIVATE_LINK in value for value in values.values()), values

    # Cancel with the email's link.
    page.goto(_link(joining, "cancel"))
    assert page.get_by_role("heading", name="Your places").is_visible()
    page.locator(".kindness-places button").first.click()
    assert "is cancelled" in page.locator(".kindness-notice").inner_text()
    out = run_in_site(
        "from wagtail_kindness.models import Place;"
        f"print('places', list(Place.objects.filter(registration__email={VISITOR[1]!r})"
        ".values_list('date', 'state')))"
    )
    assert (
        f"places [(datetime.date({chosen.year}, {chosen.month}, {chosen.day}), 'cancelled')]" in out
    )

    # "Unsubscribe" in the mail program: RFC 8058's one-click POST, without cookies.
    assert joining["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    one_click = joining["List-Unsubscribe"].strip().strip("<>")
    assert one_click.startswith(join_site + "/kindness/unsubscribe/?t=")
    request = urllib.request.Request(one_click, data=b"List-Unsubscribe=One-Click", method="POST")
    request.add_header("Content-Type", "application/x-www-form-urlencoded")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
    out = run_in_site(
        "from wagtail_kindness.models import Registration;"
        f"print('state', Registration.objects.get(email={VISITOR[1]!r}).state)"
    )
    assert "state cancelled" in out


def test_the_demo_pages_link_to_the_form_and_hide_the_private_link(join_site, phone):
    """Every public page of the served demo: the sign-up link, never the private one."""
    page = phone.new_page()
    paths = (
        "/conversations/",
        "/conversations/calendar.ics",
        "/conversations/feed/",
        "/conversations/join/",
        "/search/?q=browser-room-4242",  # the site's search: nothing found by the link
        "/search/?q=meet.example.org",
    )
    for path in paths:
        response = page.request.get(join_site + path)
        assert response.status == 200, path
        assert PRIVATE_LINK not in response.text(), path
    page.goto(join_site + "/search/?q=browser-room-4242")
    assert page.locator("main a[href^='/conversations/']").count() == 0
    page.goto(join_site + "/search/?q=kindness")  # the search works: it finds pages
    assert page.locator("main a[href^='/conversations/']").count() > 0
    page.goto(join_site + "/conversations/")
    link = page.get_by_role("link", name="Join the next conversation")
    assert urlsplit(link.get_attribute("href")).path == "/conversations/join/"


@pytest.mark.parametrize(
    ("zone", "offered"),
    [
        # Chromium's Intl names these zones by their old IANA names (Asia/Calcutta,
        # Europe/Kiev); the form offers the current ones.
        ("Asia/Kolkata", "Asia/Kolkata"),
        ("Europe/Kyiv", "Europe/Kyiv"),
        ("Australia/Sydney", "Australia/Sydney"),
    ],
)
def test_the_form_chooses_the_phones_zone_whatever_its_name(join_site, browser, zone, offered):
    context = _phone(browser, zone)
    try:
        page = context.new_page()
        page.goto(join_site + "/conversations/join/")
        assert page.locator("#id_time_zone").input_value() == offered
    finally:
        context.close()

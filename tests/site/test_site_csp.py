"""The example site's Content-Security-Policy, as Chromium enforces it.

Every page is loaded with a listener for ``securitypolicyviolation`` events
(added before any of the page's own scripts) and with the console's errors
recorded; both must stay empty while the visitor's local time is shown, the
JSON-LD is in the page and the click-to-load video player is inserted.  No
request leaves 127.0.0.1: the video players' hosts are answered by the test
itself, anything else is refused and recorded.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

PLAYER_HOSTS = {"www.youtube-nocookie.com", "player.vimeo.com"}
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({
    directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample
  });
});
"""


class Watched:
    """A page whose CSP violations, console errors and outside requests are kept."""

    def __init__(self, context):
        self.page = context.new_page()
        self.console_errors: list[str] = []
        self.outside: list[str] = []
        self.page.add_init_script(WATCH_VIOLATIONS)
        self.page.on(
            "console",
            lambda message: (
                self.console_errors.append(message.text) if message.type == "error" else None
            ),
        )
        self.page.on("pageerror", lambda error: self.console_errors.append(str(error)))
        self.page.route(re.compile(r"^https?://(?!127\.0\.0\.1[:/])"), self._outside)

    def _outside(self, route):
        url = route.request.url
        self.outside.append(url)
        if urlsplit(url).hostname in PLAYER_HOSTS:
            route.fulfill(status=200, content_type="text/html", body="<p>player</p>")
        else:
            route.abort()

    def goto(self, url: str):
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        return response

    def violations(self) -> list[dict]:
        return self.page.evaluate("window.__cspViolations")


@pytest.fixture
def visitor(browser):
    """A visitor in New York: the series' times are UK times, so local times are shown."""
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    yield context
    context.close()


@pytest.fixture
def recorded_page(run_in_site) -> str:
    """January 2024's conversation with a YouTube and a Vimeo recording; its path."""
    run_in_site(
        "from wagtail_kindness.models import ConversationPage;"
        "page = ConversationPage.objects.get(date__year=2024, date__month=1);"
        "raw = [{'type': c['type'], 'value': c['value']} for c in page.resources.raw_data"
        " if c['type'] != 'recording'];"
        "raw.append({'type': 'recording', 'value': {'title': 'Recording on YouTube',"
        " 'pending': False, 'url': 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'}});"
        "raw.append({'type': 'recording', 'value': {'title': 'Recording on Vimeo',"
        " 'pending': False, 'url': 'https://vimeo.com/76979871'}});"
        "import json; page.resources = json.dumps(raw);"
        "page.save_revision().publish()"
    )
    return "/conversations/2024-01-kindness-in-education/"


def test_the_archive_runs_under_the_policy(site_url, visitor):
    watched = Watched(visitor)
    response = watched.goto(site_url + "/conversations/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy

    # local-times.js ran: each UK time has the visitor's New York time after it.
    local = watched.page.locator(".kindness-local-time")
    local.first.wait_for()
    assert local.count() == watched.page.locator("time[data-kindness-local]").count() > 0
    assert re.search(r"your time: .* (EST|EDT)\)", local.first.inner_text())
    # The site's stylesheet applied (a blocked one would leave the default margin).
    assert watched.page.evaluate("getComputedStyle(document.body).margin") != "8px"

    assert watched.violations() == []
    assert watched.console_errors == []
    assert watched.outside == []


def test_a_conversation_page_and_its_video_players_run_under_the_policy(
    site_url, visitor, recorded_page
):
    watched = Watched(visitor)
    page = watched.page
    watched.goto(site_url + recorded_page)

    # The JSON-LD is in the page, and is data: the policy neither runs nor reports it.
    jsonld = page.locator('script[type="application/ld+json"]')
    assert jsonld.count() == 1
    assert json.loads(jsonld.text_content())["@type"] == "Event"
    page.locator(".kindness-local-time").first.wait_for()
    assert page.locator("iframe").count() == 0
    assert watched.outside == []
    assert watched.violations() == []

    for title, host in [
        ("Recording on YouTube", "www.youtube-nocookie.com"),
        ("Recording on Vimeo", "player.vimeo.com"),
    ]:
        # One player a visit: a click right after another player took the focus is
        # lost in headless Chromium (the frame is out of process), not in the page.
        watched.goto(site_url + recorded_page)
        button = page.get_by_role("button", name=re.compile(f"Play “{title}”"))
        # The frame is requested (the policy lets it through), and answered by the test.
        with page.expect_request(lambda request, host=host: urlsplit(request.url).hostname == host):
            button.click()
        iframe = page.locator(f'iframe.kindness-recording__player[title="{title}"]')
        iframe.wait_for(state="attached")
        assert urlsplit(iframe.get_attribute("src")).hostname == host
        assert page.locator("iframe").count() == 1
        page.wait_for_load_state("networkidle")
        assert watched.violations() == []

    assert {urlsplit(url).hostname for url in watched.outside} == PLAYER_HOSTS
    assert watched.violations() == []
    assert watched.console_errors == []


def test_the_watch_would_see_a_frame_from_another_host(site_url, visitor, recorded_page):
    # The listener is not blind: a player from a host outside the policy is refused.
    watched = Watched(visitor)
    watched.goto(site_url + recorded_page)
    watched.page.evaluate(
        """() => {
          const frame = document.createElement("iframe");
          frame.src = "https://video.example.invalid/embed/1";
          document.body.append(frame);
        }"""
    )
    watched.page.wait_for_function("window.__cspViolations.length > 0")
    [violation] = watched.violations()
    assert violation["directive"] == "frame-src"
    assert violation["blocked"].startswith("https://video.example.invalid")
    assert watched.outside == []


def test_the_admin_is_outside_the_policy(site_url, visitor):
    watched = Watched(visitor)
    response = watched.goto(site_url + "/admin/login/")
    assert response.status == 200
    assert "content-security-policy" not in response.headers
    assert watched.page.locator("#id_username").is_visible()

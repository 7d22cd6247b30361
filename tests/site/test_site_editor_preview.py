"""An editor in the example site, under the policy the production settings send.

The ``test`` settings enforce the same Content-Security-Policy as
``production`` (``SECURE_CSP``, not report-only), so what passes here passes
there:

* the admin's preview panel shows the page (a preview may be framed by the
  admin, ``frame-ancestors 'self'``; a public page still may not be framed);
* Wagtail's user bar is on the public pages for a signed-in editor, links to
  the page's edit view and breaks no rule of the policy; a visitor never gets
  it;
* the conversation form says "not on the schedule" while the date is typed.

The first test runs without a browser, on every supported Django (on 5.2 the
policy is the site's own middleware, on 6.0 and later Django's): a Wagtail
preview, made as the admin makes it, may be framed by the admin.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from wagtail.models import Site

from example_site.settings import csp

GATHERING = "/conversations/2022-10-gathering-of-kindness/"
WATCH_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push({directive: event.violatedDirective, blocked: event.blockedURI});
});
"""


def policy_of(header: str) -> dict[str, list[str]]:
    directives = [part.split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.fixture
def site_policy(settings):
    """The plugin's test settings with the example site's policy, as production sends it."""
    settings.MIDDLEWARE = ["example_site.settings.csp.PublicCSPMiddleware", *settings.MIDDLEWARE]
    settings.SECURE_CSP = csp.POLICY
    settings.SECURE_CSP_REPORT_ONLY = {}
    settings.X_FRAME_OPTIONS = "DENY"


@pytest.mark.django_db
def test_a_preview_may_be_framed_by_the_admin_and_the_page_may_not(site_policy):
    from wagtail_kindness.models import ConversationSeriesPage

    home = Site.objects.get(is_default_site=True).root_page
    series = ConversationSeriesPage(title="Conversations for Kindness", slug="conversations")
    home.add_child(instance=series)
    series.save_revision().publish()

    # What the admin's preview views do: the page through the whole middleware stack.
    preview = series.make_preview_request(None, series.default_preview_mode)
    assert preview.status_code == 200
    framed = policy_of(preview.headers["Content-Security-Policy"])
    assert framed["frame-ancestors"] == ["'self'"]
    assert framed == {**csp.POLICY, "frame-ancestors": ["'self'"]}  # nothing else loosened

    public = Client().get(series.url)
    assert public.status_code == 200
    assert policy_of(public.headers["Content-Security-Policy"]) == csp.POLICY
    assert public.headers["X-Frame-Options"] == "DENY"


def test_only_wagtails_own_preview_request_is_a_preview(rf):
    request = rf.get("/conversations/")
    assert not csp.is_preview(request)
    request.is_preview = True  # e.g. set by a page's own code: not a dummy request
    assert not csp.is_preview(request)
    request.is_dummy = True
    assert csp.is_preview(request)
    assert csp.framed_policy(None) is None
    assert csp.framed_policy({}) == {}


@pytest.fixture
def gathering_id(run_in_site) -> int:
    out = run_in_site(
        "from wagtail_kindness.models import ConversationPage;"
        "print('page', ConversationPage.objects.get(slug='2022-10-gathering-of-kindness').pk)"
    )
    return int(out.split("page", 1)[1].split()[0])


@pytest.mark.browser
def test_the_preview_panel_shows_the_page_under_the_policy(admin_page, site_url, gathering_id):
    page = admin_page
    page.goto(f"{site_url}/admin/pages/{gathering_id}/edit/")
    with page.expect_response(
        lambda r: "/edit/preview/" in r.url and r.request.method == "GET"
    ) as shown:
        page.locator('[data-side-panel-toggle="preview"]').click()
    response = shown.value
    assert response.status == 200
    assert "content-security-policy-report-only" not in response.headers
    policy = policy_of(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'self'"]  # the admin may frame its preview
    assert policy["script-src"] == ["'self'"]  # and nothing else is loosened
    assert response.headers["x-frame-options"] == "SAMEORIGIN"

    frame = page.frame_locator("#w-preview-iframe")
    heading = frame.locator("h1")
    heading.wait_for()
    assert heading.inner_text() == "Gathering of Kindness"
    assert "Sue Robins" in frame.locator("main").inner_text()

    # The public page itself still may not be framed.
    public = page.request.get(site_url + GATHERING)
    assert policy_of(public.headers["content-security-policy"])["frame-ancestors"] == ["'none'"]
    assert public.headers["x-frame-options"] == "DENY"


@pytest.mark.browser
def test_the_editor_has_the_user_bar_on_a_public_page(admin_page, site_url, gathering_id):
    page = admin_page
    page.add_init_script(WATCH_VIOLATIONS)
    response = page.goto(site_url + GATHERING)
    policy = policy_of(response.headers["content-security-policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert "cookie" in response.headers.get("vary", "").lower()  # caches keep them apart

    trigger = page.locator("wagtail-userbar [data-wagtail-userbar-trigger]")
    trigger.click()
    edit = page.locator("wagtail-userbar").get_by_role("menuitem", name=re.compile("Edit"))
    assert edit.get_attribute("href").endswith(f"/admin/pages/{gathering_id}/edit/")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__cspViolations") == []
    # The site's own scripts still ran (the local times).
    assert page.locator("time[data-kindness-local]").count() > 0

    edit.click()
    page.wait_for_url(re.compile(rf"/admin/pages/{gathering_id}/edit/$"))


@pytest.mark.browser
def test_a_visitor_never_gets_the_user_bar(admin_page, site_url, browser):
    paths = ("/", "/conversations/", GATHERING, "/search/?q=kindness")
    # The editor first: the archive's list is cached as they see it (their bar is
    # outside that fragment), and every response says it varies with the cookie.
    for path in paths:
        response = admin_page.goto(site_url + path)
        assert "wagtail-userbar" in response.text(), path
        assert "cookie" in response.headers.get("vary", "").lower()
    context = browser.new_context(locale="en-GB")
    try:
        page = context.new_page()
        for path in paths:
            response = page.goto(site_url + path)
            assert response.status == 200
            assert "wagtail-userbar" not in response.text(), path
            assert "cookie" in response.headers.get("vary", "").lower()
            assert page.locator("wagtail-userbar").count() == 0
    finally:
        context.close()


@pytest.mark.browser
def test_the_date_field_says_not_on_the_schedule_while_typing(admin_page, site_url, gathering_id):
    page = admin_page
    page.goto(f"{site_url}/admin/pages/{gathering_id}/edit/")
    warning = page.locator("#id_date-kindness-check")
    assert warning.inner_text().strip() == ""  # 20 October 2022 is the third Thursday

    page.fill("#id_date", "2022-10-21")
    page.keyboard.press("Escape")
    page.locator("#id_date-kindness-check", has_text="not on the schedule").wait_for()
    text = warning.inner_text()
    assert "Friday 21 October 2022 is not on the schedule" in text
    assert "Thursday 20 October" in text

    page.fill("#id_date", "2022-10-20")
    page.keyboard.press("Escape")
    page.wait_for_function("!document.getElementById('id_date-kindness-check').textContent.trim()")


@pytest.mark.browser
def test_a_recording_that_is_a_channel_says_so_on_its_block(admin_page, site_url, run_in_site):
    out = run_in_site(
        "from wagtail_kindness.models import ConversationPage;"
        "page = ConversationPage.objects.get(slug='2022-10-gathering-of-kindness');"
        "raw = [{'type': c['type'], 'value': c['value']} for c in page.resources.raw_data"
        " if c['type'] != 'recording'];"
        "raw.append({'type': 'recording', 'value': {'title': 'Our videos',"
        " 'url': 'https://vimeo.com/channels/staffpicks'}});"
        "import json; page.resources = json.dumps(raw);"
        "page.save_revision().publish(); print('page', page.pk)"
    )
    page_id = int(out.split("page", 1)[1].split()[0])
    page = admin_page
    page.goto(f"{site_url}/admin/pages/{page_id}/edit/")
    url_input = page.locator('input[name^="resources-"][name$="-value-url"]').last
    assert url_input.input_value() == "https://vimeo.com/channels/staffpicks"
    box = page.locator(f"#{url_input.get_attribute('id')}-kindness-check")
    box.get_by_text("This address is a channel, not a video").wait_for()

    url_input.fill("https://vimeo.com/76979871")  # a video: it plays, nothing to say
    page.wait_for_function(
        "id => !document.getElementById(id).textContent.trim()",
        arg=f"{url_input.get_attribute('id')}-kindness-check",
    )

"""The example site in a real browser: Debian's Chromium driven by Playwright.

The site runs as ``manage.py runserver`` on a free 127.0.0.1 port, with the
example site's ``test`` settings and a copy of a database that ``load_demo``
built once per session, so each test starts from the same demo.

Without ``/usr/bin/chromium`` (or ``CHROMIUM``) the tests are skipped, except
on CI (``CI=true``), where they fail: CI must install it (``.ci/run`` does).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from example_site.demo_server import manage, prepare_database, serve

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[1] / "js" / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).is_file():
        message = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " (CI must run the browser tests)")
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    """A demo database built once (migrate + load_demo); tests use copies."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    report = prepare_database(path)
    assert "Conversations: 19 created" in report
    return path


@pytest.fixture
def site_db(demo_database, tmp_path) -> Path:
    """This test's own copy of the demo database."""
    path = tmp_path / "site.sqlite3"
    shutil.copyfile(demo_database, path)
    return path


@pytest.fixture
def site_url(site_db):
    """The demo site, served on a free port for this test."""
    with serve(site_db) as url:
        yield url


@pytest.fixture
def run_in_site(site_db):
    """Run Python code in the site's Django (``manage.py shell -c``); returns its output."""

    def run(code: str) -> str:
        return manage(site_db, "shell", "-c", code)

    return run


@pytest.fixture
def context(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    yield context
    context.close()


@pytest.fixture
def axe_path() -> Path:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run npm install in tests/js (make pytest does)")
    return AXE


EDITOR = ("editor", "kindness-test-password")


@pytest.fixture
def series_id(run_in_site) -> int:
    """The primary key of the demo's series page."""
    out = run_in_site(
        "from wagtail_kindness.models import ConversationSeriesPage;"
        "print('series', ConversationSeriesPage.objects.get().pk)"
    )
    return int(out.split("series", 1)[1].split()[0])


@pytest.fixture
def admin_page(site_url, context, run_in_site):
    """A browser tab logged in to the demo's admin as a superuser ("editor")."""
    run_in_site(
        "from django.contrib.auth import get_user_model;"
        f"get_user_model().objects.create_superuser({EDITOR[0]!r}, 'editor@example.org',"
        f" {EDITOR[1]!r})"
    )
    page = context.new_page()
    page.goto(site_url + "/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(lambda url: url.rstrip("/").endswith("/admin"))
    return page


#: The WCAG levels axe checks (tests/js/node_modules/axe-core).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def axe_violations(page, axe_path: Path) -> list[dict]:
    """axe's WCAG violations on ``page`` as it is: each rule's id, help and first nodes."""
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]

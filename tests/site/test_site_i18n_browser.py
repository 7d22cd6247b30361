"""The example site in English and French (``make run-i18n``), in Chromium.

The site runs under ``manage.py runserver`` with ``example_site.settings.test_i18n``
(Wagtail's i18n, English and French, ``i18n_patterns``) on a copy of a demo
database built once per session with ``load_demo --translate fr``: the home
page, the series and its 19 conversations in French.  An editor translates a
conversation through the admin's "Translate" action (Wagtail's
``simple_translation``), gives it a French title and publishes it; the French
page is then French and the English one unchanged.  axe checks the French
pages with the language switcher.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from example_site.demo_server import (
    I18N_SETTINGS,
    SETTINGS,
    manage,
    prepare_database,
    serve,
)

from .conftest import axe_violations

pytestmark = pytest.mark.browser

SPACES = re.compile(r"[\s\u202f\u00a0]+")
EDITOR = ("editor", "kindness-test-password")
#: A demo conversation: October 2023, the third Thursday (the 19th).
MONTH = "2023-10-"
ENGLISH_TITLE = "36 months of conversations so far"
FRENCH_TITLE = "36 mois de conversations jusqu’ici"


def text(value: str) -> str:
    return SPACES.sub(" ", value).strip()


@pytest.fixture(scope="session")
def i18n_demo_database(tmp_path_factory) -> Path:
    """The demo translated into French, built once (migrate + load_demo --translate fr)."""
    path = tmp_path_factory.mktemp("demo-i18n") / "demo.sqlite3"
    report = prepare_database(path, settings=I18N_SETTINGS, translate=("fr",))
    assert "Conversations: 19 created" in report
    assert "Conversations (fr): 19 translated" in report
    return path


@pytest.fixture
def i18n_db(i18n_demo_database, tmp_path) -> Path:
    path = tmp_path / "site-i18n.sqlite3"
    shutil.copyfile(i18n_demo_database, path)
    return path


@pytest.fixture
def run_i18n(i18n_db):
    def run(code: str) -> str:
        return manage(i18n_db, "shell", "-c", code, settings=I18N_SETTINGS)

    return run


@pytest.fixture
def i18n_url(i18n_db):
    with serve(i18n_db, settings=I18N_SETTINGS) as url:
        yield url


def test_editor_translates_a_conversation_and_publishes_it(i18n_url, context, run_i18n):
    # October 2023 has no French page yet: the French series holds every other month.
    out = run_i18n(
        "from django.contrib.auth import get_user_model;"
        f"get_user_model().objects.create_superuser({EDITOR[0]!r}, 'editor@example.org',"
        f" {EDITOR[1]!r});"
        "from wagtail_kindness.models import ConversationPage;"
        "months = ConversationPage.objects.filter(slug__startswith=" + repr(MONTH) + ");"
        "months.get(locale__language_code='fr').delete();"
        "english = months.get();"
        "print('english', english.pk, english.url)"
    )
    english_pk, english_url = re.search(r"english (\d+) (\S+)", out).groups()
    assert english_url.startswith("/conversations/")

    page = context.new_page()
    page.goto(i18n_url + "/admin/login/")
    page.fill("#id_username", EDITOR[0])
    page.fill("#id_password", EDITOR[1])
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))

    # The English conversation's editor: "Translate" in the header's actions.
    page.goto(f"{i18n_url}/admin/pages/{english_pk}/edit/")
    page.get_by_role("button", name="Actions", exact=True).click()
    page.get_by_role("link", name="Translate", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/translation/submit/page/{english_pk}/$"))
    page.get_by_label("Français").check()
    page.locator("main form [type=submit]").click()

    # Wagtail opens the French copy's editor: a French title, then publish.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/$"))
    french_pk = int(re.search(r"/pages/(\d+)/edit/", page.url).group(1))
    assert french_pk != int(english_pk)
    assert page.input_value("#id_conversation_title") == ENGLISH_TITLE
    page.fill("#id_conversation_title", FRENCH_TITLE)
    page.evaluate("document.querySelector('button[name=\"action-publish\"]').click()")
    page.wait_for_url(re.compile(r"/admin/pages/\d+/$"))
    assert "/edit/" not in page.url, page.locator(".messages").all_inner_texts()

    # A visitor: the French archive lists it, its page is French.
    page.goto(i18n_url + "/fr/conversations/")
    page.get_by_role("link", name=FRENCH_TITLE).click()
    page.wait_for_url(re.compile(r"/fr/conversations/2023-10-"))
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == FRENCH_TITLE
    assert FRENCH_TITLE in page.title()
    # The date in French (CLDR, through Babel): Thursday 19 October 2023.
    when = text(page.locator(".kindness-conversation__when").inner_text())
    assert "jeudi 19 octobre 2023" in when, when
    switcher = page.get_by_role("navigation", name="Langue")
    current = switcher.locator("[aria-current=true]")
    assert current.inner_text() == "Français"
    assert current.get_attribute("lang") == "fr"
    english_link = switcher.get_by_role("link", name="English")
    assert english_link.get_attribute("href") == english_url
    assert english_link.get_attribute("hreflang") == "en-gb"
    alternates = dict(
        page.locator("link[rel=alternate][hreflang]").evaluate_all(
            "links => links.map(l => [l.hreflang, new URL(l.href).pathname])"
        )
    )
    assert alternates["en-gb"] == alternates["x-default"] == english_url
    assert alternates["fr"] == page.url.removeprefix(i18n_url)

    # The English page is unchanged.
    page.goto(i18n_url + english_url)
    assert page.locator("html").get_attribute("lang") == "en-gb"
    assert page.locator("h1").inner_text() == ENGLISH_TITLE
    assert FRENCH_TITLE not in page.locator("main").inner_text()
    when = text(page.locator(".kindness-conversation__when").inner_text())
    assert "Thursday 19 October 2023" in when, when
    out = run_i18n(
        "from wagtail_kindness.models import ConversationPage;"
        f"english = ConversationPage.objects.get(pk={english_pk});"
        "print('titles', sorted(t.title for t in english.get_translations(inclusive=True)))"
    )
    assert f"titles {sorted([ENGLISH_TITLE, FRENCH_TITLE])!r}" in out


def test_the_language_switcher_and_french_pages(i18n_url, context):
    page = context.new_page()
    page.goto(i18n_url + "/")
    assert page.locator("html").get_attribute("lang") == "en-gb"
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Français").click()
    page.wait_for_url(i18n_url + "/fr/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("h1").inner_text() == "Conversations pour la bienveillance"
    assert page.get_by_role("heading", name="Suivre les conversations").is_visible()
    assert "jeudi" in page.locator(".home-hero__schedule").inner_text()

    # The footer's links are the French series'.
    footer = page.locator("footer")
    assert footer.get_by_role("link", name="Toutes les conversations").get_attribute("href") == (
        "/fr/conversations/"
    )
    assert footer.get_by_role("link", name="S’abonner au calendrier").get_attribute("href") == (
        "/fr/conversations/calendar.ics"
    )
    page.get_by_role("link", name="Parcourir les archives").click()
    page.wait_for_url(i18n_url + "/fr/conversations/")
    assert page.locator(".kindness-archive__list > li").count() == 19
    page.get_by_role("navigation", name="Langue").get_by_role("link", name="English").click()
    page.wait_for_url(i18n_url + "/conversations/")
    assert page.locator("h1").inner_text() == "Conversations for Kindness"


def test_load_demo_translate_runs_again_and_refuses_what_it_cannot(i18n_db):
    again = manage(i18n_db, "load_demo", "--translate=fr", settings=I18N_SETTINGS)
    assert "Home page (fr): unchanged" in again
    assert "Series (fr): unchanged" in again
    assert "Conversations (fr): 0 translated" in again
    for settings, language, message in [
        (I18N_SETTINGS, "es", "--translate es: not one of WAGTAIL_CONTENT_LANGUAGES (en-gb, fr)"),
        (I18N_SETTINGS, "en-gb", "--translate en-gb: the demo is already in en-gb"),
        (SETTINGS, "fr", "--translate needs Wagtail's i18n"),
    ]:
        with pytest.raises(RuntimeError) as refused:
            manage(i18n_db, "load_demo", f"--translate={language}", settings=settings)
        assert message in str(refused.value)
        assert "Traceback" not in str(refused.value)


def test_axe_finds_no_wcag_violations_in_french(i18n_url, browser, axe_path):
    problems = {}
    for width in (390, 1280):
        # axe is added as an inline script: past the site's CSP.
        context = browser.new_context(
            viewport={"width": width, "height": 900}, locale="fr-FR", bypass_csp=True
        )
        try:
            page = context.new_page()
            for path in ("/fr/", "/fr/conversations/", "/fr/search/?q=kindness"):
                response = page.goto(i18n_url + path)
                assert response.status == 200, path
                assert page.get_by_role("navigation", name="Langue").is_visible(), path
                found = axe_violations(page, axe_path)
                if found:
                    problems[f"{path} at {width}px"] = found
        finally:
            context.close()
    assert not problems, json.dumps(problems, indent=2)


def test_a_visitors_own_time_is_written_in_the_pages_language(i18n_url, browser):
    """A New York visitor whose browser speaks American English, on a French page:
    the added local time is French ("votre heure : jeu. 19 oct., 14:00 UTC-4"),
    as the page is; on the English page it is English."""
    context = browser.new_context(locale="en-US", timezone_id="America/New_York")
    try:
        page = context.new_page()
        for path, words, day in [
            ("/fr/conversations/", "(votre heure :", "jeu."),
            ("/conversations/", "(your time:", "Thu"),
        ]:
            page.goto(i18n_url + path)
            page.locator(".kindness-archive__list > li a").first.click()
            page.wait_for_load_state()
            local = page.locator(".kindness-local-time").first
            local.wait_for()
            found = text(local.inner_text())
            assert found.startswith(words), found
            assert day in found, found
    finally:
        context.close()

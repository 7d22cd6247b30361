"""The calendar files at an address without a dot, for sites without the plugin's URLs.

Wagtail's own URL pattern refuses a dot in any part of a path, so
``…/calendar.ics`` (and ``…/calendar.ics/``) need ``wagtail_kindness.urls``.
``…/calendar/`` always works; the pages link to it when the include is
missing, and system check ``wagtail_kindness.W002`` gives the line to add.
"""

from __future__ import annotations

import icalendar
import pytest
from django.core import checks
from django.test.utils import override_settings
from kindness_factories import add_conversation, third_thursday

from wagtail_kindness.checks import check_calendar_urls

pytestmark = pytest.mark.django_db

WITHOUT = override_settings(ROOT_URLCONF="tests.urls_without_plugin")


@pytest.fixture
def coming(series):
    return add_conversation(series, third_thursday(2099, 5), title="Coming", status="scheduled")


def _is_calendar(response) -> None:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    icalendar.Calendar.from_ical(response.content)


def test_with_the_include_no_warning_and_the_ics_address():
    assert check_calendar_urls() == []


def test_without_it_w002_says_the_line_to_add():
    with WITHOUT:
        [warning] = check_calendar_urls()
    assert warning.id == "wagtail_kindness.W002"
    assert warning.level == checks.WARNING
    assert 'path("", include("wagtail_kindness.urls"))' in warning.hint
    # And it is a registered check that `manage.py check` runs.
    with WITHOUT:
        found = checks.run_checks(tags=[checks.Tags.urls])
    assert "wagtail_kindness.W002" in [message.id for message in found]


@pytest.mark.parametrize("urlconf", ["tests.urls", "tests.urls_without_plugin"])
def test_calendar_slash_works_with_or_without_the_include(client, coming, urlconf):
    with override_settings(ROOT_URLCONF=urlconf):
        _is_calendar(client.get("/conversations/calendar/"))
        _is_calendar(client.get(f"{coming.url}calendar/"))


def test_without_the_include_the_ics_addresses_are_404_and_not_linked(client, coming):
    with WITHOUT:
        for path in ("/conversations/calendar.ics", "/conversations/calendar.ics/"):
            assert client.get(path).status_code == 404, path
        for page in ("/conversations/", coming.url):
            html = client.get(page).content.decode()
            assert "calendar.ics" not in html, page
            assert "webcal://" in html
            assert "/conversations/calendar/" in html


def test_with_the_include_the_pages_link_the_ics_address(client, coming):
    html = client.get("/conversations/").content.decode()
    assert "/conversations/calendar.ics" in html
    _is_calendar(client.get("/conversations/calendar.ics"))
    _is_calendar(client.get(f"{coming.url}calendar.ics"))

"""Zones named in the series' advanced rule and in an imported page: read, or a form error.

The admin's advanced-rule field and ``manage.py kindness_import`` read
schedule phrases with the core's parser.  A zone the phrase names ("Paris
time", "New York time", "Europe/Paris") becomes the series' zone; one it
cannot read ("banana time", "UTC+2", "EST") is an error on the field (never
a 500, nothing saved) or, in an imported page, a warning.  Before this, they
were all silently read as the zone chosen in the form (UK time by default).
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from kindness_factories import series_form_data
from wagtail.models import Page, Revision

from wagtail_kindness.models import ConversationPage, ConversationSeriesPage

pytestmark = pytest.mark.django_db


def _add_url(parent) -> str:
    meta = ConversationSeriesPage._meta
    return reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk])


def _counts() -> tuple[int, int, int]:
    return Page.objects.count(), Revision.objects.count(), ConversationPage.objects.count()


def _post(admin_client, home, rule: str, **fields: str):
    data = series_form_data(schedule_rule=rule, **fields, **{"action-publish": "1"})
    return admin_client.post(_add_url(home), data)


@pytest.mark.parametrize(
    ("rule", "zone", "time"),
    [
        ("third Thursday of the month at 6pm Paris time", "Europe/Paris", dt.time(18)),
        ("every Monday at 9am New York time", "America/New_York", dt.time(9)),
        ("last Tuesday of each month at 12.30pm São Paulo time", "America/Sao_Paulo",
         dt.time(12, 30)),
        ("first Friday of the month at 7pm Buenos Aires time", "America/Argentina/Buenos_Aires",
         dt.time(19)),
        ("second Wednesday of the month at 8am Ho Chi Minh time", "Asia/Ho_Chi_Minh",
         dt.time(8)),
        ("third Thursday at 6pm Tokyo", "Asia/Tokyo", dt.time(18)),
        ("third Thursday at 6pm Europe/Paris", "Europe/Paris", dt.time(18)),
        ("third Thursday at 6pm US Pacific time", "America/Los_Angeles", dt.time(18)),
        ("third Thursday at 6pm UTC", "UTC", dt.time(18)),
        ("third Thursday at 6pm London time", "Europe/London", dt.time(18)),
    ],
)  # fmt: skip
def test_the_zone_the_rule_names_becomes_the_series_zone(
    admin_client, home, rule: str, zone: str, time: dt.time
) -> None:
    response = _post(admin_client, home, rule, schedule_timezone="Europe/London")
    assert response.status_code == 302, response.context["form"].errors
    series = ConversationSeriesPage.objects.get()
    assert (series.schedule_timezone, series.schedule_time) == (zone, time)
    first = series.base_schedule().upcoming(after=dt.datetime(2026, 11, 26, tzinfo=dt.UTC))[0]
    assert first.start.tzinfo.key == zone
    assert (first.start.hour, first.start.minute) == (time.hour, time.minute)


def test_without_a_zone_the_field_s_zone_is_kept(admin_client, home) -> None:
    response = _post(admin_client, home, "third Thursday at 6pm", schedule_timezone="Asia/Tokyo")
    assert response.status_code == 302
    assert ConversationSeriesPage.objects.get().schedule_timezone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("third Thursday at 6pm banana time", "could not read the time zone 'banana time'"),
        ("third Thursday at 6pm Pariss time", "did you mean 'Paris time'?"),
        ("third Thursday at 6pm UTC+2", "'UTC+2' is a fixed offset"),
        ("third Thursday at 6pm GMT-05:00", "'GMT-05:00' is a fixed offset"),
        ("third Thursday at 18:00+02:00", "'+02:00' is a fixed offset"),
        ("third Thursday at 6pm EST", "'EST' is an abbreviation"),
        ("third Thursday at 6pm GMT", "'UK time' or 'UTC'"),
        ("third Thursday at 6pm Eastern time", "'US Eastern time'"),
        ("third Thursday at 6pm local time", "'local time' does not say which zone"),
        ("third Thursday at 6pm Christmas time", "Indian/Christmas"),
        ("third Thursday at 6pm UK time (7pm Paris time)", "more than one time zone"),
        ("third Thursday at 6pm europe/paris", "did you mean 'Europe/Paris'?"),
    ],
)
def test_a_zone_it_cannot_read_is_an_error_on_the_field(
    admin_client, home, rule: str, words: str
) -> None:
    before = _counts()
    response = _post(admin_client, home, rule)
    assert response.status_code == 200
    messages = response.context["form"].errors.get("schedule_rule", [])
    assert any(words in m for m in messages), response.context["form"].errors
    assert _counts() == before


# -- manage.py kindness_import --------------------------------------------------------------


def _import(path) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("kindness_import", str(path), stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize(
    ("words", "zone", "start"),
    [
        ("at 12.30pm Paris time", "Europe/Paris", dt.datetime(2024, 2, 15, 11, 30)),
        ("at 6 p.m. New York time", "America/New_York", dt.datetime(2024, 2, 15, 23)),
        ("at 9am Sydney time", "Australia/Sydney", dt.datetime(2024, 2, 14, 22)),
    ],
)
def test_an_imported_page_keeps_the_zone_it_states(
    db, tmp_path, seed_text: str, words: str, zone: str, start: dt.datetime
) -> None:
    path = tmp_path / "archive.txt"
    path.write_text(seed_text.replace("at 6pm UK time", words, 1), encoding="utf-8")
    output = _import(path)
    assert "could not read the schedule" not in output
    series = ConversationSeriesPage.objects.get()
    assert series.schedule_timezone == zone
    newest = series.conversations().order_by("-date").first()
    assert newest.start == start.replace(tzinfo=dt.UTC)


def test_an_imported_page_with_a_zone_it_cannot_read_says_so(db, tmp_path, seed_text) -> None:
    path = tmp_path / "archive.txt"
    path.write_text(seed_text.replace("at 6pm UK time", "at 6pm banana time", 1), "utf-8")
    output = _import(path)
    assert "could not read the time zone 'banana time'" in output
    assert ConversationSeriesPage.objects.get().schedule_timezone == "Europe/London"

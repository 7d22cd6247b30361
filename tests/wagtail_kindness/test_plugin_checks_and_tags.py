"""System checks for WAGTAILKINDNESS_* settings, and the template tags."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import timezone
from kindness_factories import add_conversation

from wagtail_kindness import conf
from wagtail_kindness.checks import check_settings


def ids(errors):
    return [e.id for e in errors]


def test_default_settings_pass():
    assert check_settings() == []


@pytest.mark.parametrize(
    ("name", "value", "check_id", "hint"),
    [
        ("DEFAULT_TIME_ZONE", "Europe/Londn", "wagtail_kindness.E001", "IANA name"),
        ("TIME_ZONES", "Europe/London", "wagtail_kindness.E002", "WAGTAILKINDNESS_TIME_ZONES = ["),
        ("TIME_ZONES", ["Europe/London", "UK"], "wagtail_kindness.E002", "IANA names"),
        (
            "DISPLAY_TIME_ZONES",
            ["Asia/Calcutta", "Nowhere/Land"],
            "wagtail_kindness.E003",
            "IANA names",
        ),
        (
            "ARCHIVE_PER_PAGE",
            "24",
            "wagtail_kindness.E004",
            "WAGTAILKINDNESS_ARCHIVE_PER_PAGE = 24",
        ),
        ("ARCHIVE_PER_PAGE", 0, "wagtail_kindness.E004", "(the default)"),
        ("UPCOMING_COUNT", True, "wagtail_kindness.E005", "WAGTAILKINDNESS_UPCOMING_COUNT = 3"),
        ("BASE_TEMPLATE", "", "wagtail_kindness.E006", "base.html"),
    ],
)
def test_bad_setting_is_caught_with_a_hint(settings, name, value, check_id, hint):
    setattr(settings, conf.PREFIX + name, value)
    errors = check_settings()
    assert ids(errors) == [check_id]
    assert hint in errors[0].hint
    assert conf.PREFIX + name in errors[0].msg


def test_manage_py_check_fails_on_a_bad_setting(settings):
    settings.WAGTAILKINDNESS_DEFAULT_TIME_ZONE = "Mars/Olympus"
    with pytest.raises(SystemCheckError, match=r"wagtail_kindness\.E001"):
        call_command("check")


def test_use_tz_off_is_warned(settings):
    settings.USE_TZ = False
    assert ids(check_settings()) == ["wagtail_kindness.W001"]


def test_time_zone_choices_put_the_default_first(settings):
    settings.WAGTAILKINDNESS_TIME_ZONES = ["Asia/Kolkata", "Europe/London"]
    settings.WAGTAILKINDNESS_DEFAULT_TIME_ZONE = "Europe/London"
    assert conf.time_zones() == ("Europe/London", "Asia/Kolkata")


def render(source, **context):
    request = RequestFactory().get("/")
    return Template("{% load wagtail_kindness_tags %}" + source).render(
        Context({"request": request, **context})
    )


def test_conversation_times_in_several_zones():
    from zoneinfo import ZoneInfo

    start = dt.datetime(2024, 7, 18, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    html = render('{% conversation_times start "America/New_York" "Asia/Kolkata" %}', start=start)
    assert "Thursday 18 July 2024, 6:00pm UK time" in html
    assert "Thursday 18 July 2024, 1:00pm America/New_York time" in html
    assert "Thursday 18 July 2024, 10:30pm Asia/Kolkata time" in html
    assert html.count('datetime="2024-07-18T17:00:00Z"') == 3


def test_kindness_time_has_the_utc_instant_for_local_times_js():
    from zoneinfo import ZoneInfo

    start = dt.datetime(2024, 2, 15, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    html = render("{% kindness_time start %}", start=start)
    assert html.strip() == (
        '<time datetime="2024-02-15T18:00:00Z" data-kindness-local '
        'data-kindness-zone="Europe/London" data-kindness-yours="your time: {time}">'
        "Thursday 15 February 2024, 6:00pm UK time</time>"
    )


@pytest.mark.django_db
def test_next_and_upcoming_conversations(series):
    occurrence = series.base_schedule().next(after=timezone.now())
    add_conversation(series, occurrence.start.date(), status="scheduled", title="Next one")
    html = render(
        "{% next_conversation as item %}{{ item.title }}|"
        "{% upcoming_conversations series 3 as items %}{{ items|length }}|"
        "{% for i in items %}{{ i.start|date:'Y-m' }} {% endfor %}",
        series=series,
    )
    title, count, months = html.split("|")
    assert title == "Next one"
    assert count == "3"
    expected = [o.start for o in series.base_schedule().upcoming(after=timezone.now(), count=3)]
    assert months.split() == [f"{s:%Y-%m}" for s in expected]


@pytest.mark.django_db
def test_tags_without_a_series_render_nothing():
    assert render("{% next_conversation as item %}[{{ item|default:'' }}]") == "[]"

"""Models: local times in the series' zone, titles, slugs, the core bridge."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from kindness_factories import add_conversation, third_thursday

from kindness_core import Archive, Conversation, ResourceKind, Role, Series, Status
from kindness_core.schedule.description import describe
from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, Speaker

LONDON = ZoneInfo("Europe/London")


def test_settings_time_zone_is_not_utc(settings):
    assert settings.TIME_ZONE == "America/Chicago"
    assert settings.USE_TZ


def test_start_is_stored_as_the_series_local_time(series):
    # 15 Feb 2024 (GMT) and 18 Jul 2024 (BST): 18:00 London either way.
    winter = add_conversation(series, dt.date(2024, 2, 15), title="Clean Language")
    summer = add_conversation(series, dt.date(2024, 7, 18))
    assert winter.start == dt.datetime(2024, 2, 15, 18, 0, tzinfo=dt.UTC)
    assert summer.start == dt.datetime(2024, 7, 18, 17, 0, tzinfo=dt.UTC)
    assert summer.local_start() == dt.datetime(2024, 7, 18, 18, 0, tzinfo=LONDON)
    # Not Chicago: a naive conversion through TIME_ZONE would give 00:00 UTC.
    assert timezone.localtime(winter.start).hour == 12


def test_untitled_page_is_named_by_month_and_slugs_never_clash(series):
    untitled = add_conversation(series, dt.date(2022, 9, 15))
    assert untitled.title == "September 2022"
    assert untitled.slug == "2022-09"
    same_titles = [
        add_conversation(series, third_thursday(2023, month), title="Kindness matters")
        for month in (1, 2, 3)
    ]
    assert [p.slug for p in same_titles] == [
        "2023-01-kindness-matters",
        "2023-02-kindness-matters",
        "2023-03-kindness-matters",
    ]


def test_second_page_in_the_same_month_is_refused(series):
    add_conversation(series, dt.date(2024, 1, 18))
    page = ConversationPage(date=dt.date(2024, 1, 25), status="held")
    with pytest.raises(ValidationError) as caught:
        series.add_child(instance=page)
    assert "already has a conversation in January 2024" in str(caught.value)


def test_nonexistent_local_time_shows_the_core_message(series):
    page = ConversationPage(date=dt.date(2024, 3, 31), time=dt.time(1, 30), status="held")
    with pytest.raises(ValidationError) as caught:
        series.add_child(instance=page)
    assert "does not exist in Europe/London" in str(caught.value)


def test_series_to_core(series):
    core = series.to_core_series()
    assert isinstance(core, Series)
    assert core.key == "conversations"
    assert core.name == "Conversations for Kindness"
    assert core.join_url == "https://example.org/join"
    assert core.url == "http://localhost/conversations/"
    assert describe(core.schedule) == "Third Thursday of every month at 6:00pm UK time"
    assert series.schedule_description == "Third Thursday of every month at 6:00pm UK time"


def test_cancelled_and_postponed_pages_become_schedule_exceptions(series):
    add_conversation(series, dt.date(2024, 4, 18), status="cancelled")
    add_conversation(
        series,
        dt.date(2024, 5, 16),
        status="postponed",
        postponed_date=dt.date(2024, 5, 23),
    )
    schedule = series.to_core_series().schedule
    window = (dt.datetime(2024, 4, 1, tzinfo=LONDON), dt.datetime(2024, 6, 1, tzinfo=LONDON))
    starts = [o.start for o in schedule.between(*window)]
    assert starts == [dt.datetime(2024, 5, 23, 18, 0, tzinfo=LONDON)]


def test_conversation_to_core(series, speaker, document):
    page = add_conversation(
        series,
        dt.date(2024, 2, 15),
        title="Using ‘Clean Language’",
        people=[(speaker, "speaker")],
        standfirst="We heard from the Clean Language team.",
        resources=[
            ("summary", {"title": "", "document": document, "pending": False}),
            ("recording", {"title": "", "url": "", "pending": True}),
        ],
        themes=["communication"],
    )
    core = page.to_core()
    assert isinstance(core, Conversation)
    assert core.key == "conversations/2024-02"
    assert core.start == dt.datetime(2024, 2, 15, 18, 0, tzinfo=LONDON)
    assert core.end == dt.datetime(2024, 2, 15, 19, 0, tzinfo=LONDON)
    assert core.title == "Using ‘Clean Language’"
    assert core.status is Status.HELD
    assert core.people[0].display_name == "Dr Hesham Abdalla"
    assert core.people[0].role is Role.SPEAKER
    summary, recording = core.resources
    assert summary.kind is ResourceKind.SUMMARY
    assert summary.url == f"http://localhost{document.url}"
    assert summary.media_type == "application/pdf"
    assert summary.size == document.get_file_size()
    assert recording.kind is ResourceKind.RECORDING
    assert recording.pending
    assert core.themes == ("communication",)
    assert core.url == "http://localhost/conversations/2024-02-using-clean-language/"
    assert core.previous_start is None


def test_postponed_conversation_keeps_its_month_key(series):
    page = add_conversation(
        series,
        dt.date(2024, 5, 16),
        status="postponed",
        postponed_date=dt.date(2024, 6, 6),
        postponed_time=dt.time(19, 0),
    )
    core = page.to_core()
    assert core.key == "conversations/2024-05"
    assert core.start == dt.datetime(2024, 6, 6, 19, 0, tzinfo=LONDON)
    assert core.previous_start == dt.datetime(2024, 5, 16, 18, 0, tzinfo=LONDON)
    assert page.start == core.start


def test_series_archive_to_core_has_live_public_pages_only(series):
    add_conversation(series, dt.date(2024, 1, 18))
    add_conversation(series, dt.date(2024, 2, 15), title="Clean Language")
    add_conversation(series, dt.date(2024, 3, 21), live=False)
    archive = series.to_core()
    assert isinstance(archive, Archive)
    assert [c.display_title for c in archive] == ["Clean Language", "January 2024"]


def test_upcoming_prefers_pages_and_fills_in_from_the_schedule(series):
    now = dt.datetime(2024, 1, 20, 12, 0, tzinfo=dt.UTC)
    add_conversation(series, dt.date(2024, 2, 22), status="scheduled", title="Moved a week")
    add_conversation(series, dt.date(2024, 3, 21), status="cancelled")
    items = series.upcoming(now=now, count=3)
    assert [(i.start.date(), i.page is not None) for i in items] == [
        (dt.date(2024, 2, 22), True),
        (dt.date(2024, 4, 18), False),
        (dt.date(2024, 5, 16), False),
    ]
    assert items[1].title == "April 2024"
    assert series.next_conversation(now=now).title == "Moved a week"


def test_next_free_occurrence_skips_months_with_pages(series):
    now = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    add_conversation(series, dt.date(2024, 1, 18), status="scheduled", live=False)
    occurrence = series.next_free_occurrence(now=now)
    assert occurrence.start == dt.datetime(2024, 2, 15, 18, 0, tzinfo=LONDON)


def test_speaker_found_by_name_or_alias(db):
    gabby = Speaker.objects.create(name="Gabrielle Matthews", aliases="Gabby\nGabs")
    Speaker.objects.create(name="Gabriel Matthew")
    assert Speaker.find("Gabby") == gabby
    assert Speaker.find("gabrielle  matthews") == gabby
    assert Speaker.find("Dr Gabrielle Matthews") == gabby
    assert Speaker.find("Gab") is None
    assert gabby.slug == "gabrielle-matthews"
    assert gabby.to_core("host").role is Role.HOST


def test_schedule_warning_for_a_date_off_the_schedule(series):
    page = add_conversation(series, dt.date(2024, 2, 22))
    warning = page.schedule_warning()
    assert "Thursday 22 February 2024 is not on the schedule" in warning
    assert "Thursday 15 February" in warning
    assert add_conversation(series, dt.date(2024, 3, 21)).schedule_warning() is None


def test_series_page_class_is_routable():
    assert {"archive_route", "year_route", "speaker_route", "theme_route"} <= {
        name for name in dir(ConversationSeriesPage) if name.endswith("_route")
    }


@pytest.mark.django_db
def test_the_next_dates_read_a_bounded_number_of_pages(series):
    """Pages made years ahead (an editor planning, an import) are not all read."""
    now = timezone.now()
    first = series.base_schedule().next(after=now).start.date()
    for n in range(80):
        month = first.month - 1 + n
        add_conversation(
            series,
            third_thursday(first.year + month // 12, month % 12 + 1),
            title=f"Planned {n}",
            status="scheduled",
            with_revision=False,
        )
    pages = series.schedule_pages(now=now, count=3)
    assert 3 <= len(pages.recent) <= 3 + 13
    found = series.upcoming(now=now, count=3, pages=pages)
    assert [item.title for item in found] == ["Planned 0", "Planned 1", "Planned 2"]
    assert [item.title for item in series.upcoming(now=now, count=20)][-1] == "Planned 19"

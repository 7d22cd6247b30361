"""Wagtail API v2 fields of the page types (``api_fields``), for headless sites.

The fields are listed in :data:`SERIES_API_FIELDS` and
:data:`CONVERSATION_API_FIELDS` and set on the page classes; a site enables
the API as Wagtail documents it (``wagtail.api.v2`` and ``rest_framework``
in ``INSTALLED_APPS``, a ``WagtailAPIRouter``) with the plugin's
:class:`~wagtail_kindness.api_views.KindnessPagesAPIViewSet` (Wagtail's
``PagesAPIViewSet``, answering 400 rather than 500 to bad query parameters)
and asks for them, e.g.::

    /api/v2/pages/?type=wagtail_kindness.ConversationPage&fields=*&order=-date

Wagtail's API serves only live pages the request may see (view
restrictions apply) on the requested site.  Its words (``schedule_description``,
a person's ``role_label``) are in the page's language
(:func:`wagtail_kindness.languages.page_language`).  See ``docs/urls.md``.
"""

from __future__ import annotations

import datetime as dt

from rest_framework import serializers
from wagtail.api import APIField
from wagtail.rich_text import expand_db_html

from kindness_core.errors import KindnessInputError
from kindness_core.formats.jsonio import to_json

from .languages import in_page_language
from .queries import people_of, themes_of


class RichTextHTMLField(serializers.Field):
    """A rich text field as front-end HTML (links and images expanded)."""

    def to_representation(self, value):
        return expand_db_html(value) if value else ""


class UTCDateTimeField(serializers.DateTimeField):
    """An aware datetime in UTC (``2023-10-19T17:00:00Z``), whatever the site's zone."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=dt.UTC, read_only=True, **kwargs)


class PageField(serializers.Field):
    """A read-only value computed from the whole page (``source="*"``).

    The base of the fields below: each implements ``to_representation(page)``.
    """

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    @property
    def request(self):
        return self.context.get("request")


class LocalStartField(PageField):
    """The start in the page's zone, with its offset (``2023-10-19T18:00:00+01:00``)."""

    def to_representation(self, page):
        local = page.local_start()
        return local.isoformat() if local else None


class EndField(PageField):
    """The end (the core's rule: start + the series' duration) in UTC."""

    def to_representation(self, page):
        series = page.series_page()
        if series is None or page.start is None:
            return None
        end = series.core_series_base.end_of(page.start)
        return end.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class TimeZoneField(PageField):
    """The IANA zone in which ``date`` and ``time`` are given: the page's own (the
    series' zone when it was saved; a later schedule change keeps past pages in it)."""

    def to_representation(self, page):
        series = page.series_page()
        return page.zone_name(series) if series else None


class PeopleField(PageField):
    """The people of a conversation: the core's JSON of each, with the plugin's extras."""

    def to_representation(self, page):
        with in_page_language(page):  # the role's label in the page's language
            return [
                {
                    **to_json(part.to_core()),
                    "display_name": part.speaker.display_name,
                    "slug": part.speaker.slug,
                    "role_label": str(part.get_role_display()),
                }
                for part in people_of(page)
            ]


class ResourcesField(PageField):
    """The resources as the core's JSON: kind, title, absolute URL (``null`` while pending)."""

    def to_representation(self, page):
        base_url = page.get_full_url(self.request)
        return [to_json(child.value.to_core(base_url)) for child in page.resources]


class ThemesField(PageField):
    """The themes' names, in their order."""

    def to_representation(self, page):
        return [item.tag.name for item in themes_of(page)]


class CalendarURLField(PageField):
    """The page's calendar address."""

    def to_representation(self, page):
        return page.calendar_url(self.request)


class FeedURLField(PageField):
    """The series' RSS feed address."""

    def to_representation(self, page):
        return page.feed_url(self.request)


class ScheduleDescriptionField(PageField):
    """The schedule in words, in the page's language (``languages.page_language``)."""

    def to_representation(self, page):
        with in_page_language(page):
            return page.schedule_description


class ScheduleRuleField(PageField):
    """The schedule's RFC 5545 rule (``FREQ=MONTHLY;BYDAY=3TH``)."""

    def to_representation(self, page):
        try:
            return page.base_schedule().rule
        except KindnessInputError:
            return None


SERIES_API_FIELDS = [
    APIField("intro", serializer=RichTextHTMLField()),
    APIField("joining", serializer=RichTextHTMLField()),
    APIField("contact", serializer=RichTextHTMLField()),
    APIField("join_url"),
    APIField("schedule_description", serializer=ScheduleDescriptionField()),
    APIField("schedule_rule", serializer=ScheduleRuleField()),
    APIField("schedule_time"),
    APIField("schedule_duration"),
    APIField("schedule_timezone"),
    APIField("calendar_url", serializer=CalendarURLField()),
    APIField("feed_url", serializer=FeedURLField()),
]

CONVERSATION_API_FIELDS = [
    APIField("display_title", serializer=serializers.CharField(source="title", read_only=True)),
    APIField("conversation_title"),
    APIField("date"),
    APIField("time"),
    APIField("timezone", serializer=TimeZoneField()),
    APIField("start_utc", serializer=UTCDateTimeField(source="start")),
    APIField("start_local", serializer=LocalStartField()),
    APIField("end_utc", serializer=EndField()),
    APIField("status"),
    APIField("postponed_date"),
    APIField("postponed_time"),
    APIField("standfirst"),
    APIField("people", serializer=PeopleField()),
    APIField("body"),
    APIField("resources", serializer=ResourcesField()),
    APIField("themes", serializer=ThemesField()),
    APIField("calendar_url", serializer=CalendarURLField()),
]

"""The editor's side: page types, forms, preview, dashboard, snippets."""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from kindness_factories import (
    add_conversation,
    conversation_form_data,
    series_form_data,
    third_thursday,
)
from wagtail.models import Page, Site
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import rich_text

from wagtail_kindness.models import ConversationPage, ConversationSeriesPage, Speaker


class KindnessAdminTestCase(WagtailPageTestCase):
    def setUp(self):
        self.home = Site.objects.get(is_default_site=True).root_page
        self.user = self.login()

    def make_series(self, **fields) -> ConversationSeriesPage:
        series = ConversationSeriesPage(
            title="Conversations for Kindness", slug="conversations", **fields
        )
        self.home.add_child(instance=series)
        series.save_revision().publish()
        return ConversationSeriesPage.objects.get(pk=series.pk)

    def add_url(self, parent, model=ConversationPage):
        return reverse(
            "wagtailadmin_pages:add",
            args=[model._meta.app_label, model._meta.model_name, parent.pk],
        )


class TestPageTypes(KindnessAdminTestCase):
    def test_where_pages_can_be_created(self):
        self.assertCanCreateAt(Page, ConversationSeriesPage)
        self.assertCanCreateAt(ConversationSeriesPage, ConversationPage)
        self.assertCanNotCreateAt(Page, ConversationPage)
        self.assertCanNotCreateAt(ConversationPage, ConversationPage)
        self.assertAllowedSubpageTypes(ConversationSeriesPage, {ConversationPage})
        self.assertAllowedSubpageTypes(ConversationPage, set())
        self.assertAllowedParentPageTypes(ConversationPage, {ConversationSeriesPage})

    def test_create_series_and_conversation_through_the_admin(self):
        self.assertCanCreate(self.home, ConversationSeriesPage, series_form_data())
        series = ConversationSeriesPage.objects.get(slug="conversations")
        self.assertCanCreate(
            series,
            ConversationPage,
            conversation_form_data(dt.date(2024, 2, 15), title="Clean Language"),
        )
        page = ConversationPage.objects.get()
        assert page.live
        assert page.slug == "2024-02-clean-language"
        assert page.title == "Clean Language"
        assert page.start == dt.datetime(2024, 2, 15, 18, 0, tzinfo=dt.UTC)

    def test_routable_renderable_editable_previewable(self):
        series = self.make_series()
        speaker = Speaker.objects.create(name="Judy Rees")
        page = add_conversation(series, dt.date(2024, 2, 15), title="Clean Language")
        self.assertPageIsRoutable(series)
        self.assertPageIsRoutable(series, "2024/")
        self.assertPageIsRenderable(series)
        self.assertPageIsRenderable(series, "2024/")
        self.assertPageIsRenderable(page)
        self.assertPageIsEditable(series, post_data=series_form_data(**{"action-publish": "1"}))
        self.assertPageIsPreviewable(series, post_data=series_form_data())
        data = conversation_form_data(
            dt.date(2024, 2, 15),
            title="Clean Language",
            slug=page.slug,
            people=[(speaker, "speaker")],
            body=[("paragraph", rich_text("<p>We heard about Clean Language.</p>"))],
            resources=[
                ("link", {"title": "Clean Language", "url": "https://example.org", "pending": ""})
            ],
        )
        self.assertPageIsEditable(page, post_data=data)
        self.assertPageIsPreviewable(page, post_data=data)

    def test_preview_on_add_renders_the_new_conversation(self):
        series = self.make_series()
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=["wagtail_kindness", "conversationpage", series.pk],
        )
        data = conversation_form_data(
            dt.date(2024, 2, 15),
            title="Clean Language",
            resources=[("summary", {"title": "", "document": ""})],  # no checkbox: empty
        )
        assert self.client.post(url, data).json()["is_valid"]
        response = self.client.get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Clean Language</h1>" in html
        assert "Insights and summary: coming soon" in html
        assert "Still to be added: choose the document" in html  # to editors in preview


class TestEditorWorkflow(KindnessAdminTestCase):
    def test_add_form_prefills_the_next_free_date_and_slug(self):
        series = self.make_series()
        now = timezone.now()
        first = series.base_schedule().next(after=now)
        add_conversation(series, first.start.date(), status="scheduled", live=False)
        expected = series.base_schedule().upcoming(after=now, count=2)[1].start
        response = self.client.get(self.add_url(series))
        assert response.status_code == 200
        form = response.context["form"]
        assert form.initial["date"] == expected.date()
        assert form.initial["time"] == dt.time(18, 0)
        assert form.initial["slug"] == f"{expected:%Y-%m}"
        html = response.content.decode()
        assert f'value="{expected:%Y-%m-%d}"' in html

    def test_bare_month_slug_gets_the_title(self):
        series = self.make_series()
        response = self.client.post(
            self.add_url(series),
            conversation_form_data(
                dt.date(2024, 3, 21),
                title="Kindness in education",
                slug="2024-03",
                **{"action-publish": "1"},
            ),
        )
        assert response.status_code == 302
        assert ConversationPage.objects.get().slug == "2024-03-kindness-in-education"

    def test_second_page_for_the_same_month_is_refused(self):
        series = self.make_series()
        add_conversation(series, dt.date(2024, 1, 18), title="Kindness in education")
        response = self.client.post(
            self.add_url(series),
            conversation_form_data(dt.date(2024, 1, 25), **{"action-publish": "1"}),
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert "date" in errors
        assert "already has a conversation in January 2024" in errors["date"][0]
        assert ConversationPage.objects.count() == 1

    def test_off_schedule_date_is_a_warning_not_a_block(self):
        series = self.make_series()
        response = self.client.post(
            self.add_url(series),
            conversation_form_data(dt.date(2024, 2, 22), **{"action-publish": "1"}),
            follow=True,
        )
        assert ConversationPage.objects.get().date == dt.date(2024, 2, 22)
        texts = [str(m) for m in get_messages(response.wsgi_request)] + [
            m.message for m in response.context["messages"]
        ]
        assert any("is not on the schedule" in t for t in texts), texts

    def test_series_form_shows_the_core_error_for_a_bad_rule(self):
        response = self.client.post(
            self.add_url(self.home, ConversationSeriesPage),
            series_form_data(schedule_rule="FREQ=HOURLY", **{"action-publish": "1"}),
        )
        assert response.status_code == 200
        [message] = response.context["form"].errors["schedule_rule"]
        assert "FREQ=HOURLY is not allowed" in message

    def test_series_form_refuses_an_unknown_zone_with_the_core_message(self):
        response = self.client.post(
            self.add_url(self.home, ConversationSeriesPage),
            series_form_data(schedule_timezone="Mars/Olympus", **{"action-publish": "1"}),
        )
        [message] = response.context["form"].errors["schedule_timezone"]
        assert "unknown time zone 'Mars/Olympus'" in message

    def test_advanced_rule_and_the_schedule_in_words(self):
        response = self.client.post(
            self.add_url(self.home, ConversationSeriesPage),
            series_form_data(
                schedule_rule="every other Wednesday at 9am starting 2024-01-10",
                **{"action-publish": "1"},
            ),
        )
        assert response.status_code == 302
        series = ConversationSeriesPage.objects.get()
        assert series.schedule_rule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
        assert series.schedule_time == dt.time(9, 0)
        edit = self.client.get(reverse("wagtailadmin_pages:edit", args=[series.pk]))
        assert (
            "Every other Wednesday at 9:00am UK time, starting 10 January 2024"
            in edit.content.decode()
        )

    def test_javascript_url_is_a_form_error(self):
        series = self.make_series()
        response = self.client.post(
            self.add_url(series),
            conversation_form_data(
                dt.date(2024, 2, 15),
                resources=[("link", {"title": "x", "url": "javascript:alert(1)", "pending": ""})],
                **{"action-publish": "1"},
            ),
        )
        assert response.status_code == 200
        assert ConversationPage.objects.count() == 0
        assert "resources" in response.context["form"].errors


class TestDashboardPanel(KindnessAdminTestCase):
    def test_panel_shows_next_conversation_and_pending_resources(self):
        series = self.make_series()
        now = timezone.now()
        following = series.base_schedule().next(after=now - dt.timedelta(hours=1))
        add_conversation(
            series, following.start.date(), status="scheduled", live=False, title="Coming soon"
        )
        add_conversation(
            series,
            third_thursday(2023, 11),
            title="Psychological safety",
            resources=[("recording", {"title": "", "url": "", "pending": True})],
        )
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Conversations for Kindness" in html
        assert "Its page “Coming soon” exists but is not published." in html
        assert re.search(r"Psychological safety</a>: Recording", html)

    def test_panel_offers_to_add_the_missing_page(self):
        series = self.make_series()
        html = self.client.get(reverse("wagtailadmin_home")).content.decode()
        assert "It has no page yet." in html
        assert self.add_url(series) in html


class TestSpeakerSnippet(KindnessAdminTestCase):
    def test_list_search_and_create(self):
        Speaker.objects.create(name="Amy Edmondson", organisation="Harvard Business School")
        Speaker.objects.create(name="Michael West", honorific="Professor")
        index = reverse("wagtailsnippets_wagtail_kindness_speaker:list")
        response = self.client.get(index)
        assert response.status_code == 200
        assert "Amy Edmondson" in response.content.decode()
        assert "Professor Michael West" in response.content.decode()
        found = self.client.get(index, {"q": "Edmondson"}).content.decode()
        assert "Amy Edmondson" in found
        assert "Michael West" not in found
        filtered = self.client.get(index, {"organisation__icontains": "harvard"}).content.decode()
        assert "Amy Edmondson" in filtered
        assert "Michael West" not in filtered
        add = reverse("wagtailsnippets_wagtail_kindness_speaker:add")
        response = self.client.post(
            add,
            {
                "honorific": "Dr",
                "name": "Sanjiv Ahluwalia",
                "slug": "",
                "job_title": "Professor of Primary Care",
                "organisation": "Anglia Ruskin",
                "bio": "",
                "aliases": "Sanjiv",
                "links-count": "0",
            },
        )
        assert response.status_code == 302
        assert Speaker.find("Sanjiv").slug == "sanjiv-ahluwalia"

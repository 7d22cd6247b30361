"""Wagtail's moderation workflow works with conversation pages: an editor
submits a new conversation, a moderator approves it, and it is published
with its stored time and zone, in the calendar, counted by its sequence;
the one-conversation-a-month rule holds for a submission too."""

from __future__ import annotations

import datetime as dt

import icalendar
from django.urls import reverse
from kindness_factories import conversation_form_data, third_thursday
from wagtail.models import Workflow, WorkflowState

from wagtail_kindness.models import ConversationPage, ConversationSeriesPage


def _add_url(series):
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )


def _series_with_workflow(series):
    workflow = Workflow.objects.filter(active=True).first()
    assert workflow is not None, "Wagtail's migrations make the default moderation workflow"
    workflow.workflow_pages.get_or_create(page=series.page_ptr)
    return workflow


def test_a_submitted_conversation_is_published_when_approved(series, admin_client):
    _series_with_workflow(series)
    day = third_thursday(2030, 3)
    response = admin_client.post(
        _add_url(series),
        conversation_form_data(day, title="Kindness in review", **{"action-submit": "1"}),
    )
    assert response.status_code == 302
    page = ConversationPage.objects.get(conversation_title="Kindness in review")
    assert not page.live
    state = WorkflowState.objects.get(base_content_type__isnull=False, object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    task_state = state.current_task_state
    approve = reverse(
        "wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]
    )
    response = admin_client.post(approve, {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    assert (page.time, page.time_zone) == (dt.time(18, 0), "Europe/London")
    series = ConversationSeriesPage.objects.get(pk=series.pk)
    calendar = icalendar.Calendar.from_ical(admin_client.get(series.url + "calendar/").content)
    summaries = [str(event.get("summary")) for event in calendar.walk("VEVENT")]
    assert "Kindness in review" in summaries


def test_a_second_submission_for_a_taken_month_is_a_form_error(series, admin_client):
    _series_with_workflow(series)
    day = third_thursday(2030, 4)
    first = admin_client.post(
        _add_url(series), conversation_form_data(day, title="First", **{"action-submit": "1"})
    )
    assert first.status_code == 302
    second = admin_client.post(
        _add_url(series), conversation_form_data(day, title="Second", **{"action-submit": "1"})
    )
    assert second.status_code == 200
    assert "date" in second.context["form"].errors
    assert ConversationPage.objects.filter(date=day).count() == 1

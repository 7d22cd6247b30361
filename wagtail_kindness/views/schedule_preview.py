"""The series form's live preview: the schedule in words as the editor types,
and the conversations a change of time or zone would move.

``GET`` with the form's schedule fields (and ``page``, the series being
edited) answers JSON::

    {"description": "...", "warnings": [...], "error": null,
     "since": "2027-01-21", "moves": [{"title", "date", "from", "to", "live", "url"}]}

Fields that do not parse give 400 with the field errors; a schedule the core
refuses gives 200 with its message in ``error`` (it is what the form would say).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_GET

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.description import describe, format_time, schedule_warnings
from kindness_core.schedule.zone_phrases import zone_label

from ..languages import output_locale
from ..models import ConversationSeriesPage
from ..scheduling import ScheduleChange, default_change_date, pages_that_move, schedule_from_fields

__all__ = ["admin_urls", "schedule_preview"]

#: At most this many moving pages are listed (with the total).
_MAX_LISTED = 12


class _Fields(forms.Form):
    page = forms.IntegerField(required=False, min_value=1)
    schedule_ordinal = forms.IntegerField(required=False, min_value=-5, max_value=5)
    schedule_weekday = forms.RegexField(regex=r"^(MO|TU|WE|TH|FR|SA|SU)$", required=False)
    schedule_time = forms.TimeField()
    schedule_duration = forms.IntegerField(min_value=1, max_value=24 * 60)
    schedule_timezone = forms.CharField(max_length=64)
    schedule_rule = forms.CharField(max_length=500, required=False)
    schedule_start = forms.DateField(required=False)
    schedule_change_from = forms.DateField(required=False)


@require_GET
def schedule_preview(request):
    fields = _Fields(request.GET)
    if not fields.is_valid():
        return JsonResponse({"errors": fields.errors.get_json_data()}, status=400)
    data = fields.cleaned_data
    series = None
    if data["page"]:
        series = get_object_or_404(ConversationSeriesPage, pk=data["page"])
        if not series.permissions_for_user(request.user).can_edit():
            raise Http404
    answer: dict[str, object] = {"description": "", "warnings": [], "error": None, "moves": []}
    try:
        schedule = schedule_from_fields(
            ordinal=data["schedule_ordinal"] or 3,
            weekday=data["schedule_weekday"] or "TH",
            time=data["schedule_time"],
            zone=data["schedule_timezone"],
            start=data["schedule_start"],
            minutes=data["schedule_duration"],
            rule_text=data["schedule_rule"],
        )
        answer["description"] = describe(schedule, locale=output_locale())  # the editor's language
        answer["warnings"] = list(schedule_warnings(schedule))
    except KindnessInputError as error:
        answer["error"] = str(error)
        return JsonResponse(answer)
    if series is not None:
        answer.update(_moves(series, schedule, data["schedule_change_from"]))
    return JsonResponse(answer)


def _moves(series, schedule, since: dt.date | None) -> dict[str, object]:
    since = since or default_change_date(series)
    change = ScheduleChange(
        old_time=series.schedule_time,
        old_zone=series.schedule_timezone,
        new_time=schedule.time.replace(tzinfo=None),
        new_zone=schedule.timezone,
        since=since,
    )
    moving = pages_that_move(series, change)
    listed = []
    for page in moving[:_MAX_LISTED]:
        time, zone = change.new_values(page)
        listed.append(
            {
                "title": page.title,
                "date": page.date.isoformat(),
                "from": _when(page.time or change.old_time, page.time_zone or change.old_zone),
                "to": _when(time, zone),
                "live": page.live,
                "url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
            }
        )
    return {"since": since.isoformat(), "moves": listed, "moving": len(moving)}


def _when(time: dt.time, zone: str) -> str:
    """ "6:00pm UK time", as the schedule in words says it."""
    return f"{format_time(time)} {zone_label(zone)}"


def admin_urls():
    """``register_admin_urls``: the preview under ``/admin/kindness/``."""
    return [
        path(
            "kindness/schedule-preview/",
            schedule_preview,
            name="wagtail_kindness_schedule_preview",
        )
    ]

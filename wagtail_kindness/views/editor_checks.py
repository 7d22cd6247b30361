"""Checks the admin's forms ask while the editor types (``wagtail_kindness.widgets``).

Two ``GET`` views under ``/admin/kindness/checks/`` (``register_admin_urls``,
so only users who may use the admin reach them), each answering
``{"warning": "…"}`` or ``{"warning": null}``:

* ``series/<id>/date/?date=YYYY-MM-DD``: is the date one of the series'
  schedule's (``forms.schedule_date_warning``: the check of
  ``ConversationPage.schedule_warning``, which the editor reads after
  saving)?  Only for users who may work on that series (edit it or add
  conversations to it): 403 for others, 404 for no series.
* ``video/?url=…``: is a recording's address a channel or a playlist, which
  the page links to instead of playing (``blocks.video_warning``)?

A value that is not a date, a date outside 1900-2999 or an address too long
gets 400 with the reason, never a 500.
"""

from __future__ import annotations

from django import forms
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from ..blocks import video_warning
from ..forms import schedule_date_warning
from ..models import ConversationSeriesPage

__all__ = ["admin_urls", "check_date", "check_video"]

#: The longest address checked (longer ones are not web addresses an editor types).
MAX_URL_LENGTH = 2048


class _DateForm(forms.Form):
    date = forms.DateField()

    def clean_date(self):
        day = self.cleaned_data["date"]
        if not 1900 <= day.year <= 2999:  # as ConversationPage.clean
            raise forms.ValidationError(_("Enter a date between 1900 and 2999."))
        return day


class _VideoForm(forms.Form):
    url = forms.CharField(max_length=MAX_URL_LENGTH, strip=True)


def _bad_request(form: forms.Form) -> JsonResponse:
    return JsonResponse({"errors": form.errors.get_json_data()}, status=400)


def may_check(user, series: ConversationSeriesPage) -> bool:
    """The user may edit the series, or add conversations to it."""
    permissions = series.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_add_subpage()


@require_GET
def check_date(request, series_id: int):
    series = get_object_or_404(ConversationSeriesPage, pk=series_id)
    if not may_check(request.user, series):
        return JsonResponse({"error": str(_("You may not work on this series."))}, status=403)
    form = _DateForm(request.GET)
    if not form.is_valid():
        return _bad_request(form)
    warning = schedule_date_warning(series, form.cleaned_data["date"])
    return JsonResponse({"warning": str(warning) if warning else None})


@require_GET
def check_video(request):
    form = _VideoForm(request.GET)
    if not form.is_valid():
        return _bad_request(form)
    warning = video_warning(form.cleaned_data["url"])
    return JsonResponse({"warning": str(warning) if warning else None})


def admin_urls():
    """``register_admin_urls``: the checks under ``/admin/kindness/checks/``."""
    return [
        path(
            "kindness/checks/series/<int:series_id>/date/",
            check_date,
            name="wagtail_kindness_check_date",
        ),
        path("kindness/checks/video/", check_video, name="wagtail_kindness_check_video"),
    ]

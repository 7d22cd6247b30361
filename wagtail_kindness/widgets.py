"""Admin widgets that warn while the editor types, before the page is saved.

Each asks one of the JSON views of :mod:`wagtail_kindness.views.editor_checks`
through the ``kindness-check`` Stimulus controller
(``static/wagtail_kindness/admin/editor_checks.js``) and shows the answer,
a warning or nothing, right under the field, in a ``role="status"`` box whose
id is the input's id and ``-kindness-check``:

* :class:`ScheduleDateInput`: "not on the schedule" under a conversation's
  date; the form renders the same warning on the server (a page opened for
  editing, a form sent back with errors), so it shows without JavaScript too;
* :class:`VideoURLInput`: "a channel, not a video" under a recording's
  address (StreamField blocks are drawn by JavaScript anyway).

The views' addresses are reversed when the widget is drawn, never at import.
"""

from __future__ import annotations

from django import forms
from django.urls import NoReverseMatch, reverse
from wagtail.admin.widgets import AdminDateInput

__all__ = ["EDITOR_CHECKS_JS", "ScheduleDateInput", "VideoURLInput", "check_attrs"]

EDITOR_CHECKS_JS = "wagtail_kindness/admin/editor_checks.js"


def check_attrs(url: str, param: str, *, at_start: bool = False) -> dict[str, str]:
    """The Stimulus attributes of an input checked at ``url?<param>=<value>``."""
    if not url:
        return {}
    attrs = {
        "data-controller": "kindness-check",
        "data-action": "input->kindness-check#later change->kindness-check#check",
        "data-kindness-check-url-value": url,
        "data-kindness-check-param-value": param,
    }
    if at_start:
        attrs["data-kindness-check-at-start-value"] = "true"
    return attrs


def _reverse(name: str, *args: object) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:  # the admin's URLs are not installed: no live check
        return ""


class ScheduleDateInput(AdminDateInput):
    """Wagtail's date input, with the "not on the schedule" warning under it."""

    template_name = "wagtail_kindness/admin/widgets/schedule_date_input.html"

    def __init__(self, attrs=None, format=None, *, series_id=None, warning: str = ""):
        super().__init__(attrs=attrs, format=format)
        self.series_id = series_id
        self.warning = warning

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = _reverse("wagtail_kindness_check_date", self.series_id) if self.series_id else ""
        context["widget"]["attrs"].update(check_attrs(url, "date"))
        context["widget"]["warning"] = self.warning
        return context

    @property
    def media(self):
        return super().media + forms.Media(js=[EDITOR_CHECKS_JS])


class VideoURLInput(forms.URLInput):
    """A recording's address: says so when it is a channel or playlist, not a video."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        url = _reverse("wagtail_kindness_check_video")
        context["widget"]["attrs"].update(check_attrs(url, "url", at_start=True))
        return context

    class Media:
        js = [EDITOR_CHECKS_JS]

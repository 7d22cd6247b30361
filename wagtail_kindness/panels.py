"""Admin panels."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel


class ScheduleSummaryPanel(Panel):
    """The saved schedule in words, from kindness_core, with any warnings; and, as
    the editor types, the schedule entered and the conversations a change moves
    (``views/schedule_preview.py``, through ``schedule_preview.js``)."""

    def __init__(self, template="wagtail_kindness/admin/schedule_summary_panel.html", **kwargs):
        kwargs.setdefault("heading", _("The schedule in words"))
        super().__init__(**kwargs)
        self.template = template

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs["template"] = self.template
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or "schedule_summary"

    class BoundPanel(Panel.BoundPanel):
        class Media:
            js = ["wagtail_kindness/admin/schedule_preview.js"]

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.template_name = self.panel.template

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            saved = bool(self.instance.pk)
            context["saved"] = saved
            context["description"] = self.instance.schedule_description if saved else ""
            context["warnings"] = self.instance.schedule_warnings if saved else ()
            context["preview_url"] = reverse("wagtail_kindness_schedule_preview")
            context["series_id"] = self.instance.pk
            return context

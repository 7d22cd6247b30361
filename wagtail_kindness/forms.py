"""Admin page forms: schedule validation through kindness_core, and the
pre-filled date and slug of a new conversation."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.phrases import parse_schedule
from kindness_core.schedule.recurrence import Schedule
from kindness_core.schedule.zones import get_zone

from . import conf
from .validators import validate_web_url

_BARE_MONTH = re.compile(r"^\d{4}-\d{2}$")


class ConversationSeriesPageForm(WagtailAdminPageForm):
    """Edits the schedule as plain fields; kindness_core validates it."""

    join_url = forms.URLField(
        label=_("joining link"),
        required=False,
        assume_scheme="https",
        validators=[validate_web_url],
        help_text=_("Optional: the address of the video call or the sign-up form."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("schedule_timezone")
        if field is not None:
            zones = list(conf.time_zones())
            current = self.initial.get("schedule_timezone")
            if current and current not in zones:
                zones.insert(0, current)
            field.widget = forms.Select(choices=[(z, z.replace("_", " ")) for z in zones])

    def clean_schedule_timezone(self):
        value = self.cleaned_data.get("schedule_timezone", "")
        try:
            get_zone(value)
        except KindnessInputError as error:
            raise forms.ValidationError(str(error), code="unknown_zone") from None
        return value

    def clean(self):
        cleaned = super().clean()
        zone = cleaned.get("schedule_timezone")
        time = cleaned.get("schedule_time")
        minutes = cleaned.get("schedule_duration")
        if not zone or time is None or not minutes:
            return cleaned  # the field errors say what is missing
        defaults = {
            "timezone": zone,
            "time": time,
            "start": cleaned.get("schedule_start"),
            "duration": dt.timedelta(minutes=minutes),
        }
        text = (cleaned.get("schedule_rule") or "").strip()
        try:
            if text:
                schedule = parse_schedule(text, **defaults)
                # The advanced text may say the time, zone or start itself:
                # store what the core understood, so the fields agree with it.
                cleaned["schedule_rule"] = schedule.rule
                cleaned["schedule_time"] = schedule.time
                cleaned["schedule_timezone"] = schedule.timezone
                cleaned["schedule_start"] = schedule.start
            else:
                rule = "FREQ=MONTHLY;BYDAY={}{}".format(
                    cleaned.get("schedule_ordinal"), cleaned.get("schedule_weekday")
                )
                Schedule(rule=rule, **defaults)
        except KindnessInputError as error:
            self.add_error("schedule_rule" if text else None, str(error))
        return cleaned


class ConversationPageForm(WagtailAdminPageForm):
    """Pre-fills a new conversation with the next free date of the schedule.

    The slug may be left blank: it becomes ``YYYY-MM-title`` (``YYYY-MM``
    when untitled).  The one-conversation-a-month rule and the time-zone
    checks are in ``ConversationPage.clean`` so that they also hold outside
    the admin.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        series = self.parent_page.specific if self.parent_page is not None else None
        if not hasattr(series, "base_schedule"):
            series = None
        self.series = series
        if series is not None:
            self.instance._kindness_series = series
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "Leave blank to use the month and title, e.g. 2024-03-kindness-in-education."
            )
        if series is None:
            return
        self._describe_zone(series)
        if self.instance._state.adding and not self.is_bound:
            self._prefill(series)
        elif not self.is_bound and (warning := self.instance.schedule_warning(series)):
            self.fields["date"].help_text = warning

    def _describe_zone(self, series) -> None:
        label = series.schedule_timezone
        for name in ("date", "time", "postponed_date", "postponed_time"):
            if name in self.fields:
                help_text = self.fields[name].help_text
                zone = _("Time zone: %(zone)s.") % {"zone": label}
                self.fields[name].help_text = f"{help_text} {zone}" if help_text else zone

    def _prefill(self, series) -> None:
        occurrence = series.next_free_occurrence(now=timezone.now())
        if occurrence is None:
            return
        local = occurrence.start
        if self.initial.get("date") is None:
            self.initial["date"] = local.date()
        if not self.initial.get("time"):
            self.initial["time"] = local.time().replace(tzinfo=None)
        if not self.initial.get("slug"):
            self.initial["slug"] = f"{local:%Y-%m}"

    def clean(self):
        # A new page whose slug is blank or still the bare suggested "YYYY-MM"
        # gets "YYYY-MM-title" from the date and title actually entered.
        slug = self.cleaned_data.get("slug") or ""
        date = self.cleaned_data.get("date")
        if date and (not slug or (self.instance._state.adding and _BARE_MONTH.match(slug))):
            self.instance.date = date
            self.instance.conversation_title = self.cleaned_data.get("conversation_title", "")
            base = self.instance.auto_slug_base()
            page_model = type(self.instance)
            slug, n = base, 1
            while not page_model._slug_is_available(slug, self.parent_page, self.instance):
                n += 1
                slug = f"{base}-{n}"
            self.cleaned_data["slug"] = slug
        return super().clean()

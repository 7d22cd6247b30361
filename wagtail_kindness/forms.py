"""Admin page forms: schedule validation through kindness_core, the joining
fields (reminder hours, and the warning of a sign-up without a private
joining link), and the pre-filled date and slug of a new conversation."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from kindness_core.errors import KindnessInputError
from kindness_core.schedule.zones import get_zone

from . import conf
from .months import draft_notice
from .scheduling import default_change_date, schedule_from_fields
from .validators import WebURLField
from .widgets import ScheduleDateInput
from .zone_choices import grouped_choices

_BARE_MONTH = re.compile(r"^\d{4}-\d{2}$")

#: The attribute of the series page that carries the ``?date=`` of an "Add" link to the
#: new conversation's form (set by ``editorial.remember_requested_date``, a hook).
REQUESTED_DATE = "wagtail_kindness_requested_date"

#: Reminders go out at most this many hours (two weeks) before a meeting.
MAX_REMINDER_HOURS = 24 * 14


def parse_reminder_hours(text: str) -> tuple[int, ...] | None:
    """``"24, 1"`` -> ``(24, 1)``; ``()`` for blank; ``None`` if it is not whole hours
    from 1 to :data:`MAX_REMINDER_HOURS` separated by commas."""
    if not text.strip():
        return ()
    hours = []
    for part in text.split(","):
        part = part.strip()
        if not (part.isascii() and part.isdigit()) or not 1 <= int(part) <= MAX_REMINDER_HOURS:
            return None
        hours.append(int(part))
    return tuple(hours)


def joining_warning(series) -> str | None:
    """A sentence if people sign up but the series has no private joining link, else ``None``.

    Allowed (a conversation may have its own link, or the link comes later),
    but the joining emails would carry no link: the editor is told after
    saving (``editing.warn_joining``).
    """
    if series.join_mode != "signup" or (series.meeting_url or "").strip():
        return None
    return _(
        "People can sign up, but the series has no private joining link: the joining "
        "emails will have no link unless each conversation has its own. Add it under "
        "Joining when you have it."
    )


def schedule_date_warning(series, day: dt.date, *, saved: bool = False) -> str | None:
    """A sentence if ``day`` is not one of the dates of ``series``' schedule, else ``None``.

    What the editor reads under the date while typing it and in the form
    (``views/editor_checks.py``, :class:`ConversationPageForm`): the check of
    ``ConversationPage.schedule_warning``, said before saving, not after.
    With ``saved``, the sentence says the page was kept (the message after saving).
    """
    if not 1900 <= day.year <= 2999:  # refused by the page's own checks
        return None
    try:
        dates = [o.start.date() for o in series.base_schedule().in_month(day.year, day.month)]
    except KindnessInputError:
        return None
    if day in dates:
        return None
    expected = ", ".join(f"{d:%A} {d.day} {d:%B}" for d in dates) or _("no date")
    if saved:
        sentence = _(
            "%(date)s is not on the schedule (%(schedule)s): the schedule's date that "
            "month is %(expected)s. The page was kept; check the date if this was a mistake."
        )
    else:
        sentence = _(
            "%(date)s is not on the schedule (%(schedule)s): the schedule's date that month "
            "is %(expected)s. You can still save it; check the date if this is a mistake."
        )
    return sentence % {
        "date": f"{day:%A} {day.day} {day:%B %Y}",
        "schedule": series.schedule_description,
        "expected": expected,
    }


def _refuse_long_titles(field) -> None:
    """A title over the limit is refused with the limit, and never cut.

    Without the input's ``maxlength``: a browser cuts a longer pasted title
    there without a word.
    """
    field.widget.attrs.pop("maxlength", None)
    field.error_messages["max_length"] = _(
        "This title has %(show_value)d characters: a title may have at most "
        "%(limit_value)d. Shorten it (nothing was cut)."
    )


class ConversationSeriesPageForm(WagtailAdminPageForm):
    """Edits the schedule as plain fields; kindness_core validates it."""

    join_url = WebURLField(
        label=_("joining link"),
        required=False,
        help_text=_("Optional: the address of the video call or the sign-up form."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("schedule_timezone")
        if field is not None:
            # Common zones first, by place and country; a stored old name stays choosable.
            keep = [self.initial.get("schedule_timezone")]
            if self.is_bound:
                keep.append(self.data.get(self.add_prefix("schedule_timezone")))
            field.widget = forms.Select(choices=grouped_choices(conf.time_zones(), tuple(keep)))
        self._default_change_date()

    def _default_change_date(self) -> None:
        """A change of time or zone applies, unless the editor says otherwise, from
        the next meeting (the date stored by an earlier change is not reused)."""
        if "schedule_change_from" not in self.fields or self.is_bound:
            return
        if self.instance.pk:
            self.initial["schedule_change_from"] = default_change_date(self.instance)
        else:
            self.fields["schedule_change_from"].widget = forms.HiddenInput()

    def clean_reminder_hours(self):
        text = self.cleaned_data.get("reminder_hours") or ""
        hours = parse_reminder_hours(text)
        if hours is None:
            raise forms.ValidationError(
                _(
                    "Write hours before the conversation, separated by commas, e.g. 24, 1 "
                    "(whole hours from 1 to %(max)d)."
                )
                % {"max": MAX_REMINDER_HOURS},
                code="reminder_hours",
            )
        return ", ".join(str(h) for h in hours)

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
        text = (cleaned.get("schedule_rule") or "").strip()
        try:
            schedule = schedule_from_fields(
                ordinal=cleaned.get("schedule_ordinal"),
                weekday=cleaned.get("schedule_weekday"),
                time=time,
                zone=zone,
                start=cleaned.get("schedule_start"),
                minutes=minutes,
                rule_text=text,
            )
        except KindnessInputError as error:
            self.add_error("schedule_rule" if text else None, str(error))
            return cleaned
        if text:
            # The advanced text may say the time, zone or start itself:
            # store what the core understood, so the fields agree with it.
            cleaned["schedule_rule"] = schedule.rule
            cleaned["schedule_time"] = schedule.time
            cleaned["schedule_timezone"] = schedule.timezone
            cleaned["schedule_start"] = schedule.start
        return cleaned


class ConversationPageForm(WagtailAdminPageForm):
    """Pre-fills a new conversation with the next free date of the schedule.

    The slug may be left blank: it becomes ``YYYY-MM-title`` (``YYYY-MM``
    when untitled).  The one-conversation-a-month rule and the time-zone
    checks are in ``ConversationPage.clean`` so that they also hold outside
    the admin.

    The new date and time of a postponed conversation show only while
    "Postponed" is chosen (``js/conversation-status.js``); with another
    status they are cleared when the page is saved (:meth:`clear_new_date`),
    not refused: the editor may have hidden them by changing the status.
    """

    class Media:
        js = ["wagtail_kindness/js/conversation-status.js"]

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
        if "conversation_title" in self.fields:
            _refuse_long_titles(self.fields["conversation_title"])
        if series is None:
            return
        self._describe_zone(series)
        if self.instance._state.adding:
            self._notice_drafts(series)
        if self.instance._state.adding and not self.is_bound:
            self._prefill(series)
        if "date" in self.fields:
            self._check_date(series)

    def _check_date(self, series) -> None:
        """Says "not on the schedule" under the date: as it is typed (``widgets``),
        and for the date the form shows (here, and in :meth:`clean_date` after a
        save that failed), so that it also shows without JavaScript."""
        old = self.fields["date"].widget
        widget = ScheduleDateInput(
            attrs=old.attrs, format=getattr(old, "format", None), series_id=series.pk
        )
        day = self.initial.get("date")
        if not self.is_bound and isinstance(day, dt.date):
            widget.warning = schedule_date_warning(series, day) or ""
        self.fields["date"].widget = widget

    def clean_date(self):
        day = self.cleaned_data.get("date")
        widget = self.fields["date"].widget
        if day and self.series is not None and isinstance(widget, ScheduleDateInput):
            widget.warning = schedule_date_warning(self.series, day) or ""
        return day

    def _notice_drafts(self, series) -> None:
        """Say, under the date, which coming months already have a draft (they are
        taken: an abandoned draft, e.g. autosaved, would move the suggestion on),
        with a link to continue each one (``months.draft_notice``)."""
        if "date" in self.fields and (notice := draft_notice(series, now=timezone.now())):
            help_text = self.fields["date"].help_text
            self.fields["date"].help_text = format_html("{}<br>{}", notice, help_text)

    def _describe_zone(self, series) -> None:
        # A page keeps the zone it was saved in (a later schedule change moves
        # only the pages from the date it applies from).
        label = self.instance.time_zone or series.schedule_timezone
        for name in ("date", "time", "postponed_date", "postponed_time"):
            if name in self.fields:
                help_text = self.fields[name].help_text
                zone = _("Time zone: %(zone)s.") % {"zone": label}
                self.fields[name].help_text = f"{help_text} {zone}" if help_text else zone

    def _prefill(self, series) -> None:
        # The date of the "Add" link (``?date=``), else the next free date of the schedule.
        day = getattr(series, REQUESTED_DATE, None)
        if day is not None:
            time = series.schedule_time
        else:
            occurrence = series.next_free_occurrence(now=timezone.now())
            if occurrence is None:
                return
            day, time = occurrence.start.date(), occurrence.start.time().replace(tzinfo=None)
        if self.initial.get("date") is None:
            self.initial["date"] = day
        if not self.initial.get("time"):
            self.initial["time"] = time
        if not self.initial.get("slug"):
            self.initial["slug"] = f"{day:%Y-%m}"

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
        self.clear_new_date()
        return super().clean()

    def clear_new_date(self) -> None:
        """A new date means something only for a postponed conversation: clear it otherwise."""
        if "status" in self.cleaned_data and self.cleaned_data["status"] != "postponed":
            for name in ("postponed_date", "postponed_time"):
                if name in self.cleaned_data:
                    self.cleaned_data[name] = None

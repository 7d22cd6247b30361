"""The sign-up form a visitor fills in on a series' ``join/`` route.

Name, email, which conversation (one of the coming meetings, or every one
until they stop), their time zone, consent, the optional follow-up, and a
honeypot: a field people never see (visually hidden, out of the tab order)
that only robots fill in.  A form with it filled in is answered like any
other and does nothing (:meth:`JoinForm.is_robot`).
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from kindness_core.schedule.dates import format_when

from ..languages import output_locale
from ..zone_choices import canonical_zones, grouped_choices
from .meetings import Meeting, offered_meetings

__all__ = ["EVERY", "HONEYPOT", "JoinForm", "meeting_label"]

#: The value of "every conversation until I stop".
EVERY = "every"
#: The honeypot field's name: a word robots like to fill in.
HONEYPOT = "website"

#: Characters refused in a name: controls (newlines, NUL, tabs…) and line or
#: paragraph separators, direction overrides — a name goes into email headers.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
#: Format characters that names need (zero-width non-joiner and joiner: Persian, Indic scripts).
_NAME_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


def _zone_of(moment: dt.datetime, fallback: str) -> str:
    return getattr(moment.tzinfo, "key", None) or fallback


def meeting_label(meeting: Meeting) -> str:
    """The meeting's start in its zone, in the active language's words.

    "Thursday 17 December 2026, 6:00pm UK time", then its own title if the
    conversation has one.
    """
    when = format_when(
        meeting.start, _zone_of(meeting.start, meeting.series.schedule_timezone), output_locale()
    )
    own_title = getattr(meeting.page, "conversation_title", "")
    return f"{when} – {own_title}" if own_title else when


def validate_name(value: str) -> None:
    if any(
        unicodedata.category(char) in _REFUSED_CATEGORIES and char not in _NAME_FORMAT_CHARACTERS
        for char in value
    ):
        raise ValidationError(
            _("Write your name on one line, without special characters."), code="control"
        )


class JoinForm(forms.Form):
    """The sign-up form of ``series``; its meetings are those coming at ``now``."""

    name = forms.CharField(
        label=pgettext_lazy("joining", "Name"),
        max_length=100,
        strip=True,
        validators=[validate_name],
        widget=forms.TextInput(
            attrs={"autocomplete": "name", "autocapitalize": "words", "spellcheck": "false"}
        ),
    )
    email = forms.EmailField(
        label=pgettext_lazy("joining", "Email"),
        max_length=254,
        help_text=_("We send the joining details here. We never show it to anyone."),
        widget=forms.EmailInput(
            attrs={"autocomplete": "email", "inputmode": "email", "spellcheck": "false"}
        ),
    )
    when = forms.ChoiceField(
        label=_("Which conversation?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose a conversation."),
            "invalid_choice": _("Choose one of the conversations below."),
        },
    )
    time_zone = forms.ChoiceField(
        label=_("Your time zone"),
        help_text=_("Your emails give the times in this zone too."),
    )
    consent = forms.BooleanField(
        label=_("Email me about the conversations I join"),
        help_text=_(
            "The joining details, reminders and any change. "
            "Every email has a link to cancel and stop them."
        ),
        error_messages={"required": _("Tick this box so that we can send you the details.")},
    )
    follow_up = forms.BooleanField(
        label=_("Tell me when the summary and recording are up"),
        required=False,
    )
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, series, *args, now: dt.datetime, wanted_date: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.series = series
        self.meetings = offered_meetings(series, now=now)
        self.fields["when"].choices = [
            *((m.date.isoformat(), meeting_label(m)) for m in self.meetings),
            (EVERY, _("Every conversation until I stop")),
        ]
        own_zone = series.schedule_timezone
        self.fields["time_zone"].choices = grouped_choices(
            (own_zone, *canonical_zones()), keep=(own_zone,)
        )
        self.fields["time_zone"].initial = own_zone
        offered = {m.date.isoformat() for m in self.meetings}
        if wanted_date and wanted_date in offered:
            self.fields["when"].initial = wanted_date
        elif len(self.meetings) == 0:
            self.fields["when"].initial = EVERY
        if not self.is_bound:  # js/join-zone.js chooses the browser's zone, if offered
            self.fields["time_zone"].widget.attrs["data-kindness-browser-zone"] = ""

    def is_robot(self) -> bool:
        """The honeypot was filled in: answer as usual, do nothing."""
        return bool(self.cleaned_data.get(HONEYPOT))

    def clean(self):
        data = super().clean()
        when = data.get("when")
        if when == EVERY:
            data["every"] = True
            data["date"] = self.meetings[0].date if self.meetings else None
        elif when:
            data["every"] = False
            data["date"] = dt.date.fromisoformat(when)  # one of the choices: valid
        return data

    def when_choices(self) -> list[tuple[object, Meeting | None]]:
        """Each radio button of ``when`` with its meeting (``None`` for "every")."""
        return list(zip(self["when"], [*self.meetings, None], strict=True))

    def anchor(self, name: str) -> str:
        """The id an error summary links to: the field, or a radio group's first choice."""
        bound = self[name]
        if isinstance(bound.field.widget, forms.RadioSelect):
            return f"{bound.auto_id}_0"
        return bound.auto_id

    def error_links(self) -> list[tuple[str, str]]:
        """``(anchor, message)`` for each error, in the order of the fields."""
        found = []
        for name in self.fields:
            for message in self.errors.get(name, ()):
                found.append((self.anchor(name), message))
        for message in self.non_field_errors():
            found.append(("", message))
        return found

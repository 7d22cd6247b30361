"""The people and themes of a conversation page (inline children)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from kindness_core.series import Role, Status

from ..text import readable_slug
from .snippets import Speaker

ROLE_CHOICES = [
    (Role.SPEAKER.value, _("Guest speaker")),
    (Role.CO_SPEAKER.value, _("Co-speaker")),
    (Role.HOST.value, _("Host")),
    (Role.FACILITATOR.value, _("Facilitator")),
    (Role.COORDINATOR.value, _("Coordinator")),
]
STATUS_CHOICES = [
    (Status.SCHEDULED.value, _("Scheduled")),
    (Status.HELD.value, _("Held")),
    (Status.CANCELLED.value, pgettext_lazy("conversation status", "Cancelled")),
    (Status.POSTPONED.value, _("Postponed")),
]


class Theme(TagBase):
    """A theme of conversations, in any language: the plugin's own tags.

    Apart from taggit's ``Tag``, so that other apps' tags are not themes and
    a theme's slug is always usable in the theme route: letters of any script
    are kept, and a name without letters (an emoji) is named by its
    characters (``readable_slug``); the slug is never empty.
    """

    free_tagging = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def slugify(self, tag, i=None):
        slug = readable_slug(tag, default="theme")
        return slug if i is None else f"{slug}-{i + 1}"


class ConversationTheme(ItemBase):
    """A theme of one conversation; a page's themes are kept in the order they were added."""

    tag = models.ForeignKey(
        Theme,
        verbose_name=_("theme"),
        related_name="tagged_conversations",
        on_delete=models.CASCADE,
    )
    content_object = ParentalKey(
        "wagtail_kindness.ConversationPage", related_name="tagged_themes", on_delete=models.CASCADE
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("conversation theme")
        verbose_name_plural = _("conversation themes")


class ConversationPerson(Orderable):
    """A speaker's part in one conversation."""

    page = ParentalKey(
        "wagtail_kindness.ConversationPage", related_name="people", on_delete=models.CASCADE
    )
    speaker = models.ForeignKey(
        Speaker, verbose_name=_("speaker"), related_name="parts", on_delete=models.CASCADE
    )
    role = models.CharField(
        _("part"), max_length=20, choices=ROLE_CHOICES, default=Role.SPEAKER.value
    )

    panels = [FieldRowPanel(["speaker", "role"])]

    class Meta(Orderable.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def to_core(self):
        return self.speaker.to_core(self.role)


def _person_heading(speaker, role_label: str) -> str:
    # Translators: the heading of a person's row on a conversation page, e.g.
    # "Dr Priya Raman — Guest speaker".
    text = gettext("%(person)s — %(part)s")
    return text % {"person": speaker, "part": role_label} if role_label else str(speaker)


class PeopleInlinePanel(InlinePanel):
    """The people of a conversation: each row is headed by its person and part.

    Wagtail heads each row with the label and a number ("Person 1"); here a
    row with a speaker reads "Dr Priya Raman — Guest speaker" (one query for
    all the rows' speakers), and ``people-panel.js`` keeps the heading in
    step when a speaker is chosen or the part changed in the browser.
    """

    class BoundPanel(InlinePanel.BoundPanel):
        template_name = "wagtail_kindness/admin/people_inline_panel.html"

        class Media:
            js = ["wagtail_kindness/js/people-panel.js"]

        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.form is None:
                return
            choices = dict(ROLE_CHOICES)
            wanted = {child: _field_value(child.form, "speaker") for child in self.children}
            ids = {pk for pk in wanted.values() if pk}
            speakers = Speaker.objects.in_bulk(ids) if ids else {}
            for child, pk in wanted.items():
                speaker = speakers.get(pk)
                role = choices.get(_field_value(child.form, "role") or "", "")
                child.kindness_heading = _person_heading(speaker, role) if speaker else ""

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["heading_format"] = gettext("%(person)s — %(part)s") % {
                "person": "{person}",
                "part": "{part}",
            }
            return context


def _field_value(form, name: str):
    """A row form's value for ``name`` (the submitted one when re-shown), or None."""
    if name not in form.fields:
        return None
    value = form[name].value()
    if name == "speaker":
        try:
            return int(value)
        except (TypeError, ValueError):
            return None
    return value

"""The people and themes of a conversation page (inline children)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import Orderable

from kindness_core.models import Role, Status

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
    (Status.CANCELLED.value, _("Cancelled")),
    (Status.POSTPONED.value, _("Postponed")),
]


class ConversationTheme(TaggedItemBase):
    content_object = ParentalKey(
        "wagtail_kindness.ConversationPage", related_name="tagged_themes", on_delete=models.CASCADE
    )


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

    panels = ["speaker", "role"]

    class Meta(Orderable.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def to_core(self):
        return self.speaker.to_core(self.role)

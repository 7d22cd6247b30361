"""The people and themes of a conversation page (inline children)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
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
    (Status.CANCELLED.value, _("Cancelled")),
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

    panels = ["speaker", "role"]

    class Meta(Orderable.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def to_core(self):
        return self.speaker.to_core(self.role)

"""The example site's home page: the next conversation, the latest three, and links."""

from __future__ import annotations

from django.utils import timezone
from wagtail.fields import RichTextField
from wagtail.models import Page

from wagtail_kindness.models import ConversationSeriesPage


class HomePage(Page):
    """The site's root page; the conversation series lives under it."""

    intro = RichTextField(blank=True, help_text="A few words at the top of the home page.")

    content_panels = [*Page.content_panels, "intro"]
    subpage_types = ["wagtail_kindness.ConversationSeriesPage"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def series(self) -> ConversationSeriesPage | None:
        return (
            ConversationSeriesPage.objects.child_of(self).live().public().order_by("path").first()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        series = self.series()
        context["series"] = series
        if series is not None:
            context["next_item"] = series.next_conversation(now=timezone.now())
            context["latest"] = list(
                series.conversations()
                .filter(start__lte=timezone.now())
                .prefetch_related("people__speaker")[:3]
            )
        return context

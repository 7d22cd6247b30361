"""``ConversationPage.objects``: Wagtail's page queries, plus those of the plugin's outputs."""

from __future__ import annotations

from django.db.models import F, Prefetch
from wagtail.models import PageManager
from wagtail.query import PageQuerySet

from kindness_core.series import Status

from .people import ConversationPerson, ConversationTheme

__all__ = ["ConversationPageManager", "ConversationPageQuerySet"]


class ConversationPageQuerySet(PageQuerySet):
    def newest_first(self):
        """Newest first (``start``, then the page id); a page without a start last."""
        return self.order_by(F("start").desc(nulls_last=True), "-pk")

    def with_people_and_themes(self):
        """The rows of a listing: people with their speakers and photos, themes with
        their tags, in one query each whatever the number of rows; the body deferred.
        """
        return self.defer("body").prefetch_related(
            Prefetch(
                "people",
                queryset=ConversationPerson.objects.select_related(
                    "speaker", "speaker__photo"
                ).order_by("sort_order", "pk"),  # pk: the same order on every database
            ),
            Prefetch("tagged_themes", queryset=ConversationTheme.objects.select_related("tag")),
        )

    def exceptions(self):
        """The cancelled and postponed pages: what changes a schedule's dates."""
        return self.filter(status__in=[Status.CANCELLED, Status.POSTPONED])


ConversationPageManager = PageManager.from_queryset(ConversationPageQuerySet)

"""Query helpers that keep the cost of a page constant (see docs/performance.md).

* :func:`people_of` / :func:`themes_of`: a conversation's people with their
  speakers (and photos) and its themes with their tags, one query each
  (Django's ``prefetch_related_objects``, so the template and the JSON-LD
  share it), never one per person or theme; a page being previewed keeps its
  unsaved children.
* :func:`in_unpublished_series_q` / :func:`exclude_unpublished_series`: a
  conversation is public only if its series page is live too (Wagtail's
  unpublish leaves the children of a page live); for any page queryset, such
  as a site's search.

The queries of the conversation pages themselves are methods of
``ConversationPage.objects`` (:mod:`wagtail_kindness.models.querysets`) and
of the series page (``conversations()``, ``upcoming()``).
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Length, Substr
from wagtail.models import Page

__all__ = [
    "exclude_unpublished_series",
    "in_unpublished_series_q",
    "people_of",
    "themes_of",
]


def _children(page, relation: str, select: tuple[str, ...]) -> list:
    manager = getattr(page, relation)
    if relation in getattr(page, "_cluster_related_objects", {}) or page.pk is None:
        return list(manager.all())  # in memory: a preview or an unsaved page
    related = page._meta.get_field(relation).related_model
    # Fetched once, then kept by Django on the page (a no-op when already there).
    prefetch_related_objects(
        [page], Prefetch(relation, queryset=related.objects.select_related(*select))
    )
    return list(manager.all())


def people_of(page) -> list:
    """The page's ``ConversationPerson`` rows with speaker and photo (one query)."""
    return _children(page, "people", ("speaker", "speaker__photo"))


def themes_of(page) -> list:
    """The page's ``ConversationTheme`` rows with their tags (one query)."""
    return _children(page, "tagged_themes", ("tag",))


def _conversation_types() -> list:
    base = apps.get_model("wagtail_kindness", "ConversationPage")
    models = [model for model in apps.get_models() if issubclass(model, base)]
    return list(ContentType.objects.get_for_models(*models, for_concrete_models=False).values())


def in_unpublished_series_q() -> Q:
    """Conversation pages (of any subclass) whose parent page, their series, is not live."""
    parent_live = Page.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen), live=True
    )
    return Q(content_type__in=_conversation_types()) & ~Exists(parent_live)


def exclude_unpublished_series(queryset):
    """``queryset`` (of any page type) without the conversations of unpublished series.

    One query finds those conversations; they are left out by id, which every
    search backend can filter on, so this works before ``.search()`` too.
    Add it where a site lists pages to the public, e.g. its search::

        results = exclude_unpublished_series(Page.objects.live().public()).search(query)
    """
    base = apps.get_model("wagtail_kindness", "ConversationPage")
    hidden = list(base.objects.filter(in_unpublished_series_q()).values_list("pk", flat=True))
    return queryset.exclude(pk__in=hidden) if hidden else queryset

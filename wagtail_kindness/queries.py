"""Query helpers that keep the cost of a page constant (see docs/performance.md).

* :func:`public_children_q`: Wagtail's ``PageQuerySet.public()`` for the
  children of one page, as a single ``NOT EXISTS`` (``public()`` first reads
  every view restriction of the site in a query of its own).
* :func:`view_restrictions`: ``Page.get_view_restrictions()`` in one query
  instead of two (the ancestors' ``alias_of`` are not read separately).
* :func:`people_of` / :func:`themes_of`: a conversation's people with their
  speakers (and photos) and its themes with their tags, one query each, never
  one per person or theme; a page being previewed keeps its unsaved children.
* :func:`in_unpublished_series_q` / :func:`exclude_unpublished_series`: a
  conversation is public only if its series page is live too (Wagtail's
  unpublish leaves the children of a page live); for any page queryset, such
  as a site's search.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def _path_and_ancestors(page) -> list[str]:
    """The treebeard paths of ``page`` and of each of its ancestors."""
    step = type(page).steplen
    return [page.path[:end] for end in range(step, len(page.path) + 1, step)]


def public_children_q(parent) -> Exists:
    """Children of ``parent`` that ``public()`` keeps: no restriction on them or above.

    Exactly the pages ``parent.get_children().public()`` gives: a child is
    private if a restriction is set on it, on ``parent`` or on an ancestor.
    """
    restricted = PageViewRestriction.objects.filter(
        Q(page__path__in=_path_and_ancestors(parent)) | Q(page_id=OuterRef("pk"))
    )
    return ~Exists(restricted)


def view_restrictions(page):
    """What ``Page.get_view_restrictions()`` returns, in one query.

    The restrictions of the page and its ancestors, an alias (page or
    ancestor) taking those of its source page, as Wagtail does.
    """
    paths = _path_and_ancestors(page)
    return PageViewRestriction.objects.filter(
        Q(page__path__in=paths, page__alias_of__isnull=True) | Q(page__aliases__path__in=paths)
    ).distinct()


def _children(page, relation: str, select: tuple[str, ...]):
    manager = getattr(page, relation)
    if relation in getattr(page, "_cluster_related_objects", {}) or page.pk is None:
        return list(manager.all())  # in memory: a preview or an unsaved page
    if relation in getattr(page, "_prefetched_objects_cache", {}):
        return list(manager.all())
    # Kept on the instance so that the template and the JSON-LD share one query;
    # cleared by refresh_from_db() (it drops the prefetch cache) or a new instance.
    memo = page.__dict__.setdefault("_prefetched_objects_cache", {})
    memo[relation] = manager.all().select_related(*select)
    return list(memo[relation])


def people_of(page) -> list:
    """The page's ``ConversationPerson`` rows with speaker and photo (one query)."""
    return _children(page, "people", ("speaker", "speaker__photo"))


def themes_of(page) -> list:
    """The page's ``ConversationTheme`` rows with their tags (one query)."""
    return _children(page, "tagged_themes", ("tag",))


def _conversation_types() -> list:
    from django.contrib.contenttypes.models import ContentType

    from .models import ConversationPage

    models = [m for m in _all_models() if issubclass(m, ConversationPage)]
    return list(ContentType.objects.get_for_models(*models, for_concrete_models=False).values())


def _all_models():
    from django.apps import apps

    return apps.get_models()


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
    from .models import ConversationPage

    hidden = list(
        ConversationPage.objects.filter(in_unpublished_series_q()).values_list("pk", flat=True)
    )
    return queryset.exclude(pk__in=hidden) if hidden else queryset

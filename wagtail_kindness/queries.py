"""Query helpers that keep the cost of a page constant (see docs/performance.md).

* :func:`people_of` / :func:`themes_of`: a conversation's people with their
  speakers (and photos) and its themes with their tags, one query each
  (Django's ``prefetch_related_objects``, so the template and the JSON-LD
  share it), never one per person or theme; a page being previewed keeps its
  unsaved children.
* :func:`core_people_and_themes`: the core's people and theme names of many
  conversations at once (one ``values`` query each, no model instances), for
  the series' archive as the outputs read it (``ConversationSeriesPage.to_core``).
* :func:`children_full_urls`: the full URLs of many child pages with one
  ``reverse`` (the parent's), checked against the first child's own URL.
* :func:`in_unpublished_series_q` / :func:`exclude_unpublished_series`: a
  conversation is public only if its series page is live too (Wagtail's
  unpublish leaves the children of a page live); for any page queryset, such
  as a site's search.

The queries of the conversation pages themselves are methods of
``ConversationPage.objects`` (:mod:`wagtail_kindness.models.querysets`) and
of the series page (``conversations()``, ``upcoming()``).
"""

from __future__ import annotations

import re

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from kindness_core.series import Person, Role

__all__ = [
    "children_full_urls",
    "core_people_and_themes",
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


def core_people_and_themes(
    page_ids,
) -> tuple[dict[int, tuple[Person, ...]], dict[int, tuple[str, ...]]]:
    """The core people and theme names of the pages ``page_ids``, by page id.

    ``page_ids``: a list of ids or a query of them (``pages.values("pk")``,
    read as a subquery: no list of ids sent to the database).  The same
    values, in the same order, as ``person.to_core()`` for :func:`people_of`
    and ``item.tag.name`` for :func:`themes_of`, read with one ``values``
    query each (a page without any is missing from the dicts).
    """
    if isinstance(page_ids, list) and not page_ids:
        return {}, {}
    person_model = apps.get_model("wagtail_kindness", "ConversationPerson")
    theme_model = apps.get_model("wagtail_kindness", "ConversationTheme")
    people: dict[int, list[Person]] = {}
    roles: dict[str, Role] = {}
    rows = (
        person_model.objects.filter(page_id__in=page_ids)
        .order_by(*person_model._meta.ordering, "pk")
        .values_list(
            "page_id",
            "role",
            "speaker__name",
            "speaker__honorific",
            "speaker__job_title",
            "speaker__organisation",
        )
    )
    for page_id, role, name, honorific, job_title, organisation in rows:
        if role not in roles:
            roles[role] = Role(role)
        people.setdefault(page_id, []).append(
            Person(
                name=name,
                role=roles[role],
                honorific=honorific or None,
                job_title=job_title or None,
                organisation=organisation or None,
            )
        )
    themes: dict[int, list[str]] = {}
    for page_id, name in (
        theme_model.objects.filter(content_object_id__in=page_ids)
        .order_by(*theme_model._meta.ordering)
        .values_list("content_object_id", "tag__name")
    ):
        themes.setdefault(page_id, []).append(name)
    return (
        {key: tuple(value) for key, value in people.items()},
        {key: tuple(value) for key, value in themes.items()},
    )


#: A child's own part of its ``url_path`` that ``reverse`` leaves as it is.
_PLAIN_CHILD_PATH = re.compile(r"[A-Za-z0-9_-]+/")


def children_full_urls(parent, pages, request=None) -> list[str | None]:
    """``page.get_full_url(request)`` for each of ``pages`` (children of ``parent``).

    Wagtail reverses the serve view for every page; a child's URL is its
    parent's with the child's slug added, as long as no site is rooted below
    the parent and the slug needs no quoting.  That rule is checked on the
    first child against Wagtail's own answer; where it does not apply, the
    entry is ``None`` (the caller asks the page).
    """
    unknown: list[str | None] = [None] * len(pages)
    if not pages or not parent.pk:
        return unknown
    below = [
        root
        for root in parent._get_site_root_paths(request)
        if root.root_path.startswith(parent.url_path) and root.root_path != parent.url_path
    ]
    parent_url = parent.get_full_url(request)
    if below or not parent_url:
        return unknown
    base = parent_url if parent_url.endswith("/") else parent_url + "/"

    def tail(page) -> str | None:
        rest = page.url_path[len(parent.url_path) :]
        plain = page.url_path.startswith(parent.url_path) and _PLAIN_CHILD_PATH.fullmatch(rest)
        return rest if plain else None

    first, rest = pages[0], tail(pages[0])
    actual = first.get_full_url(request)
    if rest is None or actual is None:
        return unknown
    if actual == base + rest:
        strip = False
    elif actual == (base + rest).rstrip("/"):
        strip = True  # WAGTAIL_APPEND_SLASH = False
    else:
        return unknown
    urls: list[str | None] = [actual]
    for page in pages[1:]:
        rest = tail(page)
        if rest is None or type(page).get_url_parts is not type(first).get_url_parts:
            urls.append(None)
        else:
            urls.append((base + rest).rstrip("/") if strip else base + rest)
    return urls


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

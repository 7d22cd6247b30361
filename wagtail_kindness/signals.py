"""Signal handlers that invalidate the cached calendars, feeds and archive lists.

Connected in :meth:`wagtail_kindness.apps.WagtailKindnessConfig.ready`.  Any
change that can alter a series' outputs replaces the global version kept in
the database (:meth:`OutputsVersion.bump() <wagtail_kindness.models.OutputsVersion.bump>`,
one UPDATE of its row, in the transaction of the change, so every process
sees both at once).

:func:`output_models` is the one list of the models whose data the outputs
show (``tests/wagtail_kindness/test_plugin_invalidation.py`` walks the page
models' relations and fails if one is missing): saving or deleting any of
them bumps the version; the page models also bump it when published,
unpublished or moved.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .models import (
    ConversationPage,
    ConversationPerson,
    ConversationSeriesPage,
    ConversationTheme,
    OutputsVersion,
    Speaker,
    Theme,
)

DISPATCH_PREFIX = "wagtail_kindness.invalidate"


def invalidate(sender=None, **kwargs) -> None:
    """Replace the version of the cached outputs (any sender)."""
    OutputsVersion.bump()


def page_models() -> tuple:
    """The page types whose publishing, unpublishing and moves change the outputs."""
    return (ConversationPage, ConversationSeriesPage)


def output_models() -> tuple:
    """Every model whose rows the calendars, feeds, archives and API show or depend on.

    The pages and their inline rows (people, themes), the speaker snippet and
    its photo, themes, documents (resources), view restrictions (privacy) and
    sites (every address).
    """
    return (
        *page_models(),
        ConversationPerson,
        ConversationTheme,
        Speaker,
        Theme,
        get_image_model(),
        get_document_model(),
        PageViewRestriction,
        Site,
    )


def _uid(kind: str, model) -> str:
    return f"{DISPATCH_PREFIX}.{kind}.{model._meta.label_lower}"


def connect() -> None:
    for model in page_models():
        page_published.connect(invalidate, sender=model, dispatch_uid=_uid("pub", model))
        page_unpublished.connect(invalidate, sender=model, dispatch_uid=_uid("unpub", model))
        post_page_move.connect(invalidate, sender=model, dispatch_uid=_uid("move", model))
    for model in output_models():
        # For pages also a save without publishing: a live page added with
        # add_child(), or edited in code (a draft in the admin bumps it too).
        post_save.connect(invalidate, sender=model, dispatch_uid=_uid("save", model))
        post_delete.connect(invalidate, sender=model, dispatch_uid=_uid("del", model))

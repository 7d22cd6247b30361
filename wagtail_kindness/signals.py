"""Signal handlers that invalidate the cached calendars, feeds and archive lists.

Connected in :meth:`wagtail_kindness.apps.WagtailKindnessConfig.ready`.  Any
change that can alter a series' outputs replaces the global version kept in
the database (:func:`wagtail_kindness.caching.bump_version`, one UPDATE of
the :class:`~wagtail_kindness.models.OutputsVersion` row, in the transaction
of the change, so every process sees both at once): a conversation or series
page published, unpublished, saved, moved or deleted; a speaker saved or
deleted; a document replaced; a view restriction added or removed; a site
changed.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import bump_version

DISPATCH_PREFIX = "wagtail_kindness.invalidate"


def invalidate(sender=None, **kwargs) -> None:
    """Replace the version of the cached outputs (any sender)."""
    bump_version()


def connect() -> None:
    from .models import ConversationPage, ConversationSeriesPage, Speaker

    for model in (ConversationPage, ConversationSeriesPage):
        name = model._meta.model_name
        page_published.connect(
            invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.pub.{name}"
        )
        page_unpublished.connect(
            invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.unpub.{name}"
        )
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.del.{name}")
        # Also a page saved without being published: a live page added with
        # add_child(), or edited in code (a draft in the admin bumps it too).
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.save.{name}")
        post_page_move.connect(
            invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.move.{name}"
        )
    for model in (Speaker, PageViewRestriction, Site, get_document_model()):
        name = f"{model._meta.app_label}.{model._meta.model_name}"
        post_save.connect(invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.save.{name}")
        post_delete.connect(invalidate, sender=model, dispatch_uid=f"{DISPATCH_PREFIX}.del.{name}")

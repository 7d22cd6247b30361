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
unpublished or moved.  The same changes purge the pages showing them from a
front-end cache (Varnish, a CDN), once, after the commit
(:func:`wagtail_kindness.purging.purge_after_commit`).

:func:`count_publication` keeps a conversation's iCalendar ``SEQUENCE``
(:attr:`ConversationPage.sequence <wagtail_kindness.models.ConversationPage.sequence>`):
every publication after the first adds one, so that subscribed calendars
take the change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import purging
from .joining import remind
from .languages import forget_locales
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


#: While :func:`deferred_invalidation` is active: the (sender, instance) of
#: each change seen, handled once at its end.
_deferred: ContextVar[list | None] = ContextVar("wagtail_kindness_deferred", default=None)


@contextlib.contextmanager
def deferred_invalidation() -> Iterator[None]:
    """Within it, changes are recorded, not acted on one by one; one bump at its end.

    For bulk writes (an import of thousands of pages): the outputs' version is
    replaced once when the block ends (and not at all if nothing changed),
    inside the caller's transaction if it is in one.  Nested blocks join the
    outermost.
    """
    if _deferred.get() is not None:
        yield
        return
    pending: list = []
    token = _deferred.set(pending)
    try:
        yield
    finally:
        _deferred.reset(token)
    if pending:
        _changed(pending)


def invalidate(sender=None, **kwargs) -> None:
    """Replace the version of the cached outputs (any sender), and purge the
    front-end cache's copies of what changed after the commit (:mod:`.purging`)."""
    changes = purging.changes_of(sender, kwargs)
    pending = _deferred.get()
    if pending is not None:
        pending.extend(changes)
        return
    _changed(changes)


def _changed(changes: list) -> None:
    OutputsVersion.bump()
    purging.purge_after_commit(changes)


def count_publication(sender=None, instance=None, **kwargs) -> None:
    """``page_published`` of a conversation: a publication after the first adds 1
    to its ``sequence`` (one UPDATE, so two at once both count).

    The first publication is the one that set ``first_published_at`` (Wagtail
    sets it and ``last_published_at`` to the same instant); a revision
    scheduled for later is counted when it goes live.  Reverting publishes an
    older revision: it counts too (``ConversationPage.with_content_json``
    keeps the current value, never the revision's).
    """
    if instance is None or not instance.pk or not instance.live:
        return
    first, last = instance.first_published_at, instance.last_published_at
    if first is None or last is None or last <= first:
        return
    ConversationPage.objects.filter(pk=instance.pk).update(sequence=F("sequence") + 1)
    instance.sequence += 1


def notify_registrants(sender=None, instance=None, **kwargs) -> None:
    """``page_published`` of a conversation: change notices to the people with a
    place at it (cancelled, postponed, moved), enqueued as tasks sent after the
    commit.  ``kindness_send_reminders`` catches up anything missed."""
    if instance is None or not instance.pk or instance.date is None:
        return
    remind.notify(remind.places_of_page(instance), now=timezone.now())


def page_models() -> tuple:
    """The page types whose publishing, unpublishing and moves change the outputs."""
    return (ConversationPage, ConversationSeriesPage)


def output_models() -> tuple:
    """Every model whose rows the calendars, feeds, archives and API show or depend on.

    The pages and their inline rows (people, themes), the speaker snippet and
    its photo, themes, documents (resources), view restrictions (privacy),
    sites (every address) and locales (the language of a page's outputs).
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
        Locale,  # a page's language decides its outputs' words, caches and UIDs
    )


def _uid(kind: str, model) -> str:
    return f"{DISPATCH_PREFIX}.{kind}.{model._meta.label_lower}"


def connect() -> None:
    # Before the version is bumped for the publication: the calendars built after
    # it see the new sequence.
    page_published.connect(
        count_publication, sender=ConversationPage, dispatch_uid="wagtail_kindness.sequence"
    )
    page_published.connect(
        notify_registrants, sender=ConversationPage, dispatch_uid="wagtail_kindness.notices"
    )
    for model in page_models():
        page_published.connect(invalidate, sender=model, dispatch_uid=_uid("pub", model))
        page_unpublished.connect(invalidate, sender=model, dispatch_uid=_uid("unpub", model))
        post_page_move.connect(invalidate, sender=model, dispatch_uid=_uid("move", model))
    for model in output_models():
        # For pages also a save without publishing: a live page added with
        # add_child(), or edited in code (a draft in the admin bumps it too).
        post_save.connect(invalidate, sender=model, dispatch_uid=_uid("save", model))
        post_delete.connect(invalidate, sender=model, dispatch_uid=_uid("del", model))
    post_save.connect(forget_locales, sender=Locale, dispatch_uid=_uid("forget", Locale))
    post_delete.connect(forget_locales, sender=Locale, dispatch_uid=_uid("forget-del", Locale))

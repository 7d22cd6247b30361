"""An import's writes in bulk: the indexes and the outputs' version updated once, at the end.

Saving a page makes Wagtail update, there and then, its search index
(``modelsearch``'s ``post_save`` handler: the page read again, its entry
written, and on SQLite every title's weight recomputed, a cost that grows
with the index) and its reference index (``update_reference_index_on_save``),
and makes :mod:`wagtail_kindness.signals` replace the outputs' version.  An
import saves each conversation three times (created, its revision saved,
published) and its people and themes too: most of its time went there.

Within :func:`deferred_writes` the saves are recorded instead, and when the
block ends without an error (still inside the caller's transaction, so a
failure there leaves nothing either):

* each object saved gets its reference index updated once (the page, for its
  inline rows), as Wagtail's ``update_reference_index_task`` would;
* the search index is updated once per model, in bulk, for the objects saved
  (``backend.add_bulk``, as ``update_index`` does), through every backend that
  updates automatically;
* the outputs' version is replaced once
  (:func:`wagtail_kindness.signals.deferred_invalidation`).

Only the thread (the context) running the block is affected: while a block
is active, ``modelsearch``'s ``post_save`` handler is replaced, for the indexed
models, by one that hands every other save on to it at once.  Nested blocks
join the outermost.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from contextlib import nullcontext
from contextvars import ContextVar

from django.db.models import Model
from django.db.models.signals import post_save
from modelcluster.fields import ParentalKey
from wagtail.models import ReferenceIndex
from wagtail.search import index
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.signal_handlers import post_save_signal_handler
from wagtail.signal_handlers import (
    disable_reference_index_auto_update,
    reference_index_auto_update_disabled,
)

from ..signals import deferred_invalidation

__all__ = ["deferred_writes"]

logger = logging.getLogger(__name__)

_DISPATCH = "wagtail_kindness.importing.batch"


class _Batch:
    """The objects saved within one block: the last instance saved, by model and key."""

    def __init__(self) -> None:
        self.saved: dict[tuple[type[Model], object], Model] = {}


_active: ContextVar[_Batch | None] = ContextVar("wagtail_kindness_import_batch", default=None)
_lock = threading.Lock()
#: Blocks running in this process, and the models whose search handler was replaced.
_state: dict[str, object] = {"blocks": 0, "models": ()}


def _record(sender, instance=None, raw=False, **kwargs) -> None:
    batch = _active.get()
    if batch is None or raw or instance is None or instance.pk is None:
        return
    batch.saved[(sender, instance.pk)] = instance


def _search_on_save(sender, instance=None, **kwargs) -> None:
    """The search index's ``post_save`` handler, but for saves within a block."""
    if _active.get() is None:
        post_save_signal_handler(instance, **kwargs)


def _indexed_models() -> list[type[Model]]:
    return [m for m in index.get_indexed_models() if getattr(m, "search_auto_update", True)]


def _enter() -> None:
    """The first block in the process: replace the search handler of the indexed models."""
    with _lock:
        _state["blocks"] = int(_state["blocks"]) + 1
        if _state["blocks"] > 1:
            return
        post_save.connect(_record, dispatch_uid=f"{_DISPATCH}.record")
        replaced = []
        for model in _indexed_models():
            post_save.connect(_search_on_save, sender=model, dispatch_uid=f"{_DISPATCH}.search")
            if post_save.disconnect(post_save_signal_handler, sender=model):
                replaced.append(model)
            else:  # the site does not index it on save: neither do we
                post_save.disconnect(sender=model, dispatch_uid=f"{_DISPATCH}.search")
        _state["models"] = tuple(replaced)


def _leave() -> None:
    """The last block in the process: put the search handlers back."""
    with _lock:
        _state["blocks"] = int(_state["blocks"]) - 1
        if _state["blocks"] > 0:
            return
        for model in _state["models"]:  # type: ignore[attr-defined]
            post_save.connect(post_save_signal_handler, sender=model)
            post_save.disconnect(sender=model, dispatch_uid=f"{_DISPATCH}.search")
        post_save.disconnect(dispatch_uid=f"{_DISPATCH}.record")
        _state["models"] = ()


def _owner(instance: Model) -> Model | None:
    """The object whose references ``instance`` is part of: itself, or its parent (inline rows)."""
    while True:
        keys = [f for f in instance._meta.get_fields() if isinstance(f, ParentalKey)]
        if not keys:
            return instance
        instance = getattr(instance, keys[0].name)
        if instance is None:
            return None


def _update_references(batch: _Batch) -> None:
    """Each object saved, or the parent of an inline row saved, indexed once (as last saved).

    As Wagtail's ``update_reference_index_task`` does, but with the objects
    in hand: an object saved itself is indexed as it was saved last (a page:
    as its revision was published, with its inline rows).
    """
    owners: dict[tuple[type[Model], object], Model] = {}
    for (model, _pk), instance in batch.saved.items():
        if model not in ReferenceIndex.tracked_models:
            continue
        owner = _owner(instance)
        if owner is not None and owner.pk is not None:
            owners.setdefault((owner._meta.model, owner.pk), owner)
    for (model, pk), instance in batch.saved.items():  # saved themselves: as saved last
        if (model, pk) in owners:
            owners[(model, pk)] = instance
    for (model, _pk), owner in owners.items():
        if ReferenceIndex.is_indexed(model):
            ReferenceIndex.create_or_update_for_object(owner)


def _update_search(batch: _Batch, models: tuple[type[Model], ...]) -> None:
    by_model: dict[type[Model], list[object]] = {}
    for model, pk in batch.saved:
        if model in models:
            by_model.setdefault(model, []).append(pk)
    backends = list(get_search_backends_with_name(with_auto_update=True))
    for model, pks in by_model.items():
        found = model.get_indexed_objects().filter(pk__in=pks)
        objects = [
            indexed
            for obj in found
            if (indexed := index.get_indexed_instance(obj, check_exists=False)) is not None
        ]
        for indexed_model, group in _by_class(objects).items():
            for name, backend in backends:
                try:
                    backend.add_bulk(indexed_model, group)
                except Exception:  # as modelsearch's insert_or_update_object does
                    logger.exception("could not index %d %s in %r", len(group), model, name)
                    if not backend.catch_indexing_errors:
                        raise


def _by_class(objects: list) -> dict[type[Model], list]:
    grouped: dict[type[Model], list] = {}
    for obj in objects:
        grouped.setdefault(obj._meta.model, []).append(obj)
    return grouped


@contextlib.contextmanager
def deferred_writes() -> Iterator[None]:
    """Within it, saves update the search and reference indexes and the outputs' version
    once, when the block ends without an error (see the module's description)."""
    if _active.get() is not None:
        yield
        return
    references_on = not getattr(reference_index_auto_update_disabled, "value", False)
    batch = _Batch()
    with deferred_invalidation():
        _enter()
        models = tuple(_state["models"])  # type: ignore[arg-type]
        token = _active.set(batch)
        try:
            with disable_reference_index_auto_update() if references_on else nullcontext():
                yield
        finally:
            _active.reset(token)
            _leave()
        if references_on:
            _update_references(batch)
        _update_search(batch, models)

"""Every model whose data a cached output shows bumps the outputs' version when it changes.

``wagtail_kindness.signals.output_models()`` is the one list.  The walk
below starts from the two page types and follows what their outputs read:
their own relations (inline people and themes and what those point to) and
the models chosen in their StreamFields (documents, images, snippets).  A
model found by the walk but missing from the list fails the test, as does a
model of the list whose save or delete does not bump the version.  Then a
theme, the case that was missed, is renamed and deleted and every cached
output is read again.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from kindness_factories import add_conversation, third_thursday
from modelcluster.fields import ParentalKey
from wagtail import blocks
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site

from wagtail_kindness.models import (
    ConversationPage,
    ConversationPerson,
    ConversationSeriesPage,
    ConversationTheme,
    OutputsVersion,
    Speaker,
    Theme,
)
from wagtail_kindness.signals import output_models


def _chosen_models(block) -> set[type[models.Model]]:
    """Models that a block (and the blocks inside it) lets an editor choose."""
    found = set()
    target = getattr(block, "target_model", None)
    if target is not None:
        found.add(apps.get_model(target) if isinstance(target, str) else target)
    for child in (getattr(block, "child_blocks", None) or {}).values():
        found |= _chosen_models(child)
    child = getattr(block, "child_block", None)
    if child is not None:
        found |= _chosen_models(child)
    return found


def _walk(model, seen: set) -> None:
    """Add ``model`` and, for the plugin's own models, what their fields show.

    Fields inherited from Wagtail's ``Page`` are not followed (Wagtail's
    bookkeeping; publishing, moves and restrictions have signals of their
    own); nor are the relations of other apps' models (a document's
    collection is not shown).
    """
    if model in seen:
        return
    seen.add(model)
    if model._meta.app_label != "wagtail_kindness":
        return
    for field in model._meta.get_fields():
        if field.model is not model or isinstance(field, GenericRelation):
            continue  # inherited from Page; Wagtail's revisions, workflows, search index
        related = field.related_model
        if isinstance(field, StreamField):
            for chosen in _chosen_models(field.stream_block):
                _walk(chosen, seen)
        elif field.auto_created and not field.concrete:  # a reverse relation
            if isinstance(field.remote_field, ParentalKey):  # the page's inline rows
                _walk(related, seen)
        elif related is not None and related is not Page:
            _walk(related, seen)
            through = getattr(field.remote_field, "through", None)
            if through is not None:
                _walk(through, seen)


def walked_models() -> set:
    seen: set = set()
    for page_model in (ConversationSeriesPage, ConversationPage):
        _walk(page_model, seen)
    return seen


def test_the_walk_finds_what_the_outputs_show():
    found = walked_models()
    assert {ConversationPerson, ConversationTheme, Speaker, Theme, get_image_model()} <= found


def test_every_model_the_outputs_show_is_in_the_list():
    missing = walked_models() - set(output_models())
    assert not missing, f"add to wagtail_kindness.signals.output_models(): {missing}"
    # And what the outputs depend on besides: privacy and addresses.
    assert {PageViewRestriction, Site} <= set(output_models())


def _assert_bumps(change) -> None:
    before = OutputsVersion.current()
    change()
    after = OutputsVersion.current()
    assert after[0] != before[0]


@pytest.mark.django_db
def test_saving_or_deleting_any_listed_model_bumps_the_version(series, speaker, document):
    page = add_conversation(
        series, third_thursday(2024, 2), people=[(speaker, "speaker")], themes=["Courage"]
    )
    image = get_image_model().objects.create(
        title="Face", file="original_images/face.png", width=1, height=1
    )
    rows = {
        ConversationSeriesPage: series,
        ConversationPage: page,
        ConversationPerson: page.people.get(),
        ConversationTheme: page.tagged_themes.get(),
        Speaker: speaker,
        Theme: Theme.objects.get(name="Courage"),
        get_image_model(): image,
        type(document): document,
        Site: Site.objects.get(is_default_site=True),
        Locale: Locale.get_default(),
    }
    for model in output_models():
        if model is Locale:  # a new locale (and its removal) too
            welsh = []

            def add_locale(welsh=welsh):
                welsh.append(Locale.objects.create(language_code="cy"))

            _assert_bumps(add_locale)
            _assert_bumps(welsh[0].delete)
        if model is PageViewRestriction:
            made = []

            def restrict(made=made):
                made.append(PageViewRestriction.objects.create(page=series, password="x"))

            _assert_bumps(restrict)
            _assert_bumps(made[0].delete)
            continue
        row = rows[model]
        _assert_bumps(lambda row=row: row.save())
    for model in (ConversationTheme, ConversationPerson, Theme, type(document)):
        _assert_bumps(lambda model=model: rows[model].delete())


@pytest.mark.django_db
def test_a_renamed_theme_is_seen_by_every_cached_output(client, series):
    add_conversation(series, third_thursday(2024, 2), title="Courage", themes=["Santé"])
    outputs = [
        "/conversations/",
        "/conversations/calendar.ics",
        "/conversations/feed/",
        "/conversations/feed/atom/",
    ]
    for url in outputs:  # now cached
        assert "Santé".encode() in client.get(url).content, url
    theme = Theme.objects.get(name="Santé")
    theme.name = "Santé publique"
    theme.save()
    for url in outputs:
        assert "Santé publique".encode() in client.get(url).content, url
    theme.delete()
    for url in outputs:
        assert "Santé".encode() not in client.get(url).content, url


def test_the_walk_reaches_choosers_inside_blocks():
    from wagtail.documents.blocks import DocumentChooserBlock

    stream = blocks.StreamBlock(
        [("deep", blocks.StructBlock([("docs", blocks.ListBlock(DocumentChooserBlock()))]))]
    )
    from wagtail.documents import get_document_model

    assert _chosen_models(stream) == {get_document_model()}

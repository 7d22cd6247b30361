"""Themes in any language: saved in the admin, they render, link and resolve everywhere.

The class: theme names whose taggit slug was not ASCII or was empty (accents,
other scripts, marks, emoji, punctuation only), names that collide once
slugged, names with URL characters.  Each is entered through the
conversation page's admin form, as an editor would, and then every output is
read: the conversation page, the archive, the theme's own route, the
calendar, the feeds and the API.  Themes keep the order they were given in an
export -> import -> export round trip, and the migration that gave themes
their own model carries taggit's tags (and the drafts' revisions) over.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from urllib.parse import unquote

import feedparser
import icalendar
import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from kindness_factories import add_conversation, conversation_form_data, third_thursday

from kindness_core.formats.jsonio import dumps, loads
from wagtail_kindness.importing import ArchiveImportError, import_into_site
from wagtail_kindness.models import ConversationPage, Theme
from wagtail_kindness.text import readable_slug

pytestmark = pytest.mark.django_db

#: Names taggit slugged to non-ASCII or to nothing, names that collide once
#: slugged, and names with characters that mean something in a URL.
NAMES = [
    "Santé publique",
    "Bien-être",
    "bien être",  # the same slug as the one above
    "Ärztegesundheit",
    "Ελληνικά",
    "Здоровье",
    "الرعاية الصحية",
    "רפואה",
    "नमस्ते",
    "สุขภาพ",
    "健康管理",
    "思いやり",
    "🙂",
    "🙂🙂",
    "👩‍⚕️",
    "🇫🇷",
    "!!!",
    "Covid/Long Covid",
    "50% kinder?",
    "#care & <trust>",
]


def _themes_field(names) -> str:
    # taggit's input: comma-separated, double quotes around a name with a comma or quote.
    return ", ".join(f'"{n}"' if ("," in n or " " in n) else n for n in names)


@pytest.fixture
def themed(admin_client, series):
    """A conversation published through the admin form with every name as a theme."""
    day = third_thursday(2024, 2)
    url = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )
    data = conversation_form_data(day, title="Kindness everywhere", themes=_themes_field(NAMES))
    response = admin_client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 302, response.context["form"].errors
    page = ConversationPage.objects.get(date=day)
    assert page.live
    return page


def test_every_name_becomes_a_theme_with_a_usable_slug(themed):
    themes = {t.name: t for t in Theme.objects.all()}
    assert set(NAMES) <= set(themes)
    slugs = [themes[n].slug for n in NAMES]
    assert all(slugs), "an empty slug"
    assert len(set(slugs)) == len(slugs), "two themes share a slug"
    assert not any("/" in s or "?" in s or "#" in s or "%" in s for s in slugs)
    assert themes["Santé publique"].slug == "santé-publique"  # letters kept, as Wagtail does
    assert themes["🙂"].slug == "slightly-smiling-face"


def test_the_conversation_page_links_every_theme(client, themed):
    response = client.get(themed.url)
    assert response.status_code == 200
    html = response.content.decode()
    for theme in Theme.objects.filter(name__in=NAMES):
        link = reverse_theme(themed.get_parent().specific, theme.slug)
        assert f'href="{link}"' in html, theme.name


def reverse_theme(series, slug: str) -> str:
    return series.url + series.reverse_subpage("theme_route", args=(slug,))


@pytest.mark.parametrize("name", NAMES)
def test_each_theme_route_lists_the_conversation(client, themed, name):
    series = themed.get_parent().specific
    theme = Theme.objects.get(name=name)
    url = reverse_theme(series, theme.slug)
    assert "//" not in url.replace("://", "")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kindness everywhere" in html
    # The same address typed by hand, not percent-encoded, reaches it too.
    assert client.get(unquote(url)).status_code == 200


def test_the_archive_and_outputs_show_every_theme(client, themed):
    archive = client.get("/conversations/")
    assert archive.status_code == 200
    html = archive.content.decode()
    assert "themes//" not in html
    series = themed.get_parent().specific
    for theme in Theme.objects.filter(name__in=NAMES):
        assert f'href="{reverse_theme(series, theme.slug)}"' in html

    calendar = icalendar.Calendar.from_ical(client.get("/conversations/calendar.ics").content)
    assert calendar.walk("VEVENT")
    for path in ("/conversations/feed/", "/conversations/feed/atom/"):
        feed = feedparser.parse(client.get(path).content)
        assert not feed.bozo
        [entry] = feed.entries
        assert {t.term for t in entry.tags} >= set(NAMES)
    api = client.get(f"/api/v2/pages/{themed.pk}/").json()
    assert sorted(api["themes"]) == sorted(NAMES)


def test_a_theme_not_on_any_public_page_is_404(client, series):
    add_conversation(series, third_thursday(2024, 3), themes=["Privé"], live=False)
    slug = Theme.objects.get(name="Privé").slug
    assert client.get(reverse_theme(series, slug)).status_code == 404


@pytest.mark.parametrize("bad", ["", "a/b", "नमस्ते", "a.b"])
def test_a_stored_slug_the_route_cannot_take_shows_the_name_without_a_link(client, series, bad):
    page = add_conversation(series, third_thursday(2024, 4), themes=["Mended later"])
    Theme.objects.filter(name="Mended later").update(slug=bad)
    for url in (page.url, "/conversations/"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Mended later" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Kindness at work", "kindness-at-work"),  # ASCII: what Django and taggit give
        ("Women's health", "womens-health"),
        ("İstanbul", "istanbul"),
        ("नमस्ते", "नमसत"),  # as Django: Wagtail's URL pattern refuses the vowel signs
        ("  ", "theme"),
        ("‍", "zero-width-joiner"),
        ("x" * 300, "x" * 90),
    ],
)
def test_readable_slug(name, slug):
    assert readable_slug(name, default="theme") == slug


# -- order: export -> import -> export ----------------------------------------


ORDERED = ["Zeta", "alpha", "Mid", "Émile", "éclair", "🙂", "Ωmega", "zeta"]


def test_themes_keep_their_order_through_export_and_import(series):
    add_conversation(series, third_thursday(2024, 5), title="Ordered", themes=())
    archive = series.to_core()
    with_themes = dataclasses.replace(archive.conversations[0], themes=tuple(ORDERED))
    first = dumps(dataclasses.replace(archive, conversations=(with_themes,)))

    import_into_site(loads(first), series=series)
    page = ConversationPage.objects.get(date=third_thursday(2024, 5))
    assert [item.tag.name for item in page.tagged_themes.all()] == ORDERED
    second = dumps(ConversationPage.objects.get(pk=page.pk).series_page().to_core())
    assert json.loads(second)["conversations"][0]["themes"] == ORDERED
    assert second == first

    # And again, unchanged: the import sees nothing to do.
    report = import_into_site(loads(second), series=series)
    assert report.conversations.unchanged == 1


@pytest.mark.parametrize("name", ["x" * 101, "   "])
def test_an_import_refuses_a_theme_it_cannot_store(series, name):
    add_conversation(series, third_thursday(2024, 5), title="Long")
    archive = series.to_core()
    bad = dataclasses.replace(archive.conversations[0], themes=("fine", name))
    archive = dataclasses.replace(archive, conversations=(bad,))
    before = list(Theme.objects.values_list("name", flat=True))
    with pytest.raises(ArchiveImportError, match="theme"):
        import_into_site(archive, series=series)
    assert list(Theme.objects.values_list("name", flat=True)) == before


# -- the migration from taggit's tags -------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_taggit_tags_and_revisions_to_themes():
    executor = MigrationExecutor(connection)
    before, after = (
        [("wagtail_kindness", "0003_outputsversion")],
        [("wagtail_kindness", "0004_themes")],
    )
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Tag = old.get_model("taggit", "Tag")
    Page = old.get_model("wagtailcore", "Page")
    Conversation = old.get_model("wagtail_kindness", "ConversationPage")
    Item = old.get_model("wagtail_kindness", "ConversationTheme")
    Revision = old.get_model("wagtailcore", "Revision")
    ContentType = old.get_model("contenttypes", "ContentType")
    Locale = old.get_model("wagtailcore", "Locale")
    kind, _ = ContentType.objects.get_or_create(
        app_label="wagtail_kindness", model="conversationpage"
    )
    root = Page.objects.get(depth=1)
    conversation = Conversation.objects.create(
        title="February 2024",
        slug="2024-02",
        path=root.path + "9999",
        depth=2,
        content_type=kind,
        locale=Locale.objects.first(),
        date=dt.date(2024, 2, 15),
        live=True,
    )
    tags = [
        Tag.objects.create(name="Santé publique", slug="santé-publique"),
        Tag.objects.create(name="🙂", slug=""),
        Tag.objects.create(name="Zeta", slug="zeta"),
        Tag.objects.create(name="unused", slug="unused"),
    ]
    for tag in tags[:3]:
        Item.objects.create(content_object=conversation, tag=tag)
    revision = Revision.objects.create(
        content_type=kind,
        base_content_type=kind,
        object_id=str(conversation.pk),
        created_at=dt.datetime(2024, 2, 1, tzinfo=dt.UTC),
        content={"tagged_themes": [{"pk": 1, "tag": tags[1].pk, "content_object": 1}]},
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        NewItem = new.get_model("wagtail_kindness", "ConversationTheme")
        NewTheme = new.get_model("wagtail_kindness", "Theme")
        names = [i.tag.name for i in NewItem.objects.filter(content_object_id=conversation.pk)]
        assert names == ["Santé publique", "🙂", "Zeta"]
        themes = dict(NewTheme.objects.values_list("name", "slug"))
        assert themes == {
            "Santé publique": "santé-publique",
            "🙂": "slightly-smiling-face",
            "Zeta": "zeta",
        }
        smile = NewTheme.objects.get(name="🙂")
        NewRevision = new.get_model("wagtailcore", "Revision")
        assert NewRevision.objects.get(pk=revision.pk).content["tagged_themes"][0]["tag"] == (
            smile.pk
        )

        # And back: taggit's tags again, the revision pointing at the old tag.
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        back = executor.loader.project_state(before).apps
        OldItem = back.get_model("wagtail_kindness", "ConversationTheme")
        assert [i.tag.name for i in OldItem.objects.order_by("pk")] == [
            "Santé publique",
            "🙂",
            "Zeta",
        ]
        OldRevision = back.get_model("wagtailcore", "Revision")
        assert OldRevision.objects.get(pk=revision.pk).content["tagged_themes"][0]["tag"] == (
            tags[1].pk
        )
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes()
        )


@pytest.mark.parametrize("length", [101, 5000])
def test_the_form_refuses_a_theme_too_long_for_its_column(admin_client, series, length):
    url = reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )
    data = conversation_form_data(third_thursday(2024, 2), themes=f"fine, {'é' * length}")
    response = admin_client.post(url, {**data, "action-publish": "1"})
    assert response.status_code == 200
    assert "over 100 characters" in str(response.context["form"].errors["themes"])  # Wagtail's
    assert not ConversationPage.objects.exists()
    assert not Theme.objects.exists()


# -- Wagtail's own actions keep themes in any language --------------------------


def test_copy_and_revert_keep_the_themes(client, series):
    names = ["Santé publique", "🙂", "健康"]
    add_conversation(series, third_thursday(2024, 6), title="Kept", themes=names)
    page = ConversationPage.objects.get(date=third_thursday(2024, 6))  # as Wagtail loads it
    copy = page.copy(
        to=series,
        update_attrs={"date": third_thursday(2024, 7), "slug": "2024-07-kept-copy"},
    )
    assert sorted(t.tag.name for t in copy.tagged_themes.all()) == sorted(names)
    # A new revision without themes, then back to the first one.
    first = page.get_latest_revision()
    page.themes.clear()
    page.save_revision().publish()
    assert not ConversationPage.objects.get(pk=page.pk).tagged_themes.exists()
    first.publish()
    restored = ConversationPage.objects.get(pk=page.pk)
    assert sorted(t.tag.name for t in restored.tagged_themes.all()) == sorted(names)
    for theme in Theme.objects.filter(name__in=names):
        assert client.get(reverse_theme(series, theme.slug)).status_code == 200

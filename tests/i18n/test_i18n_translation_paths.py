"""Every way Wagtail makes a conversation's version in another language keeps one a month.

A translation or an alias of a conversation is the same meeting in another
language (``wagtail_kindness.translating``): where the destination series
already has a page for the month, that page becomes the translation (the two
translation groups are merged) and no page is made; where it cannot (it is
already the version of another page in a locale of the source's group), the
admin says so in a message and nothing changes.  Never a 500, never two
pages for one month.  Through Wagtail's own admin views: "Translate" (one
locale, several, a series with its subtree), page creation with
``WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE``, "convert alias", move; and
through ``copy_for_translation`` and ``create_alias`` in code.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from kindness_factories import conversation_form_data, make_series
from wagtail.models import Locale, Page

from wagtail_kindness.models import ConversationPage
from wagtail_kindness.translating import TranslationRefused

from .conftest import add_conversation, third_thursday, translate

MARCH = third_thursday(2024, 3)
FEBRUARY = third_thursday(2024, 2)
LANGUAGES = {"fr": "French", "es": "Spanish"}
SERIES_TITLES = {"fr": "Conversations pour la bienveillance", "es": "Conversaciones amables"}


# -- helpers -------------------------------------------------------------------


def shown_messages(response) -> str:
    """The messages a followed response rendered (the admin's message list)."""
    return " ".join(str(message) for message in response.context["messages"])


def snapshot() -> list[tuple]:
    """Every page, with what a translation path could change."""
    return list(
        Page.objects.order_by("pk").values_list(
            "pk", "locale__language_code", "translation_key", "alias_of_id", "path", "live"
        )
    )


def months_of(series) -> list[tuple[int, int]]:
    dates = ConversationPage.objects.child_of(series).values_list("date", flat=True)
    return sorted((day.year, day.month) for day in dates)


def translate_url(page) -> str:
    return reverse("simple_translation:submit_page_translation", args=[page.pk])


def add_url(series) -> str:
    return reverse(
        "wagtailadmin_pages:add", args=["wagtail_kindness", "conversationpage", series.pk]
    )


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def locale(code: str) -> Locale:
    return Locale.objects.get(language_code=code)


def fresh(page) -> ConversationPage:
    return ConversationPage.objects.get(pk=page.pk)


@pytest.fixture(params=["fr", "es"])
def lang(request) -> str:
    return request.param


@pytest.fixture
def target(lang, home, series):
    """The series translated into ``lang`` (its home page first)."""
    translate(home, lang)
    return translate(series, lang, title=SERIES_TITLES[lang])


@pytest.fixture
def other_version(lang, series, target):
    """The target series' March page, already the version of the English February page."""
    february = add_conversation(series, FEBRUARY, title="Courage")
    version = translate(february, lang, date=MARCH, conversation_title="Courage (moved)")
    assert fresh(version).get_parent().pk == target.pk
    return version


@pytest.fixture
def sync(settings):
    settings.WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True


# -- "Translate" one conversation ----------------------------------------------


def test_translate_into_a_month_the_series_has_links_to_that_page(
    admin_client, lang, series, target
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    holder = add_conversation(target, MARCH, title="Their own March")
    holder.save_revision()  # a draft too: revisions keep the group
    before = Page.objects.count()

    response = admin_client.post(
        translate_url(english), {"locales": [locale(lang).pk]}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == edit_url(holder)  # Wagtail's: the translation
    text = shown_messages(response)
    assert "was successfully created in" in text
    assert (
        f'“<a href="{edit_url(holder)}">Their own March</a>”, the {LANGUAGES[lang]} '
        f"conversation of March 2024 that “{SERIES_TITLES[lang]}” already had, is now the "
        "translation of “Kindness at work”"
    ) in text
    assert Page.objects.count() == before  # no page made
    assert fresh(holder).translation_key == english.translation_key
    assert english.get_translation(locale(lang)).pk == holder.pk
    assert months_of(target) == [(2024, 3)]
    for revision in fresh(holder).revisions.all():
        assert revision.content["translation_key"] == str(english.translation_key)
    # The linked page can still be saved and published from its latest revision.
    fresh(holder).get_latest_revision().publish()
    assert fresh(holder).translation_key == english.translation_key


def test_translate_into_a_free_month_is_wagtails_copy(admin_client, lang, series, target):
    english = add_conversation(series, MARCH, title="Kindness at work")
    response = admin_client.post(
        translate_url(english), {"locales": [locale(lang).pk]}, follow=True
    )
    assert response.status_code == 200
    assert "is now the translation" not in shown_messages(response)
    version = english.get_translation(locale(lang)).specific
    assert response.redirect_chain[-1][0] == edit_url(version)
    assert version.get_parent().pk == target.pk
    assert version.date == MARCH
    assert months_of(target) == [(2024, 3)]


def test_translate_is_refused_with_a_message_when_the_month_is_another_pages_version(
    admin_client, lang, series, target, other_version
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    before = snapshot()

    response = admin_client.post(
        translate_url(english), {"locales": [locale(lang).pk]}, follow=True
    )

    assert response.status_code == 200
    assert response.redirect_chain == [(translate_url(english), 302)]
    text = shown_messages(response)
    assert f"“Kindness at work” cannot have a {LANGUAGES[lang]} version" in text
    assert f"“{SERIES_TITLES[lang]}” already has a conversation in March 2024" in text
    assert f'<a href="{edit_url(other_version)}">Courage (moved)</a>' in text
    assert "“<a href=" in text
    assert ">Courage</a>” (English)" in text
    assert snapshot() == before


def test_translate_into_several_locales_links_one_and_copies_the_other(
    admin_client, home, series, target, lang
):
    other = "es" if lang == "fr" else "fr"
    translate(home, other)
    other_series = translate(series, other, title=SERIES_TITLES[other])
    english = add_conversation(series, MARCH, title="Kindness at work")
    holder = add_conversation(target, MARCH, title="Their own March")

    response = admin_client.post(
        translate_url(english), {"locales": [locale(lang).pk, locale(other).pk]}, follow=True
    )

    assert response.status_code == 200
    assert "was successfully created in 2 locales" in shown_messages(response)
    assert english.get_translation(locale(lang)).pk == holder.pk
    copy = english.get_translation(locale(other)).specific
    assert copy.get_parent().pk == other_series.pk
    assert copy.date == MARCH
    assert months_of(target) == months_of(other_series) == [(2024, 3)]


def test_translate_into_several_locales_refused_in_one_changes_nothing(
    admin_client, home, series, target, lang, other_version
):
    other = "es" if lang == "fr" else "fr"
    translate(home, other)
    translate(series, other, title=SERIES_TITLES[other])
    english = add_conversation(series, MARCH, title="Kindness at work")
    before = snapshot()

    response = admin_client.post(
        translate_url(english), {"locales": [locale(other).pk, locale(lang).pk]}, follow=True
    )

    assert response.status_code == 200
    assert f"cannot have a {LANGUAGES[lang]} version" in shown_messages(response)
    assert snapshot() == before  # the other locale's copy was rolled back too


def test_a_page_already_translated_elsewhere_is_refused_when_its_month_is_taken(
    series, target, lang
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    version = translate(english, lang, date=third_thursday(2024, 4))
    holder = add_conversation(target, MARCH, title="Their own March")
    before = snapshot()
    with pytest.raises(TranslationRefused, match="cannot have another"):
        english.copy(to=target, update_attrs={"locale": locale(lang)}, reset_translation_key=False)
    assert snapshot() == before
    assert fresh(holder).translation_key != english.translation_key
    assert english.get_translation(locale(lang)).pk == version.pk


# -- "Translate" a series with its subtree -------------------------------------


def test_translate_a_series_with_its_subtree_keeps_one_page_a_month(admin_client, home, series):
    pages = [
        add_conversation(series, third_thursday(2024, month), title=f"Meeting {month}")
        for month in (1, 2, 3)
    ]
    add_conversation(series, third_thursday(2024, 4), live=False, title="Planned")  # a draft
    translate(home, "es")

    response = admin_client.post(
        translate_url(series), {"locales": [locale("es").pk], "include_subtree": "on"}, follow=True
    )

    assert response.status_code == 200
    spanish = series.get_translation(locale("es"))
    assert months_of(spanish) == [(2024, 1), (2024, 2), (2024, 3), (2024, 4)]
    for page in pages:
        assert page.get_translation(locale("es")).get_parent().pk == spanish.pk


def test_a_copy_wagtail_makes_itself_is_refused_not_doubled(series, target, lang):
    # "Include subtree" copies a published child as a base ``Page`` (so does
    # ``copy_for_translation`` on one): the page's own validation refuses the
    # taken month, and nothing is written.
    english = add_conversation(series, MARCH, title="Kindness at work")
    add_conversation(target, MARCH, title="Their own March")
    before = snapshot()
    with pytest.raises(ValidationError, match="already has a conversation in March 2024"):
        Page.objects.get(pk=english.pk).copy_for_translation(locale(lang))
    assert snapshot() == before


# -- in code: copy_for_translation, create_alias -------------------------------


def test_copy_for_translation_in_code_links_or_refuses(series, target, lang):
    english = add_conversation(series, MARCH, title="Kindness at work")
    holder = add_conversation(target, MARCH, title="Their own March")
    assert english.copy_for_translation(locale(lang)).pk == holder.pk
    assert fresh(holder).translation_key == english.translation_key
    # Asked again, the linked page is the translation: nothing new.
    before = snapshot()
    assert english.copy_for_translation(locale(lang)).pk == holder.pk
    assert snapshot() == before


def test_create_alias_in_code_links_or_refuses(series, target, lang, other_version):
    english = add_conversation(series, MARCH, title="Kindness at work")
    before = snapshot()
    with pytest.raises(TranslationRefused, match="cannot have a"):
        english.create_alias(parent=target, update_locale=locale(lang), reset_translation_key=False)
    with pytest.raises(TranslationRefused):
        english.copy_for_translation(locale(lang), alias=True)
    assert snapshot() == before

    april = add_conversation(series, third_thursday(2024, 4), title="April")
    holder = add_conversation(target, third_thursday(2024, 4), title="Avril")
    alias = april.create_alias(
        parent=target, update_locale=locale(lang), reset_translation_key=False
    )
    assert alias.pk == holder.pk
    assert fresh(holder).alias_of_id is None
    assert fresh(holder).translation_key == april.translation_key
    # A free month: Wagtail's alias.
    may = add_conversation(series, third_thursday(2024, 5), title="May")
    alias = may.copy_for_translation(locale(lang), alias=True)
    assert alias.alias_of_id == may.pk
    assert alias.get_parent().pk == target.pk
    assert months_of(target) == [(2024, 3), (2024, 4), (2024, 5)]


# -- WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE: aliases of new pages ---------------


@pytest.mark.parametrize("publish", [False, True], ids=["saved", "published"])
def test_a_new_english_page_is_linked_to_the_month_the_other_series_has(
    admin_client, sync, series, target, lang, publish
):
    holder = add_conversation(target, MARCH, title="Their own March")
    data = conversation_form_data(MARCH, title="Kindness at work")
    if publish:
        data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(series), data, follow=True)

    assert response.status_code == 200
    english = ConversationPage.objects.child_of(series).get(date=MARCH)
    assert english.live is publish
    assert fresh(holder).translation_key == english.translation_key
    assert fresh(holder).alias_of_id is None  # the French page stays the editors' own
    assert months_of(target) == [(2024, 3)]
    text = shown_messages(response)
    assert "cannot have" not in text
    assert f"the {LANGUAGES[lang]} conversation of March 2024 that “{SERIES_TITLES[lang]}” " in text


@pytest.mark.parametrize("publish", [False, True], ids=["saved", "published"])
def test_a_new_english_page_gets_no_alias_where_the_month_is_another_pages_version(
    admin_client, series, target, lang, other_version, settings, publish
):
    settings.WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
    before = snapshot()
    data = conversation_form_data(MARCH, title="Kindness at work")
    if publish:
        data["action-publish"] = "action-publish"

    response = admin_client.post(add_url(series), data, follow=True)

    assert response.status_code == 200
    text = shown_messages(response)
    assert "created" in text  # Wagtail's own message: the English page is made
    assert f"“Kindness at work” cannot have a {LANGUAGES[lang]} version" in text
    english = ConversationPage.objects.child_of(series).get(date=MARCH)
    assert not english.has_translation(locale(lang))
    new = [row for row in snapshot() if row not in before]
    # Only the English page, and its alias in the third locale (whose series is made
    # as Wagtail's aliases, with copy_parents).
    assert all(row[1] != lang for row in new)
    assert [row for row in snapshot() if row[1] == lang] == [r for r in before if r[1] == lang]
    assert months_of(target) == [(2024, 3)]


def test_a_new_english_page_in_a_free_month_gets_wagtails_alias(
    admin_client, sync, series, target, lang
):
    data = conversation_form_data(MARCH, title="Kindness at work", **{"action-publish": "1"})
    response = admin_client.post(add_url(series), data)
    assert response.status_code == 302
    english = ConversationPage.objects.child_of(series).get(date=MARCH)
    alias = english.get_translation(locale(lang)).specific
    assert alias.alias_of_id == english.pk
    assert alias.get_parent().pk == target.pk
    assert months_of(target) == [(2024, 3)]


def test_a_page_added_for_a_month_an_alias_holds_is_a_form_error(
    admin_client, sync, series, target, lang
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    alias = english.copy_for_translation(locale(lang), alias=True)
    before = snapshot()

    response = admin_client.post(add_url(target), conversation_form_data(MARCH, title="Doublon"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "already has a conversation in" in text
    assert f'href="{edit_url(alias)}"' in text
    assert snapshot() == before


def test_converting_an_alias_keeps_it_the_translation(admin_client, sync, series, target, lang):
    english = add_conversation(series, MARCH, title="Kindness at work")
    alias = english.copy_for_translation(locale(lang), alias=True)
    url = reverse("wagtailadmin_pages:convert_alias", args=[alias.pk])

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    assert "has been converted into an ordinary page" in shown_messages(response)
    converted = fresh(alias)
    assert converted.alias_of_id is None
    assert converted.translation_key == english.translation_key
    assert months_of(target) == [(2024, 3)]
    converted.save_revision().publish()  # an ordinary page: it can be published
    assert months_of(target) == [(2024, 3)]


def test_a_new_french_page_is_linked_to_the_english_page_of_its_month(
    admin_client, sync, series, target, lang
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    data = conversation_form_data(MARCH, title="Leur mars", **{"action-publish": "1"})

    response = admin_client.post(add_url(target), data, follow=True)

    assert response.status_code == 200
    version = ConversationPage.objects.child_of(target).get(date=MARCH)
    # The English page's group takes the new page's key (the source's).
    assert fresh(english).translation_key == version.translation_key
    assert fresh(english).alias_of_id is None
    assert months_of(series) == [(2024, 3)]
    assert "is now the translation of “Leur mars”" in shown_messages(response)


def test_publishing_a_page_whose_alias_would_take_a_taken_month_is_refused(
    admin_client, series, target, lang
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    alias = english.copy_for_translation(locale(lang), alias=True)
    april = third_thursday(2024, 4)
    holder = add_conversation(target, april, title="Their own April")
    before = snapshot()
    data = conversation_form_data(april, title="Kindness at work", slug=english.slug)
    data["action-publish"] = "1"

    response = admin_client.post(edit_url(english), data, follow=True)

    assert response.status_code == 200
    text = shown_messages(response)
    assert "“Kindness at work” is not published: its alias in" in text
    assert f'<a href="{edit_url(holder)}">Their own April</a>' in text
    assert fresh(english).date == MARCH  # the live page, and so its alias, unchanged
    assert fresh(alias).date == MARCH
    assert fresh(english).get_latest_revision_as_object().date == april  # the draft is kept
    assert months_of(target) == [(2024, 3), (2024, 4)]
    assert snapshot() == before


def test_a_publication_outside_the_edit_view_leaves_a_clashing_alias_in_its_month(
    series, target, lang, caplog
):
    """A workflow's approval or code publishes without the edit view's refusal: the
    page moves, its alias stays in its month (said in the log), and the other
    series still has one page a month."""
    english = add_conversation(series, MARCH, title="Kindness at work")
    alias = english.copy_for_translation(locale(lang), alias=True)
    april = third_thursday(2024, 4)
    add_conversation(target, april, title="Their own April")
    other = add_conversation(series, third_thursday(2024, 5), title="May")
    other_alias = other.copy_for_translation(locale(lang), alias=True)

    draft = fresh(english)
    draft.date = april
    with caplog.at_level("WARNING", logger="wagtail_kindness.translating"):
        draft.save_revision().publish()
    moved = fresh(other)
    moved.conversation_title = "May, renamed"
    moved.save_revision().publish()

    assert fresh(english).date == april
    assert fresh(alias).date == MARCH
    assert months_of(target) == [(2024, 3), (2024, 4), (2024, 5)]
    assert f"its aliases [{alias.pk}] keep their month" in caplog.text
    assert fresh(other_alias).title == "May, renamed"  # other aliases follow as before


# -- moving ----------------------------------------------------------------------


@pytest.fixture
def evening(home, lang):
    """A second English series, translated into ``lang``."""
    english = make_series(home, title="Evening circle", slug="evening")
    return english, translate(english, lang, title=f"Evening ({lang})")


def test_moving_a_page_whose_translation_would_take_a_taken_month_is_refused(
    admin_client, sync, series, target, lang, evening
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    translate(english, lang)
    evening_en, evening_other = evening
    holder = add_conversation(evening_other, MARCH, title="Their own March")
    before = snapshot()
    url = reverse("wagtailadmin_pages:move_confirm", args=[english.pk, evening_en.pk])

    response = admin_client.post(url, follow=True)

    assert response.status_code == 200
    text = shown_messages(response)
    assert f"cannot move to “Evening ({lang})”" in text
    assert f'<a href="{edit_url(holder)}">Their own March</a>' in text
    assert snapshot() == before


def test_moving_a_translated_page_into_free_months_moves_its_translation(
    admin_client, sync, series, target, lang, evening
):
    english = add_conversation(series, MARCH, title="Kindness at work")
    version = translate(english, lang)
    evening_en, evening_other = evening
    url = reverse("wagtailadmin_pages:move_confirm", args=[english.pk, evening_en.pk])

    response = admin_client.post(url)

    assert response.status_code == 302
    assert fresh(english).get_parent().pk == evening_en.pk
    assert fresh(version).get_parent().pk == evening_other.pk
    assert months_of(evening_other) == [(2024, 3)]
    assert months_of(target) == []


# -- one conversation a month, per series ----------------------------------------


def test_the_rule_is_per_series_each_language_may_have_march(series, target, lang, home):
    english = add_conversation(series, MARCH, title="Kindness at work")
    own = add_conversation(target, MARCH, title="Their own March")  # separate pages: fine
    assert months_of(series) == months_of(target) == [(2024, 3)]
    assert own.translation_key != english.translation_key
    another = make_series(home, title="Evening circle", slug="evening")
    assert add_conversation(another, MARCH).date == MARCH  # another English series too
    with pytest.raises(ValidationError, match="already has a conversation in March 2024"):
        add_conversation(target, MARCH + dt.timedelta(days=1), title="Second")
